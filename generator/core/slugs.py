"""The one place where names become URL path segments.

A slug is lowercase ASCII letters, digits and single hyphens (python-slugify transliterates, so case,
diacritic and Unicode-normalisation variants of a name share one slug); it cannot hold a dot or a
slash, so it cannot leave its folder. Names that slug to nothing get a stable hash-based slug, and
reserved names (Windows device names, `index`) get a suffix. Distinct things that share a slug are
told apart by SlugRegistry, deterministically; `displaced` lists them for the build to report.
"""

from __future__ import annotations

import hashlib

from slugify import slugify

# Windows device names (a folder called `con` or `con.2017` cannot exist there) and `index`, which is
# the name of each section's own page (entities/index.md, articles/index.md).
RESERVED = {"con", "prn", "aux", "nul", "index", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_SLUG = 80  # long enough for a headline id, short enough for any file system


def is_reserved(name: str) -> bool:
    """True for names that cannot be a page folder: device names (with any extension) and `index`."""
    return name.split(".")[0].casefold() in RESERVED


def slug(name: str, fallback: str = "item") -> str:
    """A lowercase ASCII slug that stays inside its folder: no dots, slashes or reserved names."""
    s = slugify(name, max_length=MAX_SLUG, word_boundary=True, save_order=True)
    if not s:
        # Nothing sluggable ("!!!", emoji): a short hash keeps the slug stable across rebuilds,
        # whatever other names come and go.
        s = f"{fallback}-{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    if s in RESERVED:
        s = f"{s}-1"
    return s


class SlugRegistry:
    """Hands out unique slugs deterministically: the first claimant (in sorted order) keeps the plain slug."""

    def __init__(self) -> None:
        self._taken: dict[str, str] = {}

    def claim(self, key: str, name: str) -> str:
        """The slug for `key` (a stable identity), suffixed -2, -3... when another key holds it."""
        base = slug(name)
        candidate, n = base, 1
        while candidate in self._taken and self._taken[candidate] != key:
            n += 1
            candidate = f"{base}-{n}"
        self._taken[candidate] = key
        return candidate


def displaced(named: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """(name, its slug, holder's name, plain slug) for each name kept off its plain slug by another name."""
    holder = {s: name for name, s in named}
    out = []
    for name, actual in named:
        plain = slug(name)
        if actual != plain and plain in holder:
            out.append((name, actual, holder[plain], plain))
    return sorted(out)
