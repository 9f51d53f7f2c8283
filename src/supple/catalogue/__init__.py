"""The catalogue: exercises, self-tests, rules and education texts, kept as validated data files."""
