# Developer and CI entry points for dockyard.docker. CI runs `make test` (see .ci/run).
#
#   make setup        packages, .venv, dockerd, local registries, test images (idempotent)
#   make unit         pytest tests/unit
#   make engines      start the engine matrix's host containers (ENGINES=..., see tests/harness/engines.sh)
#   make integration  pytest tests/integration on every engine of ENGINES (against the real daemons)
#   make lint         ansible-lint --profile production
#   make sanity       antsibull-docs lint, then ansible-test sanity on a copy of the collection, for each
#                     supported ansible-core (2.16 ... 2.20; SANITY_ANSIBLE="2.16 2.20" picks some)
#   make smoke        a short play (converge twice, docker_exec tasks) on the oldest and newest ansible-core
#   make managed-python  the core modules' integration tests with managed-node Python 3.8 and 3.13
#   make docs         the docs site (antsibull-docs + Sphinx: plugins, roles, the guides in docs/) and its checks:
#                     every internal link, every guide opened in headless Chromium; rewrites docs/docs-site.png
#   make molecule     molecule test for every scenario in extensions/molecule/ (MOLECULE_WORKERS at a time)
#   make test         all of the above; every stage runs, the build fails if any stage failed
#   make demo         the nginx_site playbook: a static site on http://127.0.0.1:8080/ (DEMO_ARGS=...)
#   make bench        bench/run.py (BENCH_ARGS=... are passed on)
#   make bench-remote bench/remote.py: the same play over SSH (controller execution and module processes)
#   make reliability  the fuzzed parsers and the concurrency, full-disk and stuck-daemon tests, ROUNDS
#                     times in a row on the host engine (default 5); stops at the first failed round
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
TEST_STAGES := unit integration lint sanity smoke managed-python docs molecule
# `make test` runs setup once, then each stage without repeating it.
SETUP := $(if $(SKIP_SETUP),,setup)

.PHONY: setup engines unit integration lint sanity smoke managed-python docs molecule test demo bench bench-remote reliability

setup:
	bash $(ROOT)/tests/harness/setup.sh

unit: $(SETUP)
	cd $(ROOT) && $(PYTEST) tests/unit

# The engine matrix (tests/harness/engines.sh): the host's dockerd and four engines in host
# containers. `make integration ENGINES=docker28` runs one; the default runs them all in turn.
ENGINES ?= host docker26 docker28 docker28-containerd podman5
ENGINE_RESULTS := $(ROOT)/tests/output/engines
engines: $(SETUP)
	bash $(ROOT)/tests/harness/engines.sh start $(ENGINES)

