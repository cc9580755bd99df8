# Oversight — the two commands that matter: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_ENV := DEBUG=1 DATABASE_URL=$${DEMO_DATABASE_URL:-sqlite:///$(CURDIR)/db.sqlite3}

.PHONY: demo test lint bench install install-dev serve frontend clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	@echo
	@echo "Oversight demo on http://127.0.0.1:8000"
	@echo "Sign in as officer, manager, manager2, board, clerk or admin; password: oversight-demo-2018"
	@echo
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install-dev
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python -m benchmarks

frontend:
	scripts/build_frontend.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis
