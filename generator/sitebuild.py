"""Stage: the rendered Markdown -> the static site, built aside and swapped in only when complete.

The site builder runs as a separate process through its command line (`mkdocs build`, `zensical
build`): no plugin API, so the builder stays swappable (DESIGN.md). The previous site/ is replaced
only after the new one is complete; a failed or killed build leaves it as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .config import Project
from .errors import BuildError

# The builders' own log lines that do not concern the briefing (Material's end-of-life notice, timing).
NOISE = re.compile(
    r"^(INFO|DEBUG)\b|Documentation built in|Cleaning site directory|Building documentation"
    r"|^Build started$|^No issues found$|^Build finished in"
)
# The generated Zensical configuration (see write_zensical_config); removed after every build.
ZENSICAL_CONFIG = ".briefing-zensical.yml"


def builder_command(project: Project, out_dir: Path, strict: bool) -> list[str]:
    """The site builder's command line, writing into out_dir (for Zensical, through its config file)."""
    if project.builder == "zensical":
        command = [sys.executable, "-m", "zensical", "build", "--config-file", str(zensical_config_path(project))]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(project.config_file), "--site-dir", str(out_dir), "--clean", "--quiet"]
    if strict:
        command.append("--strict")
    return command


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


def build_site(project: Project, strict: bool = True) -> list[str]:
    """Run the site builder into a staging folder and swap it in; returns the builder's warnings."""
    staging = project.work_dir / "site-staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    if project.builder == "zensical":
        write_zensical_config(project, staging)
    try:
        proc = subprocess.run(
            builder_command(project, staging, strict), cwd=project.root, env=env, capture_output=True, text=True
        )
    finally:
        zensical_config_path(project).unlink(missing_ok=True)
    output = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip() and not NOISE.search(line)]
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        detail = "\n  ".join(output[-20:]) or f"exit status {proc.returncode}"
        raise BuildError(f"the site builder ({project.builder}) failed; site/ was left as it was:\n  {detail}")
    if not (staging / "index.html").is_file():
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"the site builder ({project.builder}) wrote no index.html; site/ was left as it was")
    swap_in(staging, project.site_dir)
    return output


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace site_dir by staging with two renames, keeping the old site until the new one is in place."""
    old = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        os.replace(site_dir, old)
    try:
        os.replace(staging, site_dir)
    except OSError:
        if old.exists() and not site_dir.exists():
            os.replace(old, site_dir)  # put the previous site back
        raise
    shutil.rmtree(old, ignore_errors=True)


def recover(site_dir: Path) -> None:
    """After a build killed between the two renames, bring the previous site back."""
    old = site_dir.with_name(f".{site_dir.name}.old")
    if old.exists() and not site_dir.exists():
        os.replace(old, site_dir)
