# The two set-up commands of the README: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test install chromium bench golden clean

site: $(STAMP)
	$(BIN)/briefing build

test: $(STAMP) chromium
	$(BIN)/python -m pytest

install: $(STAMP)

# Everything pinned, with hashes; the project itself in editable mode.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Browser tests drive Debian's Chromium, never a downloaded browser.
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

bench: $(STAMP)
	$(BIN)/python -m bench

# Refresh the golden files after an intended change to the rendered pages; review the diff.
golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

clean:
	rm -rf site .build
