# tiledsl developer entry points. `make run` and `make test` are the whole quick start:
# both create the virtual environment on first use and reuse it afterwards.
#
#   make run          demo: compile and run the tutorial kernels on the default backend
#   make test         the test suite (pytest, 2 workers)
#   make perf-quick   a short benchmark pass (tiledsl.perf)
#   make clean-venv   remove .venv (the next target recreates it)

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The stamp is newer than pyproject.toml exactly when the venv holds what pyproject asks for;
# editing the dependencies re-runs the install, anything else skips it (make is then instant).
STAMP := $(VENV)/.tiledsl-installed
EXTRAS ?= test,opencl,torch
# Pinned to the CPU build: a bare `torch` requirement resolves to the CUDA build (GBs).
# Where the wheel is not in pip's find-links (/opt/wheels here), ask PyTorch's CPU index;
# `torch==2.13.0` then matches 2.13.0+cpu, which sorts above the CUDA 2.13.0 on PyPI.
TORCH_SPEC ?= torch==2.13.0
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
LOCAL_TORCH := $(wildcard /opt/wheels/torch-2.13.0+cpu-*.whl)
TORCH_FLAGS := $(if $(LOCAL_TORCH),,--extra-index-url $(TORCH_INDEX))
# Two workers for two cores. `--dist loadfile` keeps a test file on one worker, so the kernels
# its tests share are compiled once (the default round-robin compiles them in both workers,
# which measured slower than a serial run). `make test PYTEST_ARGS=` runs serially.
PYTEST_ARGS ?= -n 2 --dist loadfile
# A test stuck longer than this dumps every thread's stack (a hang in CI is then diagnosable).
PYTEST_HANG_DUMP_S ?= 600

.PHONY: run test perf-quick venv clean-venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# As Python 3.13's venv does: the environment ignores itself, so git status stays clean.
	@echo '*' > $(VENV)/.gitignore
	@# pip warns once per package about index folders this machine lacks; drop that noise.
	set -o pipefail; $(PY) -m pip install --quiet $(TORCH_FLAGS) "$(TORCH_SPEC)" \
		-e ".[$(EXTRAS)]" 2>&1 | sed "/is ignored: it is neither a file nor a directory/d"
	@touch $@

run: $(STAMP)
	$(PY) -m tiledsl.kernels.tutorials.demo

# pytest exits 5 when it collected nothing: that means the tests went missing, not that all
# is well, so it is turned into a failure with a message rather than passed through silently.
test: $(STAMP)
	@rc=0; $(PY) -m pytest $(PYTEST_ARGS) -o faulthandler_timeout=$(PYTEST_HANG_DUMP_S) \
		tests || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$rc

perf-quick: $(STAMP)
	$(PY) -m tiledsl.perf --quick --out docs/perf/cpu-quick-$$(date +%Y-%m-%d)

clean-venv:
	rm -rf $(VENV)