# Integration tests mostly wait on the daemon, so test files run in parallel workers (each file
# stays on one worker; every test names its resources uniquely). TEST_WORKERS=1 runs them one by
# one. Every engine runs to the end; the stage fails if any engine failed. Each engine's results go
# to tests/output/engines/<engine>.xml, and compat_table.py turns them into the engine compatibility table
# (tests/output/engines/compat.md; `compat_table.py --update docs/engines.md ...` writes it into the docs page).
TEST_WORKERS ?= 3
integration: engines
	@cd $(ROOT); mkdir -p $(ENGINE_RESULTS); failed=(); \
	for engine in $(ENGINES); do \
	    echo "==================== integration on $$engine"; \
	    start=$$(date +%s); \
	    if DOCKYARD_TEST_ENGINE=$$engine $(PYTEST) $(if $(filter 1,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile) \
	        --junitxml=$(ENGINE_RESULTS)/$$engine.xml tests/integration $(PYTEST_ARGS); \
	    then result=ok; else result=FAILED; failed+=("$$engine"); fi; \
	    echo "$$engine $$result $$(( $$(date +%s) - start ))" >$(ENGINE_RESULTS)/$$engine.result; \
	done; \
	$(BIN)/python tests/harness/compat_table.py $(ENGINE_RESULTS) $(ENGINES); \
	if [ "$${#failed[@]}" -gt 0 ]; then echo "integration FAILED on: $${failed[*]}"; exit 1; fi

lint: $(SETUP)
	cd $(ROOT) && ansible-lint --profile production

# Each ansible-core runs from its own venv in the harness cache (tests/harness/ansible_versions.sh);
# Two versions run side by side (SANITY_JOBS=1: one after another).
# The docs lint fails the stage too, after ansible-test has run.
sanity: $(SETUP)
	@rc=0; bash $(ROOT)/tests/harness/docs.sh lint || rc=1; \
	bash $(ROOT)/tests/harness/sanity.sh $(SANITY_ARGS) || rc=1; \
	exit $$rc

smoke: $(SETUP)
	bash $(ROOT)/tests/harness/smoke.sh $(SMOKE_ANSIBLE)

# The modules run under another interpreter than the controller's (run_module's DOCKYARD_TEST_PYTHON),
# each a venv in the harness cache with the Docker SDK; ansible's module_utils come from the controller's
# ansible-core, as AnsiballZ ships them. Host engine only; the tests marked `managed_python` in each file.
MANAGED_PYTHONS ?= 3.8 3.13
MANAGED_PYTHON_TESTS := $(addprefix tests/integration/test_,$(addsuffix .py,container image network volume daemon_config volume_backup))
managed-python: $(SETUP)
	@cd $(ROOT); failed=(); \
	for version in $(MANAGED_PYTHONS); do \
	    python="$$(bash tests/harness/venv.sh node $$version 'docker>=7')/bin/python"; \
	    echo "==================== managed-node Python $$version ($$python)"; \
	    DOCKYARD_TEST_ENGINE=host DOCKYARD_TEST_PYTHON=$$python $(PYTEST) -m managed_python \
	        $(if $(filter 1,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile) $(MANAGED_PYTHON_TESTS) $(PYTEST_ARGS) \
	        || failed+=("$$version"); \
	done; \
	if [ "$${#failed[@]}" -gt 0 ]; then echo "managed-python FAILED on: $${failed[*]}"; exit 1; fi

# HTML in tests/output/docs/build/html. The build fails on a link to a missing page or anchor; the check
# (tests/docs) resolves every internal link, opens every guide in Chromium and rewrites docs/docs-site.png.
docs: $(SETUP)
	bash $(ROOT)/tests/harness/docs.sh build
	bash $(ROOT)/tests/harness/docs.sh check

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

# The remote cases (bench/remote.py): this machine reached over sshd on the loopback.
bench-remote: $(SETUP)
	cd $(ROOT) && $(BIN)/python bench/remote.py $(BENCH_ARGS)

# Issue 21's proof: these tests also run in `make test`; here they run ROUNDS times in a row, so a
# race that loses one time in five shows. HYPOTHESIS_PROFILE=fuzz makes the fuzz rounds long.
ROUNDS ?= 5
RELIABILITY_TESTS := test_concurrency.py test_concurrency_bulk.py test_concurrency_daemon_json.py \
    test_container_race.py test_exhaustion.py test_stuck_daemon.py test_engine_supervision.py \
    test_engine_supervision_init_script.py
reliability: $(SETUP)
	@cd $(ROOT); start=$$(date +%s); \
	for round in $$(seq $(ROUNDS)); do \
	    echo "==================== reliability round $$round of $(ROUNDS)"; \
	    $(PYTEST) -q tests/unit/test_*fuzz*.py \
	        || { echo "reliability: round $$round FAILED (fuzz); $$(( round - 1 )) rounds in a row passed"; exit 1; }; \
	    DOCKYARD_TEST_ENGINE=host $(PYTEST) -q -n $(TEST_WORKERS) --dist loadfile \
	        $(addprefix tests/integration/,$(RELIABILITY_TESTS)) $(PYTEST_ARGS) \
	        || { echo "reliability: round $$round FAILED; $$(( round - 1 )) rounds in a row passed"; exit 1; }; \
	done; \
	echo "reliability: $(ROUNDS) rounds in a row passed in $$(( $$(date +%s) - start ))s"
