"""Weekly statistics and charts, drawn the same way for the CLI and the app (no Qt)."""
