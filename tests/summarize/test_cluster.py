"""Summarising on a real Dask cluster (a LocalCluster of worker processes started by the test):
the same summaries byte for byte, a killed worker's articles still summarised, clear errors."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.summarize import summarize

from tests.helpers import make_project

distributed = pytest.importorskip("distributed")

BRIEFING = str(Path(sys.executable).parent / "briefing")


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes of one thread each, as `dask worker --nthreads 1` on two machines."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


def seed_project(where: Path) -> Path:
    return make_project(where, seed=True)


def summaries_of(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "content/summaries").glob("*.md"))}


@pytest.fixture(scope="module")
def local_build(tmp_path_factory) -> dict[str, bytes]:
    """The seed articles summarised by the local pool: what the cluster must give, byte for byte."""
    root = seed_project(tmp_path_factory.mktemp("local") / "p")
    made = summarize(root, _articles(root)).made
    assert len(made) == 5
    return summaries_of(root)


def _articles(root: Path):
    from generator.read.sources import read_articles

    articles, problems = read_articles(root)
    assert not [p for p in problems if not p.warning]
    return articles


def test_the_cluster_makes_the_local_summaries_byte_for_byte(cluster, local_build, tmp_path):
    root = seed_project(tmp_path / "p")
    counted = []
    result = summarize(root, _articles(root), lambda done, total: counted.append((done, total)), scheduler=cluster.scheduler_address)
    assert sorted(result.made) == sorted(name[:-3] for name in local_build)
    assert summaries_of(root) == local_build
    assert counted[0] == (0, 5) and counted[-1] == (5, 5)  # the same display as a local build, in articles
    # the driver wrote the cache exactly as a local build: the next build summarises nothing
    assert summarize(root, _articles(root), scheduler=cluster.scheduler_address).made == []


def test_the_command_line_builds_through_the_scheduler(cluster, local_build, tmp_path):
    root = seed_project(tmp_path / "p")
    result = subprocess.run([BRIEFING, "build", str(root), "--scheduler", cluster.scheduler_address],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "(5 summarised, 0 unchanged)" in result.stdout
    assert "distributed" not in result.stderr and "Traceback" not in result.stderr, result.stderr  # Dask's logging stays quiet
    assert summaries_of(root) == local_build


def test_a_killed_workers_articles_are_still_summarised(cluster, local_build, tmp_path):
    root = seed_project(tmp_path / "p")
    client = distributed.Client(cluster.scheduler_address, set_as_default=False)
    killed: list[str] = []

    def kill_a_busy_worker() -> None:
        """SIGKILL a worker process that holds a task: the way a machine drops out of a cluster."""
        pids = client.run(os.getpid)
        for _ in range(600):
            busy = [worker for worker, tasks in client.processing().items() if tasks]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(busy[0])
                return
            threading.Event().wait(0.05)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    try:
        # one article a task, so that the killed worker holds some while others are already done
        result = summarize(root, _articles(root), scheduler=cluster.scheduler_address, chunk_words=1)
    finally:
        killer.join()
        client.close()
    assert killed, "no worker was busy: nothing was killed"
    assert len(result.made) == 5
    assert summaries_of(root) == local_build
    cluster.wait_for_workers(2, timeout=120)  # the nanny restarts it, for the next test


def test_an_interrupted_cluster_build_keeps_what_was_written(cluster, local_build, tmp_path):
    root = seed_project(tmp_path / "p")
    folder = root / "content/summaries"
    # the seed is one task's worth of words: here one article a task, so the build is cut between tasks
    script = ("import sys; from pathlib import Path; from generator.read.sources import read_articles; "
              "from generator.summarize import summarize; root = Path(sys.argv[1]); "
              "summarize(root, read_articles(root)[0], scheduler=sys.argv[2], chunk_words=1)")
    proc = subprocess.Popen([sys.executable, "-c", script, str(root), cluster.scheduler_address],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(6000):  # until the first task's summaries are written
            if folder.is_dir() and list(folder.glob("*.md")) or proc.poll() is not None:
                break
            threading.Event().wait(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    kept = summaries_of(root)
    assert 0 < len(kept) < 5, "the build was not cut half way"
    assert all(local_build[name] == data for name, data in kept.items())  # each one whole
    result = subprocess.run([BRIEFING, "build", str(root), "--scheduler", cluster.scheduler_address],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"({5 - len(kept)} summarised, {len(kept)} unchanged)" in result.stdout  # only the rest
    assert summaries_of(root) == local_build


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    root = seed_project(tmp_path / "p")
    result = subprocess.run([BRIEFING, "build", str(root)], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "BRIEFING_SCHEDULER": "tcp://127.0.0.1:9"})
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")
    assert lines[0].endswith("start one there (`dask scheduler`, then `dask worker tcp://127.0.0.1:9` on each machine) or build "
                             "without --scheduler (and BRIEFING_SCHEDULER, extra.briefing.scheduler); nothing was summarised")
    assert not (root / "content/summaries").exists() or not list((root / "content/summaries").iterdir())


def test_a_worker_with_other_extraction_code_is_named(cluster, tmp_path):
    """A real `dask worker` running another copy of briefing whose extraction code differs."""
    package = Path(__file__).resolve().parent.parent.parent / "generator"
    copy = tmp_path / "other"
    shutil.copytree(package, copy / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "generator/summarize/extract/__init__.py").open("a") as handle:
        handle.write("\n# a changed extractor\n")
    worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", cluster.scheduler_address, "--nthreads", "1",
                               "--no-nanny", "--name", "other"], env={**os.environ, "PYTHONPATH": str(copy)}, cwd=copy,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        cluster.wait_for_workers(3, timeout=120)
        root = seed_project(tmp_path / "p")
        result = subprocess.run([BRIEFING, "build", str(root), "--scheduler", cluster.scheduler_address],
                                capture_output=True, text=True, timeout=300)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: worker tcp://") and " has extractor 1." in lines[0]
    assert lines[0].endswith("(install the same briefing version and spaCy model on every worker; nothing was summarised)")
    assert not list((root / "content/summaries").glob("*.md"))


def test_the_scheduler_comes_from_the_command_line_then_the_environment_then_mkdocs_yml(tmp_path, monkeypatch):
    from generator.core.config import load_project
    from generator.core.errors import ConfigError

    root = make_project(tmp_path / "p", mkdocs="site_name: S\nextra:\n  briefing:\n    scheduler: tcp://10.0.0.5:8786\n")
    monkeypatch.delenv("BRIEFING_SCHEDULER", raising=False)
    assert load_project(root).scheduler == "tcp://10.0.0.5:8786"
    monkeypatch.setenv("BRIEFING_SCHEDULER", "tcp://10.0.0.6:8786")
    assert load_project(root).scheduler == "tcp://10.0.0.6:8786"
    assert load_project(root, scheduler="tcp://[::1]:8786").scheduler == "tcp://[::1]:8786"
    with pytest.raises(ConfigError) as caught:
        load_project(root, scheduler="tcp://a b")
    assert str(caught.value) == "--scheduler: expected a Dask scheduler address such as tcp://10.0.0.5:8786, got 'tcp://a b'"
    monkeypatch.delenv("BRIEFING_SCHEDULER")
    (root / "mkdocs.yml").write_text("site_name: S\n")
    assert load_project(root).scheduler is None  # nothing set: summarised here, as before
