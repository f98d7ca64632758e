"""The `briefing` command line. One top-level catch turns BriefingErrors into one line per problem."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from .errors import BriefingError, ContentError, UsageError

PROJECT_DIR = click.argument("directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))


class BriefingGroup(click.Group):
    """Runs a subcommand; user errors become clear lines and an exit status, tracebacks only with --debug."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click's own usage errors (exit 2) and deliberate exits
        except BriefingError as exc:
            lines = exc.lines()
            if isinstance(exc, ContentError) and ctx.invoked_subcommand in ("build", "serve"):
                lines.append(f"{len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''}: "
                             "nothing was built; site/ was left as it was")
            _fail(ctx, lines, exc.exit_code)
        except OSError as exc:  # disk full, permissions changed under us: the file and the reason
            _fail(ctx, [f"{exc.filename + ': ' if exc.filename else ''}{exc.strerror or exc}"], 1)
        except KeyboardInterrupt:
            click.echo("interrupted; site/ was left as it was", err=True)
            ctx.exit(130)
        except Exception as exc:  # a bug in briefing, not in the user's files: still one line
            _fail(ctx, [f"internal error ({type(exc).__name__}: {exc}); run with --debug and report it"], 1)


def _fail(ctx: click.Context, lines: list[str], code: int) -> None:
    """Print one `error:` line each (the traceback first, with --debug) and exit with `code`."""
    if ctx.params.get("debug"):
        traceback.print_exc()
    for line in lines:
        click.secho(f"error: {line}", fg="red", err=True)
    ctx.exit(code)


@click.group(cls=BriefingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.version_option(package_name="briefing")
@click.pass_context
def main(ctx: click.Context, debug: bool, quiet: bool) -> None:
    """Turn a folder of news articles into a briefing site."""
    ctx.obj = {"debug": debug, "quiet": quiet}


def say(ctx: click.Context, message: str) -> None:
    if not ctx.obj.get("quiet"):
        click.echo(message)


def warn_all(problems) -> None:
    for problem in problems:
        click.secho(str(problem), fg="yellow", err=True)


@main.command()
@PROJECT_DIR
@click.option("--builder", type=click.Choice(["mkdocs", "zensical"]), help="Site builder (default: extra.briefing.builder in mkdocs.yml, else mkdocs).")
@click.option("--no-strict", is_flag=True, help="Let the site builder's warnings pass (broken links included).")
@click.pass_context
def build(ctx: click.Context, directory: Path, builder: str | None, no_strict: bool) -> None:
    """Summarise new or changed articles, merge, render and build DIRECTORY/site/."""
    from .build import build as run_build

    report = run_build(directory, builder=builder, strict=not no_strict)
    warn_all(report.warnings)
    for line in report.builder_output:
        click.echo(line, err=True)
    say(ctx, f"built {report.pages} pages from {report.articles} articles "
             f"({len(report.summarised)} summarised, {report.articles - len(report.summarised)} unchanged) into site/")


@main.command()
@PROJECT_DIR
@click.pass_context
def check(ctx: click.Context, directory: Path) -> None:
    """Validate articles, summaries, entities.yml and templates without building; exit 1 on any problem."""
    from .check import check as run_check

    problems = run_check(directory)
    errors = [p for p in problems if not p.warning]
    warn_all([p for p in problems if p.warning])
    for p in errors:
        click.secho(f"error: {p}", fg="red", err=True)
    if errors:
        ctx.exit(1)
    say(ctx, "no problems found" if not problems else f"no errors ({len(problems)} warnings)")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
