# Two commands do everything on a fresh machine with Python 3.11:
#   make all    build the environment, the processed data (and run the notebooks, export figures)
#   make test   run the whole test suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help all env fonts data check notebooks figures accept export report lab lab-guard lint test test-other-cpu test-browser bench clean

help: ## list every target
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

# The figures' language: `make all LANG=zh` also writes the Chinese set (reports/figures/zh/). LANG is read only
# when given on make's command line (the shell's own LANG, a locale, is not a figure language) and is then
# not passed on to the commands run, where it would name a locale.
ifeq ($(origin LANG),command line)
FIGURE_LANG := $(LANG)
unexport LANG
endif
FIGURE_LANG ?= en
ifneq ($(filter-out en zh,$(FIGURE_LANG)),)
$(error LANG=$(FIGURE_LANG) is not a figure language; use LANG=zh (Chinese) or leave it out (English))
endif

all: env data notebooks $(if $(filter-out en,$(FIGURE_LANG)),figures) ## environment + data/processed/ + notebooks and figures (LANG=zh: also the Chinese figures)

figures: env data notebooks ## the figures in one language beside the English ones: make figures LANG=zh (reports/figures/zh/)
	$(PY) -m analysis figures --lang $(FIGURE_LANG)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@echo "installing the pinned packages into $(VENV) (a few minutes the first time; pip names each package as it goes)"
	$(PY) -m pip install --progress-bar off -e ".[dev]"
	$(PY) -m analysis kernel
	@touch $(STAMP)

env: $(STAMP) fonts ## create .venv (if absent) and install the package with its pinned dependencies

# Chinese figures use WenQuanYi Micro Hei, Debian's fonts-wqy-microhei at this exact version (a TrueType
# font: PDFs embed it as a subset). Installed with apt-get where make runs as root; otherwise the line
# printed says what to install. Matplotlib's font list is rebuilt after an install.
CJK_FONT_DEB := fonts-wqy-microhei=0.2.0-beta-3.1
fonts: $(STAMP) ## install the pinned CJK font for Chinese figures (Debian/Ubuntu)
	@if fc-list 2>/dev/null | grep -q "WenQuanYi Micro Hei"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(CJK_FONT_DEB) >/dev/null 2>&1 || \
	   (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(CJK_FONT_DEB) >/dev/null)) && \
	  rm -f "$$($(PY) -c 'import matplotlib; print(matplotlib.get_cachedir())')"/fontlist-*.json; \
	else echo "Chinese figures need the font package $(CJK_FONT_DEB): sudo apt-get install $(CJK_FONT_DEB)"; fi

PROCESSED := data/processed/datapackage.json
# The data build depends only on the raw files and the data pipeline (src/analysis/data, paths, errors):
# editing a plot or a notebook helper never rebuilds the data.
DATA_INPUTS := $(shell find data/raw src/analysis/data -type f -not -path '*/__pycache__/*' 2>/dev/null) \
               src/analysis/paths.py src/analysis/errors.py

data: env $(PROCESSED) ## verify raw checksums, build and validate data/processed/ (only when raw data or code changed)

$(PROCESSED): $(DATA_INPUTS) $(STAMP)
	$(PY) -m analysis build

check: env ## run every data check without writing anything
	$(PY) -m analysis check

notebooks: env data ## execute every notebook into build/notebooks/ and export figures to reports/figures/
	$(PY) -m analysis notebooks

accept: env data ## re-execute the notebooks and store their outputs as the new references in notebooks/
	$(PY) -m analysis notebooks --accept

# make test: stage 1 executes every notebook once (nbval, one kernel per core, each notebook's cells kept on
# one worker), sending figures (PNG only), key results and claims into $(TEST_RUN); stage 2 runs the
# unit, data and regression tests in parallel, reading that run. Both stages always run; the exit
# status is that of the worse. Nothing is written into reports/, notebooks/ or build/results/.
TEST_RUN := $(abspath build/test-run)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg

# The notebook stage of make test, into the folder $(1) (each notebook's OUTPUT_DIR, given by the nbval_project
# plugin), with the environment variables $(2) set.
define notebook_stage
rm -rf $(1) && mkdir -p $(1); \
	echo "== stage 1: the notebooks, each executed once and compared with its stored outputs (nbval)"; \
	$(2) PYTHONPATH=tests $(PY) -m pytest -p no:cacheprovider -p nbval_project -o addopts= -q -n $(JOBS) --dist loadfile --no-loadscope-reorder \
	  --color=$$colour --junitxml=$(1)/notebooks.xml $(NBVAL) --run-dir $(1) --image-diffs $(1)/image-diffs notebooks || status=1
endef

lint: env ## ruff (lint and format check) and mypy on the package (part of make test)
	$(PY) -m ruff check --quiet src && $(PY) -m ruff format --check --quiet src && $(PY) -m mypy --no-error-summary

