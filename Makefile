# Two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= $(shell scripts/find-python)
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
STAMP := $(VENV)/.installed
VENDOR := casequality/web/vendor/govuk

# Python may keep compiled modules, and pytest its rewritten test modules, in __pycache__
# (ignored by git) even where the environment says not to: each test process then reads
# them instead of compiling the tree again (about 4.5 s of CPU a collection, 5 a `make test`).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install demo screenshots lint test test-sqlite test-postgres test-production browser-deps bench clean

install: $(STAMP) $(VENDOR)/.vendored staticfiles/staticfiles.json

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "No Python 3.12+ found" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# GOV.UK Frontend from npm (never hand-copied markup): its assets copied, and only the
# parts the templates use compiled (frontend/src: Sass with Arial, esbuild's bundle of the
# components started). Then every static file collected with a hashed name and compressed
# (WhiteNoise's manifest storage, decision 0044): pages name files that exist in
# staticfiles/, which `casequality demo` and the tests serve.
$(VENDOR)/.vendored: frontend/package.json frontend/package-lock.json frontend/src/govuk.scss frontend/src/init.mjs
	cd frontend && npm ci --no-audit --no-fund --silent
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)
	cp -r frontend/node_modules/govuk-frontend/dist/govuk/assets $(VENDOR)/assets
	cd frontend && node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map \
	  --quiet-deps src/govuk.scss ../$(VENDOR)/frontend.css
	cd frontend && node_modules/.bin/esbuild src/init.mjs --bundle --minify --format=esm --target=es2020 \
	  --log-level=warning --outfile=../$(VENDOR)/frontend.js
	touch $@

staticfiles/staticfiles.json: $(STAMP) $(VENDOR)/.vendored $(shell find casequality/web/static -type f)
	# collectstatic signs nothing: the demo's settings (no secret key needed) collect the same files.
	CASEQUALITY_DEMO=true $(BIN)/casequality collectstatic --noinput --clear --verbosity 0

demo: install
	$(BIN)/casequality demo $(DEMO_ARGS)

# The README's screenshots (docs/screenshots/, 1280 and 390 px), made from a fresh demo in
# headless Chromium so that they show what `make demo` shows (decision 0051).
screenshots: install browser-deps
	$(BIN)/python scripts/screenshots.py $(SCREENSHOTS_ARGS)

# Chromium for the browser tests comes from Debian's package (no browser download).
browser-deps:
	@if ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium package for the browser tests (sudo apt-get install chromium)" >&2; exit 1; fi; \
	fi

# ruff (lint and format) and mypy (pyproject.toml's [tool.ruff] and [tool.mypy], decision
# 0034); `ruff format .` and `ruff check --fix .` mend most of what the first two report.
# The django-stubs plugin loads the settings, which want a key unless in demo mode.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	CASEQUALITY_DEMO=true $(BIN)/mypy

# The tools first (`make lint`), then the layers (pyproject.toml's [tool.importlinter]): a
# finding or a broken contract fails the build.
# Each test runs once: the whole suite on SQLite (browser tests included); the production
# profile (tests/production/: gunicorn, PostgreSQL, Redis, RabbitMQ, Chromium) in a step of
# its own; on PostgreSQL again only what depends on the database (not the browser, the
# production profile, or tests marked `once`: lint, docs).
test: install browser-deps
	$(MAKE) lint
	$(BIN)/lint-imports
	$(MAKE) test-sqlite
	$(MAKE) test-production
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
	  $(MAKE) test-postgres; \
	else echo "No PostgreSQL on 127.0.0.1:5432: ran the suite on SQLite only."; fi

test-sqlite:
	env -u DATABASE_URL $(BIN)/pytest -n 2 -m "not production" $(PYTEST_ARGS)

test-postgres:
	DATABASE_URL=$(PG_URL) CASEQUALITY_TEST_DB_NAME=test_casequality_$$(date +%s)_$$$$ $(BIN)/pytest -n 2 --create-db -m "not browser and not production and not once" $(PYTEST_ARGS)

# The stack docs/operating.md deploys, started by the tests themselves (one process: the
# stack is built once). Skipped, saying what is missing, without PostgreSQL, Redis or
# RabbitMQ on their usual ports; CASEQUALITY_REQUIRE_PRODUCTION_PROFILE=1 (CI) fails instead.
test-production:
	env -u DATABASE_URL $(BIN)/pytest -n 0 -m production tests/production $(PYTEST_ARGS)

# The benchmarks of docs/benchmarks.md at 10,000 cases on SQLite (each script's --help
# gives its other sizes and databases). They are never part of `make test`.
bench: install
	$(BIN)/python benchmarks/bench_import_export.py --cases 10000
	$(BIN)/python benchmarks/bench_sweep.py --cases 10000 --check

clean:
	rm -rf $(VENV) frontend/node_modules $(VENDOR) staticfiles
