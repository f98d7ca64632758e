"""Promise 2b: when the machine fails the build (a full disk, a read-only mount, a folder of another user,
a file deleted under it, too few file handles), one clear line, exit 1, and nothing lost.

The faults are real, not mocked: a small tmpfs mounted for the test, a read-only bind mount, a build
run as `nobody`, a file deleted while the build reads it, a low RLIMIT_NOFILE. Mounting needs root
(CI runs as root); elsewhere those tests are skipped with the reason.
"""

from __future__ import annotations

import ctypes
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from generator.core import textio
from generator.summarize import summaries as summary_files

from tests.commands.test_robustness_nothing_lost import QAIM, RAWA, as_nobody, snapshot, world_readable_tmp  # noqa: F401
from tests.helpers import make_project

BRIEFING = str(Path(sys.executable).parent / "briefing")
TWO = {"content/articles/rawa.md": RAWA, "content/articles/qaim.md": QAIM}


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([BRIEFING, *args], capture_output=True, text=True, timeout=300, **kwargs)


def mount(*args: str) -> None:
    """mount(8), or skip the test with the reason when this machine does not allow it."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small file system for the test (CI runs as root)")
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"mount is not permitted here: {result.stderr.strip()}")


@pytest.fixture
def mounts():
    """Mount points made by the test, unmounted afterwards (lazily: a build may still hold them)."""
    made: list[Path] = []

    def tmpfs(where: Path, size: str) -> Path:
        where.mkdir(parents=True, exist_ok=True)
        mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where))
        made.append(where)
        return where

    def read_only(where: Path) -> Path:
        mount("--bind", "-o", "ro", str(where), str(where))
        made.append(where)
        return where

    tmpfs.read_only = read_only  # type: ignore[attr-defined]
    yield tmpfs
    for where in reversed(made):
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def resize(where: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(where)], check=True)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The same project built without a fault: what every interrupted build must end up equal to."""
    root = make_project(tmp_path_factory.mktemp("reference") / "p", TWO)
    result = run("build", str(root))
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.slow
def test_a_disk_that_fills_while_the_site_builder_writes(mounts, reference, tmp_path):
    disk = mounts(tmp_path / "disk", "2m")  # the content and the build folder fit; the site (about 2.7 MB) does not
    root = make_project(disk / "p", TWO)
    result = run("build", str(root))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(
        "error: .build/site-staging: not enough space for the new site, which is built there beside site/ before "
        "replacing it: it needs more than the ")
    assert result.stderr.splitlines()[-1].endswith(" are free; free some space there and build again; site/ was left as it was")
    assert len([line for line in result.stderr.splitlines() if line.startswith("error:")]) == 1
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists() and not (root / ".build/site-staging").exists()  # its room is given back
    # the builder's own traceback is there for whoever asks
    debug = run("--debug", "build", str(root))
    assert debug.returncode == 1 and "No space left on device" in debug.stderr and "Traceback" in debug.stderr
    # space freed: the next build completes and makes the site an uninterrupted build makes
    resize(disk, "8m")
    result = run("build", str(root))
    assert result.returncode == 0, result.stderr
    assert "(0 summarised, 2 unchanged)" in result.stdout
    assert snapshot(root / "site") == snapshot(reference / "site")
    assert snapshot(root / "content") == snapshot(reference / "content")


@pytest.mark.slow
def test_a_disk_that_fills_under_zensical_is_the_same_one_line(mounts, tmp_path):
    disk = mounts(tmp_path / "disk", "600k")  # Zensical's site is smaller; it panics with the io::Error's Debug form
    root = make_project(disk / "p", TWO)
    result = run("build", "--builder", "zensical", str(root))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(
        "error: .build/site-staging: not enough space for the new site, which is built there beside site/ before "
        "replacing it: it needs more than the ")
    assert "panicked" not in result.stderr and not (root / "site").exists()


