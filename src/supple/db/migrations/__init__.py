"""Alembic migrations. HEAD names the newest revision so start-up can skip importing Alembic when
the store is already current (a test checks it matches the scripts)."""

HEAD = "0013"
