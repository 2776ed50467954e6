# Everything runs from the project's own .venv; `make test` and `make demo` work on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
PORT ?= 8000
# Tests must never pick up a stray pretix.cfg (see README): an empty config means pretix's test defaults.
TEST_ENV := PRETIX_CONFIG_FILE=/dev/null
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core of the 2-core machines CI and the README's times are measured on.
WORKERS ?= 2

.PHONY: all test e2e e2e-deps screenshots bench lint demo localegen localecompile clean check-migrations

all: test

$(VENV)/.installed: pyproject.toml setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test]"
	touch $@

localecompile: $(VENV)/.installed
	cd pretix_oicmeetup && ../$(VENV)/bin/django-admin compilemessages

localegen: $(VENV)/.installed
	cd pretix_oicmeetup && ../$(VENV)/bin/django-admin makemessages --keep-pot -l de -l de_Informal -i "demo/*" \
		--add-location file

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check setup.py pretix_oicmeetup tests demo bench

check-migrations: $(VENV)/.installed
	mkdir -p $(VENV)/migration-check
	printf '[pretix]\ndatadir=%s\n[database]\nbackend=sqlite3\n' "$(CURDIR)/$(VENV)/migration-check" \
		> $(VENV)/migration-check/pretix.cfg
	PRETIX_CONFIG_FILE=$(VENV)/migration-check/pretix.cfg $(PY) -m pretix makemigrations --check --dry-run \
		pretix_oicmeetup

# axe-core for the browser tests' accessibility checks (tests/e2e/accessibility.py), from the npm registry as
# tests/e2e/package-lock.json pins it; installed again only when the lock file is newer. Without npm (and so
# without axe-core) the browser tests are skipped before they start.
E2E_NODE := tests/e2e
e2e-deps:
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "npm not found: the accessibility checks (axe-core) of the browser tests will be skipped"; \
	elif [ ! -d $(E2E_NODE)/node_modules ] || [ $(E2E_NODE)/package-lock.json -nt $(E2E_NODE)/node_modules ]; then \
		echo "npm ci --prefix $(E2E_NODE) --no-audit --no-fund"; \
		npm ci --prefix $(E2E_NODE) --no-audit --no-fund && touch $(E2E_NODE)/node_modules; \
	fi

# The fast suite: every test but those slow by nature, in $(WORKERS) processes (README: "Tests").
test: $(VENV)/.installed localecompile lint check-migrations
	$(TEST_ENV) $(PY) -m pytest tests -m "not e2e and not production" -n $(WORKERS) $(PYTEST_ARGS)

# What is slow by nature (machine packages: postgresql, redis-server, nginx, chromium; README: "Tests"):
# the browsers, the celery worker, the migrations on the demo's database, the pretix commands as processes
# and the production-like stack (one test file per process); the property tests again with Hypothesis's
# thorough profile; then the fast suite once more on PostgreSQL.
e2e: $(VENV)/.installed localecompile e2e-deps
	$(TEST_ENV) $(PY) -m pytest tests -m "e2e or production" -n $(WORKERS) --dist loadfile $(PYTEST_ARGS)
	$(TEST_ENV) HYPOTHESIS_PROFILE=thorough $(PY) -m pytest tests -m "property and not e2e" -n $(WORKERS) \
		$(PYTEST_ARGS)
	$(PY) tests/e2e/run_suite_on_postgres.py -n $(WORKERS) $(PYTEST_ARGS)

# Side-by-side measurements against pretix without the plugin; writes bench/RESULTS.md (needs the e2e packages).
bench: $(VENV)/.installed localecompile
	$(TEST_ENV) $(PY) bench/run.py $(BENCH_ARGS)

# PNGs of the shop, the widget, a registration, its email and the control pages (German informal and
# German) at 1280 and 390 px, with an index.html, into screenshots/ (needs chromium, as the browser tests).
screenshots: $(VENV)/.installed localecompile
	$(PY) tests/e2e/screenshots.py screenshots

demo: $(VENV)/.installed localecompile
	$(PY) demo/run.py --port $(PORT)

clean:
	rm -rf $(VENV) .demo build dist *.egg-info $(E2E_NODE)/node_modules screenshots
