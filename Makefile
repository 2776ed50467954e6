# Everything runs from the project's own .venv; `make test` and `make demo` work on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
PORT ?= 8000
# Tests must never pick up a stray pretix.cfg (see README): an empty config means pretix's test defaults.
TEST_ENV := PRETIX_CONFIG_FILE=/dev/null
PYTEST_ARGS ?=

.PHONY: all test e2e bench lint demo localegen localecompile clean check-migrations

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

test: $(VENV)/.installed localecompile lint check-migrations
	$(TEST_ENV) $(PY) -m pytest tests -m "not production" $(PYTEST_ARGS)

# Production-like: PostgreSQL, Redis, gunicorn behind nginx, a celery worker, SMTP, Chromium (machine
# packages: postgresql, redis-server, nginx, chromium); then the whole suite once more on PostgreSQL.
e2e: $(VENV)/.installed localecompile
	$(TEST_ENV) $(PY) -m pytest tests -m production $(PYTEST_ARGS)
	$(PY) tests/e2e/run_suite_on_postgres.py $(PYTEST_ARGS)

# Side-by-side measurements against pretix without the plugin; writes bench/RESULTS.md (needs the e2e packages).
bench: $(VENV)/.installed localecompile
	$(TEST_ENV) $(PY) bench/run.py $(BENCH_ARGS)

demo: $(VENV)/.installed localecompile
	$(PY) demo/run.py --port $(PORT)

clean:
	rm -rf $(VENV) .demo build dist *.egg-info
