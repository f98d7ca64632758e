"""`briefing init`: a new project's files, and never overwriting anything (issue 8)."""

from __future__ import annotations

import pytest
import yaml

from generator.core.config import load_project
from generator.core.errors import UsageError
from generator.render import DEFAULT_TEMPLATES
from generator.commands.scaffold import init, site_name_for


def test_a_new_project_has_config_content_templates_and_gitignore(tmp_path):
    made = init(tmp_path / "syria-2019")
    root = tmp_path / "syria-2019"
    assert made.created == ["mkdocs.yml", ".gitignore", "content/articles/.gitkeep", "templates/README.md"]
    assert (root / "content" / "articles").is_dir()
    assert {"site/", ".build/"} <= set((root / ".gitignore").read_text().split())
    project = load_project(root)
    assert project.site["site_name"] == "Syria 2019"
    assert project.docs_dir == (root / ".build" / "docs").resolve()
    assert list(root.joinpath("templates").glob("*.j2")) == []  # the built-in templates serve


def test_title_and_description_are_written_as_yaml_whatever_they_contain(tmp_path):
    title = 'Mosul: the "last" battle # 2017'
    init(tmp_path / "p", title=title, description="Nine months: October 2016 to July 2017.")
    config = yaml.safe_load((tmp_path / "p" / "mkdocs.yml").read_text())
    assert config["site_name"] == title
    assert config["site_description"] == "Nine months: October 2016 to July 2017."


def test_templates_option_copies_every_built_in_template(tmp_path):
    init(tmp_path / "p", with_templates=True)
    copied = sorted(p.name for p in (tmp_path / "p" / "templates").glob("*.j2"))
    assert copied == sorted(p.name for p in DEFAULT_TEMPLATES.glob("*.j2"))
    assert (tmp_path / "p" / "templates" / "home.md.j2").read_bytes() == (DEFAULT_TEMPLATES / "home.md.j2").read_bytes()


def test_an_existing_project_is_refused_and_left_as_it_was(tmp_path):
    root = tmp_path / "p"
    init(root)
    (root / "mkdocs.yml").write_text("site_name: Mine\n")
    with pytest.raises(UsageError) as caught:
        init(root)
    assert str(caught.value) == f"{root}: already a briefing project (mkdocs.yml exists); nothing was changed"
    assert (root / "mkdocs.yml").read_text() == "site_name: Mine\n"


def test_a_file_in_the_way_is_refused_before_anything_is_written(tmp_path):
    root = tmp_path / "p"
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "README.md").write_text("my notes")
    with pytest.raises(UsageError) as caught:
        init(root)
    assert str(caught.value) == f"{root}: would overwrite templates/README.md; nothing was changed"
    assert not (root / "mkdocs.yml").exists()
    assert (root / "templates" / "README.md").read_text() == "my notes"


def test_a_folder_with_other_files_is_fine(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "notes.txt").write_text("keep me")
    init(root)
    assert (root / "notes.txt").read_text() == "keep me"
    assert (root / "mkdocs.yml").is_file()


def test_a_file_is_not_a_folder(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(UsageError) as caught:
        init(target)
    assert str(caught.value) == f"{target}: exists and is not a folder"


@pytest.mark.parametrize("name, expected", [("syria-2019", "Syria 2019"), ("mosul_battle", "Mosul battle"), ("x", "X")])
def test_site_name_from_folder(tmp_path, name, expected):
    assert site_name_for(tmp_path / name) == expected
