# primes: count primes below LIMIT by trial division in C, Go and Python, and time them.
# Every target reads the implementations from bench/implementations.toml.

PYTHON ?= python3
LIMIT ?= 1000000
RUNS ?=
WARMUP ?=
ONLY ?=
BASE ?= HEAD~1
BUDGET ?=

export PYTHON

TOOLS = sh scripts/ensure-tools.sh
BUILD_TOOLS = cc make go $(PYTHON)
HARNESS = $(PYTHON) -m bench

.DEFAULT_GOAL := build

help: ## list the targets
	@echo "usage: make TARGET [LIMIT=1000000] [RUNS=N] [WARMUP=N] [ONLY='c go'] [BASE=rev]"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

build: ## build every implementation into build/
	@$(TOOLS) $(BUILD_TOOLS)
	@$(HARNESS).manifest build

list: ## NAME, serial|parallel and command of each implementation available here
	@$(HARNESS).manifest list

test: ## unit tests, sanitizers, race detector and the cross-language conformance tests
	@$(TOOLS) $(BUILD_TOOLS) hyperfine valgrind -- pypy3 primesieve
	@$(PYTHON) -c 'import pytest' 2>/dev/null || $(PYTHON) -m pip install --quiet pytest
	$(MAKE) -s -C c test
	$(MAKE) -s -C go test
	@if command -v ruff >/dev/null 2>&1; then ruff check bench python tests; else echo "ruff not installed: lint skipped"; fi
	$(PYTHON) -m pytest

bench: ## verify and time every implementation at LIMIT into results/primes.json and primes.md
	@$(TOOLS) $(BUILD_TOOLS) hyperfine -- pypy3 primesieve
	@$(HARNESS).run --limit $(LIMIT) $(if $(RUNS),--runs $(RUNS)) $(if $(WARMUP),--warmup $(WARMUP)) \
		$(if $(ONLY),--only "$(ONLY)") $(if $(BUDGET),--budget $(BUDGET))
	@$(HARNESS).headline

report: ## re-render results/primes.md from results/primes.json (runs nothing)
	@$(HARNESS).report
	@$(HARNESS).headline

clean: ## remove build/
	rm -rf build

.PHONY: help build list test bench report clean
