"""The coach: break, nudge and check-in policies over (state, clock), and their scheduler."""
