"""`briefing init`: a new briefing project that builds at once, its home page saying how to add articles.

The files come from `generator/defaults/project/` (mkdocs.yml, .gitignore, a note in templates/);
the pages use the built-in templates unless the editor asks for copies to change. Nothing that
exists is ever overwritten: a folder that already holds a project, or any file init would write,
is refused before anything is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.errors import UsageError
from generator.render import DEFAULT_TEMPLATES

PROJECT_DEFAULTS = Path(__file__).resolve().parent / "defaults" / "project"


@dataclass
class Scaffold:
    """What init made, for the CLI to list."""

    root: Path
    created: list[str] = field(default_factory=list)


def site_name_for(folder: Path) -> str:
    """A readable site name from the folder name: `syria-2019` -> `Syria 2019`."""
    words = re.sub(r"[-_.]+", " ", folder.name).strip()
    return (words[:1].upper() + words[1:]) if words else "Briefing"


def planned_files(with_templates: bool) -> dict[str, bytes]:
    """Path in the project -> content, before the site name is filled in."""
    files = {
        "mkdocs.yml": (PROJECT_DEFAULTS / "mkdocs.yml").read_bytes(),
        ".gitignore": (PROJECT_DEFAULTS / "gitignore").read_bytes(),
        "content/articles/.gitkeep": b"",
        "templates/README.md": (PROJECT_DEFAULTS / "templates-README.md").read_bytes(),
    }
    if with_templates:
        for template in sorted(DEFAULT_TEMPLATES.glob("*.j2")):
            files[f"templates/{template.name}"] = template.read_bytes()
    return files


def init(root: Path, title: str | None = None, description: str = "", with_templates: bool = False) -> Scaffold:
    """Create a briefing project in ROOT (made if missing); refuse if one is there or a file would be replaced."""
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root}: exists and is not a folder")
    if (root / "mkdocs.yml").exists():
        raise UsageError(f"{root}: already a briefing project (mkdocs.yml exists); nothing was changed")
    files = planned_files(with_templates)
    in_the_way = sorted(name for name in files if (root / name).exists() or (root / name).is_symlink())
    if in_the_way:
        raise UsageError(f"{root}: would overwrite {', '.join(in_the_way)}; nothing was changed")
    # json.dumps gives a double-quoted YAML scalar: any title is safe in mkdocs.yml.
    values = {b"__SITE_NAME__": json.dumps(title or site_name_for(root.resolve()), ensure_ascii=False).encode(),
              b"__SITE_DESCRIPTION__": json.dumps(description, ensure_ascii=False).encode()}
    scaffold = Scaffold(root)
    root.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        for placeholder, value in values.items():
            data = data.replace(placeholder, value)
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as handle:  # "x": never replace a file that appeared meanwhile
            handle.write(data)
        scaffold.created.append(name)
    return scaffold

