"""`briefing serve`: the pages regenerated on every change, served by the site builder's live-reload server.

Two processes. This one watches mkdocs.yml, content/ and templates/ (watchdog) and re-runs the
generator's stages into docs_dir (`build.generate`): the spaCy model stays loaded and the summary
cache re-summarises only the articles that changed. The site builder's own server (`mkdocs serve`,
run as a separate process like `briefing build` runs it) watches docs_dir, rebuilds, and tells the
open pages to reload. Only files whose text changed are rewritten into docs_dir, so a save that
changes nothing on the site does not reload the browser.

Live reload depends on MkDocs' `--livereload` flag being on by default, which some click releases
broke (click 8.2.2 turned it off); with the pinned click 8.5.1 it is on, and
tests/test_serve.py checks in Chromium that an open page reloads after an edit.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Optional

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.commands.build import BuildReport, generate_if_changed, project_lock, written_by
from generator.core.config import Project, load_project
from generator.core.errors import BriefingError, BuildError, UsageError
from generator.core import progress

# An editor's "save all", a git checkout or `briefing add` of a folder arrives as a burst of events:
# wait until the folder has been quiet this long, then regenerate once.
QUIET_SECONDS = 0.3
# How often the loop checks that the site builder's server is still running.
POLL_SECONDS = 0.5
ADDRESS = re.compile(r"^(?P<host>[^\s:]+|\[[0-9A-Fa-f:]+\]):(?P<port>\d{1,5})$")

Log = Callable[[str, bool], None]  # (message, is_error)
Snapshot = dict[str, Optional[tuple[int, int]]]  # None: the file did not exist


def parse_address(address: str) -> str:
    """Check `HOST:PORT` (the site builder's --dev-addr); UsageError otherwise."""
    match = ADDRESS.match(address)
    if not match or not 0 < int(match["port"]) < 65536:
        raise UsageError(f"--dev-addr: expected HOST:PORT such as 127.0.0.1:8000, got {address!r}")
    return address


def server_command(project: Project, address: str, open_browser: bool) -> list[str]:
    """The site builder's live-reload server, serving docs_dir at `address`."""
    if project.builder == "zensical":
        command = [sys.executable, "-m", "zensical", "serve", "--config-file", str(project.config_file), "--dev-addr", address]
    else:
        command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(project.config_file), "--dev-addr", address, "--livereload"]
    if open_browser:
        command.append("--open")
    return command


