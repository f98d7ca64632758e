"""The editor's loop on a built project: rebuilds after nothing, one article, one summary, one entities.yml entry.

    python -m bench.edits PROJECT                      # a built project (it is edited: use a copy)
    python -m bench.edits --make synthetic:5000 DIR    # make the corpus in DIR and build it first (cold), then measure
    python -m bench.edits --make real DIR              # the Timeline17 Libya corpus

Each rebuild is `briefing build` as the editor runs it (interpreter start included), against a
bare `mkdocs build` of the same pages timed in the same run; the ratios are what issue 16 sets
targets for (one edit <= 0.15, nothing changed <= 0.10 at a few hundred reports, <= 0.05 at 5,000).
`make bench` runs the same measurements in every case (bench/case.py); this runs them alone, on a
project built once, so a large corpus need not be summarised again to measure a change.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .treemem import peak_tree_mb

ENV_KEYS = {"NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
BUILT = re.compile(r"built (\d+) pages from (\d+) articles \((\d+) summarised")


def _env() -> dict:
    import os

    return dict(os.environ, **ENV_KEYS)


def run(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, env=_env(), capture_output=True, text=True)
    seconds = round(time.perf_counter() - start, 3)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return seconds, proc.stdout + proc.stderr


def bare_mkdocs(root: Path) -> float:
    """Seconds of a plain `mkdocs build` of the generated Markdown (no generator involved)."""
    out = root / ".bench-bare-site"
    seconds, _ = run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "--site-dir", str(out)], root)
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def cli_build(root: Path, *extra: str) -> dict:
    seconds, output = run([sys.executable, "-m", "generator.cli", "build", str(root), *extra], root)
    match = BUILT.search(output)
    if not match:
        raise SystemExit(f"unexpected build output:\n{output}")
    return {"seconds": seconds, "pages": int(match[1]), "summarised": int(match[3]),
            "site_skipped": "already up to date" in output}


def docs_mtimes(docs: Path) -> dict[str, int]:
    return {str(p.relative_to(docs)): p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}


def _middle(folder: Path, pattern: str = "*.md") -> Path:
    files = sorted(p for p in folder.glob(pattern) if not p.name.endswith(".proposed.md"))
    return files[len(files) // 2]


def edit_article(root: Path) -> str:
    """Append a sentence to the middle article, as an editor's correction would."""
    path = _middle(root / "content" / "articles")
    path.write_text(path.read_text(encoding="utf-8") + "\nThe desk added this sentence on review.\n", encoding="utf-8")
    return path.stem


def edit_summary(root: Path) -> str:
    """Correct the title in a summary (another article than edit_article's), as an editor would."""
    files = sorted(p for p in (root / "content" / "summaries").glob("*.md") if not p.name.endswith(".proposed.md"))
    path = files[len(files) // 3]
    text = path.read_text(encoding="utf-8")
    path.write_text(retitle(text, " (corrected)"), encoding="utf-8")
    return path.stem


def retitle(text: str, added: str) -> str:
    """The summary's text with `added` at the end of its title, inside the quotes if it has them."""

    def change(match: re.Match) -> str:
        value = match.group(1)
        if len(value) > 1 and value[0] in "'\"" and value[-1] == value[0]:
            return f"title: {value[:-1]}{added}{value[-1]}"
        return f"title: {value}{added}"

    return re.sub(r"^title: (.+)$", change, text, count=1, flags=re.MULTILINE)


def edit_entities(root: Path) -> str:
    """One entry in entities.yml: a name that is not an entity (`ignore`), the smallest judgement."""
    path = root / "content" / "entities.yml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if re.search(r"^ignore:", text, re.MULTILINE):
        text = re.sub(r"^ignore: \[", "ignore: [Desk Review Wire, ", text, count=1, flags=re.MULTILINE)
    else:
        text = text.rstrip("\n") + ("\n" if text.strip() else "") + "ignore: [Desk Review Wire]\n"
    path.write_text(text, encoding="utf-8")
    return "ignore: Desk Review Wire"


def measure(root: Path, kinds: tuple[str, ...] = ("article", "summary", "entities")) -> dict:
    """Every rebuild of the editor's loop on a built project, with the bare MkDocs baseline of the same run."""
    docs = root / ".build" / "docs"
    result: dict = {"bare_mkdocs": bare_mkdocs(root)}
    cli_build(root, "--no-strict")  # whatever the last run left, from here the site is up to date
    before = docs_mtimes(docs)
    result["no_change"] = cli_build(root, "--no-strict")
    result["no_change"]["docs_rewritten"] = sum(1 for k, v in docs_mtimes(docs).items() if before.get(k) != v)
    editors = {"article": edit_article, "summary": edit_summary, "entities": edit_entities}
    tree: dict = {}
    for kind in kinds:
        what = editors[kind](root)
        before = docs_mtimes(docs)
        with peak_tree_mb(tree, kind, children_only=True):
            result[kind] = cli_build(root, "--no-strict")
        result[kind]["edited"] = what
        result[kind]["docs_rewritten"] = sum(1 for k, v in docs_mtimes(docs).items() if before.get(k) != v)
        result[kind]["peak_tree_mb"] = tree.get(kind)
    for key in ("no_change", *kinds):
        result[key]["vs_bare_mkdocs"] = round(result[key]["seconds"] / result["bare_mkdocs"], 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("--make", help="synthetic:SIZE or real: make the corpus in PROJECT and build it cold first")
    parser.add_argument("--kinds", default="article,summary,entities", help="which edits to time (comma-separated)")
    args = parser.parse_args()
    root = args.project.resolve()
    report: dict = {"project": str(root)}
    if args.make:
        from . import corpora

        kind, _, size = args.make.partition(":")
        corpus = corpora.real_corpus(root) if kind == "real" else corpora.synthetic_corpus(root, int(size))
        if corpus is None:
            raise SystemExit("the Timeline17 corpus is not there")
        report["cold"] = cli_build(root, "--no-strict")
        report["articles"] = corpus.articles
    report.update(measure(root, tuple(k for k in args.kinds.split(",") if k)))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
