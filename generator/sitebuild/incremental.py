"""MkDocs' own build, with the pages that did not change taken from the previous site.

    python -m generator.sitebuild.incremental --config-file mkdocs.yml --site-dir STAGING \
        --previous site --state .build/site-state.pickle [--strict]

Runs MkDocs' build step by step through its Python API (the same calls, in the same order, as
`mkdocs.commands.build.build`), with two shortcuts:

- a page whose Markdown is byte for byte the one the previous build read, under the same
  configuration, theme, versions, file list and navigation, is not converted or rendered again:
  its HTML file in the previous site/ (unchanged since that build: same size and mtime) is
  hard-linked into the new site, and what the rest of the build needs from it is restored from the
  state file (its title and meta, the anchors it has and links to, the warnings its conversion
  logged, its search-index entries);
- a static file whose source is unchanged is hard-linked the same way.

Everything else runs as MkDocs runs it: configuration and plugin events, the file list and the
navigation, every changed page converted and rendered, 404.html and the sitemap, anchor validation
across all pages, the search index written from every page's entries (in the order a full build
writes them), strict mode counting every warning (a reused page's warnings are logged again). A
page event from a plugin other than search, or anything the state does not match, turns the
shortcut off for that page or for all: a full build is always the fallback, and
tests/sitebuild/test_incremental_site.py checks the result against a clean `mkdocs build`, file by
file.

The new site is written into an empty folder (the caller's staging folder), never into site/:
linking only adds names to the previous files, so a failed or killed build leaves site/ as it was.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import pickle
import shutil
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

STATE_VERSION = 1
PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jinja2", "pygments", "babel")
# Settings that do not change a page's HTML: the output folder (a fresh staging folder each build) and strict mode.
KEY_IGNORES = ("plugins", "theme", "site_dir", "strict", "dev_addr")
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")

log = logging.getLogger("mkdocs.briefing")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


class Capture(logging.Handler):
    """The messages logged on the mkdocs loggers while one page is converted, to log again when it is reused."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.records.append((record.name, record.levelno, record.getMessage()))


def _search_entries(plugins) -> list | None:
    """The list the search plugin (Material's or MkDocs' own) collects its index entries in."""
    for plugin in plugins.values():
        index = getattr(plugin, "search_index", None)
        for name in ("entries", "_entries"):
            entries = getattr(index, name, None)
            if isinstance(entries, list):
                return entries
    return None


def _page_events_known(plugins) -> bool:
    """True when no plugin but search reacts to page events: a reused page then misses nothing."""
    for event in PAGE_EVENTS:
        for method in plugins.events.get(event, []):
            owner = getattr(method, "__self__", None)
            if owner is None or not type(owner).__module__.endswith("search.plugin") or event != "page_context":
                return False
    return True


def _nav_signature(nav) -> list:
    """Titles, URLs and meta of the navigation as every page shows it."""

    def item(x) -> list:
        kind = type(x).__name__
        meta = json.dumps(getattr(x, "meta", None) or {}, sort_keys=True, default=str)
        children = [item(c) for c in (x.children or [])] if getattr(x, "children", None) else []
        return [kind, x.title, getattr(x, "url", None), meta, children]

    return [item(x) for x in nav.items]


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(folder).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def global_key(config, config_file: Path, files) -> str:
    """Everything a page's HTML depends on besides its own Markdown and the navigation."""
    digest = hashlib.sha256()
    digest.update(f"{STATE_VERSION}\0{sys.version}\0".encode())
    digest.update(",".join(_version(p) for p in PACKAGES).encode())
    digest.update(config_file.read_bytes())
    # the configuration as loaded: !ENV values, INHERIT, defaults, and what plugins' on_config changed
    digest.update(repr(sorted((k, repr(v)) for k, v in config.items() if k not in KEY_IGNORES)).encode())
    digest.update(repr(sorted((k, repr(v)) for k, v in dict(config.theme).items())).encode())
    for folder in config.theme.dirs:
        if not Path(folder).resolve().is_relative_to(Path(sys.prefix).resolve()):
            digest.update(_tree_digest(Path(folder)).encode())  # custom_dir: the project's own overrides
    digest.update("\n".join(f"{f.src_uri}\0{f.dest_uri}\0{f.inclusion}" for f in files).encode())
    return digest.hexdigest()


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _cache_dir(state_path: Path) -> Path:
    folder = state_path.parent / "cache" / "theme-jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def load_state(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            state = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
        return {}
    return state if isinstance(state, dict) and state.get("version") == STATE_VERSION else {}


