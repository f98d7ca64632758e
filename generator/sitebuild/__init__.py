"""Stage 5, build the site: the rendered Markdown -> the static site, built aside and swapped in only when complete.

Takes the build folder and mkdocs.yml; gives site/. `stamp` records what the builder read and wrote,
so a rebuild with nothing changed skips it.

The site builder runs as a separate process through its command line (`mkdocs build`, `zensical
build`): no plugin API, so the builder stays swappable (DESIGN.md). The previous site/ is replaced
only after the new one is complete; a failed or killed build leaves it as it was.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from generator.core.config import Project
from generator.core.errors import BuildError, MachineError, machine_error, relpath, size_text

# The builders' own log lines that do not concern the briefing (Material's end-of-life notice, timing).
NOISE = re.compile(
    r"^(INFO|DEBUG)\b|Documentation built in|Cleaning site directory|Building documentation"
    r"|^Build started$|^No issues found$|^Build finished in"
)
# The generated Zensical configuration (see write_zensical_config); removed after every build.
ZENSICAL_CONFIG = ".briefing-zensical.yml"


def builder_command(project: Project, out_dir: Path, strict: bool, incremental: bool = True) -> list[str]:
    """The site builder's command line, writing into out_dir (for Zensical, through its config file).

    MkDocs runs incrementally unless `incremental` is False (then it is a plain `mkdocs build`, the reference).
    """
    if project.builder == "zensical":
        command = [sys.executable, "-m", "zensical", "build", "--config-file", str(zensical_config_path(project))]
    elif incremental:
        # MkDocs' own build through its API, pages unchanged since the previous build taken from site/ (incremental.py)
        command = [sys.executable, "-m", "generator.sitebuild.incremental", "--config-file", str(project.config_file),
                   "--site-dir", str(out_dir), "--previous", str(project.site_dir), "--state", str(state_path(project))]
    else:
        # No --quiet: MkDocs 1.6 counts strict-mode warnings through its log, so --quiet lets a broken
        # link pass a --strict build (measured: exit 0). Its INFO lines are filtered out by NOISE instead.
        command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(project.config_file), "--site-dir", str(out_dir), "--clean"]
    if strict:
        command.append("--strict")
    return command


def state_path(project: Project) -> Path:
    """What the incremental MkDocs build keeps about the pages of site/ (incremental.py)."""
    return project.work_dir / "site-state.pickle"


def zensical_config_path(project: Project) -> Path:
    """Where the generated Zensical configuration goes: beside mkdocs.yml, so relative paths mean the same."""
    return project.root / ZENSICAL_CONFIG


def write_zensical_config(project: Project, out_dir: Path) -> Path:
    """A configuration that inherits mkdocs.yml and only moves site_dir to out_dir.

    Zensical 0.0.70 has no --site-dir flag. Its `INHERIT` deep-merges the two files; only a scalar is
    overridden here, so lists (nav, plugins) are not doubled. The path stays relative to the project:
    Zensical panics on an absolute docs_dir, and it refuses a site_dir outside the project.
    """
    path = zensical_config_path(project)
    relative = out_dir.resolve().relative_to(project.root).as_posix()
    path.write_text(yaml.safe_dump({"INHERIT": project.config_file.name, "site_dir": relative}), encoding="utf-8")
    return path


def build_site(project: Project, strict: bool = True, incremental: bool = True) -> list[str]:
    """Run the site builder into a staging folder and swap it in; returns the builder's warnings.

    With MkDocs, pages unchanged since the previous build are hard-linked from site/ into the staging
    folder rather than rendered again (`incremental=False`: every page rendered, a plain `mkdocs build`).
    """
    staging = project.work_dir / "site-staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    check_space(project, staging.parent)  # the Markdown written since preflight() took its share
    if project.builder == "zensical":
        write_zensical_config(project, staging)
    try:
        proc = subprocess.run(
            builder_command(project, staging, strict, incremental), cwd=project.root, env=env, capture_output=True, text=True
        )
    finally:
        zensical_config_path(project).unlink(missing_ok=True)
    output = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip() and not NOISE.search(line)]
    if proc.returncode != 0:
        written = tree_bytes(staging)
        shutil.rmtree(staging, ignore_errors=True)
        raise builder_failure(project, output, proc.returncode, written)
    if not (staging / "index.html").is_file():
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"the site builder ({project.builder}) wrote no index.html; site/ was left as it was")
    swap_in(staging, project.site_dir)
    return output


def preflight(project: Project) -> None:
    """Before anything is deleted: the output folder must be a writable folder, or one that can be made.

    (site_dir arrives resolved: a link out of the project is refused by the configuration.)
    """
    site = project.site_dir
    name = relpath(site, project.root)
    if site.exists() and not site.is_dir():
        raise BuildError(f"{name}: exists and is not a folder; move it away or set site_dir in mkdocs.yml; nothing was changed")
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"{relpath(site.parent, project.root)}: cannot create the folder for the site ({exc.strerror}); nothing was changed") from None
    # The swap renames site/ into and out of the build folder: both it and its folder must take writes.
    for folder in (site.parent, site, project.work_dir):
        if folder.is_dir():
            _probe_writable(folder, project.root)


# The new site is built in a staging folder in the build folder beside site/ and swapped in when
# complete, so a build needs the site's size again in free space. The previous site (theme included)
# is the measure; what grows is the pages and the search index, about linearly with the articles:
# 10% covers a build that adds a tenth more articles, 1 MB the few new pages of a small site.
SPACE_MARGIN = 1.10
SPACE_EXTRA = 2**20
STAGING = "site-staging"


def tree_bytes(folder: Path) -> int:
    """The disk space the files under folder take (allocated blocks, as `du` counts them); 0 if none."""
    total = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_blocks * 512
            except OSError:
                continue
    return total


def space_needed(project: Project) -> int | None:
    """The free space a build of the site needs, from the previous site's size; None without one."""
    if not project.site_dir.is_dir():
        return None
    return int(tree_bytes(project.site_dir) * SPACE_MARGIN) + SPACE_EXTRA


