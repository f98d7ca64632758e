"""The second site builder: Zensical builds the seed briefing into staging, then site/ (issue 7)."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from generator import sitebuild
from generator.commands.build import build
from generator.cli import main
from generator.core.config import load_project
from generator.core.errors import BuildError

from tests.helpers import REPO, make_project

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def zensical_seed(tmp_path_factory, seed_project):
    """The seed project, its summaries already made, rebuilt with Zensical chosen in mkdocs.yml."""
    root = tmp_path_factory.mktemp("zensical") / "seed"
    shutil.copytree(seed_project, root, ignore=shutil.ignore_patterns("site", ".build"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("builder: mkdocs", "builder: zensical"), encoding="utf-8")
    assert load_project(root).builder == "zensical"
    report = build(root)
    return root, report


def test_every_contract_page_is_built_with_real_content(zensical_seed):
    root, report = zensical_seed
    site = root / "site"
    assert report.summarised == []  # the summaries came with the copy: only the builder changed
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'content="zensical-0.0.70"' in home  # built by Zensical, not MkDocs
    for page in ["chronology/index.html", "entities/index.html", "articles/index.html"]:
        assert (site / page).is_file(), page
    articles = json.loads((site / "data" / "articles.json").read_text(encoding="utf-8"))["articles"]
    assert len(articles) == 5
    for article in articles:
        page = (site / "articles" / article["id"] / "index.html").read_text(encoding="utf-8")
        assert '<p class="para" id="p1"' in page, article["id"]
    rawa = (site / "articles" / "2017-11-17-iraqi-forces-retake-last-isis-held-town" / "index.html").read_text(encoding="utf-8")
    assert "liberation of Rawa" in rawa
    mcgurk = next(e for e in json.loads((site / "data" / "entities.json").read_text(encoding="utf-8"))["entities"] if e["name"] == "Brett McGurk")
    assert "Brett McGurk" in (site / "entities" / mcgurk["slug"] / "index.html").read_text(encoding="utf-8")


def test_the_generated_config_is_removed_and_nothing_is_left_in_staging(zensical_seed):
    root, _ = zensical_seed
    assert not (root / sitebuild.ZENSICAL_CONFIG).exists()
    assert not (root / ".build" / "site-staging").exists()


def test_the_flag_overrides_the_configuration(tmp_path, seed_project):
    root = tmp_path / "seed"
    shutil.copytree(seed_project, root, ignore=shutil.ignore_patterns("site", ".build"))
    result = CliRunner().invoke(main, ["build", str(root), "--builder", "zensical"])
    assert result.exit_code == 0, result.output
    assert 'content="zensical-0.0.70"' in (root / "site" / "index.html").read_text(encoding="utf-8")


def test_zensical_command_reads_the_generated_config(tmp_path):
    project = load_project(make_project(tmp_path), "zensical")
    staging = project.work_dir / "site-staging"
    command = sitebuild.builder_command(project, staging, strict=True)
    assert command[-3:] == ["--config-file", str(project.root / sitebuild.ZENSICAL_CONFIG), "--strict"]
    config = sitebuild.write_zensical_config(project, staging)
    assert config.read_text(encoding="utf-8") == "INHERIT: mkdocs.yml\nsite_dir: .build/site-staging\n"


def test_a_failing_zensical_build_keeps_the_previous_site(tmp_path):
    root = make_project(tmp_path, seed=False)
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous", encoding="utf-8")
    project = load_project(root, "zensical")  # no docs folder rendered: Zensical refuses to build
    with pytest.raises(BuildError) as excinfo:
        sitebuild.build_site(project)
    assert "the site builder (zensical) failed; site/ was left as it was" in str(excinfo.value)
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "previous"
    assert not (root / sitebuild.ZENSICAL_CONFIG).exists()


def test_repository_config_names_a_known_builder():
    assert load_project(REPO).builder in ("mkdocs", "zensical")
