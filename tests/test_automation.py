"""The shipped automation (the GitHub workflow and the pre-commit hooks) runs real commands.

Neither file runs in this test suite: a workflow runs on GitHub and a hook in someone else's
repository, so a renamed option or a typo there would surface first in every adopter's CI.
These tests read both files and parse each command they run with the CLI's own click
definitions (and MkDocs' for ``mkdocs``) without running anything, then check that the lanes the
README describes are wired as described: the pull request judged against its base, calendar
findings limited to the files it touches; the weekly lane judging everything.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from mkdocs.__main__ import cli as mkdocs_cli

from ctohandbook.cli import main

ROOT = Path(__file__).parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "handbook.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"

PROGRAMS: dict[str, click.Group] = {"ctohandbook": main, "mkdocs": mkdocs_cli}
"""The programs whose command lines are validated, by the name a script calls them by."""

EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)
PLACEHOLDER = "GITHUB_EXPRESSION"
"""What a ``${{ ... }}`` expression becomes before parsing: GitHub substitutes it with one value
before the shell sees the line."""

EVENT_TEST = re.compile(r"github\.event_name\s*==\s*'([a-z_]+)'")

MANIFEST_KEYS = frozenset({
    "id", "name", "entry", "language", "alias", "files", "exclude", "types", "types_or",
    "exclude_types", "additional_dependencies", "args", "always_run", "fail_fast",
    "pass_filenames", "description", "language_version", "log_file",
    "minimum_pre_commit_version", "require_serial", "stages", "verbose",
})
"""The keys of a ``.pre-commit-hooks.yaml`` hook: ``MANIFEST_HOOK_DICT`` in pre-commit's
``pre_commit/clientlib.py``, the schema pre-commit validates a hook repository against."""
REQUIRED_HOOK_KEYS = frozenset({"id", "name", "entry", "language"})
BOOLEAN_HOOK_KEYS = frozenset({"always_run", "fail_fast", "pass_filenames", "require_serial",
                               "verbose"})


@dataclass(frozen=True)
class Invocation:
    """One ``ctohandbook`` or ``mkdocs`` command line of a workflow job, parsed."""

    job: str
    line: str
    program: str
    command: str
    params: dict[str, Any]
    redirect: str | None


def split_command(line: str) -> tuple[list[str], str | None]:
    """The shell words of ``line`` up to its first operator (``>``, ``|``, ``&&``, ``;``), and
    the file a ``>`` sends the output to; quoting is respected, so a quoted ``>`` is a word."""
    lexer = shlex.shlex(EXPRESSION.sub(PLACEHOLDER, line), posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    tokens = list(lexer)
    for index, token in enumerate(tokens):
        if set(token) <= set(lexer.punctuation_chars):
            target = tokens[index + 1] if token in {">", ">>"} and index + 1 < len(tokens) else None
            return tokens[:index], target
    return tokens, None


def parse(words: list[str]) -> tuple[str, dict[str, Any]]:
    """Parse ``PROGRAM COMMAND ARGS...`` with the program's own click definitions, without
    running the command, and return the command's name and parsed parameters.

    Raises ``click.UsageError`` (``NoSuchOption``, ``BadParameter``, ``MissingParameter``...)
    exactly where the real command would refuse the line.
    """
    if not words or words[0] not in PROGRAMS:
        raise click.UsageError(f"not a command of {sorted(PROGRAMS)}: {words}")
    program, *rest = words
    if not rest:
        raise click.UsageError(f"`{program}` without a command")
    group = PROGRAMS[program]
    name, *args = rest
    command = group.get_command(click.Context(group, info_name=program), name)
    if command is None:
        raise click.UsageError(f"{program} has no command {name!r}")
    with command.make_context(name, args) as context:
        return name, dict(context.params)


def validate_line(line: str) -> tuple[str, dict[str, Any], str | None]:
    """Parse one script line: its command, parameters and output redirection."""
    words, redirect = split_command(line)
    name, params = parse(words)
    return name, params, redirect


def load_workflow() -> dict[str, Any]:
    """The workflow as GitHub reads it. PyYAML follows YAML 1.1, where the bare key ``on`` is
    the boolean true; GitHub reads it as the string, and so does this."""
    workflow: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def run_lines(job: dict[str, Any]) -> list[str]:
    """Every line of the job's ``run:`` scripts, stripped, with continuations joined."""
    scripts = [step["run"] for step in job["steps"] if "run" in step]
    return [line.strip() for script in scripts
            for line in re.sub(r"\\\n", " ", script).splitlines() if line.strip()]


