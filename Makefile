# The dataset, rebuilt from raw/ by `make`; tests by `make test`.
# Each stage's target is a real file, so `make` after no change does nothing.
# Variables (`make help` lists them; set any on the command line: make PDF=… OUT=…).
# No space before a description's "##": make would keep it at the end of the value.
PDF ?= raw/panorama-iae-regions-2014.pdf## the PDF to build from (the publisher's own file works too)
OUT ?= output## the output folder: tables, data package, report, workbook, review
PDF_DIR ?=## a folder of PDFs to build as one corpus into OUT instead of PDF
DOC := $(basename $(notdir $(PDF)))
INTERIM ?= interim/$(DOC)## where the stages keep their artefacts for PDF
PYTHON ?= $(shell command -v python3.11 || command -v python3)## the Python (3.11 to 3.13) that creates VENV
PYTHON_VERSION = $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
# A Python named on the command line gets a venv of its own: `make test PYTHON=python3.12` must not
# quietly reuse the 3.11 one.
ifeq ($(origin PYTHON),command line)
VENV ?= .venv-$(PYTHON_VERSION)
endif
VENV ?= .venv## the virtual environment (.venv; .venv-3.12 for make PYTHON=python3.12)
TEST_JOBS ?= 2## pytest-xdist workers for make test
PY := $(VENV)/bin/python
# `make` installs what the build needs; `make test` adds the test tools. Both pin every
# package to constraints.txt, so that the committed Parquet and workbook are rebuilt byte for byte.
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
PIP_INSTALL = $(PY) -m pip install --quiet --constraint constraints.txt
TABLES := measures amounts quantities measure_targets organisations measure_organisations region_groups region_group_members region_interventions outline regions findings
TABLE_FILES := $(foreach t,$(TABLES),$(OUT)/$(t).csv $(OUT)/$(t).parquet $(OUT)/csv-excel-fr/$(t).csv) $(OUT)/panorama-iae.xlsx $(OUT)/datapackage.json $(OUT)/validation/report.json $(OUT)/validation/report.md

VARIABLES := PDF OUT PDF_DIR INTERIM CORPUS PYTHON VENV TEST_JOBS

.DEFAULT_GOAL := all
.PHONY: all corpus corpus-check bench review help install install-test extract layout segment language tables validate dictionary test test-fast test-memory browser lint constraints clean check-raw

help: ## list the targets and the variables
	@echo "targets:"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'
	@echo "variables (make VAR=value; shown with their value now):"
	@$(foreach v,$(VARIABLES),printf "  %-10s %s\n  %-10s = %s\n" "$(v)" "$$(grep -E '^$(v) \?=.*## ' $(MAKEFILE_LIST) | sed 's/.*## //')" "" "$($(v))";)

all: $(if $(PDF_DIR),corpus,tables review) ## build the dataset and its review in $(OUT) from $(PDF) (or every PDF of $(PDF_DIR))

corpus: | $(INSTALLED) ## build every PDF of $(PDF_DIR) as one corpus in $(OUT), in parallel
	$(PY) -m pipeline run $(PDF_DIR) --out $(OUT)

CORPUS ?= tests/data/real-world## the folder corpus-check runs (with its expected.csv when there is one)
corpus-check: | $(INSTALLED) ## run every PDF of $(CORPUS) as a user would: exit, time, peak memory, stderr per file
	$(PY) -m pipeline corpus-check $(CORPUS) $(if $(wildcard $(CORPUS)/expected.csv),--expect $(CORPUS)/expected.csv)

bench: | $(TEST_INSTALLED) ## time the build against its floor, a no-change make, 10x scaling, peak memory
	$(PY) bench/bench.py

install: $(INSTALLED) ## create $(VENV) and install the project with what the build needs

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PIP_INSTALL) -e .
	touch $@

install-test: $(TEST_INSTALLED) ## add the test tools (pytest, reportlab, Playwright, frictionless, DuckDB …)

$(TEST_INSTALLED): $(INSTALLED)
	$(PIP_INSTALL) -e '.[test]'
	touch $@

constraints: | $(TEST_INSTALLED) ## re-pin constraints.txt to what $(VENV) holds (after changing pyproject.toml)
	$(PY) -m pip freeze --exclude-editable | grep -v '^#' > constraints.new && { sed -n '1,4p' constraints.txt; cat constraints.new; } > constraints.tmp && mv constraints.tmp constraints.txt && rm constraints.new

# The stage rules (targets, prerequisites, commands) are generated from the stage registry,
# pipeline/stages.py: each stage depends on every module its code imports, found by reading
# the imports, so a module can never be missing from its rule. Any Python reads it.
STAGE_RULES ?= .make/stages.mk
include $(STAGE_RULES)

STAGE_SOURCES ?= $(wildcard pipeline/*.py pipeline/*/*.py schemas/*.py)
$(STAGE_RULES): $(STAGE_SOURCES)
	@mkdir -p $(dir $@)
	$(PYTHON) -m pipeline.stages makefile > $@.tmp && mv $@.tmp $@

extract: $(INTERIM)/words.jsonl ## parse the PDF once: words, shapes, pages

layout: $(INTERIM)/lines.jsonl ## lines in reading order, their blocks (blocks.json) and the full text

segment: $(INTERIM)/segments.json ## outline, regional boxes and axis summaries

language: $(INTERIM)/amounts.jsonl ## spaCy once: amounts, quantities, region groups, targets, organisations

tables: $(OUT)/measures.csv ## validated tables as CSV and Parquet in $(OUT)

review: $(OUT)/review/index.html ## HTML review: every figure outlined on a crop of its page

validate: $(INTERIM)/segments.json ## re-run validation alone on $(OUT); rewrite its report
	$(PY) -m pipeline validate --interim $(INTERIM) --out $(OUT)

dictionary: | $(INSTALLED) ## regenerate the README's data dictionary from schemas/
	$(PY) -m pipeline dictionary

check-raw: ## verify raw/ against raw/SHA256SUMS
	cd raw && sha256sum --check --quiet SHA256SUMS

# Without a browser the rest of the suite still runs (hence "-"); the browser tests say what is missing.
browser: | $(TEST_INSTALLED) ## find a Chrome/Chromium for the browser tests, else install Playwright's (no root needed)
	-$(PY) tests/browser.py

lint: $(TEST_INSTALLED) ## ruff, mypy and the import rule
	$(PY) -m ruff check pipeline schemas tests bench
	$(PY) -m mypy
	$(PY) -m pipeline.stages check-imports

test: $(TEST_INSTALLED) browser lint ## run the test suite in parallel (pytest-xdist), all but the 5-minute memory run
	$(PY) -m pytest -n $(TEST_JOBS) -m "not memory"

test-memory: $(TEST_INSTALLED) ## peak memory of a whole run on a generated 1 000-page report (about 5 minutes; CI runs it)
	$(PY) -m pytest -n 0 -m memory

test-fast: $(TEST_INSTALLED) ## the inner loop: every test that needs no full build, rendering nor corpus run (about 20 s)
	HYPOTHESIS_PROFILE=inner-loop $(PY) -m pytest -n $(TEST_JOBS) -m "not slow and not memory"

clean: ## remove interim artefacts and the renderings kept for the tests (output/ is kept: it is committed)
	rm -rf interim .cache .make
