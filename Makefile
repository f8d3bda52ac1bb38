# The two commands a new user needs: `make run` and `make test`. Both start from nothing but python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run dev dev-jira test test-fuzz audit migrate lock clean bench bench-quick bench-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Every install comes from the lock files (requirements/*.txt: exact versions with their hashes, which pip
# checks), then the app itself without its dependencies. `make lock` writes them again from pyproject.toml.
$(VENV)/.installed-run: pyproject.toml requirements/run.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --requirement requirements/run.txt
	$(BIN)/pip install --quiet --no-deps --editable .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements/test.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --requirement requirements/test.txt
	$(BIN)/pip install --quiet --no-deps --editable .
	touch $@

# The lock files, from pyproject.toml, with pip-tools in a venv of its own (it is no dependency of the app):
# `make lock` keeps every pinned version that still satisfies pyproject.toml, `make lock UPGRADE=1` takes the
# newest of each. Commit both files; tests/test_lock.py fails while they disagree with pyproject.toml.
LOCK_VENV := .venv-lock
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	$(if $(UPGRADE),--upgrade)

lock:
	test -x $(LOCK_VENV)/bin/pip-compile || ($(PYTHON) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/pip install --quiet pip-tools)
	$(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) --output-file requirements/run.txt pyproject.toml
	$(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) --extra test --output-file requirements/test.txt pyproject.toml

run: $(VENV)/.installed-run
	$(BIN)/sleuth-jira serve --host $(HOST) --port $(PORT)

# Local development with no Jira Cloud site: `make dev` in one terminal (the app, trusting the local Jira),
# `make dev-jira` in another (app/dev_jira.py), then a browser on http://127.0.0.1:8001/browse/ACME-12.
DEV_JIRA := http://127.0.0.1:8001
dev: $(VENV)/.installed-run
	CONNECT_INSTALL_KEYS_URL=$(DEV_JIRA)/install-keys CONNECT_ALL_JS_URL=$(DEV_JIRA)/all.js SLEUTH_ALLOW_PRIVATE_URLS=1 \
		$(BIN)/sleuth-jira serve --host $(HOST) --port $(PORT)

dev-jira: $(VENV)/.installed-run
	$(BIN)/sleuth-jira dev-jira --port 8001 --app http://$(HOST):$(PORT)

migrate: $(VENV)/.installed-run
	$(BIN)/sleuth-jira migrate

# The Forge app's npm packages (manifest validator, Custom UI build), exactly as package-lock.json says;
# install scripts are not needed (esbuild's binary comes as a package).
forge/node_modules/.installed: forge/package.json forge/package-lock.json
	cd forge && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# The dependency audit, before the tests (scripts/audit.py says what fails and why).
audit: $(VENV)/.installed-test
	$(BIN)/python scripts/audit.py

test: audit $(VENV)/.installed-test forge/node_modules/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# A long fuzz of the API (tests/web/api/test_fuzz.py), on demand; `make test` runs a few examples an operation.
test-fuzz: $(VENV)/.installed-test
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(BIN)/python -m pytest tests/web/api/test_fuzz.py --timeout=0 $(PYTEST_ARGS)

# Benchmarks (bench/): wrk from Debian, the ACE peer's npm packages (sqlite3 builds from source once).
bench/peers/ace/node_modules/.installed: bench/peers/ace/package.json bench/peers/ace/package-lock.json
	cd bench/peers/ace && npm ci --no-audit --no-fund
	touch $@

bench-deps: $(VENV)/.installed-test bench/peers/ace/node_modules/.installed
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

bench: bench-deps
	$(BIN)/python -m bench.run

bench-quick: bench-deps
	$(BIN)/python -m bench.run --quick

clean:
	rm -rf $(VENV) $(LOCK_VENV) var .pytest_cache forge/node_modules forge/static/*/build
