# The two commands: `make run` and `make test`. Each does all of its own set-up.

PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app screener

.PHONY: run serve test test-sqlite test-postgresql test-browser lint lock setup clinic db \
	browser libreoffice nginx pdf vnu lforms bench clean catalogues catalogues-update

# apt-get needs root: sudo when not already root.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

# Build the virtual environment from the lock file (requirements/dev.txt, every version
# pinned); re-install when it or pyproject.toml changes.
$(VENV): $(VENV)/.installed
$(VENV)/.installed: requirements/dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# Re-make the lock files after changing the dependencies in pyproject.toml:
# requirements/app.txt (production), dev.txt (make run, make test), bench.txt (make bench).
COMPILE := $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(VENV)
	$(COMPILE) -o requirements/app.txt pyproject.toml
	$(COMPILE) --extra dev -o requirements/dev.txt pyproject.toml
	$(COMPILE) --extra dev --extra bench -o requirements/bench.txt pyproject.toml

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

# The summary PDF is rendered by WeasyPrint, which needs Debian's Pango; it is set in
# Liberation Sans (Arial's metrics, so the page count is the same on every machine),
# and the tests read it back with poppler's pdfinfo and pdftotext as well as pypdf.
# Installed when missing; without Pango, /summary.pdf cannot work, so this stops.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation poppler-utils
pdf:
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $(PDF_PACKAGES); }

