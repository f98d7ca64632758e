"""The one place where names become URL path segments."""

from __future__ import annotations

from slugify import slugify

# Windows device names: a folder called `con` cannot be created there, so never emit one.
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_SLUG = 80  # long enough for a headline id, short enough for any file system


def slug(name: str, fallback: str = "item") -> str:
    """A lowercase ASCII slug that stays inside its folder: no dots, slashes or reserved names."""
    s = slugify(name, max_length=MAX_SLUG, word_boundary=True, save_order=True) or fallback
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
