# The two commands the README opens with: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SEED    = examples/north-korea-troops.pl.txt

.PHONY: demo test install install-test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## demo: set up and code the seed article (published 2025-03-27), events as JSON Lines
demo: install
	$(BIN)/kronika code $(SEED) --published 2025-03-27 --doc-id north-korea-troops

## test: set up with test extras and run the whole suite
test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check kronika tests

clean:
	rm -rf $(VENV) build *.egg-info
