"""CLI commands, one module per area. Each module lists its commands in COMMANDS."""
