# The two commands: `make run` and `make test`. Each does all of its own set-up.

PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app screener

.PHONY: run serve test lint setup clinic db browser bench clean

# apt-get needs root: sudo when not already root.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

# Build the virtual environment; re-install when the dependencies change.
$(VENV): $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# A random secret key, made once per checkout and never committed (instance/ is git-ignored).
instance/config.py:
	mkdir -p instance
	$(PYTHON) -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" > $@

# The clinic patients are told to contact. A checkout gets an example clinic, whose
# number (from the range Ofcom keeps for drama) rings nowhere; a deployment sets its own.
clinic: instance/config.py
	@grep -q '^CLINIC_NAME' instance/config.py || printf '%s\n' \
		'# The clinic patients are told to contact: set your own for a real deployment.' \
		'CLINIC_NAME = "Example Neurology Clinic"' \
		'CLINIC_PHONE = "020 7946 0000"' >> instance/config.py

db: $(VENV) instance/config.py clinic
	$(FLASK) init-db

setup: $(VENV) instance/config.py clinic db

# Serves plain HTTP on the loopback interface, so the session cookie cannot be `Secure` here.
# For HTTPS in production, see "Running in production" in README.md.
run: setup
	SCREENER_SESSION_COOKIE_SECURE=false $(FLASK) run --host $(HOST) --port $(PORT)

# Production: gunicorn, configured by gunicorn.conf.py (BIND, WEB_CONCURRENCY).
# Put it behind an HTTPS reverse proxy; see "Running in production" in README.md.
serve: setup
	$(BIN)/gunicorn -c gunicorn.conf.py "screener:create_app()"

lint: $(VENV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The browser tests drive Debian's Chromium (Playwright's own download does not work
# here). Installed when missing; if that fails, the browser tests skip, except under
# CI=true, where the run stops here.
CHROMIUM := /usr/bin/chromium
browser:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } || \
		[ "$${CI:-}" != true ]

# The whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL names one
# (.ci/run sets it); each run says its engine in the header. The browser tests run
# once: they serve the app on a SQLite file of their own whatever the engine.
test: setup lint browser
	$(FLASK) check-questions
	env -u TEST_DATABASE_URL $(BIN)/pytest
	if [ -n "$${TEST_DATABASE_URL:-}" ]; then $(BIN)/pytest --ignore=tests/browser; fi

# Every benchmark, each printing its figures (bench/README.md has the latest). They need
# pandas (the export's yardstick), and wrk and sqlite3, which come from Debian.
bench: setup
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@for tool in wrk sqlite3; do \
		command -v $$tool >/dev/null || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$tool; }; \
	done
	$(BIN)/python bench/pages
	$(BIN)/python bench/queue
	$(BIN)/python bench/export
	$(BIN)/python bench/load

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