# The interface's translations: the catalogues (screener/locales/<code>/LC_MESSAGES/
# messages.po) are compiled here, never committed as .mo files. After changing an
# interface string: `make catalogues-update`, translate what it marks, then commit.
CATALOGUES := $(wildcard screener/locales/*/LC_MESSAGES/messages.po)
catalogues: $(VENV) $(CATALOGUES:.po=.mo)
screener/locales/%/LC_MESSAGES/messages.mo: screener/locales/%/LC_MESSAGES/messages.po $(VENV)
	$(BIN)/pybabel compile --statistics -f -i $< -o $@
# -k lazy_gettext: module-level strings (screener/languages/text.py); tests/test_catalogues.py
# extracts with the same options, so a string added without this step fails the tests.
# pybabel update drops the header lines it does not know, so each catalogue's X- lines
# (X-Review-Status: whether a clinician and a native speaker have checked it) are put back.
catalogues-update: $(VENV)
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext --add-comments=Translators: \
		--no-location --sort-output -o screener/locales/messages.pot .
	for po in $(CATALOGUES); do grep '^"X-' $$po > $$po.x-headers || true; done
	$(BIN)/pybabel update -N --ignore-obsolete --ignore-pot-creation-date \
		-i screener/locales/messages.pot -d screener/locales
	for po in $(CATALOGUES); do \
		grep -q '^"X-' $$po || sed -i "/^\"Language: /r $$po.x-headers" $$po; \
		rm -f $$po.x-headers; \
	done

setup: $(VENV) pdf catalogues instance/config.py clinic db

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

# tests/test_export_libreoffice.py converts the CSV export with Debian's LibreOffice
# Calc, to show that a real spreadsheet runs none of its cells as formulas. Installed
# when missing, like Chromium: without it that test skips, except under CI=true.
SOFFICE := soffice
libreoffice:
	@command -v $(SOFFICE) >/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends libreoffice-calc; } || [ "$${CI:-}" != true ]

# tests/test_proxy.py runs deploy/nginx.conf, the shipped production file, in front of
# gunicorn, so it needs Debian's nginx (started by the test as the current user on
# loopback ports; the package's own service plays no part). Installed when missing,
# like Chromium: without it that test skips, except under CI=true.
NGINX := /usr/sbin/nginx
nginx:
	@[ -x $(NGINX) ] || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; } || \
		[ "$${CI:-}" != true ]

# tests/test_markup_vnu.py runs the Nu HTML checker over every page. Its vnu.jar comes
# from npm, pinned by package.json and package-lock.json, into node_modules/ (git-ignored),
# and runs on Java; npm and Java come from Debian when missing. Without them that test
# skips, except under CI=true. --ignore-scripts: the package's postinstall script would
# download a Java runtime of its own. touch: npm keeps the jar's date from the tarball,
# older than the lock file, so make would install it again every time.
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
# LHC-Forms (the lforms package from the npm registry), a real FHIR form renderer the
# browser tests load our Questionnaire into. Only its prebuilt bundle is needed, so the
# package is fetched with `npm pack` (no dependency tree), checked against the
# registry's sha1 for this version, and unpacked into build/lforms (git-ignored).
LFORMS_VERSION := 40.1.3
LFORMS_SHA1 := 3dacb3b42f5b7f050e548c3cb62999cb5610f963
LFORMS := build/lforms/$(LFORMS_VERSION)
lforms: $(LFORMS)/webcomponent/lhc-forms.js
$(LFORMS)/webcomponent/lhc-forms.js:
	@{ command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }; } && \
		rm -rf build/lforms-download && mkdir -p build/lforms-download $(LFORMS) && \
		npm pack lforms@$(LFORMS_VERSION) --pack-destination build/lforms-download \
			--silent --loglevel=error >/dev/null && \
		echo "$(LFORMS_SHA1)  build/lforms-download/lforms-$(LFORMS_VERSION).tgz" | sha1sum -c --quiet && \
		tar -xzf build/lforms-download/lforms-$(LFORMS_VERSION).tgz -C $(LFORMS) \
			--strip-components=3 package/dist/lforms && \
		rm -rf build/lforms-download || [ "$${CI:-}" != true ]

vnu: $(VNU_JAR)
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends default-jre-headless; } || [ "$${CI:-}" != true ]
$(VNU_JAR): package.json package-lock.json
	@{ command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }; } && \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@ || \
		[ "$${CI:-}" != true ]

# The whole suite: lint and the content check, then three runs side by side, each with
# its own report (the engine in its header): SQLite, with coverage printed (a figure, not
# a gate); PostgreSQL when TEST_DATABASE_URL names one (.ci/run sets it), leaving out
# the tests marked one_engine; and the browser tests, which serve the app on a SQLite file
# of their own. None of them touches instance/: each test makes its own database.
# Chromium, LibreOffice, nginx and the Nu HTML checker are installed first, one at a
# time: two apt-get side by side would fail on dpkg's lock.
test: $(VENV) catalogues lint pdf browser libreoffice nginx vnu lforms
	$(BIN)/flask --app screener check-questions
	$(MAKE) --no-print-directory -j3 --output-sync=target \
		test-sqlite test-postgresql test-browser

test-sqlite: $(VENV) catalogues libreoffice nginx vnu
	env -u TEST_DATABASE_URL $(BIN)/pytest --ignore=tests/browser \
		--cov=screener --cov-report=term:skip-covered

test-postgresql: $(VENV) catalogues libreoffice
	if [ -n "$${TEST_DATABASE_URL:-}" ]; then $(BIN)/pytest --ignore=tests/browser; fi

test-browser: $(VENV) catalogues browser lforms
	env -u TEST_DATABASE_URL $(BIN)/pytest tests/browser

# Every benchmark, each printing its figures (bench/README.md has the latest). They need
# pandas (the export's yardstick), and wrk and sqlite3, which come from Debian; the
# flood runs the shipped nginx too.
bench: setup nginx
	$(BIN)/pip install --quiet -r requirements/bench.txt
	@for tool in wrk sqlite3; do \
		command -v $$tool >/dev/null || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$tool; }; \
	done
	$(BIN)/python bench/pages
	$(BIN)/python bench/queue
	$(BIN)/python bench/dashboard
	$(BIN)/python bench/export
	$(BIN)/python bench/load
	$(BIN)/python bench/flood
	$(BIN)/python bench/pdf

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
