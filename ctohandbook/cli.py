"""The ``ctohandbook`` command: a thin adapter from the command line to the core.

Every command runs through `HandbookCommand.invoke`, the one place where a run takes process
state: it pauses the cyclic garbage collector (see `ctohandbook.gcpause`) and restores it after,
so that a caller running commands in-process (a test suite, a script) keeps its collector; and it
turns the errors commands let through into exit codes, which are decided in this module and
nowhere else (`EXIT_CODES_HELP`).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel

from .gcpause import without_cyclic_gc
from .lint import LintResult, lint_project
from .model.compare import compare, compare_adrs
from .model.kinds import KINDS
from .outputs import rendered_folder
from .outputs.diff_report import FORMATS as DIFF_FORMATS
from .outputs.diff_report import Diff
from .outputs.export import FORMATS as EXPORT_FORMATS
from .outputs.export import GovernanceExport, governance
from .outputs.lint_report import FORMATS, LintReport
from .outputs.site import Site, publish
from .project.loaders import (
    GitError,
    Revision,
    adr_folder_files,
    handbook_history,
    load_revision,
    read_project,
    tags_page,
)
from .project.settings import (
    ConfigError,
    Project,
    choose_config,
    read_config,
    resolve_today,
    shown,
)
from .repo.codeowners import CodeownersError
from .repo.codeowners import added as codeowners_added
from .repo.codeowners import plan as plan_codeowners
from .repo.scaffold import KINDS as NEW_KINDS
from .repo.scaffold import Request, ScaffoldError, scaffold
from .repo.schemas import FOLDER as SCHEMAS_FOLDER
from .repo.schemas import header as schema_header
from .repo.schemas import schema_text
from .repo.schemas import write as write_schemas
from .rules.registry import RULES
from .sources.files import (
    Boundary,
    WriteRefused,
    create_exclusively,
    display_path,
    write_atomically,
)
from .sources.folders import is_empty, lexists, replace_files, text_if_present
from .version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_REFUSED = 0, 1, 2, 3
EXIT_CODES_HELP = f"""\b
Exit codes:
  {EXIT_OK}  done (lint: the gate passes)
  {EXIT_FINDINGS}  findings fail the gate (codeowners --check: the block is out of date)
  {EXIT_USAGE}  usage or configuration error
  {EXIT_REFUSED}  refused to write: a file, folder or link in the way is not ctohandbook's
     to replace; nothing was written
"""
"""The end of ``ctohandbook --help``: scripts and CI steps branch on these codes."""


class ConfigurationError(click.ClickException):
    """A configuration or a request the command cannot use: one line, ``Error: ...``, exit 2."""

    exit_code = EXIT_USAGE


class WriteRefusal(click.ClickException):
    """A write refused, having written nothing: one line, ``Error: ...``, exit 3, so that a
    script can tell "move that file away" from a mistake in its own call."""

    exit_code = EXIT_REFUSED


class HandbookCommand(click.Command):
    """Every ``ctohandbook`` command, run with the cyclic garbage collector paused and its errors
    mapped to exit codes; the commands themselves let the errors through."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, the collector paused (a short run: its garbage is acyclic, and the
        collector would only rescan the documents kept for the output) and always restored."""
        with without_cyclic_gc():
            try:
                return super().invoke(ctx)
            except WriteRefused as error:
                raise WriteRefusal(str(error)) from None
            except (ConfigError, GitError, CodeownersError) as error:
                raise ConfigurationError(str(error)) from None
            except ScaffoldError as error:  # a request `new` cannot fulfil: shown with its usage
                raise click.UsageError(str(error), ctx) from None


class HandbookGroup(click.Group):
    """The ``ctohandbook`` group, whose commands are all made as `HandbookCommand`."""

    command_class = HandbookCommand


class IsoDate(click.ParamType):  # type: ignore[type-arg]  # generic in click 8.3+ only
    """A ``YYYY-MM-DD`` date, strictly: the form the governance files use (``strptime`` would
    also take ``2026-1-5``)."""

    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value)
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        self.fail(f"{text!r} is not a date of the form YYYY-MM-DD", param, ctx)


@click.group(cls=HandbookGroup, epilog=EXIT_CODES_HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ctohandbook")
def main() -> None:
    """Governance as code: check and publish a CTO's handbook."""


config_file_option = click.option(
    "-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
    help="The handbook's configuration (default: properdocs.yml, properdocs.yaml, mkdocs.yml "
         "or mkdocs.yaml, here or in the nearest folder above it, up to the repository root).")


def _project(config_file: Path | None) -> Project:
    """The project of ``config_file``, or of the configuration found from here up; the file
    used, or where none was found, is named on stderr, so that stdout stays the output."""
    choice = choose_config(config_file)
    click.echo(choice.note, err=True)
    return read_config(choice)


