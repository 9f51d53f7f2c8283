"""The web door: HTML pages and the JSON API on the same services."""
