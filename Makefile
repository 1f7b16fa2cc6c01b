# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make run   - venv, install, migrate, load the demo archive, serve on http://127.0.0.1:8000/
#   make test  - install the dev dependencies and run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev setup lint format check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin

run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

bench: install-dev
	$(BIN)/python benchmarks/import_speed.py
	$(BIN)/python benchmarks/parser_worst_cases.py
	$(BIN)/python benchmarks/curation_admin.py
	$(BIN)/python benchmarks/public_pages.py
	$(BIN)/python benchmarks/feed_import.py
	$(BIN)/python benchmarks/quote_card.py
	$(BIN)/python benchmarks/portable.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis db.sqlite3 db.sqlite3-wal db.sqlite3-shm
