"""The `briefing` command line. One top-level catch turns BriefingErrors into one line per problem."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from generator.core import progress
from generator.core.errors import BriefingError, ContentError, UsageError, machine_error, machine_faults

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
            _fail(ctx, lines, exc.exit_code, exc.debug_lines)
        except OSError as exc:  # disk full, permissions changed under us: the file, the reason, what to do
            _fail(ctx, machine_error(exc).lines(), 1)
        except KeyboardInterrupt:
            click.echo("interrupted; site/ was left as it was", err=True)
            ctx.exit(130)
        except Exception as exc:  # a bug in briefing, not in the user's files: still one line
            _fail(ctx, [f"internal error ({type(exc).__name__}: {exc}); run with --debug and report it"], 1)


def _fail(ctx: click.Context, lines: list[str], code: int, debug_lines=()) -> None:
    """Print one `error:` line each (the traceback first, with --debug) and exit with `code`."""
    if ctx.params.get("debug"):
        traceback.print_exc()
        for line in debug_lines:  # what the site builder printed (its own traceback)
            click.echo(line, err=True)
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
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Summarise on this Dask cluster's scheduler (default: $BRIEFING_SCHEDULER, "
              "else extra.briefing.scheduler in mkdocs.yml, else on this machine).")
@click.pass_context
def build(ctx: click.Context, directory: Path, builder: str | None, no_strict: bool, scheduler: str | None) -> None:
    """Summarise new or changed articles, merge, render and build DIRECTORY/site/."""
    from generator.commands.build import build as run_build

    # a fault of the machine (disk full, no permission...) is one line naming the path, relative to the project
    with machine_faults(directory, "site/ was left as it was"), progress.display(not ctx.obj.get("quiet")) as show:
        report = run_build(directory, builder=builder, strict=not no_strict, progress=show, scheduler=scheduler)
    warn_all(report.warnings)
    for line in report.builder_output:
        click.echo(line, err=True)
    done = "; site/ was already up to date" if report.site_unchanged else " into site/"
    say(ctx, f"built {report.pages} pages from {report.articles} articles "
             f"({len(report.summarised)} summarised, {report.articles - len(report.summarised)} unchanged){done}")


@main.command()
@PROJECT_DIR
@click.pass_context
def check(ctx: click.Context, directory: Path) -> None:
    """Validate articles, summaries, entities.yml and templates without building; exit 1 on any problem."""
    from generator.commands.check import check as run_check

    problems = run_check(directory)
    errors = [p for p in problems if not p.warning]
    warn_all([p for p in problems if p.warning])
    for p in errors:
        click.secho(f"error: {p}", fg="red", err=True)
    if errors:
        ctx.exit(1)
    say(ctx, "no problems found" if not problems else f"no errors ({len(problems)} warnings)")



@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--title", help="The site's name (default: from the folder name).")
@click.option("--description", default="", help="One or two sentences on what the briefing covers.")
@click.option("--templates", "with_templates", is_flag=True, help="Copy the built-in templates into templates/ to change them.")
@click.pass_context
def init(ctx: click.Context, directory: Path, title: str | None, description: str, with_templates: bool) -> None:
    """Start a new briefing project in DIRECTORY (mkdocs.yml, content/, templates/) that builds at once."""
    from generator.commands.scaffold import init as run_init

    made = run_init(directory, title=title, description=description, with_templates=with_templates)
    say(ctx, f"started a briefing in {directory}: {', '.join(made.created)}")
    say(ctx, f"next: `cd {directory}`, `briefing add PAGE.html...`, then `briefing serve` to read it as it grows")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-p", "--project", "directory", default=".", type=click.Path(file_okay=False, path_type=Path),
              help="The briefing project to add to (default: the current folder).")
@click.pass_context
def add(ctx: click.Context, files: tuple[Path, ...], directory: Path) -> None:
    """Import articles: saved web pages (.html) and .md/.txt files, or every one in a folder."""
    from generator.core.config import load_project
    from generator.commands.add import add as run_add

    project = load_project(directory)
    with progress.display(not ctx.obj.get("quiet")) as show:
        report = run_add(project.root, files, progress=show)
    for source, article_file in report.added:
        say(ctx, f"added {source} -> {article_file}")
    for source, reason in report.skipped:
        say(ctx, f"skipped {source}: {reason}")
    warn_all([p for p in report.problems if p.warning])
    errors = [p for p in report.problems if not p.warning]
    for problem in errors:
        click.secho(f"error: {problem}", fg="red", err=True)
    say(ctx, f"{len(report.added)} added, {len(report.skipped)} already there, {len(errors)} not imported"
             + ("; `briefing build` or `briefing serve` shows them" if report.added else ""))
    if errors:
        ctx.exit(1)


@main.command()
@PROJECT_DIR
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT",
              help="Where to serve the site.")
@click.option("-o", "--open", "open_browser", is_flag=True, help="Open the site in a web browser.")
@click.pass_context
def serve(ctx: click.Context, directory: Path, dev_addr: str, open_browser: bool) -> None:
    """Build and serve the site on DEV_ADDR, regenerating and reloading the browser on every change."""
    from generator.commands.serve import serve as run_serve

    def log(message: str, error: bool) -> None:
        if error:
            click.secho(message, fg="red" if message.startswith("error:") else "yellow", err=True)
        else:
            say(ctx, message)

    run_serve(directory, dev_addr, open_browser=open_browser, log=log, show_progress=not ctx.obj.get("quiet"))


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date to read relative dates against (YYYY, YYYY-MM or YYYY-MM-DD); overrides the file's.")
@click.option("--format", "form", type=click.Choice(["json", "yaml"]), default="json", show_default=True)
@click.option("-p", "--project", "directory", default=".", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="The briefing whose content/entities.yml applies, as a build would apply it.")
def extract(file: Path, published: str | None, form: str, directory: Path) -> None:
    """Print the summary FILE would get and every temporal expression in it, with offsets; writes nothing."""
    from generator.commands.preview import dump, preview

    click.echo(dump(preview(file, published, directory), form), nl=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
