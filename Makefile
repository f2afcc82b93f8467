# Everything a fresh machine (Python 3.11, pip, git, make) needs: `make demo`, `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SAMPLE ?= ../shared/corpus/pfocr-sample

.PHONY: demo test install bench clean

$(BIN)/curate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/curate

demo: install
	@echo "== curate lint examples/"
	-$(BIN)/curate lint --no-cache --format full examples
	@echo "== curate fix --dry-run examples/"
	-$(BIN)/curate fix --dry-run --no-cache examples

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .curate_cache .pytest_cache build *.egg-info
