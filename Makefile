# `make dashboard` and `make test` are the whole set-up: each creates .venv when
# it is missing and installs the pinned requirements into it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: test dashboard bench score

# Each step says what it installs before pip starts (a first run takes a minute or
# two, quietly).
$(BIN)/python:
	@echo "Creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	@echo "Updating pip in $(VENV)"
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	@echo "Installing what the tracker needs to run (requirements.txt: streamlit, pandas, ...) into $(VENV); a minute or two the first time"
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements-dev.txt $(VENV)/.run-deps
	@echo "Installing the test tools (requirements-dev.txt: pytest, hypothesis, playwright, ruff) into $(VENV)"
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

$(VENV)/.bench-deps: requirements-bench.txt $(VENV)/.run-deps
	@echo "Installing the benchmarks' peer (requirements-bench.txt: quantulum3) into $(VENV)"
	$(BIN)/pip install -q -r requirements-bench.txt
	touch $@

test: $(VENV)/.test-deps
	$(BIN)/python -m pytest

# Fills the store (data/tracker.db, or $$TRACKER_DB) only when it is empty: the
# seed article of seeds/, and the starting set of reviewed records of
# data/starting/ (data/starting/README.md). Then serves the dashboard on
# http://localhost:$(PORT), offline: map outlines come from static/
# (.streamlit/config.toml), and a named address keeps Streamlit from looking up
# this machine's public one. ADDRESS=0.0.0.0 to share.
PORT ?= 8501
ADDRESS ?= localhost
dashboard: $(VENV)/.run-deps
	$(BIN)/python -m tracker ingest --if-empty seeds/ --import data/starting/
	$(BIN)/python -m streamlit run dashboard.py --server.port $(PORT) --server.address $(ADDRESS)

bench: $(VENV)/.bench-deps
	$(BIN)/python benchmarks/extract_bench.py
	$(BIN)/python benchmarks/store_bench.py
	$(BIN)/python benchmarks/dashboard_bench.py

# The extractor against the gold records of the corpus and the seeds; another set:
# make score CASES=tests/fixtures/heldout3
CASES ?=
score: $(VENV)/.run-deps
	$(BIN)/python tools/score.py -v $(foreach c,$(CASES),--cases $(c))
