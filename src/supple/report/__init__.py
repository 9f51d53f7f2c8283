"""The documents a person reads about their own progress: the report (HTML or PDF), the charts and the
plain words for levels, methods and verdicts. Used by both doors: the web pages and the CLI's
`supple report`; it imports neither of them (import-linter layers, pyproject.toml)."""
