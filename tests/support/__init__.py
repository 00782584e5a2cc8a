"""Helpers that tests load into child processes or use to watch them."""
