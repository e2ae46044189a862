# primes: count primes below LIMIT by trial division in C, Go and Python, and time them.
# Every target reads the implementations from bench/implementations.toml.

PYTHON ?= python3
LIMIT ?= 1000000
ONLY ?=
BASE ?= HEAD~1
BUDGET ?=
SEED ?=
HOST ?=
SCALING_BUDGET ?=
# pytest's workers for make test (pytest-xdist): one per CPU; 0 runs the tests one at a time. The
# tests marked alone run after the others, on their own.
TEST_WORKERS ?= logical

export PYTHON

TOOLS = sh scripts/ensure-tools.sh
BUILD_TOOLS = cc make go $(PYTHON)
# Every harness target runs under one interpreter: the project-local virtual environment's, made
# when missing, with matplotlib for the figures.
VENV = .venv
VENV_PYTHON = $(VENV)/bin/python
HARNESS_TOOLS = $(VENV)/.requirements-installed
HARNESS = $(VENV_PYTHON) -m bench
# The shared options, from the make variables of the same names.
ONLY_ARG = $(if $(ONLY),--only '$(ONLY)')
SEED_ARG = $(if $(SEED),--seed $(SEED))
HOST_ARG = $(if $(HOST),--host '$(HOST)')
# numba and Cython, for the python-numba and python-cython rows: optional, like pypy. Where they
# cannot be installed, those rows are left out and the report says why.
PYTHON_ROWS = $(VENV)/.python-rows-installed
# make free-threaded's CPython builds (free-threaded and default, one version), which the manifest finds
# there; kept by make clean, like .venv.
CPYTHON = .cpython
# The workflows' linter, built from the Go module proxy into .venv/bin when missing.
ACTIONLINT = $(VENV)/bin/actionlint
ACTIONLINT_VERSION = v1.7.12

.DEFAULT_GOAL := build

help: ## list the targets
	@echo "usage: make TARGET [LIMIT=1000000] [BUDGET=S] [SEED=N] [ONLY='c go'] [HOST=name] [BASE=rev]"
	@echo "       (and CFLAGS=..., PYTHON=..., PYPY=..., PYTHON_FT=..., PYTHON_313=..., SCALING_BUDGET=S, FROM='DIR ...' for merge)"
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

build: $(HARNESS_TOOLS) $(PYTHON_ROWS) ## build every implementation into build/
	@$(TOOLS) $(BUILD_TOOLS)
	@$(HARNESS) build

list: $(HARNESS_TOOLS) $(PYTHON_ROWS) ## NAME, serial|parallel and command of each implementation available here
	@$(HARNESS) list

host: $(HARNESS_TOOLS) ## this machine's folder name under results/hosts/ (override with HOST=name)
	@$(HARNESS) host $(HOST_ARG)

test: $(HARNESS_TOOLS) $(PYTHON_ROWS) ## unit tests, sanitizers, race detector and the cross-language conformance tests
	@$(TOOLS) $(BUILD_TOOLS) hyperfine valgrind -- pypy3 primesieve clang shellcheck
	@$(VENV_PYTHON) -c 'import pytest' 2>/dev/null || $(VENV_PYTHON) -m pip install --quiet pytest
	@$(VENV_PYTHON) -m ruff --version >/dev/null 2>&1 || $(VENV_PYTHON) -m pip install --quiet 'ruff==0.17.6' \
		|| echo "ruff could not be installed: lint skipped" >&2
	@$(VENV_PYTHON) -c 'import xdist' 2>/dev/null || $(VENV_PYTHON) -m pip install --quiet 'pytest-xdist==3.8.0' \
		|| echo "pytest-xdist could not be installed: the tests run one at a time" >&2
	@$(VENV_PYTHON) -c 'import hypothesis' 2>/dev/null || $(VENV_PYTHON) -m pip install --quiet 'hypothesis==6.170.27' \
		|| echo "hypothesis could not be installed: the result files' fuzz test is skipped" >&2
	$(MAKE) -s -j2 test-c test-go
	@if $(VENV_PYTHON) -m ruff --version >/dev/null 2>&1; then $(VENV_PYTHON) -m ruff check bench python tests; fi
	@test -x $(ACTIONLINT) || GOBIN=$(CURDIR)/$(VENV)/bin go install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)
	$(ACTIONLINT)
	@if $(VENV_PYTHON) -c 'import xdist' 2>/dev/null; then set -x; \
		$(VENV_PYTHON) -m pytest -n $(TEST_WORKERS) --dist loadgroup -m 'not alone' && $(VENV_PYTHON) -m pytest -m alone; \
	else set -x; $(VENV_PYTHON) -m pytest; fi

