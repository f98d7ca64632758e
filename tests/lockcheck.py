"""Is requirements.lock complete and consistent, and does it agree with pyproject.toml?

Installing uses the lock alone (`pip install --no-deps --require-hashes`), so pip never notices a
dependency the lock forgot or a version two packages disagree on. This walks the dependency graph
from pyproject.toml's direct requirements (and their extras) through the installed packages'
metadata, which is the locked versions' metadata once `make install` has run, and reports:
- an entry without an exact `==` pin or a hash;
- a direct dependency missing from the lock or locked at another version than pyproject.toml's pin;
- a dependency missing from the lock, or locked at a version its dependant does not accept;
- a locked package installed at another version (the venv is stale: `make install`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ENTRY = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?P<extras>\[[^\]]*\])?\s*(?P<spec>[^;\\\s]*)")


@dataclass(frozen=True)
class Pin:
    """One locked package."""

    name: str
    version: str
    hashes: int
    line: int


def parse_lock(text: str) -> tuple[dict[str, Pin], list[str]]:
    """The pins of a hashed requirements file, and the problems with its entries ("line N: ...")."""
    pins: dict[str, Pin] = {}
    problems: list[str] = []
    # Join backslash continuations, remembering where each entry starts.
    entries: list[tuple[int, str]] = []
    current, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("--hash") else raw.rstrip()
        if not current:
            start = number
        current += " " + line.rstrip("\\").strip()
        if not line.endswith("\\"):
            if current.strip():
                entries.append((start, current.strip()))
            current = ""
    for number, entry in entries:
        match = ENTRY.match(entry)
        if not match or not match["spec"].startswith("=="):
            problems.append(f"line {number}: {entry.split()[0]!r} is not pinned with == (every entry needs an exact version)")
            continue
        hashes = entry.count("--hash=sha256:")
        if not hashes:
            problems.append(f"line {number}: {match['name']} has no --hash (installing uses --require-hashes)")
        name = canonicalize_name(match["name"])
        if name in pins:
            problems.append(f"line {number}: {match['name']} is locked twice (also line {pins[name].line})")
        pins[name] = Pin(name, match["spec"][2:], hashes, number)
    return pins, problems


def direct_requirements(pyproject: str) -> list[Requirement]:
    """pyproject.toml's dependencies and every optional extra's (the lock holds them all)."""
    project = tomllib.loads(pyproject)["project"]
    texts = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        texts.extend(extra)
    return [Requirement(t) for t in texts]


def check(lock_text: str, pyproject_text: str, installed=metadata.distribution) -> list[str]:
    """Every problem of the lock against pyproject.toml and the dependency metadata (empty: all good)."""
    pins, problems = parse_lock(lock_text)
    environment = default_environment()
    for req in direct_requirements(pyproject_text):
        pin = pins.get(canonicalize_name(req.name))
        if pin is None:
            problems.append(f"{req.name}: a direct dependency in pyproject.toml ({req}) missing from the lock")
        elif not req.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{req.name}: pyproject.toml says {req.specifier}, the lock has {pin.version}")

    # Walk the graph: (package, extras asked of it) pairs, from the direct requirements.
    todo = [(req, "pyproject.toml") for req in direct_requirements(pyproject_text)]
    seen: set[tuple[str, str]] = set()
    while todo:
        req, wanted_by = todo.pop()
        name = canonicalize_name(req.name)
        pin = pins.get(name)
        if pin is None:
            if wanted_by != "pyproject.toml":
                problems.append(f"{req.name}: required by {wanted_by} ({req}) but missing from the lock")
            continue
        if wanted_by != "pyproject.toml" and not req.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{req.name}: {wanted_by} requires {req}, the lock has {pin.version}")
        for extra in sorted(req.extras) or [""]:
            if (name, extra) in seen:
                continue
            seen.add((name, extra))
            try:
                dist = installed(name)
            except metadata.PackageNotFoundError:
                problems.append(f"{req.name}: locked but not installed (run `make install`)")
                break
            if canonicalize_name(dist.version) != canonicalize_name(pin.version):
                problems.append(f"{req.name}: the lock has {pin.version}, {dist.version} is installed (run `make install`)")
            for text in dist.requires or []:
                sub = Requirement(text)
                if sub.marker is not None and not sub.marker.evaluate({**environment, "extra": extra}):
                    continue
                todo.append((sub, f"{dist.metadata['Name']} {dist.version}" + (f"[{extra}]" if extra else "")))
    return sorted(set(problems))


def check_project(root: Path) -> list[str]:
    """The checks on the project's own lock files."""
    lock = (root / "requirements.lock").read_text(encoding="utf-8")
    bootstrap = (root / "requirements-bootstrap.lock").read_text(encoding="utf-8")
    problems = check(lock, (root / "pyproject.toml").read_text(encoding="utf-8"))
    main_pins, _ = parse_lock(lock)
    boot_pins, boot_problems = parse_lock(bootstrap)
    problems += [f"requirements-bootstrap.lock {p}" for p in boot_problems]
    for name, pin in boot_pins.items():
        if name in main_pins and main_pins[name].version != pin.version:
            problems.append(f"{name}: requirements-bootstrap.lock has {pin.version}, requirements.lock {main_pins[name].version}")
    return problems


if __name__ == "__main__":
    import sys

    found = check_project(Path(__file__).resolve().parent.parent)
    print("\n".join(found) or "the locks are complete and consistent")
    sys.exit(1 if found else 0)
