"""Whether the generator may be skipped: every input it reads is byte for byte what the last build read.

A rebuild with nothing changed used to read every article and summary, merge and render every page
to find that no page changed (44 s at 5,000 articles). The generator is a function of its inputs:
the files under content/ (articles, summaries, entities.yml, slugs.yml), mkdocs.yml, the project's
templates/, and the generator's own code, templates and model. After each successful generation the
SHA-256 of every one of them is recorded, with what the generation reported (its warnings, its
counts) and the state of the docs folder it left. When all of it still matches, the docs folder is
what the generator would write again, and the build reports the recorded warnings without
generating. Hashes, not modification times: an edit that keeps a file's size and mtime is still
seen. Hashing 5,000 articles and their summaries reads about 50 MB: a fraction of a second.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.core.config import Project
from generator.sitebuild.stamp import ENV_TAG

FILE = "generate-stamp.pickle"
VERSION = 1
CODE = Path(__file__).resolve().parent.parent  # the generator package
TEMPLATES = CODE.parent / "templates"  # the built-in templates


def _path(project: Project) -> Path:
    return project.work_dir / FILE


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def inputs(project: Project) -> dict[str, str | None]:
    """Path (relative to the project) -> SHA-256 of every file the generator reads."""
    found: dict[str, str | None] = {project.config_file.relative_to(project.root).as_posix(): _sha(project.config_file)}
    try:  # the environment variables mkdocs.yml reads (`!ENV`): the site settings the pages show may come from them
        config = project.config_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        config = ""
    for name in sorted(set(ENV_TAG.findall(config))):
        found[f"$env:{name}"] = os.environ.get(name)
    for folder in (project.root / "content", project.templates_dir):
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue  # editors' swap files; the generator reads no dot file
                path = Path(dirpath) / name
                found[path.relative_to(project.root).as_posix()] = _sha(path)
    return found


@lru_cache(maxsize=1)
def code_version() -> str:
    """The generator's code, built-in templates and assets, the model and the libraries that shape a page."""
    digest = hashlib.sha256(f"{VERSION}\0{sys.version}\0".encode())
    for folder in (CODE, TEMPLATES):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for package in ("jinja2", "markdown", "nh3", "pydantic", "pyyaml", "spacy", "en-core-web-sm", "dateparser"):
        try:
            digest.update(f"{package}={metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=-\n".encode())
    return digest.hexdigest()


def docs_state(project: Project) -> str:
    """Every file of the docs folder, by path, size and mtime (the generator leaves unchanged files untouched)."""
    digest = hashlib.sha256()
    docs = project.docs_dir
    if docs.is_dir():
        for dirpath, dirnames, filenames in os.walk(docs):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                stat = path.stat()
                digest.update(f"{path.relative_to(docs).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    else:
        digest.update(b"<none>")
    return digest.hexdigest()


def recorded(project: Project, current: dict[str, str | None]) -> Any | None:
    """The report of the last generation if it read exactly `current` and its docs folder is untouched."""
    try:
        with _path(project).open("rb") as handle:
            stamp = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError, ImportError):
        return None
    if not isinstance(stamp, dict) or stamp.get("code") != code_version() or stamp.get("inputs") != current:
        return None
    if stamp.get("docs") != docs_state(project):
        return None
    return stamp.get("report")


def forget(project: Project) -> None:
    _path(project).unlink(missing_ok=True)


def record(project: Project, before: dict[str, str | None], after: dict[str, str | None], own: set[str], report: Any) -> None:
    """Keep what a successful generation read, unless a file changed meanwhile that it did not write itself
    (an editor's save during the build: it may have been read before or after the save, so next time generates)."""
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    if changed - own:
        forget(project)
        return
    stamp = {"code": code_version(), "inputs": after, "docs": docs_state(project), "report": report}
    partial = _path(project).with_name(FILE + ".partial")
    try:
        with partial.open("wb") as handle:
            pickle.dump(stamp, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, _path(project))
    except OSError:
        forget(project)  # without a stamp the next build simply generates
