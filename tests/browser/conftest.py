"""Browser fixtures: the built seed site served on localhost, driven by Debian's Chromium through Playwright.

Never a downloaded browser: `make test` installs Debian's `chromium` with apt where it is missing.
Every page a test opens records requests to other hosts and console errors, and the tests assert
there are none. Screenshots go to tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: F401 - the shared `browser` fixture is there too
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="session")
def site_url(seed_project) -> str:
    """The seed site served by a static file server thread, as any static host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(seed_project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@dataclass
class Watch:
    """What the pages of one test did that a reader must never see: other hosts contacted, console errors."""

    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def open_page(browser, site_url: str, watch: Watch, **context_options):
    """A new page in its own context, recording requests to other hosts and console errors into `watch`."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    local = urlsplit(site_url).netloc

    def on_request(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != local:
            watch.foreign_requests.append(request.url)

    page.on("request", on_request)
    page.on("console", lambda msg: watch.console_errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watch.console_errors.append(f"{page.url}: {exc}"))
    return page


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(browser, site_url, watch):
    """A desktop-sized page; at the end of the test, no foreign request and no console error may have happened."""
    page = open_page(browser, site_url, watch, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()
    assert not watch.foreign_requests, f"requests to other hosts: {watch.foreign_requests}"
    assert not watch.console_errors, f"console errors: {watch.console_errors}"


def screenshot(page, name: str, full_page: bool = False) -> Path:
    """Save a screenshot under tests/artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
