"""Coverage-guided fuzzing (atheris) of the whole path one governance file takes.

Why: the reader promises that *nothing a file contains* makes ctohandbook raise, hang or blow up
(a broken file is a finding, so one broken file never hides the findings in the others), and that
every finding is a well-formed value that CI annotations and editors can place. Example-based
tests cover the mistakes people make; a fuzzer covers the ones nobody thought of. This target
takes the bytes of one file through what ``ctohandbook lint`` and the site build do with it, in
memory:

    bytes -> sources.files.decode -> the YAML reader and schema validation, the ADR reader or
    the runbook reader (model.handbook's ``_read_*``) -> a Handbook holding the document (with a
    small background handbook, optionally) -> every check (``lint.lint``, with a base revision
    for the version rules and frameworks for the control rules, optionally) -> the lint
    reports -> against the base, the semantic diff (``ctohandbook diff``) -> the pages, the
    review calendar, the changes feed and governance.json.

The first byte of an input chooses what the rest is (see `Choice`). The property: any input gives
documents and findings, never an exception; findings are placed at 1-based positions of a file
that was read, with a bounded single-line message and hint; the feed is well-formed XML and the
export valid JSON. A violation raises, and atheris reports the input as a crash.

Run it through ``./scripts/fuzz`` (bounded time, seed corpus, crash files), not by hand. Other
entry points, without atheris' flags:

    python fuzz/loader.py --seeds OUT SOURCE...   write the seed corpus (selector byte + file)
    python fuzz/loader.py --show FILE...          say what each input is, and run it once
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import atheris  # type: ignore[import-untyped]  # no type information

with atheris.instrument_imports(include=["ctohandbook", "yaml", "markdown_it", "pathspec"]):
    import markdown_it  # noqa: F401  (imported lazily by the reader: instrument it now)
    import pathspec  # noqa: F401  (imported lazily by runbook standards: instrument it now)
    import yaml

    import ctohandbook
    from ctohandbook.diagnostic import Diagnostic, Severity
    from ctohandbook.lint import LintResult, lint
    from ctohandbook.model import Document, Handbook
    from ctohandbook.model.adr import Adr
    from ctohandbook.model.compare import compare, touched_paths
    from ctohandbook.model.handbook import (
        FileResult,
        _read_adr,
        _read_runbook,
        _read_yaml,
        _remember_declared,
        is_adr_file,
    )
    from ctohandbook.model.runbook import Runbook
    from ctohandbook.outputs import lint_report as report
    from ctohandbook.outputs.calendar import review_calendar
    from ctohandbook.outputs.diff_report import FORMATS as DIFF_FORMATS
    from ctohandbook.outputs.diff_report import Diff
    from ctohandbook.outputs.export import as_json, governance
    from ctohandbook.outputs.feed import changes_feed
    from ctohandbook.project.settings import Framework
    from ctohandbook.render import render_view
    from ctohandbook.rules.context import Context
    from ctohandbook.rules.registry import RULES
    from ctohandbook.sources import yamlfile
    from ctohandbook.sources.files import SourceFile, decode, read_source
    from ctohandbook.views import build_view

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
"""The repository, whose files are the seeds."""
BACKGROUND = FUZZ / "background"
"""A small handbook that is clean as of `TODAY`: one file of each kind, for a fuzzed document
to refer to, duplicate, waive or be waived by, or to be a runbook standard for. Clean, so that
each input spends its time on the fuzzed file's findings."""
REGRESSIONS = FUZZ / "regressions"
"""Inputs that once crashed the target, replayed on every start."""

TODAY = date(2026, 11, 21)
"""The date every run judges by (the tests' date), so that a crash reproduces on any day."""
MAX_FILE_SIZE = 1_048_576
"""``max_file_size``'s default; libFuzzer's ``-max_len`` keeps inputs well below it."""
MAX_MESSAGE = 400
"""Longest message or hint a finding may have: user values are quoted cut to 60 characters
(`model.validation.MAX_SHOWN`), so anything longer quotes a value whole."""
REQUEST_URL = "https://github.com/acme/handbook/issues/new?template=exception.yml&policy={id}"
SITE_URL = "https://handbook.example.com/"
FRAMEWORKS = {"SOC2": Framework(name="SOC 2", controls=["CC7.1", "CC8.1"]),
              "ISO27001": Framework(name="ISO/IEC 27001")}
