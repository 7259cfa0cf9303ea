# Kendali: `make run` and `make test` do all set-up on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := DEBUG=1 $(BIN)/python manage.py
# Every dependency (pyproject.toml, runtime and the dev extra) and every tool (requirements/tools.in)
# pinned with the hashes of its files, for Python 3.11 on Linux x86_64. Regenerate: `make lock`.
LOCK := requirements/lock.txt
HOST ?= 127.0.0.1:8000
# Where `make run` serves the development PKI; its certificates name this address.
DEV_PKI_URL ?= http://127.0.0.1:8079
export KENDALI_DEV_PKI_URL := $(DEV_PKI_URL)

.PHONY: run test setup prepare install lock lint format clean bench diagram

# The server, the background worker and the development PKI (CRL, OCSP and TSA on loopback,
# docs/signing.md) together; Ctrl+C stops all three. Once the PKI answers, signing uses its TSA
# (KENDALI_TSA_URL, unless already set), so permits get long-term signatures (PAdES B-LTA);
# the demo data is seeded then, so its permits have them too.
run: prepare
	@$(MANAGE) dev_pki serve & pki=$$!; \
	trap 'kill $$pki $$worker 2>/dev/null' INT TERM EXIT; \
	if $(MANAGE) dev_pki wait; then \
		export KENDALI_TSA_URL=$${KENDALI_TSA_URL:-$(DEV_PKI_URL)/tsa}; \
	else \
		echo "PKI pengembangan tidak berjalan: izin ditandatangani tanpa cap waktu dan tanpa LTV"; \
	fi; \
	EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend $(MANAGE) seed_demo || exit 1; \
	$(MANAGE) api_client demo >/dev/null || exit 1; \
	echo "Kendali berjalan di http://$(HOST)/ (pengguna demo: lihat README)"; \
	$(MANAGE) run_worker & worker=$$!; \
	KENDALI_RUN_HOST=$(HOST) $(MANAGE) runserver $(HOST)

test: setup
	@[ -x /usr/bin/chromium ] || echo "Chromium tidak terpasang: /usr/bin/chromium; uji peramban (tests/e2e) dilewati"
	$(BIN)/pytest -n auto

setup: prepare
	EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend $(MANAGE) seed_demo

prepare: install
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) create_dev_ca

install: $(VENV)/.installed

# The virtualenv gets exactly what the lock pins, each file checked against its hash (pip's
# hash-checking mode; pip and setuptools come from the lock too), then the project itself without
# dependencies, built by that setuptools. Re-install whenever the lock or pyproject.toml changes.
# --no-deps: the lock is already the whole closure, so pip resolves nothing; the bundled pip of
# a fresh venv otherwise picks a newer release for a dependency named with an extra
# (weasyprint's fonttools[woff]) and refuses it as unpinned. `pip check` proves the set whole.
$(VENV)/.installed: $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip check
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Re-pins pyproject.toml and requirements/tools.in into the lock. Pins already in the lock are kept
# unless asked: `make lock LOCK_FLAGS=--upgrade` (everything) or `LOCK_FLAGS="--upgrade-package
# django"`. Run it with Python 3.11 on Linux x86_64, the platform the lock is for.
LOCK_FLAGS ?=
lock: install
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "make lock: the lock is for Python 3.11")'
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra dev \
		--no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) \
		--output-file $(LOCK) pyproject.toml requirements/tools.in

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