def invocations(workflow: dict[str, Any]) -> list[Invocation]:
    """Every ``ctohandbook``/``mkdocs`` line of every job, parsed (raising on an invalid one)."""
    found = []
    for job_name, job in workflow["jobs"].items():
        for line in run_lines(job):
            program = line.split()[0]
            if program in PROGRAMS:
                command, params, redirect = validate_line(line)
                found.append(Invocation(job_name, line, program, command, params, redirect))
    return found


def command_lines() -> list[str]:
    """The workflow's command lines, for parametrizing: one test per line."""
    return [line for job in load_workflow()["jobs"].values() for line in run_lines(job)
            if line.split()[0] in PROGRAMS]


def lane(workflow: dict[str, Any], event: str) -> str:
    """The one job that runs on ``event``, from the ``github.event_name`` tests of its ``if``."""
    jobs: list[str] = [name for name, job in workflow["jobs"].items()
            if event in EVENT_TEST.findall(str(job.get("if", "")))]
    assert len(jobs) == 1, f"{event} runs {jobs}, expected exactly one job"
    return jobs[0]


def lane_invocations(workflow: dict[str, Any], event: str, command: str) -> list[Invocation]:
    """The ``command`` invocations of the job that runs on ``event``."""
    job = lane(workflow, event)
    return [i for i in invocations(workflow) if i.job == job and i.command == command]


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    """The job's steps that use ``action`` (any version)."""
    return [step for step in job["steps"] if str(step.get("uses", "")).startswith(f"{action}@")]


CRON_FIELDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 6))
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
CRON_NAMES: tuple[dict[str, int], ...] = (
    {}, {}, {},
    {name: number for number, name in enumerate(MONTHS, start=1)},
    {name: number for number, name in enumerate(WEEKDAYS)},
)


def valid_cron(expression: str) -> bool:
    """Whether ``expression`` is a 5-field POSIX cron schedule in the ranges GitHub documents
    (weekdays 0-6): ``*``, values, ranges, ``/step`` and lists, month and weekday names."""
    fields = expression.split()
    if len(fields) != 5:
        return False

    def value(text: str, index: int) -> int | None:
        low, high = CRON_FIELDS[index]
        number = (int(text) if text.isdigit()
                  else CRON_NAMES[index].get(text.lower()) if text.isalpha() else None)
        return number if number is not None and low <= number <= high else None

    for index, field in enumerate(fields):
        for part in field.split(","):
            span, _, step = part.partition("/")
            if step and not (step.isdigit() and int(step) > 0):
                return False
            if span == "*":
                continue
            ends = [value(end, index) for end in span.split("-", 1)]
            numbers = [number for number in ends if number is not None]
            if len(numbers) != len(ends) or numbers != sorted(numbers):
                return False
    return True


# The workflow: triggers, lanes, permissions.


def test_triggers() -> None:
    """The three lanes' events: pull requests, a weekly schedule (and by hand), pushes to main."""
    on = load_workflow()["on"]
    assert set(on) == {"pull_request", "schedule", "workflow_dispatch", "push"}
    crons = [entry["cron"] for entry in on["schedule"]]
    assert crons
    assert all(valid_cron(cron) for cron in crons), crons
    assert on["push"]["branches"] == ["main"]


@pytest.mark.parametrize("expression", ["0 6 * * 1", "*/15 0-6,22 1 jan-jun MON", "0 0 31 12 6"])
def test_cron_validator_accepts(expression: str) -> None:
    assert valid_cron(expression)


@pytest.mark.parametrize("expression", ["0 6 * *", "0 6 * * 1 2026", "60 6 * * 1", "0 24 * * 1",
                                        "0 6 0 * *", "0 6 * * 7", "0 6 * * 5-1", "*/0 6 * * 1",
                                        "0 6 * * funday", "@weekly"])
