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

# byte-compiled on every install, as pip does for a wheel: where PYTHONDONTWRITEBYTECODE is set, an
# editable install would otherwise compile every changed module on every run (0.13 s of a one-record
# lint when none is compiled); compileall skips what is up to date
install: $(BIN)/curate
	@$(BIN)/python -m compileall -q curate linter rules schemas

demo: install
	@echo "== curate lint examples/"
	@# exit 1 means "problems found", which is the point of the demo; anything else is a failure
	$(BIN)/curate lint --no-cache --format full examples || [ $$? -eq 1 ]
	@echo "== curate fix --dry-run examples/"
	$(BIN)/curate fix --dry-run --no-cache examples || [ $$? -eq 1 ]

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .curate_cache .pytest_cache build *.egg-info
