# Developer and CI entry points for dockyard.docker. CI runs `make test` (see .ci/run).
#
#   make setup        packages, .venv, dockerd, local registries, test images (idempotent)
#   make unit         pytest tests/unit
#   make integration  pytest tests/integration (against the real dockerd)
#   make lint         ansible-lint --profile production
#   make sanity       ansible-test sanity on a copy of the collection
#   make molecule     molecule test for every scenario in extensions/molecule/ (MOLECULE_WORKERS at a time)
#   make test         all of the above; every stage runs, the build fails if any stage failed
#   make demo         the nginx_site playbook: a static site on http://127.0.0.1:8080/ (DEMO_ARGS=...)
#   make bench        bench/run.py (BENCH_ARGS=... are passed on)
#
# Every target but `setup` runs setup first (a second setup takes about a second).
# pytest's "no tests ran" (exit 5) fails a stage like any other failure.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VENV ?= $(ROOT)/.venv
BIN := $(VENV)/bin
export VENV
# Python tools (ansible-*, molecule, pytest) come from the venv.
export PATH := $(BIN):$(PATH)
export ANSIBLE_CONFIG := $(ROOT)/ansible.cfg

PYTEST := $(BIN)/python -m pytest
TEST_STAGES := unit integration lint sanity molecule
# `make test` runs setup once, then each stage without repeating it.
SETUP := $(if $(SKIP_SETUP),,setup)

.PHONY: setup unit integration lint sanity molecule test demo bench

setup:
	bash $(ROOT)/tests/harness/setup.sh

unit: $(SETUP)
	cd $(ROOT) && $(PYTEST) tests/unit

# Integration tests mostly wait on dockerd, so test files run in parallel workers (each file stays
# on one worker; every test names its resources uniquely). TEST_WORKERS=1 runs them one by one.
TEST_WORKERS ?= 3
integration: $(SETUP)
	cd $(ROOT) && $(PYTEST) $(if $(filter 1,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile) tests/integration

lint: $(SETUP)
	cd $(ROOT) && ansible-lint --profile production

sanity: $(SETUP)
	bash $(ROOT)/tests/harness/sanity.sh $(SANITY_ARGS)

# Scenarios run side by side, MOLECULE_WORKERS at a time (each its own molecule process, LAN and
# hosts); every scenario's output goes to tests/output/molecule/<scenario>.log.
MOLECULE_WORKERS ?= 2
molecule: $(SETUP)
	WORKERS=$(MOLECULE_WORKERS) bash $(ROOT)/tests/harness/molecule.sh $(SCENARIOS)

test: setup
	@failed=(); report=(); \
	for stage in $(TEST_STAGES); do \
	    echo "==================== make $$stage"; \
	    start=$$(date +%s); \
	    if $(MAKE) --no-print-directory -C $(ROOT) SKIP_SETUP=1 "$$stage"; then result=ok; else result=FAILED; failed+=("$$stage"); fi; \
	    report+=("$$(printf '  %-12s %-7s %4ss' "$$stage" "$$result" "$$(( $$(date +%s) - start ))")"); \
	done; \
	echo "==================== make test summary"; \
	printf '%s\n' "$${report[@]}"; \
	if [ "$${#failed[@]}" -gt 0 ]; then echo "make test: FAILED stages: $${failed[*]}"; exit 1; fi; \
	echo "make test: all stages passed"

# DEMO_ARGS go to ansible-playbook, e.g. DEMO_ARGS='-e nginx_site_image_source=pull' with a registry.
demo: $(SETUP)
	cd $(ROOT) && ansible-playbook playbooks/nginx_site.yml $(DEMO_ARGS)

bench: $(SETUP)
	@cd $(ROOT); \
	if [ -f bench/run.py ]; then $(BIN)/python bench/run.py $(BENCH_ARGS); \
	else echo "bench: bench/run.py is not written yet, nothing to run"; fi
