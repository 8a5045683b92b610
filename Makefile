# Partecipa: `make run` to try it, `make test` to check it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi.py
export PORT

.PHONY: run serve worker install dev-install translations migrate import test test-sqlite test-postgres test-browser system-packages node-modules lint layers clean bench soak bench-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

dev-install: $(VENV)/.dev-installed

translations: install
	$(BIN)/flask translate compile

migrate: install
	$(BIN)/flask db upgrade

import: migrate
	$(BIN)/flask programme import --if-empty
	$(BIN)/flask programme import-translations
	$(BIN)/flask groups seed-neighbourhoods

run: translations import
	@echo "Partecipa is on http://127.0.0.1:$(PORT)/"
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# Production-like: gunicorn with gunicorn.conf.py (workers: WEB_CONCURRENCY), JSON logs on stderr,
# and one background worker (`flask jobs work`: notifications to followers, large re-indexing, mail),
# stopped with the servers. On more machines run `make worker` (or `flask jobs work`) beside them.
serve: translations import
	@echo "Partecipa (gunicorn) is on http://127.0.0.1:$(PORT)/, with a background worker"
	@$(BIN)/flask jobs work & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

worker: install
	$(BIN)/flask jobs work

system-packages:
	@bash scripts/system-packages.sh

# Test tools from npm (axe-core, the Nu HTML Checker). --ignore-scripts: the
# checker runs on the machine's Java, so its optional Java download never runs.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

node-modules: system-packages node_modules/.package-lock.json

# loadgroup: tests marked with one xdist_group share a worker (and its session fixtures).
PYTEST := $(BIN)/python -m pytest -q -p no:cacheprovider -n 2 --dist loadgroup --durations=15

# The whole suite twice: on SQLite, then on a private PostgreSQL server
# (tests/pgserver.py starts it on a free loopback port and removes it after).
# The browser tests drive pages, not queries: they run once, in the SQLite pass.
# Both runs always happen, after the layers check; the target fails if any failed.
test: dev-install system-packages node-modules translations
	@status=0; \
	$(MAKE) --no-print-directory layers || status=1; \
	$(MAKE) --no-print-directory test-sqlite || status=1; \
	$(MAKE) --no-print-directory test-postgres || status=1; \
	exit $$status

test-sqlite: dev-install system-packages node-modules translations
	$(PYTEST)

test-postgres: dev-install system-packages translations
	$(BIN)/python -m tests.pgserver -- $(PYTEST) -m "not browser"

# Only the browser tests (axe, HTML validation, keyboard, reflow, right-to-left).
test-browser: dev-install system-packages node-modules translations
	$(PYTEST) -m browser

# Load test and soak run (README, "Performance"); never part of `make test`.
# They need wrk (Debian package), installed by `make bench-packages`.
bench-packages:
	@BENCH=1 bash scripts/system-packages.sh

bench: dev-install bench-packages translations
	$(BIN)/python bench/run.py --label latest

soak: dev-install bench-packages translations
	$(BIN)/python bench/soak.py --minutes 3

lint: dev-install layers
	$(BIN)/ruff check .

# The layers contract of pyproject.toml (README, "Architecture"): imports point down only.
layers: dev-install
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache node_modules tests/browser/artifacts