# C's sanitizers and valgrind beside Go's race detector: each leaves a core idle much of the time.
test-c:
	$(MAKE) -s -C c test

test-go:
	$(MAKE) -s -C go test

bench: $(HARNESS_TOOLS) $(PYTHON_ROWS) ## verify, then time every implementation in rounds: results/hosts/HOST/primes.json, then the pages
	@$(TOOLS) $(BUILD_TOOLS) hyperfine -- pypy3 primesieve clang
	@$(HARNESS) bench --limit $(LIMIT) $(if $(BUDGET),--budget $(BUDGET)) $(ONLY_ARG) $(SEED_ARG) $(HOST_ARG)

report: $(HARNESS_TOOLS) ## re-render every page, figure and the README's tables from results/hosts/*/*.json
	@$(HARNESS) report

scaling: $(HARNESS_TOOLS) $(PYTHON_ROWS) ## time vs LIMIT = 10^3..10^7 and thread scaling: results/hosts/HOST/scaling.json, threads.json
	@$(TOOLS) $(BUILD_TOOLS) hyperfine -- pypy3 primesieve clang
	@$(HARNESS) scaling $(if $(SCALING_BUDGET),--budget $(SCALING_BUDGET)) $(ONLY_ARG) $(SEED_ARG) $(HOST_ARG)

merge: $(HARNESS_TOOLS) ## bring in other machines' results (FROM='DIR ...': results or host folders), then render
	@test -n "$(FROM)" || { echo "make merge: say where from: make merge FROM='DIR ...'" >&2; exit 2; }
	@$(HARNESS) merge $(FROM)

bundle: $(HARNESS_TOOLS) $(PYTHON_ROWS) ## the programs built here, with the harness, for a host without compilers: build/primes-bundle.tar.gz
	@$(TOOLS) $(BUILD_TOOLS)
	@$(HARNESS) bundle $(ONLY_ARG)

free-threaded: ## CPython from Debian's source package, built free-threaded and default into .cpython/ (once)
	@sh scripts/build-cpython.sh $(CPYTHON)

check-arm64: ## build the compiled programs for arm64 Linux and check them (under qemu where installed)
	@sh scripts/check-arm64.sh

$(HARNESS_TOOLS): bench/requirements.txt
	@test -x $(VENV_PYTHON) || $(PYTHON) -m venv --system-site-packages $(VENV) 2>/dev/null || { \
		rm -rf $(VENV); sh scripts/ensure-tools.sh --package python3-venv \
		&& $(PYTHON) -m venv --system-site-packages $(VENV); }
	@$(VENV_PYTHON) -m pip install --quiet -r bench/requirements.txt && touch $@ \
		|| echo "make: could not install bench/requirements.txt into $(VENV): figures will be skipped" >&2

$(PYTHON_ROWS): python/requirements.txt $(HARNESS_TOOLS)
	@$(VENV_PYTHON) -c 'import os, sys, sysconfig; \
		sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
		|| sh scripts/ensure-tools.sh --package python3-dev \
		|| echo "make: the interpreter's C headers (Python.h) are missing: the Cython rows will be left out" >&2
	@$(VENV_PYTHON) -m pip install --quiet -r python/requirements.txt && touch $@ \
		|| echo "make: python/requirements.txt (numba, Cython) could not be installed into $(VENV): their rows are left out" >&2

regress: $(HARNESS_TOOLS) ## gate the working tree against BASE: instructions and interleaved time (results/hosts/HOST/regress.md)
	@$(TOOLS) $(BUILD_TOOLS) valgrind
	$(HARNESS) regress --base '$(BASE)' $(ONLY_ARG) $(SEED_ARG) $(HOST_ARG)

calibrate: $(HARNESS_TOOLS) ## the gate's false-alarm and detection rates from injected slowdowns: results/hosts/HOST/gate.json
	@$(TOOLS) $(BUILD_TOOLS) valgrind
	$(HARNESS) calibrate $(ONLY_ARG) $(SEED_ARG) $(HOST_ARG)

clean: ## remove build/
	rm -rf build

.PHONY: help build list host test test-c test-go bench report scaling clean regress calibrate bundle check-arm64 merge \
	free-threaded
