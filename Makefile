# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# command:Debian package, for each command the tests use from Debian.
SYSTEM_PACKAGES := chromium:chromium node:nodejs npm:npm redis-server:redis-server
INSTALLED := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

JS_DEPS := tests/js/node_modules/.package-lock.json

# The DynamoDB MCP code generator, whose SchemaValidator tests/model/test_upstream_validator.py
# runs on `model export`. Without its dependencies: the validator needs only the standard
# library, and the server's pins (boto3 1.42) conflict with aioboto3's.
UPSTREAM_VALIDATOR := awslabs.dynamodb-mcp-server==2.1.8

.PHONY: run test lint typecheck unit js system-packages bench clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is required")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps '$(UPSTREAM_VALIDATOR)'
	rm -f $(VENV)/.installed-* && touch $@

## Serve the gateway with GraphiQL on an embedded, seeded DynamoDB (moto).
run: $(INSTALLED)
	$(BIN)/python -m gateway serve --embedded

## Lint, type-check and run the tests.
test: lint typecheck unit

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

unit: $(INSTALLED) js
	$(BIN)/pytest

## The node clients the tests drive (tests/js); without npm, those tests say they skip.
js:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(JS_DEPS); \
	else echo "npm not found: the tests that drive node clients will skip"; fi

$(JS_DEPS): tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error

## What the tests use from Debian (a headless Chromium, node, Redis): CI installs them first.
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do command -v $${p%%:*} >/dev/null || echo $${p#*:}; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; fi

## Benchmark the gateway against the floor and a naive schema (bench/README.md); ARGS=... passes options.
bench: $(INSTALLED)
	$(BIN)/python -c 'import pyinstrument' 2>/dev/null || $(BIN)/pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python -m bench $(ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
