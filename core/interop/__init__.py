"""Getting data in and out: ActivityWatch exports, JSON and CSV."""
