# Kendali: `make run` and `make test` do all set-up on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := DEBUG=1 $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000

.PHONY: run test setup install lint format clean bench diagram

run: setup
	@echo "Kendali berjalan di http://$(HOST)/ (pengguna demo: lihat README)"
	$(MANAGE) runserver $(HOST)

test: setup
	@[ -x /usr/bin/chromium ] || echo "Chromium tidak terpasang: /usr/bin/chromium; uji peramban (tests/e2e) dilewati"
	$(BIN)/pytest -n auto

setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) create_dev_ca
	EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend $(MANAGE) seed_demo

install: $(VENV)/.installed

# Re-install whenever the declared dependencies change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# Not part of `make test`: fills PostgreSQL (DATABASE kendali_bench*) and loads gunicorn.
bench: install
	$(BIN)/python -m bench.fill --applications 100000 --database kendali_bench
	$(BIN)/python -m bench.fill --applications 10 --days 3 --database kendali_bench_small
	$(BIN)/python -m bench.load --database kendali_bench --small kendali_bench_small --write

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# docs/workflow.md from workflow/table.py (a test fails when it is stale).
diagram: install
	$(BIN)/python -m workflow.diagram --write

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
