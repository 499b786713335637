# Two commands do all the set-up: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
PORT   ?= 8866
SERVE_ARGS ?=

.PHONY: serve test test-fast test-postgresql test-hub lint bench bench-crowd clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $@

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/commonground serve --port $(PORT) $(SERVE_ARGS)

test: $(TSTAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest --fast -n 2 --dist loadfile --nbval-lax --durations=10 tests modules
	$(BIN)/python -m pytest -m "browser or server or slow" -n 2 --dist loadfile --durations=25 tests
	$(MAKE) --no-print-directory test-postgresql
	$(MAKE) --no-print-directory test-hub

# The developers' loop (under 3 minutes): lint, types, and every test that starts no server
# or browser (those marked server, browser, hub or slow are left out; one that starts a
# server without its mark fails, saying so). `make test` still runs everything.
test-fast: $(TSTAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest --fast -n 2 --dist loadfile --nbval-lax --durations=10 tests modules

# The database tests again, each in a fresh schema on a throw-away PostgreSQL server that
# Debian's pg_virtualenv starts (package postgresql; .ci/run installs it); each of the two
# workers in a database of its own (harness/postgres.py), so their advisory locks are apart.
test-postgresql: $(TSTAMP)
	@command -v pg_virtualenv >/dev/null || { echo "make test-postgresql: pg_virtualenv \
	is missing: install Debian's postgresql package (apt-get install postgresql)." >&2; exit 1; }
	pg_virtualenv -t -o fsync=off $(BIN)/python -m pytest --postgresql -n 2 --dist loadfile tests

# The course on a real JupyterHub (tests/hub/test_hub.py, a server per person, and
# test_hub_service.py, the course as the hub's service; test_hub_hosts.py, two course
# services on hosts of their own (network namespaces, root); about 4 minutes): its proxy from npm
# (into .venv/node), a throw-away PostgreSQL from pg_virtualenv, and Chromium.
CHP := $(VENV)/node/node_modules/.bin/configurable-http-proxy
$(CHP): | $(BIN)/python
	@command -v npm >/dev/null || { echo "make test-hub: npm is missing: install Debian's \
	nodejs and npm packages (apt-get install nodejs npm)." >&2; exit 1; }
	npm install --prefix $(VENV)/node --no-fund --no-audit --silent configurable-http-proxy@5

test-hub: $(TSTAMP) $(CHP)
	pg_virtualenv -t -o fsync=off $(BIN)/python -m pytest --hub tests/hub/test_hub.py tests/hub/test_hub_service.py tests/hub/test_hub_lti.py \
		tests/hub/test_hub_hosts.py

lint: $(TSTAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(TSTAMP)
	for b in bench/[!_]*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Only the room-at-once benchmark (about 4 minutes); CROWD_ARGS=--quick for 1 minute.
CROWD_ARGS ?=
bench-crowd: $(TSTAMP)
	$(BIN)/python bench/crowd.py $(CROWD_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
