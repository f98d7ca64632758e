"""`make bench`: every corpus measured in a process of its own, then a JSON report and a readable table.

    python -m bench                      # seed, Timeline17 (when present), synthetic 100 / 1,000 / 5,000
    python -m bench --quick              # seed and synthetic 100 only: a minute or two
    python -m bench --sizes 100,1000     # choose the synthetic sizes
    python -m bench --builders mkdocs    # leave Zensical out
    python -m bench --cluster-only       # only the Dask cluster against the local pool (1,000 articles)

The machine is shared and noisy: read the ratios against the same run's baselines, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from . import quality

RESULTS = Path(__file__).resolve().parent / "results"
STAGES = ("read", "model_load", "summarise", "merge", "render", "write", "site_build")


def run_case(args: list[str], work: Path) -> dict:
    """One corpus in a fresh interpreter (its peak memory is its own)."""
    command = [sys.executable, "-m", "bench.case", "--work", str(work), *args]
    print("running", " ".join(args), file=sys.stderr, flush=True)
    proc = subprocess.run(command, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark case {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_cluster(size: int, work: Path) -> dict:
    """The Dask cluster against the local pool (bench/cluster.py), in a fresh interpreter."""
    command = [sys.executable, "-m", "bench.cluster", "--size", str(size), "--work", str(work)]
    print("running cluster", size, file=sys.stderr, flush=True)
    proc = subprocess.run(command, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark bench.cluster failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def growth(cases: list[dict]) -> dict[str, list[dict]]:
    """Each stage's growth exponent between successive synthetic sizes: 1 is linear, 2 quadratic."""
    synthetic = sorted((c for c in cases if c["corpus"].startswith("synthetic")), key=lambda c: c["articles"])
    result: dict[str, list[dict]] = {}
    for stage in (*STAGES, "total"):
        steps = []
        for small, big in zip(synthetic, synthetic[1:]):
            a, b = small["stages"][stage], big["stages"][stage]
            if a > 0 and b > 0:
                exponent = math.log(b / a) / math.log(big["articles"] / small["articles"])
                steps.append({"from": small["articles"], "to": big["articles"], "exponent": round(exponent, 2)})
        result[stage] = steps
    return result


