# The two commands users need are `make generate` and `make test`; both set up
# everything themselves (a .venv with pinned Python packages, node_modules from the lock file).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: help generate check test golden docs serve-docs browser bench corpus lint-spec crosscheck clean

help:
	@echo "make generate    regenerate generated/ from spec/openapi.yaml (the main job)"
	@echo "make test        run every test (spec fidelity, lint, generator, client, docs)"
	@echo "make check       fail with a diff if generated/ differs from what the spec makes"
	@echo "make golden      rewrite the golden test outputs under tests/golden/ (review the diff!)"
	@echo "make docs        build the API reference into generated/docs"
	@echo "make serve-docs  serve generated/docs on http://127.0.0.1:8000"
	@echo "make browser     install Debian's chromium for the browser tests (needs root)"
	@echo "make bench       run the benchmarks and print the figures"
	@echo "make corpus      generate every real-world spec in tests/data/corpus and print a record per spec"
	@echo "make crosscheck  compare the spec with the official SDK (datarobot==3.20.0, read statically)"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

generate: $(STAMP)
	$(PY) -m generator generate

check: $(STAMP)
	$(PY) -m generator check

docs: generate

serve-docs: generate
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory generated/docs/site

test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest

golden: $(STAMP)
	$(PY) -m tests.generator.golden --rewrite

lint-spec: $(NODE_STAMP)
	node_modules/.bin/redocly lint spec/openapi.yaml

browser:
	@test -x $(CHROMIUM) || (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium)

bench: $(STAMP) $(NODE_STAMP)
	$(PY) -m bench

# Not part of `make test` (it takes ~10 minutes on 2 cores): 46 public specs, each generated,
# compiled, imported and checked for every operation; 12 also through mypy --strict.
corpus: $(STAMP)
	$(PY) -m tests.robustness.corpus

crosscheck: $(STAMP)
	$(PY) -m spec.crosscheck --strict

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .cache