@pytest.mark.slow
def test_too_little_space_for_the_new_site_stops_before_the_site_builder(mounts, tmp_path):
    disk = mounts(tmp_path / "disk", "12m")
    root = make_project(disk / "p", TWO)
    assert run("build", str(root)).returncode == 0
    before = snapshot(root / "site")
    (root / "content/articles/rawa.md").write_text(RAWA.replace("last one", "final one"))
    site_size = sum(p.stat().st_blocks * 512 for p in (root / "site").rglob("*") if p.is_file())
    free = shutil.disk_usage(disk).free
    filler = disk / "filler"
    filler.write_bytes(b"\0" * (free - site_size // 2))  # room for half a site
    result = run("build", str(root))
    assert result.returncode == 1
    needed = int(site_size * 1.10 + 2**20) / 2**20
    free_now = shutil.disk_usage(disk).free
    assert result.stderr.splitlines()[-1] == (
        f"error: .build/site-staging: not enough space for the new site, which is built there beside site/ before replacing it: "
        f"it needs about {needed:.1f} MB (the previous site's size and 10%), and {free_now / 2**20:.1f} MB are free; "
        f"free {needed - free_now / 2**20:.1f} MB more and build again; site/ was left as it was")
    assert snapshot(root / "site") == before
    filler.unlink()
    result = run("build", str(root))
    assert result.returncode == 0, result.stderr
    assert "final one" in (root / "site/articles/rawa/index.html").read_text()


@pytest.mark.slow
def test_a_disk_that_fills_while_summarising_keeps_every_summary_whole(mounts, reference, tmp_path):
    root = make_project(tmp_path / "p", TWO)
    folder = mounts(root / "content/summaries", "4k")  # one 4 KB page: room for one summary, not two
    result = run("build", str(root))
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: content/summaries/rawa.md: no space left on the device: "
                                                     "the 1 summary still to write needs about ")
    assert errors[0].endswith(" in content/summaries and .build/cache; free that much and build again "
                              "(the summary written is kept and the next build makes only the rest; site/ was left as it was)")
    assert sorted(p.name for p in folder.iterdir()) == ["qaim.md"]  # no temporary file left behind
    summary_files.read(folder / "qaim.md", root)  # whole: it parses
    assert not (root / "site").exists()
    resize(folder, "1m")
    result = run("build", str(root))
    assert result.returncode == 0, result.stderr
    assert "(1 summarised, 1 unchanged)" in result.stdout  # only the rest
    assert snapshot(root / "content") == snapshot(reference / "content")
    assert snapshot(root / "site") == snapshot(reference / "site")


def test_a_read_only_summaries_folder_stops_before_the_nlp(mounts, tmp_path):
    root = make_project(tmp_path / "p", {**TWO, "content/summaries/.keep": ""})
    mounts.read_only(root / "content/summaries")
    result = run("build", str(root))
    assert (result.returncode, result.stderr) == (1, (
        "error: content/summaries: read-only file system; remount it read-write, or copy the project to a writable "
        "disk and build there (nothing was summarised; site/ was left as it was)\n"))


def test_a_summaries_folder_of_another_user_is_one_line(world_readable_tmp):  # noqa: F811
    root = make_project(world_readable_tmp / "p", TWO)
    for path in [root, *root.rglob("*")]:
        os.chown(path, 65534, 65534)
    (root / "content/summaries").mkdir(mode=0o755)  # root's: nobody may not write there
    result = as_nobody("build", str(root))
    assert (result.returncode, result.stderr) == (1, (
        "error: content/summaries: permission denied; give your user access to it (`ls -l` shows its owner) or build "
        "a copy of the project you own (nothing was summarised; site/ was left as it was)\n"))


@pytest.mark.slow
def test_an_unwritable_slug_book_is_one_line_and_the_site_is_kept(reference, world_readable_tmp):  # noqa: F811
    root = world_readable_tmp / "p"
    shutil.copytree(reference, root, symlinks=True)
    for path in [root, *root.rglob("*")]:
        os.chown(path, 65534, 65534)
    before = snapshot(root / "site")
    (root / "content/articles/qaim.md").write_text(QAIM.replace("officials in Baghdad said", "Kurdish officials in Erbil said"))
    os.chown(root / "content", 0, 0)  # the book cannot be replaced: its folder is root's
    result = as_nobody("build", str(root))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "error: content/slugs.yml: permission denied; give your user access to it (`ls -l` shows its owner) or build "
        "a copy of the project you own (site/ was left as it was)")
    assert snapshot(root / "site") == before


