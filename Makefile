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
	$(MANAGE) makemessages --all --no-location --no-obsolete --ignore=.venv --ignore=.venv-rasa --ignore=var --ignore=node_modules --ignore=tests --ignore=bench --ignore=staticfiles
	$(MANAGE) makemessages --all --no-location --no-obsolete -d djangojs --ignore=.venv --ignore=.venv-rasa --ignore=var --ignore=node_modules --ignore=tests --ignore=bench --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=.venv --ignore=.venv-rasa

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
	@# PESQ for bench_speech_quality.py: bench-only, not a dependency of the project.
	$(PY) -m pip install --quiet pesq==0.0.4 numpy==2.4.6
	$(PY) bench/run.py

clean-venv:
	rm -rf $(VENV)

# --- Chatbot: Rasa 3.6 in its own Python 3.10 virtualenv (docs/chatbot.md) -------------
RASA_PYTHON ?= $(shell ls -d $$(pyenv root 2>/dev/null)/versions/3.10.*/bin/python 2>/dev/null | tail -1 || true)
RASA_PYTHON := $(or $(RASA_PYTHON),$(shell command -v python3.10))
RASA_VENV := .venv-rasa
RASA_DIR := chatbot/rasa
RASA_PORT ?= 5005
RASA_ACTIONS_PORT ?= 5055
RASA_TOKEN ?= change-me
MICADO_API_URL ?= http://$(HOST):$(PORT)

.PHONY: rasa rasa-venv rasa-train

$(RASA_VENV)/.installed: $(RASA_DIR)/requirements.txt
	@test -n "$(RASA_PYTHON)" || { echo "Rasa 3.6 needs Python 3.10: set RASA_PYTHON=/path/to/python3.10"; exit 1; }
	test -x $(RASA_VENV)/bin/python || $(RASA_PYTHON) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(RASA_VENV)/bin/python -m pip install --quiet -r $(RASA_DIR)/requirements.txt
	touch $@

rasa-venv: $(RASA_VENV)/.installed

$(RASA_DIR)/models/micado.tar.gz: $(RASA_VENV)/.installed $(RASA_DIR)/config.yml $(RASA_DIR)/domain.yml $(wildcard $(RASA_DIR)/data/*.yml $(RASA_DIR)/data/nlu/*.yml)
	cd $(RASA_DIR) && RASA_ACTIONS_URL=http://127.0.0.1:$(RASA_ACTIONS_PORT)/webhook \
	  ../../$(RASA_VENV)/bin/rasa train --fixed-model-name micado --out models

rasa-train: $(RASA_DIR)/models/micado.tar.gz

# Trains if needed, then runs the action server (background) and the Rasa server on
# localhost. Point Django at it: RASA_URL=http://127.0.0.1:$(RASA_PORT) make run
rasa: rasa-train
	cd $(RASA_DIR) && MICADO_API_URL=$(MICADO_API_URL) \
	  ../../$(RASA_VENV)/bin/rasa run actions --port $(RASA_ACTIONS_PORT) --actions actions & \
	cd $(RASA_DIR) && RASA_ACTIONS_URL=http://127.0.0.1:$(RASA_ACTIONS_PORT)/webhook \
	  ../../$(RASA_VENV)/bin/rasa run --enable-api --auth-token $(RASA_TOKEN) -i 127.0.0.1 \
	  --port $(RASA_PORT) --model models/micado.tar.gz --endpoints endpoints.yml --credentials credentials.yml