def test_cron_validator_rejects(expression: str) -> None:
    """The cron check can fail: otherwise ``test_triggers`` would prove nothing."""
    assert not valid_cron(expression)


def test_every_job_is_gated_to_one_lane() -> None:
    """A job without an ``if`` on ``github.event_name`` would run on every trigger: publishing
    from a pull request, or the weekly full lint on every push."""
    workflow = load_workflow()
    for name, job in workflow["jobs"].items():
        assert EVENT_TEST.findall(str(job.get("if", ""))), f"job {name} runs on every event"
    assert lane(workflow, "schedule") == lane(workflow, "workflow_dispatch")
    lanes = {lane(workflow, event) for event in ("pull_request", "schedule", "push")}
    assert lanes == set(workflow["jobs"])


def test_pull_request_checkout_has_the_base_revision() -> None:
    """``--base`` and ``diff`` read the base branch from git: a shallow clone has no
    ``origin/<base>``. The checkout must come before the first command."""
    workflow = load_workflow()
    job = workflow["jobs"][lane(workflow, "pull_request")]
    checkouts = steps_using(job, "actions/checkout")
    assert len(checkouts) == 1
    assert checkouts[0]["with"]["fetch-depth"] == 0
    first_run = next(i for i, step in enumerate(job["steps"]) if "run" in step)
    assert job["steps"].index(checkouts[0]) < first_run


def test_permissions_are_least_privilege() -> None:
    """Read-only by default; only the comment job may write pull requests, only the publish job
    may deploy Pages."""
    workflow = load_workflow()
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    pull_request, publish = lane(workflow, "pull_request"), lane(workflow, "push")
    for name, job in jobs.items():
        granted = job.get("permissions", {})
        writes = {scope for scope, level in granted.items() if level == "write"}
        expected = ({"pull-requests"} if name == pull_request
                    else {"pages", "id-token"} if name == publish else set())
        assert writes == expected, name