"""The ``frameworks`` setting, when an input asks for it: one with a list of controls (CTH310
judges citations against it), one without."""

DOCS_DIR = Path("docs")
"""Where runbooks are read from, relative to the handbook (paths are never opened)."""
YAML_PATH = "policies/fuzz/fuzz.yml"
RUNBOOK_PATH = "docs/runbooks/fuzz.md"
ADR_PATHS = ("adrs/0042-fuzzed-decision.md", "adrs/0005-same-id-as-the-background.md",
             "adrs/20240101-log4brains-style.md", "adrs/no-number.md")
"""Where a fuzzed ADR is said to be: its id comes from its name (ADR-0042, ADR-0005 which the
background has too, a log4brains date stem, a plain stem)."""

KINDS = ("yaml", "adr", "runbook")
WITH_BACKGROUND, WITH_BASE, WITH_FRAMEWORKS = 1, 2, 4
"""Flags of `Choice`."""


@dataclass(frozen=True)
class Choice:
    """What the first byte of an input says the rest is: ``byte % 3`` the kind of file (YAML
    governance file, ADR, runbook page); of ``byte // 3``, bit 0 adds the background handbook,
    bit 1 the base revision (the version rules), bit 2 the frameworks setting, bits 3-4 choose
    the ADR's file name."""

    kind: str
    background: bool
    base: bool
    frameworks: bool
    adr_path: str

    @classmethod
    def of(cls, byte: int) -> Choice:
        flags = byte // 3
        return cls(KINDS[byte % 3], bool(flags & WITH_BACKGROUND), bool(flags & WITH_BASE),
                   bool(flags & WITH_FRAMEWORKS), ADR_PATHS[(flags >> 3) % len(ADR_PATHS)])

    @staticmethod
    def byte(kind: str) -> int:
        """The selector of a seed: ``kind``, with the background, the base and frameworks."""
        return 3 * (WITH_BACKGROUND | WITH_BASE | WITH_FRAMEWORKS) + KINDS.index(kind)

    @property
    def display(self) -> str:
        return {"yaml": YAML_PATH, "adr": self.adr_path, "runbook": RUNBOOK_PATH}[self.kind]


@dataclass(frozen=True)
class Read:
    """A file and what reading it gave."""

    display: str
    result: FileResult


def _background(folder: str, parse: Callable[[SourceFile], FileResult]) -> list[Read]:
    """The files of one folder of the background, read once at start-up."""
    found = []
    for path in sorted((BACKGROUND / folder).rglob("*.*")):
        display = path.relative_to(BACKGROUND).as_posix()
        source = read_source(path, display, MAX_FILE_SIZE)
        if isinstance(source, Diagnostic):
            raise SystemExit(f"fuzz/loader.py: cannot read the background file {source}")
        result = parse(SourceFile(Path(display), display, source.text))
        if result.findings or result.document is None:
            raise SystemExit(f"fuzz/loader.py: the background file {display} is not clean: "
                             f"{[str(finding) for finding in result.findings]}")
        found.append(Read(display, result))
    return found


_BACKGROUND_YAML = _background("policies", _read_yaml)
_BACKGROUND_ADRS = _background("adrs", _read_adr)
_BACKGROUND_RUNBOOKS = _background("docs/runbooks", _read_runbook(DOCS_DIR))
_BACKGROUND_DISPLAYS = {read.display for read in
                        (*_BACKGROUND_YAML, *_BACKGROUND_ADRS, *_BACKGROUND_RUNBOOKS)}
_BASE = Handbook(documents=[doc for read in _BACKGROUND_YAML
                            if isinstance(doc := read.result.document, Document)])
"""The base revision of ``lint --base``: the background's documents, so that a fuzzed document
with one of their ids (SEC-002, RBS-001, DR-001) is compared with it."""
_CODES = {rule.code for rule in RULES}


