# The two quick-start commands: `make run` and `make test`. Each makes its own virtual environment.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/coach

test: $(STAMP)
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check coach tests
	$(BIN)/mypy
	# the core layers strictly typed (no Any leaks, no untyped defs, no unused ignores)
	$(BIN)/mypy --strict coach/domain coach/storage

bench: $(STAMP)
	$(BIN)/python tests/benchmark.py

clean:
	rm -rf $(VENV)
