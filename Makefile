# One-command setup, build and test. See README.md.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: all setup build check test schema doctor clean

all: setup build

setup: $(STAMP)
	@scripts/setup-system.sh

$(STAMP): requirements.lock pyproject.toml
	@scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip==26.3
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

build: setup
	$(PY) build.py build

check: setup
	$(PY) build.py check

schema: setup
	$(PY) build.py schema

test: $(STAMP)
	@scripts/setup-system.sh --with-tests
	@$(MAKE) --no-print-directory $(NODE_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# The browser tests' JavaScript (axe-core, Lighthouse), pinned in package-lock.json: installed again when it changes.
# After setup-system.sh, which installs npm where there is none.
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Runs with whatever .venv there is (creating it first if there is none), so that it reports rather than installs.
# Its own entry point: build.py imports WeasyPrint, which fails when a library the doctor checks is missing.
doctor:
	@test -x $(PY) || $(MAKE) $(STAMP)
	$(PY) -m handbook.commands.doctor

clean:
	rm -rf dist .pytest_cache