def handbook_of(choice: Choice, result: FileResult) -> Handbook:
    """The handbook `load_handbook` would build from the fuzzed file (and the background):
    YAML documents and ADRs in path order, findings of reading in file order."""
    yaml_files = [*(_BACKGROUND_YAML if choice.background else ())]
    adrs = [*(_BACKGROUND_ADRS if choice.background else ())]
    runbooks = [*(_BACKGROUND_RUNBOOKS if choice.background else ())]
    fuzzed = Read(choice.display, result)
    {"yaml": yaml_files, "adr": adrs, "runbook": runbooks}[choice.kind].append(fuzzed)
    handbook = Handbook(files=len(yaml_files) + len(adrs) + len(runbooks))
    for read in sorted(yaml_files, key=lambda read: read.display):
        handbook.diagnostics.extend(read.result.findings)
        if isinstance(read.result.document, Document):
            handbook.documents.append(read.result.document)
        elif read.result.invalid_data is not None:
            _remember_declared(handbook, read.result.invalid_data)
    if adrs:
        handbook.adrs = []
        for read in sorted(adrs, key=lambda read: read.display):
            handbook.diagnostics.extend(read.result.findings)
            if isinstance(read.result.document, Adr) and is_adr_file(Path(read.display).name):
                handbook.adrs.append(read.result.document)
    for read in runbooks:
        handbook.diagnostics.extend(read.result.findings)
        if isinstance(read.result.document, Runbook):
            handbook.runbooks.append(read.result.document)
    return handbook


def check_finding(finding: object, displays: set[str]) -> None:
    """A finding is a `Diagnostic` of a known rule, placed in a file that was read, with a
    bounded one-line message and hint."""
    assert isinstance(finding, Diagnostic), f"not a Diagnostic: {finding!r}"
    assert finding.code in _CODES, f"unknown code: {finding!r}"
    assert isinstance(finding.severity, Severity), f"severity: {finding!r}"
    assert finding.path in displays, f"path {finding.path!r} is not one read: {finding!r}"
    assert isinstance(finding.line, int) and finding.line >= 1, f"line: {finding!r}"
    assert isinstance(finding.column, int) and finding.column >= 1, f"column: {finding!r}"
    for name, text in (("message", finding.message), ("hint", finding.hint)):
        assert isinstance(text, str), f"{name} is not text: {finding!r}"
        assert "\n" not in text and "\r" not in text, f"{name} spans lines: {finding!r}"
        assert len(text) <= MAX_MESSAGE, f"{name} is {len(text)} characters: {finding!r}"
    assert finding.message.strip(), f"empty message: {finding!r}"


def publish(handbook: Handbook, context: Context) -> None:
    """What a site build makes of ``handbook`` (`ctohandbook.outputs.site` without a `Project`):
    the pages, the review calendar, the changes feed and governance.json."""
    view = build_view(handbook, context, exception_request_url=REQUEST_URL, docs_dir=DOCS_DIR)
    pages = render_view(view, handbook.owners)
    assert all(isinstance(page.markdown, str) for page in pages)
    calendar = review_calendar(view, SITE_URL, "governance", name="Handbook")
    assert calendar.startswith(b"BEGIN:VCALENDAR"), calendar[:40]
    feed = changes_feed(view.changes, SITE_URL, "governance", name="Handbook",
                        use_directory_urls=True, today=context.today)
    ElementTree.fromstring(feed)  # well-formed XML, or ParseError
    json.loads(as_json(governance(handbook, context, "governance", view)))


def run(data: bytes) -> list[Diagnostic]:
    """The property, on one input; raises on a violation. Returns the findings."""
    if not data:
        return []
    choice = Choice.of(data[0])
    display = choice.display
    source = decode(data[1:], Path(display), display)
    if isinstance(source, Diagnostic):
        result = FileResult(None, [source])
    elif choice.kind == "yaml":
        result = _read_yaml(source)
    elif choice.kind == "adr":
        result = _read_adr(source)
    else:
        result = _read_runbook(DOCS_DIR)(source)
    for finding in result.findings:
        assert finding.path == display, f"path {finding.path!r} is not {display!r}"
    handbook = handbook_of(choice, result)
    context = Context(today=TODAY, base=_BASE if choice.base else None,
                      base_name="main" if choice.base else "",
                      frameworks=FRAMEWORKS if choice.frameworks else {})
    findings = lint(handbook, context)
    displays = {display, *_BACKGROUND_DISPLAYS}
    for finding in findings:
        check_finding(finding, displays)
    lint_result = LintResult(findings, handbook.files, context, handbook)
    for format_report in report.FORMATS.values():
        format_report(lint_result)
    if choice.base:
        diff(handbook)
    publish(handbook, context)
    return findings


