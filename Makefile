# Partecipa: `make run` to try it, `make test` to check it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi.py
export PORT

.PHONY: run serve install dev-install translations migrate import test test-sqlite test-postgres system-packages lint clean

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

# Production-like: gunicorn with gunicorn.conf.py (workers: WEB_CONCURRENCY), JSON logs on stderr.
serve: translations import
	@echo "Partecipa (gunicorn) is on http://127.0.0.1:$(PORT)/"
	$(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

system-packages:
	@bash scripts/system-packages.sh

# The whole suite twice: on SQLite, then on a private PostgreSQL server
# (tests/pgserver.py starts it on a free loopback port and removes it after).
# Both runs always happen; the target fails if either failed.
test: dev-install system-packages translations
	@status=0; \
	$(MAKE) --no-print-directory test-sqlite || status=1; \
	$(MAKE) --no-print-directory test-postgres || status=1; \
	exit $$status

test-sqlite: dev-install system-packages translations
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-postgres: dev-install system-packages translations
	$(BIN)/python -m tests.pgserver -- $(BIN)/python -m pytest -q -p no:cacheprovider

lint: dev-install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache
