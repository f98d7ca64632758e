"""Stage 4, render: the Briefing -> Markdown pages and data exports in the build folder (MkDocs' docs_dir).

Takes the merged Briefing and the templates; gives the pages (`present` shapes the view of each
page, `charts` draws SVG, `exports` writes the JSON/CSV/ICS data, `escape` is the one escaping rule).

Every value from the content is escaped twice over by the environment's `finalize`: as HTML (so
`<script>` stays text) and as Markdown (so `[x](javascript:...)` stays text). Templates mark their
own markup safe; article text is only ever data passed to a template, never a template.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import pickle
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape
from markupsafe import Markup

from generator.render import exports, present
from generator.render.escape import escape_text
from generator.core.errors import BriefingError, BuildError, ContentError, Problem
from generator.core.models import Briefing

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
ASSETS = Path(__file__).resolve().parent / "assets"
SAFE_URL_PATH = re.compile(r"^[A-Za-z0-9._/#-]*$")


def url(path: str) -> Markup:
    """A link target the generator built from ids and slugs: checked, then passed through unescaped."""
    if not SAFE_URL_PATH.match(path) or "//" in path:
        raise BuildError(f"unsafe link target {path!r}")
    return Markup(path)


def notes_html(markdown_text: str) -> Markup:
    """An editor's Markdown notes as sanitised HTML: allow-listed tags, http(s)/mailto links only."""
    import markdown as md
    import nh3

    if not markdown_text.strip():
        return Markup("")
    html_text = md.markdown(markdown_text, extensions=["extra", "sane_lists"], output_format="html")
    # No images, audio or video: a note's <img src="https://..."> would make the page load from another host.
    tags = set(nh3.ALLOWED_TAGS) - {"img", "audio", "video", "source", "track", "picture", "map", "area"}
    clean = nh3.clean(html_text, tags=tags, url_schemes=NOTE_URL_SCHEMES, link_rel="noopener noreferrer nofollow",
                      attribute_filter=_drop_odd_urls)
    return Markup(clean)


NOTE_URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "cite", "longdesc", "srcset", "action", "poster"}


def _drop_odd_urls(tag: str, attribute: str, value: str) -> str | None:
    """Second line after nh3's scheme check: a URL that reads as another scheme once browsers drop
    whitespace and control characters from it ("java\tscript:") is removed."""
    if attribute not in URL_ATTRIBUTES:
        return value
    squeezed = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", squeezed)
    return None if scheme and scheme.group(1) not in NOTE_URL_SCHEMES else value


HEADING = re.compile(r"^# (.+?)(?:\s*\{[^}]*\})?\s*$", re.MULTILINE)


def with_title(markdown_page: str) -> str:
    """The page with its title in front matter, HTML-escaped.

    MkDocs takes a page's title from its first heading and unescapes it; Material then prints it
    raw into <title> (`page.title | striptags`, which unescapes again): `</title><script>` in an
    article title would run. A front-matter title is used as written, so we write it escaped.
    """
    meta: dict = {}
    body = markdown_page
    if markdown_page.startswith("---\n"):  # a template's own front matter (hide: navigation): keep it
        end = markdown_page.find("\n---\n", 3)
        try:
            meta = yaml.safe_load(markdown_page[4:end]) if end > 0 else None
        except yaml.YAMLError:
            meta = None
        if not isinstance(meta, dict) or "title" in meta:
            return markdown_page  # a template that sets its own title, or front matter we cannot read
        body = markdown_page[end + 5 :]
    match = HEADING.search(body)
    if not match:
        return markdown_page
    plain = html.unescape(match.group(1))  # the heading's entities back to the text they stand for
    front = yaml.safe_dump({"title": html.escape(plain, quote=True), **meta}, allow_unicode=True, width=1_000_000, sort_keys=False)
    return f"---\n{front}---\n\n{body.lstrip(chr(10))}"


def environment(project_templates: Path | None, cache_dir: Path | None = None) -> Environment:
    """Jinja with the project's templates first, then the built-in ones; undefined names fail loudly.

    With `cache_dir`, compiled templates are kept there between builds (Jinja checks each template's
    mtime): compiling the templates costs about 0.2 s a build, more than rendering 1,000 pages.
    """
    loaders = []
    if project_templates and project_templates.is_dir():
        loaders.append(FileSystemLoader(str(project_templates)))
    loaders.append(FileSystemLoader(str(DEFAULT_TEMPLATES)))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        finalize=escape_text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # `{#id}` is Markdown's attribute syntax (heading anchors), so Jinja comments are `{## ... ##}`.
        comment_start_string="{##",
        comment_end_string="##}",
        bytecode_cache=FileSystemBytecodeCache(str(cache_dir)) if cache_dir else None,
    )
    if cache_dir:
        cache_dir.mkdir(parents=True, exist_ok=True)
    present.register(env)
    env.globals["url"] = url
    env.filters["notes_html"] = notes_html
    return env


def template_location(exc: TemplateError, template: str) -> tuple[str, int | None]:
    """(template file as the user knows it, line) of a template error; runtime errors carry theirs in
    the traceback, whose template frames Jinja rewrites to the template's own file and line."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            filename, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    if not filename:
        return f"templates/{template}", line
    path = Path(filename)
    prefix = "built-in template " if path.parent == DEFAULT_TEMPLATES else ""
    return f"{prefix}templates/{path.name}", line


@dataclass(frozen=True)
class Page:
    """One output file: its path in the docs folder and its text."""

    path: str
    text: str


def pages(briefing: Briefing, env: Environment, site: dict) -> list[Page]:
    """Every page of the site, rendered in memory (no file written yet)."""
    view = present.BriefingView(briefing, site)
    jobs: list[tuple[str, str, dict]] = []

    def render(template: str, path: str, **context: Any) -> None:
        jobs.append((template, path, context))

    render("home.md.j2", "index.md")
    render("chronology.md.j2", "chronology/index.md")
    render("entities.md.j2", "entities/index.md")
    for entity in view.entities:
        render("entity.md.j2", f"entities/{entity.slug}.md", entity=entity)
    render("articles.md.j2", "articles/index.md")
    for article in view.articles:
        render("article.md.j2", f"articles/{article.id}.md", article=article)
    out = render_all(jobs, env, view, site)
    for name, text in exports.all_exports(briefing, site).items():
        out.append(Page(f"data/{name}", text))
    return out


# From this many pages on, pages are rendered by several forked processes (each renders every n-th
# page; the pages are pure functions of the view, so the split changes nothing in them). At 400
# reports (5,800 pages) rendering took about 5 s in one process; forking costs milliseconds.
PARALLEL_MIN_PAGES = 500
MAX_RENDER_PROCESSES = 4


def render_processes(count: int) -> int:
    if count < PARALLEL_MIN_PAGES or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MAX_RENDER_PROCESSES))


def render_all(jobs: list[tuple[str, str, dict]], env: Environment, view: Any, site: dict) -> list[Page]:
    """Render (template, path, context) jobs in order, on several processes for a large site."""

    def one(job: tuple[str, str, dict]) -> str:
        template, path, context = job
        try:
            return env.get_template(template).render(b=view, site=site, **context)
        except TemplateError as exc:
            name, line = template_location(exc, template)
            raise ContentError([Problem(name, f"template error: {exc.message or exc}", line=line)]) from None

    workers = render_processes(len(jobs))
    if workers == 1:
        return [Page(job[1], one(job)) for job in jobs]
    children: list[tuple[int, int]] = []
    texts: dict[int, list[str]] = {}
    try:
        for share in range(1, workers):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # a child: render its share, send the texts, leave without the parent's cleanup
                os.close(read_end)
                status = 0
                try:
                    try:
                        payload = pickle.dumps((True, [one(job) for job in jobs[share::workers]]), protocol=pickle.HIGHEST_PROTOCOL)
                    except BaseException as exc:  # noqa: BLE001 - sent back to the parent
                        status = 1
                        payload = pickle.dumps((False, exc if isinstance(exc, BriefingError) else BuildError(f"{type(exc).__name__}: {exc}")))
                    with os.fdopen(write_end, "wb") as pipe:
                        pipe.write(payload)
                finally:
                    os._exit(status)
            os.close(write_end)
            children.append((pid, read_end))
        texts[0] = [one(job) for job in jobs[0::workers]]
        for share, (pid, read_end) in enumerate(children, start=1):
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            os.waitpid(pid, 0)
            children[share - 1] = (0, -1)
            if not data:
                raise BuildError("a page-rendering process stopped before it finished")
            ok, value = pickle.loads(data)
            if not ok:
                raise value
            texts[share] = value
    finally:
        for pid, read_end in children:
            if pid:
                os.close(read_end)
                os.waitpid(pid, 0)
    return [Page(job[1], texts[i % workers][i // workers]) for i, job in enumerate(jobs)]


def write_pages(pages_: list[Page], docs_dir: Path, manifest: Path | None = None) -> int:
    """Bring the docs folder to exactly these pages and the site's assets; returns how many files changed.

    A file whose text is unchanged is not rewritten (its mtime stays, so `serve` and the builders' own
    caches see only real changes), and a file no page produces any more is deleted. A path written
    twice is refused. With `manifest` (a file the caller keeps between builds), a page whose rendered
    text hashes as last time, and whose file is still as it was then written (size, mtime), is skipped
    without preparing or comparing it: most pages, after one edit.
    """
    seen: set[str] = set()
    root = docs_dir.resolve()
    known = _load_manifest(manifest)
    kept: dict[str, list] = {}
    wanted: set[Path] = set()
    changed = 0
    for page in pages_:
        key = page.path.casefold()
        if key in seen:
            raise BuildError(f"two pages would be written to {page.path}: refusing to overwrite one with the other")
        seen.add(key)
        target = (docs_dir / page.path).resolve()
        if not target.is_relative_to(root):
            raise BuildError(f"page path {page.path!r} leaves the build folder")
        wanted.add(target)
        digest = hashlib.sha256(page.text.encode("utf-8", "surrogatepass")).hexdigest()
        before = known.get(page.path)
        if before and before[0] == digest and _stat(target) == tuple(before[1:]):
            kept[page.path] = before
            continue
        data = (with_title(page.text) if page.path.endswith(".md") else page.text).encode("utf-8")
        changed += write_if_changed(target, data)
        kept[page.path] = [digest, *(_stat(target) or (-1, -1))]
    for asset in sorted(ASSETS.rglob("*")):
        if asset.is_file():
            target = root / "assets" / asset.relative_to(ASSETS)
            wanted.add(target)
            changed += write_if_changed(target, asset.read_bytes())
    for path in sorted(root.rglob("*"), reverse=True):  # children before their folders
        if path.is_file() and path not in wanted:
            path.unlink()
            changed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    _save_manifest(manifest, kept)
    return changed


# This module's own code (with_title prepares each page's file): another version prepares pages anew.
_WRITER_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _load_manifest(path: Path | None) -> dict[str, list]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("code") != _WRITER_CODE or not isinstance(data.get("pages"), dict):
        return {}  # another version of with_title may have prepared those files
    return {k: v for k, v in data["pages"].items() if isinstance(v, list) and len(v) == 3}


def _save_manifest(path: Path | None, kept: dict[str, list]) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(json.dumps({"code": _WRITER_CODE, "pages": kept}), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        path.unlink(missing_ok=True)  # without it the next build compares every page


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write data to target unless it already holds exactly that; True when written."""
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True