# Stage 0 (ruff and mypy, one process, ~8 s with no mypy cache as on a fresh clone) runs beside stage 1, in the
# gaps its kernels leave (start-up, the last notebook); its output is printed once stage 1 ends.
LINT_LOG := $(abspath build/test-lint.log)

test: env data ## run the whole test suite: lint, every notebook once under nbval, then the unit, data and regression tests
	@status=0; colour=$$([ -t 1 ] && echo auto || echo no); mkdir -p $(dir $(LINT_LOG)); \
	$(MAKE) --no-print-directory -s lint >$(LINT_LOG) 2>&1 & lint=$$!; \
	$(call notebook_stage,$(TEST_RUN),); \
	echo "== stage 0 (run beside stage 1): ruff and mypy on the package"; \
	if wait $$lint; then cat $(LINT_LOG); echo "ruff (lint and format) and mypy: no problems"; else status=1; cat $(LINT_LOG); fi; \
	echo "== stage 2: unit, data and regression tests (reading the notebook run of stage 1)"; \
	ANALYSIS_TEST_RUN=$(TEST_RUN) $(PY) -m pytest -q -n $(JOBS) --color=$$colour || status=1; \
	echo; $(PY) -m analysis summary --run $(TEST_RUN) --junit $(TEST_RUN)/notebooks.xml; \
	exit $$status

# Another machine's float noise, reproduced on this one: the BLAS kernels (OpenBLAS picks them per CPU) and
# numpy's SIMD loops (AVX-512 switched off) of another CPU change the last digits of the robust fits. Where the
# machine itself sets OPENBLAS_CORETYPE (older OpenBLAS builds need it on some processors), that is kept.
AVX512 := X86_V4 AVX512_ICL AVX512_SPR
ifneq ($(origin OPENBLAS_CORETYPE),undefined)
OTHER_CPU := NPY_DISABLE_CPU_FEATURES="$(AVX512)"
else ifeq ($(shell uname -m),x86_64)
OTHER_CPU := OPENBLAS_CORETYPE=Sandybridge NPY_DISABLE_CPU_FEATURES="$(AVX512)"
else
OTHER_CPU := OPENBLAS_CORETYPE=ARMV8
endif
OTHER_RUN := $(abspath build/test-other-cpu)

test-other-cpu: env data ## the notebook stage of make test as another CPU computes it (other BLAS kernels, no AVX-512)
	@status=0; colour=$$([ -t 1 ] && echo auto || echo no); echo '== as another CPU: $(OTHER_CPU)'; \
	$(call notebook_stage,$(OTHER_RUN),$(OTHER_CPU)); \
	echo; $(PY) -m analysis summary --check --run $(OTHER_RUN) --junit $(OTHER_RUN)/notebooks.xml || status=1; \
	exit $$status

test-browser: env data ## second tier: JupyterLab renders a notebook and leaves it unedited; the book opens offline (reuses make test's run)
	$(if $(wildcard $(TEST_RUN)/results),ANALYSIS_TEST_RUN=$(TEST_RUN)) \
	  $(PY) -m pytest -q -m browser tests/notebooks/test_lab.py tests/notebooks/test_report.py

PORT ?= 8888
IP ?= 127.0.0.1
LAB_UID ?= $(shell id -u)
lab: lab-guard env data ## start JupyterLab on the project environment (project kernel; make lab PORT=8899 IP=0.0.0.0; as root beyond loopback also LAB_REMOTE_ROOT=1)
	$(PY) -m analysis lab --port $(PORT) --ip $(IP)

# As root, a JupyterLab terminal is a root shell: listening beyond loopback needs LAB_REMOTE_ROOT=1 said out loud.
lab-guard:
	@if [ "$(LAB_UID)" = 0 ] && ! printf '%s' '$(IP)' | grep -Eq '^(127\.[0-9.]+|localhost|::1)$$' \
	  && [ "$(LAB_REMOTE_ROOT)" != 1 ]; then \
	  echo "make lab: refusing IP=$(IP) as root: every JupyterLab terminal would be a root shell for anyone who reaches port $(PORT) with the token. Use IP=127.0.0.1 with an SSH tunnel, run as an ordinary user, or set LAB_REMOTE_ROOT=1 to accept that (see docs/intake.md)." >&2; \
	  exit 1; fi

report: notebooks ## the offline book of the executed notebooks (Sphinx + MyST-NB): reports/book/index.html
	$(PY) -m analysis report

export: data ## write processed tables as CSV, Parquet and Stata .dta with datapackage.json into exports/
	$(PY) -m analysis export

bench: env ## time the data build, its steps on a 64x table, the main job and the tests; writes docs/benchmark.md
	$(PY) scripts/bench.py

clean: ## remove generated data and caches (keeps .venv)
	rm -rf data/processed build reports/figures reports/html reports/index.html reports/book exports .pytest_cache
