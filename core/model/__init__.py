"""The distraction model: features, network, training, serving, the prior and evaluation.

Import nothing here: the tray imports ``serving`` and must not pull in torch through a package
``__init__``.
"""
