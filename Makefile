# The dataset, rebuilt from raw/ by `make`; tests by `make test`.
# Each stage's target is a real file, so `make` after no change does nothing.
PDF ?= raw/panorama-iae-regions-2014.pdf
OUT ?= output
DOC := $(basename $(notdir $(PDF)))
INTERIM ?= interim/$(DOC)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
TABLE_FILES := $(foreach t,measures amounts quantities measure_targets organisations measure_organisations region_groups region_group_members region_interventions outline regions,$(OUT)/$(t).csv $(OUT)/$(t).parquet) $(OUT)/datapackage.json $(OUT)/validation/report.json $(OUT)/validation/report.md

.DEFAULT_GOAL := all
.PHONY: all corpus corpus-check bench review help install extract layout segment language tables validate dictionary test clean check-raw

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

all: $(if $(PDF_DIR),corpus,tables review) ## build the dataset and its review in $(OUT) from $(PDF) (or every PDF of $(PDF_DIR))

corpus: | $(INSTALLED) ## build every PDF of $(PDF_DIR) as one corpus in $(OUT), in parallel
	$(PY) -m pipeline run $(PDF_DIR) --out $(OUT)

CORPUS ?= tests/data/real-world
corpus-check: | $(INSTALLED) ## run every PDF of $(CORPUS) as a user would: exit, time, peak memory, stderr per file
	$(PY) -m pipeline corpus-check $(CORPUS) $(if $(wildcard $(CORPUS)/expected.csv),--expect $(CORPUS)/expected.csv)

bench: | $(INSTALLED) ## time the build against its floor, a no-change make, 10x scaling, peak memory
	$(PY) bench/bench.py

install: $(INSTALLED) ## create .venv and install the project with its dependencies

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

extract: $(INTERIM)/words.jsonl ## parse the PDF once: words, shapes, pages

$(INTERIM)/words.jsonl: $(PDF) pipeline/extract.py pipeline/fonts.py | $(INSTALLED)
	$(PY) -m pipeline extract $(PDF) --interim $(INTERIM)

layout: $(INTERIM)/lines.jsonl ## lines in reading order, their blocks (blocks.json) and the full text

$(INTERIM)/lines.jsonl $(INTERIM)/blocks.json &: $(INTERIM)/words.jsonl pipeline/layout.py pipeline/drawing.py pipeline/styled.py pipeline/continuation.py pipeline/blocks.py pipeline/geometry.py pipeline/settings.py pipeline/text.py
	$(PY) -m pipeline layout --interim $(INTERIM)

segment: $(INTERIM)/segments.json ## outline, regional boxes and axis summaries

$(INTERIM)/segments.json: $(INTERIM)/lines.jsonl $(INTERIM)/blocks.json pipeline/segment.py pipeline/outline.py pipeline/summaries.py pipeline/passages.py pipeline/regions.py pipeline/text.py schemas/regions_2014.csv
	$(PY) -m pipeline segment --interim $(INTERIM)

language: $(INTERIM)/amounts.jsonl ## spaCy once: amounts, quantities, region groups, targets, organisations

LANGUAGE_FILES := $(foreach f,amounts.jsonl groups.jsonl mentions.json quantities.jsonl numbers.jsonl targets.jsonl organisations.jsonl,$(INTERIM)/$(f))

$(LANGUAGE_FILES) &: $(INTERIM)/segments.json $(INTERIM)/blocks.json pipeline/language.py pipeline/amounts.py pipeline/groups.py pipeline/figures.py pipeline/meaning.py pipeline/passages.py pipeline/nlp.py pipeline/quantities.py pipeline/targets.py pipeline/organisations.py schemas/organisations_iae.csv schemas/iae_terms.csv
	$(PY) -m pipeline language --interim $(INTERIM)

tables: $(OUT)/measures.csv ## validated tables as CSV and Parquet in $(OUT)

$(TABLE_FILES) &: $(INTERIM)/segments.json $(INTERIM)/blocks.json $(INTERIM)/words.jsonl $(LANGUAGE_FILES) pipeline/tables.py pipeline/validate.py pipeline/datapackage.py schemas/tables.py schemas/regions_2014.csv
	$(PY) -m pipeline tables --interim $(INTERIM) --out $(OUT)

review: $(OUT)/review/index.html ## HTML review: every figure outlined on a crop of its page

$(OUT)/review/index.html: $(TABLE_FILES) $(INTERIM)/blocks.json pipeline/review.py
	$(PY) -m pipeline review $(PDF) --interim $(INTERIM) --out $(OUT)

validate: $(INTERIM)/segments.json ## re-run validation alone on $(OUT); rewrite its report
	$(PY) -m pipeline validate --interim $(INTERIM) --out $(OUT)

dictionary: | $(INSTALLED) ## regenerate the README's data dictionary from schemas/
	$(PY) -m pipeline dictionary

check-raw: ## verify raw/ against raw/SHA256SUMS
	cd raw && sha256sum --check --quiet SHA256SUMS

CHROMIUM ?= /usr/bin/chromium

$(CHROMIUM):
	@echo "installing Debian's chromium for the review test (root and apt-get needed)"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

test: $(INSTALLED) $(CHROMIUM) ## run the test suite (installs Debian's chromium if missing)
	$(PY) -m pytest

clean: ## remove interim artefacts (output/ is kept: it is committed)
	rm -rf interim