def test_actions_are_pinned_to_major_versions() -> None:
    for job in load_workflow()["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]


# The workflow's commands.


@pytest.mark.parametrize("line", command_lines())
def test_workflow_command_is_valid(line: str) -> None:
    """Each ``ctohandbook``/``mkdocs`` line names a real command with options it accepts."""
    validate_line(line)


def test_workflow_runs_the_commands_it_promises() -> None:
    """Guards the parametrized test above against passing vacuously on a workflow that lost its
    commands (or calls them in a way the line filter misses)."""
    found = {(i.job, i.program, i.command) for i in invocations(load_workflow())}
    workflow = load_workflow()
    pull_request, scheduled, publish = (lane(workflow, event)
                                        for event in ("pull_request", "schedule", "push"))
    assert found == {
        (pull_request, "ctohandbook", "lint"), (pull_request, "ctohandbook", "codeowners"),
        (pull_request, "ctohandbook", "diff"), (pull_request, "mkdocs", "build"),
        (scheduled, "ctohandbook", "lint"), (publish, "mkdocs", "build"),
    }


def hidden_commands(line: str) -> list[str]:
    """The programs ``line`` calls anywhere but as its first word: after an operator
    (``x && mkdocs build``), as a condition (``if ctohandbook lint; then``), or through another
    program (``python -m ctohandbook lint``). Naming a package to ``pip install`` is no call."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)  # drops `# comments` too
    lexer.whitespace_split = True
    tokens = list(lexer)
    operators = [i for i, token in enumerate(tokens) if set(token) <= set(lexer.punctuation_chars)]
    first_operator = operators[0] if operators else len(tokens)
    installing = tokens[:2] == ["pip", "install"]
    return [token for i, token in enumerate(tokens) if token in PROGRAMS and i > 0
            and not (installing and i < first_operator)]


def test_commands_stand_on_their_own_lines() -> None:
    """A command hidden inside another line would escape the validation above."""
    for job in load_workflow()["jobs"].values():
        for line in run_lines(job):
            assert not hidden_commands(line), line


@pytest.mark.parametrize(("line", "hidden"), [
    ("ctohandbook lint --format github", []),
    ("pip install ctohandbook mkdocs-material  # the released tool", []),
    ("pip install . && ctohandbook lint --strict", ["ctohandbook"]),
    ("if ctohandbook lint; then echo ok; fi", ["ctohandbook"]),
    ("python -m mkdocs build", ["mkdocs"]),
    ("ctohandbook lint | tee out; mkdocs build", ["mkdocs"]),
])
def test_hidden_commands(line: str, hidden: list[str]) -> None:
    assert hidden_commands(line) == hidden


@pytest.mark.parametrize("line", [
    "ctohandbook lint --no-such-option",
    "ctohandbook lint --format yaml",
    "ctohandbook lint --today 2026-13-01",
    "ctohandbook lint --base",
    "ctohandbook diff",
    "ctohandbook diff main --format github",
    "ctohandbook codeowners --check policies",
    "ctohandbook no-such-command",
    "ctohandbook",
    "mkdocs build --no-such-option",
    "mkdocs publish",
    "pip install .",
])
def test_validator_rejects_invalid_lines(line: str) -> None:
    """The validator can fail: an unknown option, a bad value, a missing argument, an extra
    one, an unknown command are all refused, as the real command would refuse them."""
    with pytest.raises(click.UsageError):
        validate_line(line)


@pytest.mark.parametrize(("line", "words", "redirect"), [
    ('ctohandbook diff "origin/${{ github.base_ref }}" --format markdown > out.md',
     ["ctohandbook", "diff", f"origin/{PLACEHOLDER}", "--format", "markdown"], "out.md"),
    ("ctohandbook lint --format github | tee lint.txt",
     ["ctohandbook", "lint", "--format", "github"], None),
    ("mkdocs build --strict && echo built", ["mkdocs", "build", "--strict"], None),
    ("ctohandbook lint 'a > b'", ["ctohandbook", "lint", "a > b"], None),
])
def test_split_command(line: str, words: list[str], redirect: str | None) -> None:
    assert split_command(line) == (words, redirect)


def test_pull_request_lane_judges_the_change() -> None:
    """The PR lane: annotations, judged against the PR's base, calendar findings only for the
    files it touches; CODEOWNERS checked; the diff against the same base posted as one sticky
    comment; the site built strictly."""
    workflow = load_workflow()
    job_name = lane(workflow, "pull_request")
    job = workflow["jobs"][job_name]
    [lint] = lane_invocations(workflow, "pull_request", "lint")
    assert lint.params["output_format"] == "github"
    assert lint.params["only_changed"] is True
    base = lint.params["base"]
    assert base is not None
    if base.startswith("$"):  # passed through the environment, as GitHub advises
        assert job["env"][base.lstrip("$").strip("{}")] == "origin/${{ github.base_ref }}"
    else:
        assert base == f"origin/{PLACEHOLDER}"
        assert "github.base_ref" in lint.line

    [codeowners] = lane_invocations(workflow, "pull_request", "codeowners")
    assert codeowners.params["check"] is True

    [diff] = lane_invocations(workflow, "pull_request", "diff")
    assert diff.params["base"] == lint.params["base"]
    assert diff.params["head"] is None  # the checked-out merge of the pull request
    assert diff.params["output_format"] == "markdown"
    [comment] = steps_using(job, "marocchino/sticky-pull-request-comment")
    assert diff.redirect is not None
    assert comment["with"]["path"] == diff.redirect
    assert comment["with"].get("header"), "without a header, another sticky comment is replaced"
    diff_step = next(i for i, step in enumerate(job["steps"]) if diff.line in step.get("run", ""))
    assert diff_step < job["steps"].index(comment)

    [build] = lane_invocations(workflow, "pull_request", "build")
    assert build.params["strict"] is True


def test_scheduled_lane_judges_everything() -> None:
    """The scheduled lane fails on any stale document anywhere: no ``--only-changed``, no base,
    warnings not suppressed by a fixed date."""
    workflow = load_workflow()
    [lint] = lane_invocations(workflow, "schedule", "lint")
    assert lint.params["only_changed"] is False
    assert lint.params["base"] is None
    assert lint.params["today"] is None
    assert lint.params["paths"] == ()
    assert lint.params["output_format"] == "github"


def test_publish_lane_deploys_the_strict_build() -> None:
    """Pushes to main build strictly, then deploy exactly that ``site/`` to Pages, one
    deployment at a time."""
    workflow = load_workflow()
    job = workflow["jobs"][lane(workflow, "push")]
    assert "refs/heads/main" in job["if"]
    [build] = lane_invocations(workflow, "push", "build")
    assert build.params["strict"] is True
    assert build.params["site_dir"] is None
    assert "site_dir" not in (ROOT / "mkdocs.yml").read_text("utf-8")  # so the site is site/
    [upload] = steps_using(job, "actions/upload-pages-artifact")
    [deploy] = steps_using(job, "actions/deploy-pages")
    build_step = next(i for i, step in enumerate(job["steps"]) if build.line in step.get("run", ""))
    assert build_step < job["steps"].index(upload) < job["steps"].index(deploy)
    assert upload["with"]["path"] == "site"
    assert job["environment"]["name"] == "github-pages"
    assert job["concurrency"]["group"]
    assert job["concurrency"]["cancel-in-progress"] is False


# The pre-commit hooks.


def load_hooks() -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = yaml.safe_load(HOOKS.read_text("utf-8"))
    return hooks


def hook(hook_id: str) -> dict[str, Any]:
    [found] = [h for h in load_hooks() if h["id"] == hook_id]
    return found


def test_hooks_follow_pre_commits_schema() -> None:
    hooks = load_hooks()
    assert isinstance(hooks, list)
    assert hooks
    ids = [h["id"] for h in hooks]
    assert len(ids) == len(set(ids))
    for definition in hooks:
        assert set(definition) >= REQUIRED_HOOK_KEYS, definition
        assert set(definition) <= MANIFEST_KEYS, set(definition) - MANIFEST_KEYS
        assert all(isinstance(definition[key], str) for key in REQUIRED_HOOK_KEYS)
        for key in BOOLEAN_HOOK_KEYS & set(definition):
            assert isinstance(definition[key], bool), key
        for key in ("types", "types_or", "exclude_types"):
            assert all(isinstance(tag, str) for tag in definition.get(key, [])), key
        for key in ("files", "exclude"):
            if key in definition:
                re.compile(definition[key])


@pytest.mark.parametrize("hook_id", [h["id"] for h in load_hooks()])
def test_hook_entry_is_a_valid_command(hook_id: str) -> None:
    """The entry plus what pre-commit appends (file names, unless ``pass_filenames: false``)
    parses; a hook that takes no file names must say so, or pre-commit would break it."""
    definition = hook(hook_id)
    words = shlex.split(definition["entry"])
    # `language: python` installs the repository and runs the entry's console script.
    assert definition["language"] == "python"
    [script] = entry_points(group="console_scripts", name=words[0])
    assert script.value == "ctohandbook.cli:main"
    staged = [str(ROOT / "mkdocs.yml"), str(ROOT / "README.md")]
    if definition.get("pass_filenames", True):
        parse(words + staged)
    else:
        parse(words)
        with pytest.raises(click.UsageError):
            parse(words + staged)


def test_lint_hook_checks_the_staged_governance_files() -> None:
    """``ctohandbook lint PATHS...`` reads the whole handbook but reports only in PATHS: the
    hook passes the staged YAML and Markdown files, serially (each run reads everything)."""
    lint = hook("ctohandbook-lint")
    name, params = parse(shlex.split(lint["entry"]))
    assert name == "lint"
    assert params["only_changed"] is False
    assert lint.get("pass_filenames", True) is True
    assert lint["require_serial"] is True
    assert {"yaml", "markdown"} <= set(lint["types_or"])


def test_codeowners_hook_checks_without_writing() -> None:
    codeowners = hook("ctohandbook-codeowners")
    name, params = parse(shlex.split(codeowners["entry"]))
    assert (name, params["check"]) == ("codeowners", True)
    assert codeowners["pass_filenames"] is False
    assert re.search(codeowners["files"], "policies/security/sec-002.yml")
    assert re.search(codeowners["files"], ".github/CODEOWNERS")
    assert not re.search(codeowners["files"], "docs/index.md")
