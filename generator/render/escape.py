"""The one escaping rule for content on every page (charts, snippets and templates share it)."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

# Characters Markdown could read as syntax, written as numeric entities that render as themselves.
# Only characters that start Markdown or HTML syntax anywhere in a line; templates never put content
# at the start of a line, so list and heading markers need no escape (and titles stay readable).
MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]<>&#|!~^$=\"]")


def escape_text(value: Any) -> Markup:
    """Text from content -> safe inside Markdown and HTML: every special character as an entity."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = str(value)
    return Markup(MARKDOWN_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text))