def check_space(project: Project, folder: Path) -> None:
    """Stop before the site builder starts when the staging folder's disk cannot hold a new site."""
    needed = space_needed(project)
    if needed is None or not folder.is_dir():
        return
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise MachineError(space_message(project, needed, free))


def space_message(project: Project, needed: int, free: int | None, at_least: bool = False) -> str:
    """Where the new site goes, how much room it needs there, what is free, what to do."""
    staging = relpath(project.work_dir / STAGING, project.root)
    site = relpath(project.site_dir, project.root)
    if at_least:
        need = f"it needs more than the {size_text(needed)} it had written when the disk was full"
    else:
        need = f"it needs about {size_text(needed)} (the previous site's size and 10%)"
    have = f", and {size_text(free)} are free" if free is not None else ""
    more = f"free {size_text(needed - free)} more" if free is not None and free < needed and not at_least else "free some space there"
    return (f"{staging}: not enough space for the new site, which is built there beside {site}/ before replacing it: "
            f"{need}{have}; {more} and build again; {site}/ was left as it was")


# The last line of a Python traceback that carries an errno: `OSError: [Errno 28] No space left on device: '/x'`.
ERRNO_LINE = re.compile(r"\[Errno (\d+)\] ([^:]+?)(?:: '(.*?)')?(?: -> '.*')?$")
# Zensical (Rust) prints the io::Error as text, `No space left on device (os error 28)`, or in a panic
# as `Os { code: 28, kind: StorageFull, message: "No space left on device" }` (Zensical 0.0.70).
RUST_ERRNO = (re.compile(r"(?:^|: )(?P<strerror>[^:]+?) \(os error (?P<code>\d+)\)"),
              re.compile(r'Os \{ code: (?P<code>\d+), kind: \w+, message: "(?P<strerror>[^"]*)" \}'))


def _errno_of(output: list[str], python_traceback: bool) -> tuple[int, str, str | None] | None:
    """(errno, reason, path) of the OSError the builder died of, from its last lines; None if none."""
    match = ERRNO_LINE.search(output[-1]) if python_traceback and output else None
    if match:
        return int(match.group(1)), match.group(2), match.group(3)
    for line in reversed(output[-40:]):
        for pattern in RUST_ERRNO:
            found = pattern.search(line)
            if found:
                return int(found["code"]), found["strerror"], None
    return None


def builder_failure(project: Project, output: list[str], status: int, written: int) -> Exception:
    """The site builder's failure as the user needs it: a machine fault (with the space it needs) or
    its messages; its own traceback is kept for --debug."""
    traceback_at = next((i for i, line in enumerate(output) if line.startswith("Traceback (most recent call last)")), None)
    shown = output if traceback_at is None else output[:traceback_at] + output[-1:]
    fault = _errno_of(output, traceback_at is not None)
    if fault:
        code, strerror, path = fault
        if code in (errno.ENOSPC, errno.EDQUOT):
            needed = space_needed(project)
            staging = project.work_dir / STAGING
            free = shutil.disk_usage(staging.parent).free if staging.parent.is_dir() else None
            error: BuildError | MachineError = MachineError(
                space_message(project, needed, free) if needed else space_message(project, written, free, at_least=True))
        else:
            error = machine_error(OSError(code, strerror, path), project.root,
                                  f"the site builder ({project.builder}) stopped; site/ was left as it was")
    else:
        detail = "\n  ".join(shown[-20:]) or f"exit status {status}"
        error = BuildError(f"the site builder ({project.builder}) failed; site/ was left as it was:\n  {detail}")
    error.debug_lines = tuple(output)
    return error


def _probe_writable(folder: Path, root: Path) -> None:
    """Create and remove a scratch folder: the only test that holds for read-only mounts and for root."""
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".briefing-probe-", dir=folder))
    except OSError as exc:
        raise BuildError(f"{relpath(folder, root) if folder != root else str(folder)}: not writable ({exc.strerror}); nothing was built or deleted") from None


def swap_in(staging: Path, site_dir: Path) -> None:
    """Put staging in site_dir's place atomically; the previous site is removed only once the new one is in."""
    if not site_dir.exists():
        os.replace(staging, site_dir)
        return
    if _exchange(staging, site_dir):
        shutil.rmtree(staging, ignore_errors=True)  # now the previous site; a leftover is removed next build
        return
    # Without an atomic exchange: two renames, with the previous site kept aside until the new one is in.
    old = _old(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    os.replace(site_dir, old)
    try:
        os.replace(staging, site_dir)
    except OSError:
        if old.exists() and not site_dir.exists():
            os.replace(old, site_dir)  # put the previous site back
        raise
    shutil.rmtree(old, ignore_errors=True)


def recover(site_dir: Path) -> None:
    """After a build killed between the two renames of the fallback swap, bring the previous site back."""
    old = _old(site_dir)
    if old.exists() and not site_dir.exists():
        os.replace(old, site_dir)
    elif old.exists():
        shutil.rmtree(old, ignore_errors=True)  # killed after the new site was in: the old one is garbage


def _old(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.old")


# renameat2(2) with RENAME_EXCHANGE swaps two directory entries in one step (Linux 3.15+, glibc 2.28+):
# at every moment site/ is either the whole previous site or the whole new one.
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot (then the caller renames twice)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False  # file system without exchange support (or across mounts): fall back
    raise OSError(err, os.strerror(err), str(b))
