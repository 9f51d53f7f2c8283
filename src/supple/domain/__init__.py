"""The functional core: pure, deterministic rules with no I/O, no framework and no database."""
