"""Promise 2: nothing is lost. Killed and failed builds, edited summaries, concurrent builds, unwritable output."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from generator import sitebuild
from generator.commands.build import build
from generator.core.config import load_project

from tests.helpers import make_project

BRIEFING = str(Path(sys.executable).parent / "briefing")
RAWA = "---\ntitle: Rawa retaken\npublished: 2017-11-17\n---\nIraqi forces retook Rawa on Friday, Prime Minister Haider al-Abadi said.\n\nThe town was the last one held by the group in Iraq.\n"
QAIM = "---\ntitle: Qaim retaken\npublished: 2017-11-03\n---\nIraqi forces retook Qaim on Friday, officials in Baghdad said.\n\nThe border town fell after a two-week push.\n"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under a folder and a hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the direct children of a process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                found.append((int(entry.name), (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()))
        except (OSError, IndexError, ValueError):
            continue
    return found


def start_build(root: Path) -> subprocess.Popen:
    return subprocess.Popen([BRIEFING, "build", str(root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_for_site_builder(proc: subprocess.Popen, timeout: float = 240) -> None:
    """Until the build has started the site builder (mkdocs) as a child process."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any("mkdocs" in cmd for _, cmd in children(proc.pid)):
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    raise AssertionError("the site builder never started")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project with a complete site, built once; tests copy it."""
    root = make_project(tmp_path_factory.mktemp("built"), {"content/articles/rawa.md": RAWA, "content/articles/qaim.md": QAIM})
    build(root)
    return root


def copy_of(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    return root


@pytest.mark.slow
def test_a_build_killed_while_the_site_builder_runs_leaves_the_previous_site(built, tmp_path):
    root = copy_of(built, tmp_path)
    before = snapshot(root / "site")
    (root / "content/articles/rawa.md").write_text(RAWA.replace("last one", "final one"))
    proc = start_build(root)
    wait_for_site_builder(proc)
    time.sleep(0.3)  # well into writing the staging site
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert snapshot(root / "site") == before
    # and the next build completes and replaces it
    assert subprocess.run([BRIEFING, "build", str(root)], capture_output=True, timeout=300).returncode == 0
    assert "final one" in (root / "site/articles/rawa/index.html").read_text()
    assert not (root / ".build/site-staging").exists()


@pytest.mark.slow
def test_a_build_killed_while_summarising_leaves_the_site_and_the_summaries_whole(built, tmp_path):
    root = copy_of(built, tmp_path)
    before, summaries_before = snapshot(root / "site"), snapshot(root / "content/summaries")
    (root / "content/articles/qaim.md").write_text(QAIM.replace("two-week", "three-week"))
    proc = start_build(root)
    time.sleep(1.0)  # importing and running the NLP: long before the site builder starts
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert snapshot(root / "site") == before
    after = snapshot(root / "content/summaries")
    assert set(after) == set(summaries_before)  # each summary whole: old or new, never a temporary half
    for name in after:
        assert (root / "content/summaries" / name).read_text().startswith("---\nid: ")


@pytest.mark.slow
def test_a_failing_site_builder_leaves_the_previous_site(built, tmp_path):
    root = copy_of(built, tmp_path)
    before = snapshot(root / "site")
    (root / "templates").mkdir()
    (root / "templates/home.md.j2").write_text("# Home\n\nSee [the missing page](missing.md).\n")
    result = subprocess.run([BRIEFING, "build", str(root)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    failed = lines.index("error: the site builder (mkdocs) failed; site/ was left as it was:")
    assert any("missing.md" in line for line in lines[failed + 1:])
    assert snapshot(root / "site") == before


@pytest.mark.slow
def test_edited_and_reviewed_summaries_are_never_overwritten(built, tmp_path):
    root = copy_of(built, tmp_path)
    summaries = root / "content/summaries"
    edited = summaries / "rawa.md"
    edited.write_text(edited.read_text().replace("Iraqi forces retook Rawa on Friday", "Iraqi troops retook Rawa on Friday"))
    reviewed = summaries / "qaim.md"
    reviewed.write_text(reviewed.read_text().replace("status: machine", "status: reviewed"))
    edited_bytes, reviewed_bytes = edited.read_bytes(), reviewed.read_bytes()
    (root / "content/articles/rawa.md").write_text(RAWA + "\nA third paragraph arrived later.\n")
    (root / "content/articles/qaim.md").write_text(QAIM.replace("two-week", "three-week"))
    result = subprocess.run([BRIEFING, "build", str(root)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert edited.read_bytes() == edited_bytes and reviewed.read_bytes() == reviewed_bytes
    assert (summaries / "rawa.proposed.md").is_file() and (summaries / "qaim.proposed.md").is_file()
    assert ("content/summaries/qaim.md: warning: its article changed since it was edited; the machine's new summary is in qaim.proposed.md"
            in result.stderr.splitlines())
    assert "Iraqi troops retook Rawa" in (root / "site/articles/rawa/index.html").read_text()


@pytest.mark.slow
def test_a_second_build_at_the_same_time_is_refused_with_a_clear_message(built, tmp_path):
    root = copy_of(built, tmp_path)
    (root / "content/articles/rawa.md").write_text(RAWA.replace("last one", "final one"))
    first = start_build(root)
    try:
        wait_for_site_builder(first)
        os.killpg(first.pid, signal.SIGSTOP)  # hold the first build mid-way, whatever the machine's speed
        second = subprocess.run([BRIEFING, "build", str(root)], capture_output=True, text=True, timeout=300)
        assert second.returncode == 1
        assert second.stderr == (f"error: another build of {root} is running (lock {root}/.build/build.lock); try again when it ends\n")
    finally:
        os.killpg(first.pid, signal.SIGCONT)
        out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert "final one" in (root / "site/articles/rawa/index.html").read_text()


def test_the_swap_exchanges_whole_folders(tmp_path):
    site, staging = tmp_path / "site", tmp_path / ".build" / "site-staging"
    site.mkdir()
    (site / "old.html").write_text("old")
    staging.mkdir(parents=True)
    (staging / "new.html").write_text("new")
    sitebuild.swap_in(staging, site)
    assert sorted(p.name for p in site.iterdir()) == ["new.html"] and not staging.exists()


def test_a_build_killed_between_fallback_renames_gets_its_site_back(tmp_path):
    """The two-rename fallback (no atomic exchange) keeps the old site as .site.old; recover() restores it."""
    site, old = tmp_path / "site", tmp_path / ".site.old"
    old.mkdir()
    (old / "index.html").write_text("previous")
    sitebuild.recover(site)
    assert (site / "index.html").read_text() == "previous" and not old.exists()
    old.mkdir()  # killed after the new site went in: the leftover is removed, the new site kept
    sitebuild.recover(site)
    assert (site / "index.html").read_text() == "previous" and not old.exists()


def test_a_site_path_that_is_a_file_is_reported_before_anything_is_touched(tmp_path):
    root = make_project(tmp_path, {"content/articles/rawa.md": RAWA, "site": "I am a file"})
    result = subprocess.run([BRIEFING, "build", str(root)], capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stderr) == (
        1, "error: site: exists and is not a folder; move it away or set site_dir in mkdocs.yml; nothing was changed\n")
    assert (root / "site").read_text() == "I am a file" and not (root / "content/summaries").exists()


def test_a_site_that_is_a_symbolic_link_out_of_the_project_is_reported(tmp_path):
    elsewhere = tmp_path / "www"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("served")
    root = make_project(tmp_path / "p", {"content/articles/rawa.md": RAWA})
    os.symlink(elsewhere, root / "site")
    result = subprocess.run([BRIEFING, "build", str(root)], capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stderr) == (
        1, "error: mkdocs.yml: 'site_dir' must be its own folder inside the project (it is replaced on every build)\n")
    assert (elsewhere / "index.html").read_text() == "served"
    os.unlink(root / "site")
    (root / "real-site").mkdir()
    os.symlink(root / "real-site", root / "site")  # a link within the project: the folder it names is built
    result = subprocess.run([BRIEFING, "build", str(root)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (root / "site").is_symlink() and (root / "site/articles/rawa/index.html").is_file()


def test_a_missing_folder_for_the_site_is_created(tmp_path):
    root = make_project(tmp_path, {"content/articles/rawa.md": RAWA})
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text().replace("site_dir: site", "site_dir: out/public/site"))
    sitebuild.preflight(load_project(root))
    assert (root / "out/public").is_dir() and not (root / "out/public/site").exists()


def as_nobody(*args: str) -> subprocess.CompletedProcess:
    """Run briefing as the unprivileged user `nobody` (the tests run as root, who may write anywhere)."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or not setpriv:
        pytest.skip("needs root and setpriv to run a build as another user")
    return subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", BRIEFING, *args],
                          capture_output=True, text=True, timeout=300, env={"PATH": os.environ["PATH"], "HOME": "/tmp"})


