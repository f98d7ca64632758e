"""Hostile text for the robustness tests: every payload would call pwned() if it ever ran."""

from __future__ import annotations

import hashlib
import html.parser
import re
from pathlib import Path

from generator.core import yamlio

PAYLOADS = [
    "<script>pwned()</script>",
    '<img src=x onerror="pwned()">',
    "<svg onload=pwned()>",
    "[click](javascript:pwned())",
    "[click](JaVaScRiPt:pwned())",
    "[click](&#106;avascript:pwned())",
    "[click](&#x6A;avascript&#58;pwned())",
    "[click](java%73cript:pwned())",
    "[click]( \tjavascript:pwned())",
    "[click](data:text/html;base64,PHNjcmlwdD5wd25lZCgpPC9zY3JpcHQ+)",
    "[click](vbscript:pwned())",
    '<a href="javascript:pwned()">x</a>',
    "<a href='&#106;avascript:pwned()'>x</a>",
    "<javascript:pwned()>",
    "![x](javascript:pwned())",
    "[ref][r] and [r]: javascript:pwned()",
    '{{ pwned() }} {% include "pwned" %} {# pwned #} {{ config.extra }}',
    '{: onclick="pwned()" }',
    '" onmouseover="pwned()',
    "' onfocus='pwned()",
    '<iframe src="javascript:pwned()"></iframe>',
    "&lt;script&gt;pwned()&lt;/script&gt;",
    "<!-- --><script>pwned()</script>",
    "`<script>pwned()</script>`",
    "<style>body{background:url(javascript:pwned())}</style>",
    "<form action=javascript:pwned()><button>go</button></form>",
    "[x]: javascript:pwned()",
    "<details open ontoggle=pwned()>",
    "*[HTML]: <script>pwned()</script>",
    "$$\\unicode{<script>pwned()</script>}$$",
    "{{ 7*7 }} {{ ''.__class__ }} {%- if true %}evaluated{% endif %}",
]

TITLE = "<script>pwned()</script> {{ pwned() }} [t](javascript:pwned()) \" onload=\"pwned()"


def hostile_article() -> str:
    """An article whose title, metadata and every paragraph carry payloads."""
    body = "\n\n".join(
        f"Officials in Mosul said on March {i + 1}, 2017 that {payload} was found near the city." for i, payload in enumerate(PAYLOADS)
    )
    meta = {
        "title": TITLE,
        "publisher": '<img src=x onerror="pwned()"> [p](javascript:pwned())',
        "byline": "{% raw %}{{ pwned() }}",
        "url": "https://example.org/a?x='onmouseover='pwned()&y=%3Cscript%3Epwned()%3C/script%3E",
        "published": "2017-03-12",
        "published_note": "<svg onload=pwned()>",
    }
    return f"---\n{yamlio.dump(meta)}---\n{body}\n"


def hostile_summary(article_id: str, article_bytes: bytes) -> str:
    """A reviewed summary (so the build keeps it as written) with payloads in every text field."""
    names = ['<img src=x onerror="pwned()">', "[Mosul](javascript:pwned())", "{{ pwned() }}", "\" onclick=\"pwned()", "CON"]
    data = {
        "id": article_id,
        "title": TITLE,
        "publisher": "<script>pwned()</script>",
        "url": "https://example.org/a",
        "published": {"date": "2017-03-12", "precision": "day", "basis": "metadata", "note": "<script>pwned()</script>"},
        "summary": [{"text": p, "paragraph": i + 1} for i, p in enumerate(PAYLOADS[:6])],
        "entities": [{"name": n, "type": t, "aliases": ["<b onclick=pwned()>"], "mentions": 2, "description": "<script>pwned()</script>",
                      "paragraphs": [1, 2]} for n, t in zip(names, ["person", "place", "organization", "group", "place"])],
        "events": [{"date": "2017-03-12", "precision": "day", "text": p, "paragraph": 1, "entities": names[:3]} for p in PAYLOADS[:8]]
        + [{"date": None, "precision": None, "text": "<script>pwned()</script> undated", "paragraph": 2, "entities": []}],
        "figures": [{"value": 3, "unit": "<script>pwned()</script>", "measure": "[m](javascript:pwned())", "text": p, "paragraph": 3,
                     "claimed_by": names[0]} for p in PAYLOADS[8:10]],
        "quotes": [{"speaker": names[0], "text": p, "paragraph": 4} for p in PAYLOADS[10:16]]
        + [{"speaker": None, "text": "<svg onload=pwned()>", "paragraph": 5}],
        "review": {"status": "reviewed", "source_sha256": hashlib.sha256(article_bytes).hexdigest()},
    }
    notes = "\n\n".join(["Editor's notes: **kept** HTML is sanitised, [a real link](https://example.org/ok)."] + PAYLOADS + [
        '<a href="JaVaScRiPt:pwned()">x</a> <a href="&#x6A;avascript:pwned()">y</a> <a href="data:text/html,pwned()">z</a>',
        '<object data="javascript:pwned()"></object><embed src="javascript:pwned()"><base href="javascript:pwned()//">',
        '<a href="http://ok.example/" onclick="pwned()" style="x:expression(pwned())">ok</a>',
        '<math><mtext><table><mglyph><style><img src=x onerror=pwned()>',  # last: it swallows what follows
    ])
    return f"---\n{yamlio.dump(data)}---\n{notes}\n"


# Where the site's own scripts may come from: Material's bundle and the briefing's own script.
ALLOWED_SCRIPT = re.compile(r"^(/|(\.\./)*)assets/(javascripts/bundle\.[0-9a-f]+\.min\.js|briefing\.js)$")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "xlink:href", "data", "background", "cite", "ping"}
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):")
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}  # forms: the theme's search box


class PageScanner(html.parser.HTMLParser):
    """Collects what would run in a page: scripts, event-handler attributes, dangerous URLs."""

    def __init__(self, name: str):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.findings: list[str] = []
        self._in_script = False
        self._script = ""

    def handle_starttag(self, tag, attrs):
        for attr, value in attrs:
            if attr.startswith("on"):
                self.findings.append(f"{self.name}: <{tag} {attr}={value!r}>")
            if attr in URL_ATTRIBUTES and value is not None:
                cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
                if DANGEROUS_SCHEME.match(cleaned):
                    self.findings.append(f"{self.name}: <{tag} {attr}={value!r}>")
        if tag in FORBIDDEN_TAGS:
            self.findings.append(f"{self.name}: <{tag}> element")
        if tag == "script":
            src = dict(attrs).get("src")
            if src is not None and not ALLOWED_SCRIPT.match(src):
                self.findings.append(f"{self.name}: <script src={src!r}>")
            self._in_script, self._script = True, ""

    def handle_data(self, data):
        if self._in_script:
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script:
            if "pwned" in self._script:
                self.findings.append(f"{self.name}: inline script runs {self._script.strip()[:80]!r}")
            self._in_script = False


class TextOf(html.parser.HTMLParser):
    """The visible text of a page, whitespace collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.parts))


def page_text(page: Path) -> str:
    """What a reader sees of a page (text nodes), whitespace collapsed."""
    parser = TextOf()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.text()


def scan_site(site: Path) -> list[str]:
    """Every script injection found in the built pages (empty for a safe site)."""
    findings: list[str] = []
    for page in sorted(site.rglob("*.html")):
        scanner = PageScanner(str(page.relative_to(site)))
        scanner.feed(page.read_text(encoding="utf-8"))
        scanner.close()
        findings += scanner.findings
    return findings