@pytest.mark.slow
def test_too_many_open_files_is_one_line(reference, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(reference, root, symlinks=True)
    (root / "content/articles/rawa.md").write_text(RAWA.replace("last one", "final one"))
    before = snapshot(root / "site")
    limit = 7  # measured: a build needs about 10 file handles; 7 fails when the site builder starts

    def few_files() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

    result = subprocess.run([BRIEFING, "build", str(root)], capture_output=True, text=True, timeout=300, preexec_fn=few_files)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: too many open files for this process (the limit is {limit}); raise the limit (`ulimit -n 4096` in this shell) "
        "and build again (site/ was left as it was)")
    assert snapshot(root / "site") == before


# inotify(7), through libc: the test learns the moment the build opens a file.
IN_OPEN = 0x20
_EVENT = struct.Struct("iIII")


def watch_opens(folder: Path) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init()
    if fd < 0 or libc.inotify_add_watch(fd, os.fsencode(folder), IN_OPEN) < 0:
        pytest.skip(f"inotify is not available here (errno {ctypes.get_errno()})")
    return fd


def opened_names(fd: int):
    """The names of the files opened in the watched folder, as the build opens them."""
    while True:
        data = os.read(fd, 65536)
        offset = 0
        while offset < len(data):
            _, _, _, length = _EVENT.unpack_from(data, offset)
            name = data[offset + _EVENT.size: offset + _EVENT.size + length].rstrip(b"\0").decode()
            offset += _EVENT.size + length
            yield name


@pytest.mark.slow
def test_a_file_deleted_while_the_build_reads_the_corpus(tmp_path):
    files = {f"content/articles/a{i:03}.md": f"---\ntitle: Report {i}\npublished: 2017-11-17\n---\nReport number {i} from Baghdad.\n"
             for i in range(80)}
    root = make_project(tmp_path / "p", {**files, "content/articles/zz.md": RAWA})
    watch = watch_opens(root / "content/articles")
    proc = subprocess.Popen([BRIEFING, "build", str(root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        # a000.md is opened twice: first by the inputs fingerprint (a file gone then is simply not read),
        # then by the reading stage: stop there, when the folder is listed and zz.md (last) is still to come
        opens = 0
        for name in opened_names(watch):
            opens += name == "a000.md"
            if opens == 2:
                os.killpg(proc.pid, signal.SIGSTOP)
                (root / "content/articles/zz.md").unlink()
                os.killpg(proc.pid, signal.SIGCONT)
                break
    finally:
        os.close(watch)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1
    assert err.splitlines() == [
        "error: content/articles/zz.md: cannot read: disappeared during the build (deleted or moved by another program); "
        "build again when that program is done",
        "error: 1 problem: nothing was built; site/ was left as it was",
    ]
    # the next build, with the file gone for good, builds the rest
    result = run("build", str(root))
    assert result.returncode == 0, result.stderr
    assert "from 80 articles" in result.stdout


def test_an_atomic_write_on_a_full_disk_keeps_the_old_file(mounts, tmp_path):
    disk = mounts(tmp_path / "disk", "64k")
    target = disk / "slugs.yml"
    target.write_text("old\n")
    target.chmod(0o640)
    with pytest.raises(OSError) as caught:
        textio.write_atomic(target, "new\n" * 40_000)
    assert caught.value.filename == str(target)  # the failed write() names the file it was for
    assert target.read_text() == "old\n" and [p.name for p in disk.iterdir()] == ["slugs.yml"]
    textio.write_atomic(target, "new\n")
    assert target.read_text() == "new\n" and target.stat().st_mode & 0o777 == 0o640  # permissions kept
