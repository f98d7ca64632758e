"""`briefing serve`: the site rebuilt on every change and served with live reload.

This process watches mkdocs.yml, content/ and templates/ (watchdog) and re-runs the generator's
stages into docs_dir (`build.generate_if_changed`): the spaCy model stays loaded and the summary
cache re-summarises only the articles that changed. With MkDocs, the site is then built as
`briefing build` builds it, incrementally (only the pages whose Markdown changed are rendered, the
rest taken from the previous site/, `sitebuild/incremental.py`), and served from site/ by MkDocs'
own live-reload server running in a thread of this process, which tells the open pages to reload
once the new site is in place. A save that changes nothing on the site does not reload the browser.
`mkdocs serve` would rebuild every page on every save (46 s at 400 reports).

With Zensical, its own server (`zensical serve`, a separate process) watches docs_dir and rebuilds.
Live reload there depends on its server; MkDocs' is tested in Chromium (tests/commands/test_serve.py).
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

from generator import sitebuild
from generator.commands.build import BuildReport, generate_if_changed, project_lock, written_by
from generator.sitebuild import stamp as sitestamp
from generator.core.config import Project, load_project
from generator.core.errors import BriefingError, BuildError, UsageError, machine_faults
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

    def __init__(self, project: Project, log: Log, show_progress: bool, build_site: bool = False) -> None:
        self.project, self.log, self.show_progress = project, log, show_progress
        self.build_site = build_site  # also build site/ (incrementally) after generating
        self.baseline: Snapshot = {}
        self.site_changed = False  # whether the last run put a new site/ in place
        self.builder_output: list[str] = []  # the site builder's warnings in the last run

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
            with project_lock(self.project), progress.display(self.show_progress) as show, machine_faults(self.project.root):
                report = generate_if_changed(self.project, show)  # a full disk is one line too, and serving goes on
                self.site_changed = self.build_site and self._site()
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
        for line in self.builder_output:
            self.log(line, True)
        edited_meanwhile = [name for name in changed_between(before, after) if name not in ours]
        # A file the editor saved while we ran may have been read before the save: keep it pending.
        self.baseline = {**after, **{name: before.get(name) for name in edited_meanwhile}}
        return not edited_meanwhile


    def _site(self) -> bool:
        """Build site/ as `briefing build` does (not strict: a preview shows what it can); True when it changed."""
        self.builder_output = []
        sitebuild.preflight(self.project)
        sitebuild.recover(self.project.site_dir)
        if sitestamp.up_to_date(self.project, strict=False):
            return False
        sitestamp.forget(self.project)
        self.builder_output = sitebuild.build_site(self.project, strict=False)
        sitestamp.record(self.project, strict=False)
        return True


class LiveSite:
    """MkDocs' live-reload server on site/, in a thread of this process; `reload()` tells the open pages."""

    def __init__(self, project: Project, address: str, open_browser: bool) -> None:
        from mkdocs.livereload import LiveReloadServer

        host, port = address.rsplit(":", 1)
        self.site = project.site_dir
        # The server reloads the browsers after a change under a watched path: this folder, touched by reload().
        self.signal = project.work_dir / "serve-reload"
        self.signal.mkdir(parents=True, exist_ok=True)
        self.server = LiveReloadServer(builder=lambda: None, host=host.strip("[]"), port=int(port), root=str(self.site))
        self.server.error_handler = self._error_page
        self.server.watch(str(self.signal))
        self.url = self.server.url
        self.failure: Optional[BaseException] = None
        self.thread = threading.Thread(target=self._run, args=(open_browser,), daemon=True)

    def _run(self, open_browser: bool) -> None:
        try:
            self.server.serve(open_in_browser=open_browser)
        except BaseException as exc:  # noqa: BLE001 - reported by the serve loop
            self.failure = exc

    def _error_page(self, code: int) -> Optional[bytes]:
        if code == 404:
            try:
                return (self.site / "404.html").read_bytes()
            except OSError:
                return None
        return None

    def start(self, timeout: float = 10) -> None:
        """Serve; BuildError when the address cannot be bound."""
        self.thread.start()
        deadline = time.monotonic() + timeout
        while self.failure is None and time.monotonic() < deadline:
            if getattr(self.server, "socket", None) is not None and self.server.serve_thread.is_alive():
                return
            time.sleep(0.05)
        if self.failure is not None:
            raise BuildError(f"cannot start the server on {self.url}: {self.failure}")

    def alive(self) -> bool:
        return self.thread.is_alive() and self.failure is None

    def reload(self) -> None:
        (self.signal / "site").write_text(str(time.time_ns()), encoding="utf-8")

    def stop(self) -> None:
        self.server.shutdown(wait=True)


def serve(root: Path, address: str, open_browser: bool = False, log: Optional[Log] = None,
          show_progress: bool = False) -> None:
    """Generate, start the live-reload server, regenerate on every change; returns on Ctrl-C or SIGTERM."""
    project = load_project(root)
    address = parse_address(address)
    log = log or (lambda message, error: None)
    if project.builder != "zensical":
        serve_site(project, address, open_browser, log, show_progress)
        return
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


def serve_site(project: Project, address: str, open_browser: bool, log: Log, show_progress: bool) -> None:
    """MkDocs: regenerate and rebuild site/ incrementally on every change, served with live reload."""
    regenerator = Regenerator(project, log, show_progress, build_site=True)
    while not regenerator.run():
        pass
    if not (project.site_dir / "index.html").is_file():
        raise BuildError("the first build failed (see above): nothing to serve; fix the problem and run `briefing serve` again")
    watcher = Watcher(project)
    watcher.start()
    live = LiveSite(project, address, open_browser)
    try:
        live.start()
    except BuildError:
        watcher.stop()
        raise
    log(f"serving on {live.url}", False)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        while True:
            if not live.alive():
                raise BuildError(f"the server stopped: {live.failure}")
            if not watcher.wait(POLL_SECONDS):
                continue
            watcher.refresh()
            changed = regenerator.needed()
            while changed:
                shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
                regenerator.log(f"changed: {shown}", False)
                stable = regenerator.run()
                if regenerator.site_changed:
                    live.reload()
                changed = [] if stable else regenerator.needed()
    except KeyboardInterrupt:
        log("stopping", False)
    finally:
        signal.signal(signal.SIGTERM, previous)
        watcher.stop()
        live.stop()


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

