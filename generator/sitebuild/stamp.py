"""Whether the site builder may be skipped: nothing it reads has changed since it made site/.

A rebuild with nothing changed renders the same Markdown (unchanged files keep their mtimes, see
render.write_pages); running MkDocs again would then make the same site, at the cost of a whole
build (seconds to minutes). The stamp written after each successful build records what the builder
read (the Markdown, mkdocs.yml, a theme's custom_dir, the environment variables mkdocs.yml reads,
the builders' versions, the options) and what it wrote (site/'s files, sizes and mtimes); when
both still match, site/ is what the builder would make again. Any difference, or no stamp, means a
full build. The stamp is removed before the builder runs, so an interrupted build never leaves a
stale one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from importlib import metadata
from pathlib import Path

import yaml

from generator.core import textio
from generator.core.config import Project

STAMP_FILE = "site-stamp.json"
BUILDER_PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "zensical")
ENV_TAG = re.compile(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)")


def _stamp_path(project: Project) -> Path:
    return project.work_dir / STAMP_FILE


def _tree(folder: Path, digest) -> None:
    """Feed every file's path, size and mtime under folder into digest (an unchanged file keeps all three)."""
    if not folder.is_dir():
        digest.update(b"<none>")
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(folder).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def inputs_digest(project: Project, strict: bool) -> str:
    """What the site builder reads and how it is asked to run."""
    digest = hashlib.sha256()
    config = project.config_file.read_bytes()
    digest.update(config)
    digest.update(f"\0{project.builder}\0{strict}\0".encode())
    digest.update(",".join(_version(p) for p in BUILDER_PACKAGES).encode())
    for name in sorted(set(ENV_TAG.findall(config.decode("utf-8", "replace")))):
        digest.update(f"\0{name}={os.environ.get(name)}".encode())
    _tree(project.docs_dir, digest)
    custom_dir = _custom_dir(config)
    if custom_dir:
        _tree(project.root / custom_dir, digest)
    return digest.hexdigest()


def _custom_dir(config: bytes) -> str | None:
    try:
        data = yaml.load(config, Loader=_Loader)
    except yaml.YAMLError:
        return None
    theme = data.get("theme") if isinstance(data, dict) else None
    return theme.get("custom_dir") if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str) else None


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as data; its tags (!ENV, !!python/name) read as nothing."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_digest(project: Project) -> str:
    digest = hashlib.sha256()
    _tree(project.site_dir, digest)
    return digest.hexdigest()


def up_to_date(project: Project, strict: bool) -> bool:
    """True when site/ is exactly what the builder made from the same inputs last time."""
    try:
        stamp = json.loads(_stamp_path(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp.get("inputs") == inputs_digest(project, strict) and stamp.get("site") == site_digest(project)


def forget(project: Project) -> None:
    """Drop the stamp before the builder runs (an interrupted build must not look finished)."""
    _stamp_path(project).unlink(missing_ok=True)


def record(project: Project, strict: bool) -> None:
    """After a successful build: what the builder read and what site/ now holds."""
    stamp = {"inputs": inputs_digest(project, strict), "site": site_digest(project)}
    try:
        textio.write_atomic(_stamp_path(project), json.dumps(stamp), durable=False)
    except OSError:
        pass  # without a stamp the next build simply runs the builder
