"""The project's configuration: mkdocs.yml (site settings) and the generator's options under extra.briefing."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.core.errors import ConfigError, UsageError

BUILDERS = ("mkdocs", "zensical")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as data; MkDocs' own tags (!ENV, !!python/name) are kept as opaque values."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    """Where everything of one briefing project lives, and its options."""

    root: Path
    config_file: Path
    docs_dir: Path
    site_dir: Path
    site: dict  # site_name, site_description, site_url: what templates show
    builder: str
    scheduler: str | None = None  # a Dask scheduler's address: summarise there (docs/cluster.md); None: here

    @property
    def articles_dir(self) -> Path:
        return self.root / "content" / "articles"

    @property
    def summaries_dir(self) -> Path:
        return self.root / "content" / "summaries"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def work_dir(self) -> Path:
        """Scratch space of the generator: staging folders, the lock."""
        return self.root / ".build"


# A Dask scheduler address as `dask scheduler` prints it: tcp://HOST:PORT (or tls://, ws://...), or HOST:PORT.
SCHEDULER = re.compile(r"^(?:[a-z][a-z0-9+]*://)?[^\s/:]+(?::\d{1,5})?$|^(?:[a-z][a-z0-9+]*://)?\[[0-9A-Fa-f:]+\](?::\d{1,5})?$")
SCHEDULER_VARIABLE = "BRIEFING_SCHEDULER"


def scheduler_address(given: str | None, options: dict) -> str | None:
    """The scheduler to summarise on: the command line's, else $BRIEFING_SCHEDULER, else extra.briefing.scheduler."""
    for value, where in ((given, "--scheduler"), (os.environ.get(SCHEDULER_VARIABLE), SCHEDULER_VARIABLE),
                         (options.get("scheduler"), "mkdocs.yml: 'extra.briefing.scheduler'")):
        if value is None or value == "":
            continue
        if not isinstance(value, str) or not SCHEDULER.match(value.strip()):
            raise ConfigError(f"{where}: expected a Dask scheduler address such as tcp://10.0.0.5:8786, got {value!r}")
        return value.strip()
    return None


def load_project(root: Path, builder: str | None = None, scheduler: str | None = None) -> Project:
    """Read DIR/mkdocs.yml; UsageError when DIR is not a briefing project, ConfigError when the file is wrong."""
    root = root.resolve()
    config_file = root / "mkdocs.yml"
    if not root.is_dir():
        raise UsageError(f"{root}: no such folder")
    if not config_file.is_file():
        raise UsageError(f"{root}: not a briefing project (no mkdocs.yml); start one with `briefing init DIR`")
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ConfigError(f"mkdocs.yml:{mark.line + 1 if mark else '?'}: {exc.problem}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"mkdocs.yml: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError("mkdocs.yml: expected a mapping of settings (site_name: ...)")
    options = ((data.get("extra") or {}).get("briefing") or {}) if isinstance(data.get("extra"), dict) else {}
    chosen = builder or options.get("builder") or "mkdocs"
    if chosen not in BUILDERS:
        raise ConfigError(f"mkdocs.yml: 'extra.briefing.builder': expected one of {', '.join(BUILDERS)}, got {chosen!r}")
    docs_dir = (root / str(data.get("docs_dir") or ".build/docs")).resolve()
    site_dir = (root / str(data.get("site_dir") or "site")).resolve()
    if docs_dir == root or root not in docs_dir.parents:
        raise ConfigError("mkdocs.yml: 'docs_dir' must be a folder inside the project (the generator rewrites it)")
    if site_dir == root or site_dir in (root / "content", root / "templates") or root not in site_dir.parents:
        raise ConfigError("mkdocs.yml: 'site_dir' must be its own folder inside the project (it is replaced on every build)")
    site = {
        "site_name": str(data.get("site_name") or "Briefing"),
        "site_description": str(data.get("site_description") or ""),
        "site_url": str(data.get("site_url") or ""),
    }
    return Project(root, config_file, docs_dir, site_dir, site, chosen, scheduler_address(scheduler, options))