def table(report: dict) -> str:
    """The report as Markdown tables."""
    cases = [c for c in report["cases"] if "skipped" not in c]
    lines = [f"# Benchmark {report['date']}", "", f"{report['machine']}", ""]
    head = ["corpus", "articles", "words", "pages", *STAGES, "total", "peak MB (one process)",
            "peak MB (build tree: cold / one edit)"]
    lines += ["## Cold build, seconds per stage", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for c in cases:
        memory = max(c["peak_memory_mb"].values())
        tree = c.get("peak_tree_mb", {})
        row = [c["corpus"], c["articles"], c["words"], c["pages"], *(c["stages"][s] for s in STAGES), c["stages"]["total"], memory,
               f"{tree.get('cold_build', '-')} / {tree.get('rebuild_one_edit', '-')}"]
        lines.append("| " + " | ".join(str(x) for x in row) + " |")
    head = ["corpus", "processes", "summarise w/s", "nlp.pipe w/s", "ratio (>= 0.8)", "bare mkdocs s",
            "no-change rebuild s", "ratio (<= 1.3)", "one edit: summarised", "one edit s", "one edit / bare mkdocs", "docs rewritten (no change / one edit)"]
    lines += ["", "## Against the baselines", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for c in cases:
        row = [c["corpus"], c["processes"], c["stages"]["summarise_words_per_s"], c.get("nlp_pipe", {}).get("words_per_s", "-"),
               c.get("summarise_vs_nlp_pipe", "-"), c["bare_mkdocs"], c["rebuild_no_change"]["seconds"], c["rebuild_vs_bare_mkdocs"],
               c["rebuild_one_edit"]["summarised"], c["rebuild_one_edit"]["seconds"], c.get("one_edit_vs_bare_mkdocs", "-"),
               f"{c['rebuild_no_change']['docs_rewritten']} / {c['rebuild_one_edit']['docs_rewritten']}"]
        lines.append("| " + " | ".join(str(x) for x in row) + " |")
    head = ["corpus", "pages", "bare mkdocs s", "cold site build / bare", "nothing changed s", "/ bare", "one article s", "/ bare",
            "one summary s", "/ bare", "one entities.yml entry s", "/ bare", "summarised", "serve: summary in Chromium s", "/ bare"]
    lines += ["", "## The editor's loop (issue 16: one edit <= 0.15, nothing changed <= 0.10, <= 0.05 at 5,000)", "",
              "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for c in cases:
        if "rebuild_summary_edit" not in c:
            continue
        summary, entities, served = c["rebuild_summary_edit"], c["rebuild_entities_edit"], c.get("serve_summary_edit", {})
        row = [c["corpus"], c["pages"], c["bare_mkdocs"], c.get("cold_site_build_vs_bare_mkdocs", "-"),
               c["rebuild_no_change"]["seconds"], c["rebuild_vs_bare_mkdocs"], c["rebuild_one_edit"]["seconds"], c["one_edit_vs_bare_mkdocs"],
               summary["seconds"], summary["vs_bare_mkdocs"], entities["seconds"], entities["vs_bare_mkdocs"], entities["summarised"],
               served.get("seconds", "-"), served.get("vs_bare_mkdocs", "-")]
        lines.append("| " + " | ".join(str(x) for x in row) + " |")
    if any("zensical" in c for c in cases):
        head = ["corpus", "pages", "mkdocs (bare) s", "zensical cold s", "zensical warm s", "cold / mkdocs", "warm / mkdocs"]
        lines += ["", "## Site builders", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for c in cases:
            if "zensical" in c:
                z = c["zensical"]
                lines.append(f"| {c['corpus']} | {c['pages']} | {c['bare_mkdocs']} | {z['cold']} | {z['warm']} | "
                             f"{c['zensical_cold_vs_mkdocs']} | {c['zensical_warm_vs_mkdocs']} |")
    if report.get("cluster"):
        c = report["cluster"]
        lines += ["", "## Summarising on a Dask cluster (two worker processes) against the local pool (two processes)", "",
                  "| articles | words | pool s | cluster s | ratio (<= 1.15) | identical summaries |", "|---|---|---|---|---|---|",
                  f"| {c['articles']} | {c['words']} | {min(c['local_s'])} | {min(c['cluster_s'])} | {c['ratio']} | {c['identical']} |"]
    if any(report["growth"].values()):
        lines += ["", "## Growth exponent per stage (1 = linear, 2 = quadratic)", ""]
        for stage, steps in report["growth"].items():
            lines.append(f"- {stage}: " + ", ".join(f"{s['from']}->{s['to']}: {s['exponent']}" for s in steps))
    if report.get("pipelines"):
        lines += ["", "## Pipeline configurations on tests/eval (12 articles): speed against extraction F1", "",
                  "| pipeline | components | nlp w/s | entities | events | quotes | figures |", "|---|---|---|---|---|---|---|"]
        for q in report["pipelines"]:
            s = q["scores"]
            lines.append(f"| {q['pipeline']} | {' '.join(q['components'])} | {q['nlp_words_per_s']} | "
                         f"{s['entities']['f1']} | {s['events']['f1']} | {s['quotes']['f1']} | {s['figures']['f1']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="seed and synthetic 100 only")
    parser.add_argument("--sizes", default="100,1000,5000", help="synthetic corpus sizes (comma-separated)")
    parser.add_argument("--no-real", action="store_true", help="skip the Timeline17 corpus")
    parser.add_argument("--no-seed", action="store_true", help="skip the seed corpus")
    parser.add_argument("--no-quality", action="store_true", help="skip the pipeline quality comparison")
    parser.add_argument("--builders", default="mkdocs,zensical", help="site builders to time")
    parser.add_argument("--cluster-size", type=int, default=1000, help="articles for the Dask cluster against the pool (0: skip)")
    parser.add_argument("--cluster-only", action="store_true", help="only the Dask cluster against the pool")
    parser.add_argument("--no-serve", action="store_true", help="skip the browser measurement under `briefing serve`")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.cluster_only:
        args.no_seed = args.no_real = args.no_quality = True
        args.sizes = ""
    sizes = [100] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    started = time.perf_counter()
    plan = [] if args.no_seed else [["--corpus", "seed"]]
    plan += [] if args.quick or args.no_real else [["--corpus", "real"]]
    plan += [["--corpus", "synthetic", "--size", str(size)] for size in sizes]
    cases = []
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        for case in plan:
            cases.append(run_case([*case, "--builders", args.builders, *(["--no-serve"] if args.no_serve else [])], Path(tmp)))
            # Each case as it ends: a long run stopped half-way still leaves its numbers.
            (args.out / "partial.json").write_text(json.dumps(cases, indent=1), encoding="utf-8")
        cluster = run_cluster(args.cluster_size, Path(tmp)) if args.cluster_size and not args.quick else None
    report = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.node()}: {platform.processor() or platform.machine()}, "
                   f"{len(__import__('os').sched_getaffinity(0))} cores, Python {platform.python_version()}",
        "cases": cases,
        "growth": growth(cases),
        "cluster": cluster,
        "pipelines": [] if args.no_quality else quality.compare(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    (args.out / f"bench-{stamp}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    text = table(report)
    (args.out / f"bench-{stamp}.md").write_text(text, encoding="utf-8")
    (args.out / "latest.md").write_text(text, encoding="utf-8")
    (args.out / "latest.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
