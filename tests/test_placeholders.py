"""CTH801 and CTH802: what ``new`` leaves for people to write is written before a document counts;
a requested exception waives nothing, in the checks, the pages, the export and the diff."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from ctohandbook.model.compare import compare
from ctohandbook.model.handbook import Handbook, load_handbook
from ctohandbook.model.kinds import kind_named
from ctohandbook.model.placeholders import PLACEHOLDERS

from .conftest import TODAY, render, run_lint
from .test_cli import invoke

EXC = "policies/exceptions/exc-2026-002.yml"
NEW_TODAY = ("--today", "2026-11-21")


def _findings(root: Path) -> list[tuple[str, str, int, int, str]]:
    return [(d.code, d.path, d.line, d.column, d.message) for d in run_lint(root)]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_a_new_policy_made_active_with_its_placeholders_fails_at_each(
        handbook_dir: Path) -> None:
    invoke("new", "policy", "--title", "Secrets", "--prefix", "SEC", "--owner", "security",
           *NEW_TODAY)
    path = handbook_dir / "policies/security/sec-004-secrets.yml"
    assert _findings(handbook_dir) == []  # a draft may hold placeholders
    _replace(path, "status: draft", "status: active")
    shown = "policies/security/sec-004-secrets.yml"
    assert _findings(handbook_dir) == [
        ("CTH801", shown, 12, 5, "SEC-004 is active, but `exceptions.process` still says “Say "
                                 "where to open a request for an exception and who decides.”"),
        ("CTH801", shown, 13, 5, "SEC-004 is active, but `exceptions.process` still says “List "
                                 "what a request gives: scope, reason, compensating controls, "
                                 "remediation plan, expiry.”"),
        ("CTH801", shown, 22, 3, "SEC-004 is active, but `summary` still says “Say in a few "
                                 "sentences what this document is for and whom it protects.”"),
        ("CTH801", shown, 24, 3, "SEC-004 is active, but `scope` still says “Say who and what "
                                 "it applies to.”"),
        ("CTH801", shown, 28, 11, "SEC-004 is active, but `requirements[0].text` still says "
                                  "“Write the first requirement as one testable sentence.”"),
        ("CTH801", shown, 30, 7, "SEC-004 is active, but `requirements[0].rationale` still says "
                                 "“Say why the requirement exists.”"),
    ]
    [finding] = [d for d in run_lint(handbook_dir) if d.line == 24]
    assert finding.hint == "replace the line with what it asks for"


def test_an_accepted_adr_with_its_placeholders_fails_at_each(handbook_dir: Path) -> None:
    invoke("new", "adr", "--title", "Use Kafka", *NEW_TODAY)
    path = handbook_dir / "adrs/0002-use-kafka.md"
    assert _findings(handbook_dir) == []  # proposed
    _replace(path, "Proposed", "Accepted")
    _replace(path, "The change that we're proposing or have agreed to implement.",
             "We use Kafka.")
    shown = "adrs/0002-use-kafka.md"
    assert _findings(handbook_dir) == [
        ("CTH801", shown, 11, 1, "ADR-0002 is accepted, but still says “The issue motivating "
                                 "this decision, and any context that influences or constrains "
                                 "the decision.”"),
        ("CTH801", shown, 19, 1, "ADR-0002 is accepted, but still says “What becomes easier or "
                                 "more difficult to do and any risks introduced by the change "
                                 "that will need to be mitigated.”"),
    ]


def test_madr_placeholders_in_an_accepted_record_are_found_in_list_items(
        handbook_dir: Path) -> None:
    shutil.rmtree(handbook_dir / "adrs")
    (handbook_dir / "adrs").mkdir()
    invoke("new", "adr", "--title", "Use Kafka", *NEW_TODAY)
    path = handbook_dir / "adrs/0001-use-kafka.md"
    _replace(path, "status: proposed", "status: accepted")
    _replace(path, "Describe the context and the problem in two or three sentences.", "Events.")
    _replace(path, "* Option 2", "* Option 2: Kafka, which we know")
    assert [(code, line, column, message.split(" still says ")[1])
            for code, _, line, column, message in _findings(handbook_dir)] == [
        ("CTH801", 18, 3, "“Option 1”"),
        ("CTH801", 23, 1, "“Chosen option: \"Option 1\", because ...”"),
        ("CTH801", 27, 3, "“Good, because ...”"),
        ("CTH801", 28, 3, "“Bad, because ...”"),
    ]


def test_every_placeholder_of_the_yaml_skeletons_is_in_the_one_list() -> None:
    """The skeletons are built from `model.placeholders`: each line people must replace in them
    is one that CTH801 looks for."""
    skeletons = "".join(str(kind_named(name).skeleton) for name in
                        ("exception", "policy", "decision-rights"))
    lines = {line.strip().removeprefix("text: ").removeprefix("decision: ")
             for line in skeletons.splitlines()}
    assert {line for line in lines if line.startswith(("Say ", "Write ", "Describe "))} <= \
        PLACEHOLDERS


def test_a_request_is_not_in_force_anywhere(handbook_dir: Path) -> None:
    """A requested exception fails the gate (CTH802), and waives nothing meanwhile: the other
    exception checks wait for the grant, and the register, the policy page and the export list
    only exceptions in force."""
    invoke("new", "exception", "--title", "Legacy billing", "--policy", "SEC-002", *NEW_TODAY)
    path = handbook_dir / EXC
    _replace(path, "expires: 2027-05-21", "expires: 2026-11-01")  # expired: not judged yet
    assert [(code, line, column) for code, _, line, column, _ in _findings(handbook_dir)] == [
        ("CTH802", 3, 9)]
    pages = render(handbook_dir)
    assert "EXC-2026-002" not in pages["governance/exceptions.md"]
    assert "EXC-2026-002" not in pages["governance/policies/sec-002.md"]
    report = json.loads(invoke("export", "--today", "2026-11-21").stdout)
    assert [e["id"] for e in report["exceptions"]] == ["EXC-2026-001"]
    assert [d["exceptions"] for d in report["documents"] if d["id"] == "SEC-002"] == [[]]


def test_granting_a_request_puts_it_in_force(handbook_dir: Path) -> None:
    invoke("new", "exception", "--title", "Legacy billing", "--policy", "SEC-002", *NEW_TODAY)
    path = handbook_dir / EXC
    text = path.read_text()
    for placeholder in PLACEHOLDERS:
        text = text.replace(placeholder, "Written.")
    path.write_text(text.replace("status: requested\n",
                                 "status: granted\napproved_by: ciso\ngranted: 2026-11-21\n"))
    assert _findings(handbook_dir) == []
    assert "EXC-2026-002" in render(handbook_dir)["governance/exceptions.md"]
    path.write_text(path.read_text().replace("approved_by: ciso\n", "approved_by: cto\n"))
    assert [code for code, *_ in _findings(handbook_dir)] == ["CTH214"]  # judged once granted


def test_a_grant_that_forgot_who_and_when_says_so(handbook_dir: Path) -> None:
    path = handbook_dir / "policies/exceptions/exc-2026-001.yml"
    _replace(path, "approved_by: ciso\ngranted: 2026-10-01\n", "")
    [finding] = run_lint(handbook_dir)
    assert (finding.code, finding.line, finding.column, finding.message, finding.hint) == (
        "CTH802", 1, 1, "EXC-2026-001 is granted without `approved_by` and `granted`: it waives "
        "nothing until it says who granted it and when",
        "`ciso` checks the reason, compensating controls and remediation plan, then sets "
        "`status: granted`, `approved_by: ciso` and `granted:` the day")


def _handbook(root: Path) -> Handbook:
    return load_handbook([root / "policies"], max_file_size=1_048_576, base=root)


def test_the_diff_says_requested_then_granted(handbook_dir: Path, tmp_path: Path) -> None:
    before = _handbook(handbook_dir)
    invoke("new", "exception", "--title", "Legacy billing", "--policy", "SEC-002", *NEW_TODAY)
    requested = _handbook(handbook_dir)
    [change] = compare(before, requested, TODAY)
    assert (change.id, change.change, change.events) == ("EXC-2026-002", "added", ("requested",))
    path = handbook_dir / EXC
    _replace(path, "status: requested\n", "status: granted\napproved_by: ciso\n"
                                          "granted: 2026-11-21\n")
    granted = _handbook(handbook_dir)
    [change] = compare(requested, granted, TODAY)
    assert change.events == ("granted",)
    assert [(f.field, f.before, f.after, f.material) for f in change.fields] == [
        ("status", "requested", "granted", True), ("approved_by", None, "ciso", True),
        ("granted", None, "2026-11-21", True)]
    assert compare(requested, requested, TODAY) == []
    _replace(path, "status: granted\n", "status: requested\n")
    [change] = compare(granted, _handbook(handbook_dir), date(2026, 11, 22))
    assert change.events == ("revoked",)


def test_a_placeholder_is_found_at_its_line_in_a_file_saved_with_carriage_returns(
        handbook_dir: Path) -> None:
    """YAML counts a lone ``\\r`` as a line break: the placeholder is reported at its own line,
    not at the block scalar's ``|``."""
    invoke("new", "policy", "--title", "Secrets", "--prefix", "SEC", "--owner", "security",
           *NEW_TODAY)
    path = handbook_dir / "policies/security/sec-004-secrets.yml"
    path.write_bytes(path.read_bytes().replace(b"status: draft", b"status: active")
                     .replace(b"\n", b"\r"))
    assert [(line, column) for _, _, line, column, message in _findings(handbook_dir)
            if "`scope`" in message] == [(24, 3)]