def diff(handbook: Handbook) -> None:
    """What ``ctohandbook diff main`` and ``lint --only-changed`` make of the change from the
    base revision to ``handbook``."""
    changes = compare(_BASE, handbook, TODAY)
    shown = Diff("main", "the work tree", changes)
    for format_diff in DIFF_FORMATS.values():
        format_diff(shown)
    json.loads(DIFF_FORMATS["json"](shown))
    touched_paths(_BASE, handbook)


def test_one_input(data: bytes) -> None:
    """The libFuzzer entry point."""
    run(data)


def seeds(out: Path, sources: Sequence[Path]) -> int:
    """Write each governance file below ``sources`` into ``out`` as a seed: the selector byte
    of its kind, then the file. A Markdown file outside an ADR or runbook folder is written as
    both. Returns how many seeds were written."""
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in _files(sources):
        for kind in _kinds(path):
            data = bytes([Choice.byte(kind)]) + path.read_bytes()
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else Path(path.name)
            name = f"seed-{kind}-" + "-".join(shown.parts)
            (out / name).write_bytes(data)
            written += 1
    return written


def _files(sources: Iterable[Path]) -> Iterable[Path]:
    for source in sources:
        if source.is_file():
            yield source.resolve()
        elif source.is_dir():
            yield from sorted(path.resolve() for path in source.rglob("*")
                              if path.is_file() and _kinds(path))


def _kinds(path: Path) -> tuple[str, ...]:
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        return ("yaml",)
    if suffix != ".md":
        return ()
    parts = {part.lower() for part in path.parts}
    if "runbooks" in parts:
        return ("runbook",)
    if "adrs" in parts:
        return ("adr",)
    return ("adr", "runbook")


def replay(paths: Sequence[Path]) -> None:
    """Run every saved regression input once: a bug fixed stays fixed (an exception here stops
    the run before fuzzing starts)."""
    for path in paths:
        try:
            run(path.read_bytes())
        except BaseException:
            print(f"fuzz/loader.py: regression {path.name} fails again:", file=sys.stderr)
            raise
    print(f"fuzz/loader.py: {len(paths)} regression inputs of {REGRESSIONS} pass",
          file=sys.stderr)


def show(paths: Iterable[Path]) -> None:
    """Say what each input is, run it, and print its findings (for minimising a crash)."""
    for path in paths:
        data = path.read_bytes()
        if not data:
            print(f"{path}: empty")
            continue
        choice = Choice.of(data[0])
        print(f"{path}: {choice}, {len(data) - 1} bytes:")
        print(f"  {data[1:500]!r}")
        for finding in run(data):
            print(f"  {finding}")
        print("  no failure")


def main(argv: list[str]) -> None:
    if len(argv) > 1 and argv[1] == "--seeds":
        count = seeds(Path(argv[2]), [Path(arg) for arg in argv[3:]])
        print(f"fuzz/loader.py: {count} seeds written to {argv[2]}")
        return
    if len(argv) > 1 and argv[1] == "--show":
        show(Path(arg) for arg in argv[2:])
        return
    background = handbook_of(Choice.of(Choice.byte("yaml")), FileResult(None, []))
    context = Context(today=TODAY, base=_BASE, frameworks=FRAMEWORKS)
    if found := lint(background, context):
        raise SystemExit("fuzz/loader.py: the background handbook is not clean: "
                         f"{[str(finding) for finding in found]}")
    print(f"fuzz/loader.py: fuzzing {Path(ctohandbook.__file__).parent} with YAML parser "
          f"{yamlfile.Loader.__name__} (PyYAML {yaml.__version__})", file=sys.stderr)
    replay(sorted(path for path in REGRESSIONS.glob("*") if path.is_file()
                  and not path.name.startswith(".") and path.name != "README.md"))
    # libFuzzer runs its own command line again in a shell for -minimize_crash, -fork and
    # -merge: name the interpreter too, or the shell would run this file without atheris.
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).resolve()))}"
    atheris.Setup([command, *argv[1:]], test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