@pytest.fixture
def world_readable_tmp():
    """A temporary folder `nobody` can reach (pytest's own tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="briefing-ro-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_read_only_site_folder_is_reported_before_anything_is_deleted(world_readable_tmp):
    root = make_project(world_readable_tmp / "p", {"content/articles/rawa.md": RAWA, "site/index.html": "previous"})
    for path in [root, *root.rglob("*")]:
        os.chown(path, 65534, 65534)
    os.chown(root / "site", 0, 0)  # the site folder belongs to someone else
    (root / "site").chmod(0o755)
    result = as_nobody("build", str(root))
    assert (result.returncode, result.stderr) == (1, "error: site: not writable (Permission denied); nothing was built or deleted\n")
    assert (root / "site/index.html").read_text() == "previous" and not (root / "content/summaries").exists()


def test_a_read_only_project_is_reported_before_anything_is_deleted(world_readable_tmp):
    root = make_project(world_readable_tmp / "p", {"content/articles/rawa.md": RAWA, "site/index.html": "previous"})
    result = as_nobody("build", str(root))  # everything belongs to root: nobody may write nothing
    assert (result.returncode, result.stderr) == (
        1, f"error: {root}/.build: cannot create the build folder (Permission denied); nothing was built or deleted\n")
    assert (root / "site/index.html").read_text() == "previous"
