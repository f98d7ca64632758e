"""`briefing serve`: a running server regenerates after edits and the open page reloads (issue 8).

The server runs as a real process (`python -m generator.cli serve`) on a free port; every wait is
bounded, and the process is stopped by its id when the test ends.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest

from generator.commands.serve import changed_between, parse_address, written_by
from generator.commands.build import BuildReport
from generator.core.errors import UsageError

from tests.helpers import REPO, article, make_project

pytestmark = pytest.mark.slow

SEED = "2017-11-17-iraqi-forces-retake-last-isis-held-town"
START_TIMEOUT = 90  # the first regeneration summarises every article (spaCy) before the server starts
CHANGE_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(check: Callable[[], bool], timeout: float, what: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if server.poll() is not None:
            pytest.fail(f"the server stopped (exit {server.returncode}) while waiting for {what}:\n{server.log_path.read_text()}")
        time.sleep(0.3)
    pytest.fail(f"no {what} within {timeout} s:\n{server.log_path.read_text()}")


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[Path, str, subprocess.Popen]]:
    """A project with two seed articles, served by `briefing serve` on a free port."""
    files = {f"content/articles/{name}": (REPO / "content" / "articles" / name).read_text() for name in (
        f"{SEED}.md", "2017-11-04-islamic-state-group-suffered-in-syria-and-iraq-with-new-losses.md")}
    root = make_project(tmp_path / "p", files)
    base = f"http://127.0.0.1:{free_port()}"
    log = (tmp_path / "serve.log").open("w")  # a file, not a pipe: a full pipe would block the server
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", str(root), "--dev-addr", base.removeprefix("http://")],
        stdout=log, stderr=subprocess.STDOUT, text=True, cwd=root,
    )
    server.log_path = tmp_path / "serve.log"
    try:
        wait_for(lambda: fetch(f"{base}/articles/{SEED}/") is not None, START_TIMEOUT, "served article page", server)
        yield root, base, server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def edit_title(root: Path, new_title: str) -> None:
    path = root / "content" / "articles" / f"{SEED}.md"
    text = path.read_text()
    start = text.index("title:")
    end = text.index("\n", start)
    path.write_text(text[:start] + f"title: {json.dumps(new_title)}" + text[end:])


def test_an_edited_article_is_regenerated_and_served(served):
    root, base, server = served
    summary = root / "content" / "summaries" / f"{SEED}.md"
    other = root / "content" / "summaries" / "2017-11-04-islamic-state-group-suffered-in-syria-and-iraq-with-new-losses.md"
    other_before = other.stat().st_mtime_ns
    edit_title(root, "Rawa retaken: the last town held by the militants in Iraq")
    wait_for(lambda: "Rawa retaken: the last town held by the militants in Iraq" in (fetch(f"{base}/articles/{SEED}/") or ""),
             CHANGE_TIMEOUT, "regenerated article page", server)
    assert "Rawa retaken: the last town held by the militants in Iraq" in summary.read_text()
    assert other.stat().st_mtime_ns == other_before  # only the changed article was re-summarised
    assert "Rawa retaken" in (fetch(f"{base}/articles/") or "")


def test_a_new_article_and_a_template_change_show_up(served):
    root, base, server = served
    (root / "content" / "articles" / "2017-11-20-desert-cleared.md").write_text(
        article("Desert around Rawa cleared", "Iraqi forces said on Monday they had cleared the desert around Rawa.\n",
                published="2017-11-20", publisher="Test Wire"))
    wait_for(lambda: fetch(f"{base}/articles/2017-11-20-desert-cleared/") is not None, CHANGE_TIMEOUT, "new article page", server)
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "articles.md.j2").write_text("# Sources on file\n\n{% for a in b.articles %}\n- {{ a.article.title }}\n{% endfor %}\n")
    wait_for(lambda: "Sources on file" in (fetch(f"{base}/articles/") or ""), CHANGE_TIMEOUT, "page from the new template", server)


def test_a_broken_edit_is_reported_and_the_last_pages_stay(served):
    root, base, server = served
    path = root / "content" / "articles" / f"{SEED}.md"
    good = path.read_text()
    path.write_text(good.replace("title:", "title: [broken", 1))
    time.sleep(3)
    assert "Rawa" in (fetch(f"{base}/articles/{SEED}/") or "")
    path.write_text(good.replace("title:", "title: Fixed -", 1))
    wait_for(lambda: "Fixed -" in (fetch(f"{base}/articles/{SEED}/") or ""), CHANGE_TIMEOUT, "page after the fix", server)
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=20)
    output = server.log_path.read_text()
    assert f"error: content/articles/{SEED}.md:" in output
    assert "the pages were not updated; fix the problem and save again" in output


@pytest.mark.browser
def test_the_open_page_reloads_itself_after_an_edit(served, browser):
    root, base, server = served
    page = browser.new_page()
    try:
        page.goto(f"{base}/articles/{SEED}/")
        page.evaluate("window.__before_edit = true")  # gone once the page has reloaded
        edit_title(root, "Reloaded by itself")
        page.wait_for_function("() => !window.__before_edit && document.querySelector('h1').textContent.includes('Reloaded by itself')",
                               timeout=CHANGE_TIMEOUT * 1000)
        assert page.url == f"{base}/articles/{SEED}/"
    finally:
        page.close()


def test_dev_addr_must_be_host_and_port():
    assert parse_address("127.0.0.1:8000") == "127.0.0.1:8000"
    assert parse_address("localhost:9") == "localhost:9"
    for bad in ("8000", "localhost", "host:0", "host:99999", "a b:80"):
        with pytest.raises(UsageError) as caught:
            parse_address(bad)
        assert str(caught.value) == f"--dev-addr: expected HOST:PORT such as 127.0.0.1:8000, got {bad!r}"


def test_only_the_editors_changes_count_as_edits():
    before = {"content/articles/a.md": (1, 10), "content/summaries/a.md": (1, 5)}
    after = {"content/articles/a.md": (1, 10), "content/summaries/a.md": (2, 6), "content/articles/b.md": (3, 1)}
    assert changed_between(before, after) == ["content/articles/b.md", "content/summaries/a.md"]
    assert written_by(BuildReport(summarised=["a"], proposed=["c"])) == {
        "content/summaries/a.md", "content/summaries/c.proposed.md", "content/slugs.yml"}


def test_serve_outside_a_project_is_a_usage_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator.cli", "serve", str(tmp_path)], capture_output=True, text=True,
                            timeout=60, env=dict(os.environ))
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path}: not a briefing project (no mkdocs.yml); start one with `briefing init DIR`\n"
