.PHONY: run check test bench docs
run:   ## install (first time) and start Supple
	@./scripts/run.sh
check: ## the fast checks (lint, format, types, import contracts, unit tests; under a minute)
	@./scripts/check.sh
test:  ## install everything and run the whole test suite
	@./scripts/test.sh
bench: ## run the benchmarks and print the figures
	@./scripts/setup.sh --dev && .venv/bin/python benchmarks/run_all.py
docs:  ## regenerate docs/cli.md and docs/configuration.md
	@./scripts/setup.sh --dev && .venv/bin/python -m supple.docgen