def watched_files(project: Project) -> Snapshot:
    """(mtime, size) of every input of the site: mkdocs.yml, content/ and templates/ (dot files aside)."""
    found: Snapshot = {}
    candidates = [project.config_file]
    for folder in (project.root / "content", project.templates_dir):
        if folder.is_dir():
            candidates += [p for p in folder.rglob("*") if not any(part.startswith(".") for part in p.relative_to(folder).parts)]
    for path in candidates:
        try:
            stat = path.stat()
        except OSError:
            continue  # deleted while we looked: the next snapshot shows it gone
        if path.is_file():
            found[path.relative_to(project.root).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed_between(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, removed or modified, sorted."""
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


class Wakeup(FileSystemEventHandler):
    """Sets an event on any file system change; the serve loop then compares snapshots."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:  # noqa: D102 - watchdog hook
        if event.event_type not in ("opened", "closed_no_write"):
            self.event.set()


class Watcher:
    """watchdog on the project root (mkdocs.yml), content/ and templates/, added as they appear."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.wakeup = Wakeup()
        self.observer = Observer()
        self.scheduled: set[Path] = set()

    def start(self) -> None:
        """Begin watching."""
        self.observer.schedule(self.wakeup, str(self.project.root), recursive=False)
        self.refresh()
        self.observer.start()

    def refresh(self) -> None:
        """Watch content/ and templates/ once they exist (init makes them; an editor may add templates/ later)."""
        for folder in (self.project.root / "content", self.project.templates_dir):
            if folder.is_dir() and folder not in self.scheduled:
                self.observer.schedule(self.wakeup, str(folder), recursive=True)
                self.scheduled.add(folder)

    def wait(self, timeout: float) -> bool:
        """True when something changed within `timeout` seconds, after the burst has settled."""
        if not self.wakeup.event.wait(timeout):
            return False
        while True:
            self.wakeup.event.clear()
            if not self.wakeup.event.wait(QUIET_SECONDS):
                return True

    def stop(self) -> None:
        """Stop watching."""
        self.observer.stop()
        self.observer.join(timeout=5)


class Regenerator:
    """Runs the generator stages into docs_dir and remembers what the inputs looked like then."""

    def __init__(self, project: Project, log: Log, show_progress: bool) -> None:
        self.project, self.log, self.show_progress = project, log, show_progress
        self.baseline: Snapshot = {}

    def needed(self) -> list[str]:
        """The inputs changed since the last run (empty: nothing to do)."""
        return changed_between(self.baseline, watched_files(self.project))

    def run(self) -> bool:
        """Regenerate once; problems are printed and the last good pages stay served. False: run again."""
        before = watched_files(self.project)
        started = time.monotonic()
        try:
            self.project = load_project(self.project.root)  # mkdocs.yml may have changed (site name, theme)
            # A display per run: between runs the terminal belongs to the server's messages.
            with project_lock(self.project), progress.display(self.show_progress) as show:
                report = generate_if_changed(self.project, show)
        except BriefingError as exc:
            for line in exc.lines():
                self.log(f"error: {line}", True)
            self.log("the pages were not updated; fix the problem and save again", True)
            self.baseline = before
            return True
        after = watched_files(self.project)
        ours = written_by(report)
        for problem in report.warnings:
            self.log(str(problem), True)
        self.log(f"regenerated {report.pages} pages from {report.articles} articles "
                 f"({len(report.summarised)} summarised) in {time.monotonic() - started:.1f} s", False)
        edited_meanwhile = [name for name in changed_between(before, after) if name not in ours]
        # A file the editor saved while we ran may have been read before the save: keep it pending.
        self.baseline = {**after, **{name: before.get(name) for name in edited_meanwhile}}
        return not edited_meanwhile


def serve(root: Path, address: str, open_browser: bool = False, log: Optional[Log] = None,
          show_progress: bool = False) -> None:
    """Generate, start the live-reload server, regenerate on every change; returns on Ctrl-C or SIGTERM."""
    project = load_project(root)
    address = parse_address(address)
    log = log or (lambda message, error: None)
    regenerator = Regenerator(project, log, show_progress)
    while not regenerator.run():
        pass
    project.docs_dir.mkdir(parents=True, exist_ok=True)
    watcher = Watcher(project)
    watcher.start()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    try:
        server = subprocess.Popen(server_command(project, address, open_browser), cwd=project.root, env=env)
    except OSError as exc:
        watcher.stop()
        raise BuildError(f"cannot start the site builder's server: {exc}") from None
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        watch_loop(regenerator, watcher, server)
    except KeyboardInterrupt:
        log("stopping", False)
    finally:
        signal.signal(signal.SIGTERM, previous)
        watcher.stop()
        _stop(server)


def watch_loop(regenerator: Regenerator, watcher: Watcher, server: subprocess.Popen) -> None:
    """Regenerate after each settled burst of changes while the server runs."""
    while True:
        if server.poll() is not None:
            raise BuildError(f"the site builder's server stopped (exit status {server.returncode}); see its messages above")
        if not watcher.wait(POLL_SECONDS):
            continue
        watcher.refresh()
        changed = regenerator.needed()
        while changed:
            shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
            regenerator.log(f"changed: {shown}", False)
            changed = [] if regenerator.run() else regenerator.needed()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _stop(server: subprocess.Popen) -> None:
    """End the server process we started (it has the same Ctrl-C; this covers SIGTERM and errors)."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

