# The two commands the README opens with: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SEED    = examples/north-korea-troops.pl.txt

.PHONY: demo demo-web test browser install install-test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,spark]'
	touch $(VENV)/.installed $@

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[bench]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## demo: set up and code the seed article (published 2025-03-27), events as JSON Lines
demo: install
	$(BIN)/kronika code $(SEED) --published 2025-03-27 --doc-id north-korea-troops

## demo-web: store the seed article in demo.db and browse it at http://127.0.0.1:8484/ (Ctrl-C stops)
demo-web: install
	$(BIN)/kronika ingest $(SEED) --published 2025-03-27 --doc-id north-korea-troops --db demo.db -j 1
	$(BIN)/kronika serve --db demo.db --port 8484

## browser: Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser)
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	else echo "make browser: /usr/bin/chromium missing and not root: the browser tests will be skipped"; fi

## test: set up with test extras and run the whole suite
test: install-test browser
	$(BIN)/python -m pytest -q

## bench: coding speed on the SlavicNER news texts in ../shared/eval/ner (not a test): table, bench/results.json
bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench.run

lint: install-test
	$(BIN)/ruff check kronika tests

clean:
	rm -rf $(VENV) build *.egg-info
