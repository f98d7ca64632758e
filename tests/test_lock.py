"""The locks install alone: complete, consistent, and in step with pyproject.toml (issue: fresh clones)."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests import lockcheck

ROOT = Path(__file__).resolve().parent.parent
LOCK = (ROOT / "requirements.lock").read_text(encoding="utf-8")
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def without_entry(lock: str, name: str) -> str:
    """The lock with one package's entry (its pin line and the hash lines under it) removed."""
    out, skipping = [], False
    for line in lock.splitlines():
        if line and not line[0].isspace():
            skipping = line.lower().startswith(f"{name.lower()}==")
        if not skipping:
            out.append(line)
    return "\n".join(out) + "\n"


def test_the_project_locks_are_complete_and_consistent():
    assert lockcheck.check_project(ROOT) == []


def test_pip_check_finds_nothing_broken_in_the_installed_lock():
    result = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_locked_package_has_an_exact_version_and_a_hash():
    pins, problems = lockcheck.parse_lock(LOCK)
    assert problems == []
    assert len(pins) > 50 and all(pin.hashes for pin in pins.values())


def test_a_dependency_missing_from_the_lock_is_found():
    # lxml is what jusText (under trafilatura) needs: the very dependency a live index once swapped.
    problems = lockcheck.check(without_entry(LOCK, "lxml"), PYPROJECT)
    assert any(p.startswith("lxml: required by") and "missing from the lock" in p for p in problems), problems


def test_a_version_conflict_in_the_lock_is_found():
    pins, _ = lockcheck.parse_lock(LOCK)
    broken = LOCK.replace(f"\nlxml=={pins['lxml'].version} ", "\nlxml==4.0.0 ")
    problems = lockcheck.check(broken, PYPROJECT)
    assert any(p.startswith("lxml: ") and "the lock has 4.0.0" in p for p in problems), problems


def test_a_direct_dependency_the_lock_disagrees_on_is_found():
    pins, _ = lockcheck.parse_lock(LOCK)
    spacy = pins["spacy"].version
    other = PYPROJECT.replace(f'"spacy=={spacy}"', '"spacy==3.7.0"')
    assert other != PYPROJECT
    problems = lockcheck.check(LOCK, other)
    assert f"spacy: pyproject.toml says ==3.7.0, the lock has {spacy}" in problems


def test_a_direct_dependency_missing_from_the_lock_is_found():
    problems = lockcheck.check(without_entry(LOCK, "rapidfuzz"), PYPROJECT)
    assert any(p.startswith("rapidfuzz: a direct dependency") for p in problems), problems


def test_an_unpinned_or_unhashed_entry_is_found():
    _, problems = lockcheck.parse_lock("requests>=2 \\\n    --hash=sha256:00\nidna==3.0\n")
    assert problems == [
        "line 1: 'requests>=2' is not pinned with == (every entry needs an exact version)",
        "line 3: idna has no --hash (installing uses --require-hashes)",
    ]


@pytest.mark.parametrize("name", ["pip", "setuptools", "wheel"])
def test_the_installers_are_pinned_with_hashes(name):
    pins, problems = lockcheck.parse_lock((ROOT / "requirements-bootstrap.lock").read_text(encoding="utf-8"))
    assert problems == [] and pins[name].hashes


def test_make_installs_from_the_locks_alone():
    # --no-deps on every lock install: pip resolves nothing against the live index.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "install" in line and "-r requirements" in line]
    assert len(installs) == 2 and all("--no-deps" in line and "--require-hashes" in line for line in installs)
