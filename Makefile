# The two set-up commands of the README: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test install lock chromium bench golden clean

site: $(STAMP)
	$(BIN)/briefing build

test: $(STAMP) chromium
	$(BIN)/python -m pytest

install: $(STAMP)

# Installing consults nothing but the locks: every package pinned with its hash and installed with
# --no-deps, so nothing is resolved against the live index (a release made after the lock cannot
# change what installs). First the pinned installers (pip, setuptools, wheel), then everything else,
# then `pip check`, then the project itself in editable mode.
PIP := $(BIN)/python -m pip --disable-pip-version-check
$(STAMP): requirements.lock requirements-bootstrap.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --no-deps --require-hashes -r requirements-bootstrap.lock
	$(PIP) install --quiet --no-deps --require-hashes -r requirements.lock
	$(PIP) check
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Refresh both locks from pyproject.toml and requirements-bootstrap.in, with hashes. Versions already
# locked are kept unless they no longer fit: `make lock UPGRADE=--upgrade` takes the newest, and
# `make lock UPGRADE="--upgrade-package NAME"` one package. Resolved for the oldest Python 3.11 that
# pyproject.toml admits, on Linux x86_64. The lock tests then check the result (tests/test_lock.py).
UPGRADE ?=
LOCK_FOR := --python-version 3.11 --python-platform x86_64-manylinux_2_28 --generate-hashes --custom-compile-command "make lock"
lock: $(STAMP)
	$(BIN)/uv pip compile $(LOCK_FOR) $(UPGRADE) --quiet requirements-bootstrap.in -o requirements-bootstrap.lock
	$(BIN)/uv pip compile $(LOCK_FOR) $(UPGRADE) --quiet --extra test --extra dev --no-emit-package pip --no-emit-package wheel pyproject.toml -o requirements.lock
	$(MAKE) install
	$(BIN)/python -m pytest -q tests/test_lock.py

# Browser tests drive Debian's Chromium, never a downloaded browser.
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

bench: $(STAMP)
	$(BIN)/python -m bench

# Refresh the golden files after an intended change to the rendered pages; review the diff.
golden: $(STAMP)
	$(BIN)/python -m pytest tests/render/test_golden.py --update-golden

clean:
	rm -rf site .build
