"""Tasks, calendar import and the day planner (pure functions plus their SQLite tables)."""
