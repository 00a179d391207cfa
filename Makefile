# One virtualenv per checkout; every target creates it and installs pinned dependencies first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: setup site serve test lint typecheck bench clean export

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

# The site builder: mkdocs (mkdocs-material, runs the casebook plugin) or zensical (reads the
# casebook-site.yml that `casebook build` writes). Both build the same generated docs/.
BUILDER ?= mkdocs

## site: set up, generate the pages and build the whole site into site/ (BUILDER=zensical too)
site: $(STAMP)
ifeq ($(BUILDER),zensical)
	$(BIN)/casebook build --strict
	$(BIN)/zensical build --strict --clean -f casebook-site.yml
else ifeq ($(BUILDER),mkdocs)
	$(BIN)/mkdocs build --strict
else
	$(error BUILDER must be mkdocs or zensical, not '$(BUILDER)')
endif
	$(BIN)/casebook finish site
	$(BIN)/python -m generator.site.linkcheck site

## serve: live preview on http://127.0.0.1:8000 (editing case_studies/ or templates/ rebuilds)
serve: $(STAMP)
ifeq ($(BUILDER),zensical)
	$(BIN)/casebook build
	$(BIN)/casebook watch & $(BIN)/zensical serve -f casebook-site.yml; kill $$! 2>/dev/null
else
	$(BIN)/mkdocs serve --livereload
endif

## test: set up and run every test, lint and type check
test: $(STAMP) lint typecheck
	scripts/export-deps.sh
	$(BIN)/pytest

## export: the casebook to take away, in $(DIST)/: casebook.pdf and one PDF per case study,
## casebook.epub, casebook.apkg (Anki) and cheat-sheet.pdf. Reproducible: dated by the last commit.
DIST ?= dist
export: $(STAMP)
	scripts/export-deps.sh
	export SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)}; \
	$(BIN)/casebook pdf -o $(DIST) && \
	$(BIN)/casebook epub -o $(DIST) && \
	$(BIN)/casebook anki -o $(DIST) && \
	$(BIN)/casebook cheatsheet -o $(DIST)

## bench: generator and site build at 1,000 and 5,000 case studies (BENCH_SIZES="100" for a quick run),
## then edit to preview in mkdocs serve on the bundled catalogue and at PREVIEW_SIZES
BENCH_SIZES ?= 1000 5000
PREVIEW_SIZES ?= 300 1000
bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES)
	$(BIN)/python bench/preview.py --bundled
	for n in $(PREVIEW_SIZES); do $(BIN)/python bench/preview.py --size $$n || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) *.egg-info site dist casebook-site.yml docs/case-studies docs/concepts docs/checklists docs/reference
