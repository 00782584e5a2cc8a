"""The SQLite store: schema and migrations, the single writer thread, and read queries."""
