# micado – the two commands a new user needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages check-messages bench migrate demo clean-venv help browser-deps

help:
	@echo "make run    – set up, migrate, load demo content, serve on http://$(HOST):$(PORT)"
	@echo "make test   – set up, lint, check catalogs and migrations, run the whole suite"
	@echo "make lint | format | messages | bench"

# The virtualenv is rebuilt when pyproject.toml changes.
$(BIN)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

var:
	mkdir -p var

migrate: $(BIN)/.installed var
	DJANGO_SETTINGS_MODULE=micado.settings.dev $(MANAGE) migrate --noinput

demo: migrate
	DJANGO_SETTINGS_MODULE=micado.settings.dev $(MANAGE) load_demo

run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ (migrant app), /de/pa/ (administration), /de/ngo/ (NGOs), /de/admin/"
	@# The demo's audio renders in the background (in-process, idempotent) while the server starts.
	(DJANGO_SETTINGS_MODULE=micado.settings.dev $(MANAGE) render_audio --quiet --workers 1 > var/render_audio.log 2>&1 &)
	DJANGO_SETTINGS_MODULE=micado.settings.dev $(MANAGE) runserver $(HOST):$(PORT)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate catalogs from the source and compile them.
messages: $(BIN)/.installed
	$(MANAGE) makemessages --all --no-location --no-obsolete --ignore=.venv --ignore=var --ignore=node_modules --ignore=tests --ignore=bench --ignore=staticfiles
	$(MANAGE) makemessages --all --no-location --no-obsolete -d djangojs --ignore=.venv --ignore=var --ignore=node_modules --ignore=tests --ignore=bench --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=.venv

check-messages: $(BIN)/.installed
	DJANGO_SETTINGS_MODULE=micado.settings.test $(MANAGE) check_catalogs

# Browser checks (axe-core in Debian's headless Chromium): npm packages from the lock file,
# Chromium from apt when we may install it; without them those tests skip locally (CI demands them).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: browser tests will be skipped"; fi

browser-deps: node_modules/.installed
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Debian's chromium is not installed: browser tests will be skipped"; fi; \
	fi

test: lint check-messages var browser-deps
	DJANGO_SETTINGS_MODULE=micado.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest -n 2

# The process-page benchmark loads gunicorn with wrk (Debian package) when it is installed
# or we may install it; otherwise it falls back to a small Python load generator.
bench: $(BIN)/.installed
	@if ! command -v wrk >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is not installed: the process-page benchmark uses its Python load generator"; fi; \
	fi
	$(PY) bench/run.py

clean-venv:
	rm -rf $(VENV)