def build(config_file: Path, site_dir: Path, previous: Path, state_path: Path, strict: bool) -> dict:
    """Build the site into site_dir (an empty folder); returns counts of pages rendered and reused."""
    import jinja2
    from mkdocs import utils
    from mkdocs.commands import build as mk
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    logger = logging.getLogger("mkdocs")
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(counter)
    inclusion = InclusionLevel.is_included
    old = load_state(state_path)
    state_path.unlink(missing_ok=True)  # a build that stops half-way leaves no state that could mislead the next
    new: dict[str, Any] = {"version": STATE_VERSION, "pages": {}, "static": {}}
    counts = {"rendered": 0, "reused": 0, "linked": 0, "copied": 0}
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)

        files = get_files(config)
        env = config.theme.get_env()
        # the theme's compiled templates kept between builds (Jinja checks each template's mtime): about
        # 1 s of compiling Material's templates on every build otherwise; the output is the same
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(_cache_dir(state_path)))
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        new["key"] = key = global_key(config, config_file, files)
        search = _search_entries(config.plugins)
        usable = old.get("key") == key and _page_events_known(config.plugins) and (search is not None or not old.get("search"))
        new["search"] = search is not None
        old_pages: dict = old.get("pages", {}) if usable else {}

        # Read every page: a page whose Markdown is unchanged gets back what its conversion gave.
        restored: dict[str, dict] = {}
        by_uri = {f.src_uri: f for f in files}
        capture = Capture()

        def convert(file, sha: str) -> None:
            """MkDocs' own reading and conversion of one page, its log messages kept for the next build."""
            file.page.markdown = None
            logger.addHandler(capture)
            try:
                mk._populate_page(file.page, config, files)
            finally:
                logger.removeHandler(capture)
            new["pages"][file.src_uri] = {"sha": sha, "warnings": capture.records}
            capture.records = []

        for file in files.documentation_pages(inclusion=inclusion):
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            page = file.page
            source = file.content_bytes
            sha = hashlib.sha256(source).hexdigest()
            before = old_pages.get(file.src_uri)
            if before and before["sha"] == sha and _stat(previous / file.dest_uri) == before["out"]:
                _restore(page, before, by_uri)
                restored[file.src_uri] = before
                continue
            convert(file, sha)

        navsig = _nav_signature(nav)
        new["nav"] = navsig
        if restored and navsig != old.get("nav"):
            for src_uri in restored:  # the navigation every page shows changed: convert them all after all
                convert(by_uri[src_uri], restored[src_uri]["sha"])
            restored = {}
        for src_uri, before in restored.items():  # a reused page's warnings count as a full build counts them
            for name, level, message in before["warnings"]:
                logging.getLogger(name).log(level, message)

        env = config.plugins.on_env(env, config=config, files=files)

        old_static: dict = old.get("static", {}) if usable else {}
        for file in files:
            if file.is_documentation_page() or not inclusion(file.inclusion):
                continue
            source = _stat(Path(file.abs_src_path)) if file.abs_src_path and file._content is None else None
            before = old_static.get(file.src_uri)
            target = Path(file.abs_dest_path)
            if source and before and before["src"] == list(source) and _stat(previous / file.dest_uri) == before["out"] \
                    and not target.exists():
                _link(previous / file.dest_uri, target)
                counts["linked"] += 1
            else:
                file.copy_file(False)
                counts["copied"] += 1
            if source:
                new["static"][file.src_uri] = {"src": list(source), "out": _stat(target)}

        for template in config.theme.static_templates:
            mk._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mk._build_extra_template(template, files, config, nav)

        doc_files = files.documentation_pages(inclusion=inclusion)
        for file in doc_files:
            before = restored.get(file.src_uri)
            target = Path(file.abs_dest_path)
            if before is not None and not target.exists():
                _link(previous / file.dest_uri, target)
                if search is not None:
                    search.extend(before["search"])
                new["pages"][file.src_uri] = {**before, "out": _stat(target)}
                counts["reused"] += 1
                continue
            if before is not None:  # something else wrote its file first: convert and render it as MkDocs would
                convert(file, before["sha"])
            start = len(search) if search is not None else 0
            mk._build_page(file.page, config, doc_files, nav, env, False, excluded=file.inclusion.is_excluded())
            record = new["pages"][file.src_uri]
            record.update(_page_record(file.page))
            record["search"] = search[start:] if search is not None else []
            record["out"] = _stat(target)
            counts["rendered"] += 1

        level = config.validation.links.anchors
        for file in doc_files:
            file.page.validate_anchor_links(files=files, log_level=level)

        config.plugins.on_post_build(config=config)
        if found := counter.get_counts():
            message = ", ".join(f"{v} {k.lower()}s" for k, v in found)
            raise Abort(f"Aborted with {message} in strict mode!")
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            log.error(str(exc))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        logger.removeHandler(counter)
        config.plugins.on_shutdown()
    partial = state_path.with_name(state_path.name + ".partial")
    with partial.open("wb") as handle:
        pickle.dump(new, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, state_path)
    return counts


def _page_record(page) -> dict:
    """What the rest of a build reads from a converted page, without its HTML."""
    links = {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()}
    return {
        "title": page.title,
        "meta": page.meta,
        "anchors": set(page.present_anchor_ids or ()),
        "links": links,
    }


def _restore(page, record: dict, by_uri: dict) -> None:
    """Give a reused page what a conversion would have given the rest of the build."""
    page.title = record["title"]
    page.meta = record["meta"]
    page.markdown = ""  # read (its bytes were compared); not converted
    page.present_anchor_ids = set(record["anchors"])
    links = {}
    for src_uri, anchors in record["links"].items():
        target = by_uri.get(src_uri)
        if target is not None:
            links[target] = dict(anchors)
    page.links_to_anchors = links


class Formatter(logging.Formatter):
    """MkDocs' own line format (`WARNING -  message`), without colours."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<8}-  {record.getMessage()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config-file", type=Path, required=True)
    parser.add_argument("--site-dir", type=Path, required=True)
    parser.add_argument("--previous", type=Path, required=True)
    parser.add_argument("--state", type=Path, required=True)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(Formatter())
    handler.setLevel(logging.INFO)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    from mkdocs.exceptions import MkDocsException

    try:
        counts = build(args.config_file.resolve(), args.site_dir.resolve(), args.previous.resolve(), args.state.resolve(), args.strict)
    except MkDocsException as exc:
        exc.show()  # as MkDocs' command line shows it
        return 1
    print(f"INFO    -  briefing: {counts['rendered']} pages rendered, {counts['reused']} reused; "
          f"{counts['copied']} files copied, {counts['linked']} reused", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