def _read(config_file: Path | None, today: date | None, paths: tuple[Path, ...] = (),
          base: str | None = None, only_changed: bool = False) -> tuple[Project, LintResult]:
    """Load the project and lint its handbook (against ``base`` if given)."""
    project = _project(config_file)
    revision = Revision.resolve(project.root, base) if base is not None else None
    return project, lint_project(project, resolve_today(today, project.settings), paths,
                                 base=revision, only_changed=only_changed)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@config_file_option
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True, help="Output format.")
@click.option("--today", type=IsoDate(),
              help="Judge staleness as of this date (default: the plugin's `today`, else "
                   "SOURCE_DATE_EPOCH, else the local date).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--base", metavar="REF",
              help="Also judge the changes since this git revision (a pull request's base, "
                   "such as origin/main): version bumps and review records (CTH702-705).")
@click.option("--only-changed", is_flag=True,
              help="With --base: report calendar findings (reviews due, exceptions expiring) "
                   "only for files changed since REF; every other finding everywhere.")
def lint(paths: tuple[Path, ...], config_file: Path | None, output_format: str,
         today: date | None, strict: bool, base: str | None, only_changed: bool) -> None:
    """Check the handbook; report findings in PATHS only, if given."""
    if only_changed and base is None:
        raise click.UsageError("--only-changed needs --base REF: the revision changes are "
                               "counted from")
    project, result = _read(config_file, today, paths, base, only_changed)
    click.echo(FORMATS[output_format](result))
    fail_on = "warning" if strict else project.settings.fail_on
    raise SystemExit(EXIT_FINDINGS if result.fails(fail_on) else EXIT_OK)


REPORTS: dict[str, type[BaseModel]] = {"lint-report": LintReport, "governance": GovernanceExport}
"""The JSON outputs with a schema: ``lint --format json`` and ``export --format json``."""


@main.command()
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write to: new, empty, or written by an earlier render.")
@config_file_option
@click.option("--today", type=IsoDate(), help="Render as of this date.")
def render(out: Path, config_file: Path | None, today: date | None) -> None:
    """Write the generated pages as Markdown files, exactly as the site build uses them, and
    the files published beside them: the review calendar, the changes feed and
    governance.json (without the site's URL, feed links are relative)."""
    project, result = _read(config_file, today)
    before = rendered_folder.written_before(out, is_empty(out),
                                            text_if_present(out / rendered_folder.MARK))
    history = handbook_history(project, result.handbook)
    if history is not None and history.shallow:
        click.echo(f"Note: {history.missing}.", err=True)
    adr_files, unread = adr_folder_files(project, result.handbook)
    for finding in unread:
        click.echo(f"{finding} ({finding.hint})", err=True)
    published = publish(project, result,
                        Site(repo_url=project.repo_url, tags_page=tags_page(project)), history,
                        adr_files)
    plan = rendered_folder.plan(out, before, published, lexists)
    replace_files(out, plan.remove, plan.write,
                  rendered_folder.removable(project.settings.pages_dir))
    click.echo(f"Wrote {len(published.pages)} pages and {len(published.files)} other files to "
               f"{out} (today: {result.today}).")


@main.command()
@click.argument("kind", required=False,
                type=click.Choice([*sorted(KINDS), *sorted(REPORTS)]))
@click.option("--write", "folder", type=click.Path(file_okay=False, path_type=Path),
              metavar="DIR", help="Instead, write the schema of every document kind into DIR "
              "as KIND.schema.json, for editors (see the README's Editor support).")
def schema(kind: str | None, folder: Path | None) -> None:
    """Print the JSON Schema of a document KIND (or of the JSON of `lint` or `export`), or
    write every kind's into a folder."""
    if kind is not None and folder is not None:
        raise click.UsageError("give either KIND or --write DIR, not both")
    if folder is not None:
        try:
            written = write_schemas(folder)
        except OSError as error:
            raise ConfigurationError(f"cannot write {folder}: {error.strerror}") from None
        for path in written:
            click.echo(f"Wrote {display_path(path)}")
        if not written:
            click.echo(f"The schemas in {display_path(folder)} are up to date.")
        return
    if kind is None:
        raise click.UsageError("give a KIND to print its schema, or --write DIR")
    click.echo(schema_text(kind, REPORTS.get(kind) or KINDS[kind]), nl=False)


@main.command()
@click.argument("kind", type=click.Choice(NEW_KINDS))
@click.option("--title", required=True, help="The title (for an exception: its scope).")
@click.option("--owner", help="Owners-registry key of the owner (of an ADR: the decision maker; "
              "of an exception: who requests it).")
