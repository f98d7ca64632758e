"""run_isolated: a stage computed in a forked child, its result or its error brought back (issue 7)."""

from __future__ import annotations

import os

import pytest

from generator.core.errors import ContentError, Problem
from generator.commands.isolated import forking_is_safe, run_isolated

pytestmark = pytest.mark.skipif(not forking_is_safe(), reason="the child is forked on Linux only")


def _pid_and_big_list(n: int):
    big = list(range(n))  # memory the child holds and frees when it exits
    return os.getpid(), len(big)


def _fails():
    raise ContentError([Problem("content/articles/a.md", "no title", line=1)])


def test_the_result_comes_back_from_another_process():
    pid, size = run_isolated(_pid_and_big_list, 1000)
    assert pid != os.getpid() and size == 1000


def test_an_error_comes_back_whole():
    with pytest.raises(ContentError) as caught:
        run_isolated(_fails)
    assert caught.value.lines() == ["content/articles/a.md:1: no title"]


def test_a_child_that_dies_is_a_build_error():
    from generator.core.errors import BuildError

    with pytest.raises(BuildError, match="stopped"):
        run_isolated(os._exit, 3)