@click.option("--prefix", help="Id prefix of a policy's area, such as SEC for SEC-005.")
@click.option("--policy", help="For an exception: the id of the waived policy.")
@config_file_option
@click.option("--today", type=IsoDate(), help="Date the new document as of this day.")
def new(kind: str, title: str, owner: str | None, prefix: str | None, policy: str | None,
        config_file: Path | None, today: date | None) -> None:
    """Create a KIND skeleton with the next free id, named and written as the files beside it
    are; never overwrites a file. Says what `ctohandbook lint` says of it, and adds it to the
    ctohandbook block of CODEOWNERS when the repository keeps one."""
    project, result = _read(config_file, today)
    request = Request(kind, " ".join(title.split()), result.today, owner, prefix, policy)
    if not request.title:
        raise click.BadParameter("give a title", param_hint="--title")
    skeleton = scaffold(request, result.handbook, project.policies_path, project.adrs_path)
    modeline = schema_header(skeleton.path, kind, project.root / SCHEMAS_FOLDER)
    created = shown(skeleton.path)  # from a subfolder too, the way there (`../adrs/…`)
    try:
        create_exclusively(skeleton.path, modeline + skeleton.text, Boundary(project.root))
    except FileExistsError:  # worded here, where the advice is known
        raise WriteRefused(f"{created} exists; nothing was written "
                           "(choose another title)") from None
    after = lint_project(project, result.today, (skeleton.path,))
    owners = codeowners_added(project, result.handbook, after.handbook)
    if owners.sync is not None and owners.sync.changed:
        write_atomically(owners.sync.path, owners.sync.updated, Boundary(owners.sync.repository))
    click.echo(f"Created {created} ({skeleton.id}).")
    if owners.advice:
        click.echo(owners.advice)
    verdict = "fails" if after.fails(project.settings.fail_on) else "passes"
    click.echo(f"`ctohandbook lint {created}` {verdict}:")
    click.echo(FORMATS["text"](after))
    click.echo(skeleton.next_step)


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@config_file_option
@click.option("--format", "output_format", type=click.Choice(sorted(DIFF_FORMATS)),
              default="markdown", show_default=True,
              help="Markdown for a pull-request comment, or JSON.")
@click.option("--today", type=IsoDate(), help="Judge exception expiry as of this date.")
def diff(base: str, head: str | None, config_file: Path | None, output_format: str,
         today: date | None) -> None:
    """Show what changed in the governance from git revision BASE to HEAD (default: the work
    tree): documents, fields, requirements, owners, exceptions and ADRs, material or
    editorial."""
    project = _project(config_file)
    before = load_revision(project, Revision.resolve(project.root, base))
    after = (load_revision(project, Revision.resolve(project.root, head))
             if head is not None else read_project(project))
    changes = compare(before, after, resolve_today(today, project.settings))
    click.echo(DIFF_FORMATS[output_format](Diff(base, head or "the work tree", changes,
                                                compare_adrs(before, after))))


@main.command()
@config_file_option
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 (showing the difference) when the block is out of "
                   "date.")
def codeowners(config_file: Path | None, check: bool) -> None:
    """Give each governance file to its owner in .github/CODEOWNERS, in a marked block; every
    line outside the block stays as it is."""
    project = _project(config_file)
    sync = plan_codeowners(project, read_project(project))
    if check:
        if sync.changed:
            click.echo(sync.diff(), nl=False)
            click.echo(f"{sync.display} is out of date: run `ctohandbook codeowners`.")
            raise SystemExit(EXIT_FINDINGS)
        click.echo(sync.unchanged)
        return
    if not sync.changed:
        click.echo(sync.unchanged)
        return
    write_atomically(sync.path, sync.updated, Boundary(sync.repository))
    click.echo(f"Wrote the ctohandbook block of {sync.display}.")


@main.command()
@config_file_option
@click.option("--format", "output_format", type=click.Choice(sorted(EXPORT_FORMATS)),
              default="json", show_default=True,
              help="json: every document, exception and ADR with its state, as the site's "
                   "governance.json; csv: the policy catalogue.")
@click.option("--today", type=IsoDate(), help="Judge reviews and expiries as of this date.")
def export(config_file: Path | None, output_format: str, today: date | None) -> None:
    """Print the governance as data, for reminder bots, dashboards and audits."""
    project, result = _read(config_file, today)
    data = governance(result.handbook, result.context,
                      project.settings.pages_dir)
    click.echo(EXPORT_FORMATS[output_format](data), nl=False)


@main.command()
def rules() -> None:
    """List every finding code with its severity and what it means."""
    for rule in RULES:
        click.echo(f"{rule.code}  {rule.severity.value:<7}  {rule.name}: {rule.summary}")
