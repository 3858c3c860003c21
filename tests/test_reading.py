"""Reading files: encodings, sizes, line ends and positions, each as one located finding."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from ctohandbook.diagnostic import Diagnostic, Position
from ctohandbook.model.types import add_duration
from ctohandbook.sources import parse_yaml, read_source, yamlfile
from ctohandbook.sources.files import SourceFile
from ctohandbook.sources.yamlfile import YamlDocument

from .conftest import located, run_lint

CASE = "policies/x-case.yml"


def _lint_bytes(root: Path, data: bytes, **options: int) -> list[tuple[str, str, int, int]]:
    (root / CASE).write_bytes(data)
    return located(run_lint(root, **options))


@pytest.mark.parametrize(("data", "expected"), [
    (b"kind: policy\ntitle: caf\xe9\n", ("CTH105", 2, 11)),
    (b"kind: policy\n\x00\x01\x02", ("CTH105", 2, 1)),
    ("kind: policy\n".encode("utf-16"), ("CTH105", 1, 1)),
    ("kind: policy\n".encode("utf-32"), ("CTH105", 1, 1)),
])
def test_binary_and_foreign_encodings(handbook_dir: Path, data: bytes,
                                      expected: tuple[str, int, int]) -> None:
    code, line, column = expected
    assert _lint_bytes(handbook_dir, data) == [(code, CASE, line, column)]


def test_encoding_messages(tmp_path: Path) -> None:
    def read(data: bytes) -> Diagnostic:
        (tmp_path / "x.yml").write_bytes(data)
        finding = read_source(tmp_path / "x.yml", "x.yml", 1024)
        assert isinstance(finding, Diagnostic)
        return finding

    latin = read(b"a: caf\xe9\n")
    assert (latin.message, latin.hint) == ("byte 0xE9 is not valid UTF-8",
                                           "save the file as UTF-8 text")
    assert read("a: b\n".encode("utf-16")).message == "file is encoded as UTF-16, not UTF-8"


def test_utf8_byte_order_mark_is_accepted(handbook_dir: Path) -> None:
    sec2 = handbook_dir / "policies/security/sec-002-vulnerability-management.yml"
    sec2.write_bytes(b"\xef\xbb\xbf" + sec2.read_bytes())
    assert run_lint(handbook_dir) == []


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_crlf_and_cr_line_ends_keep_lines_right(handbook_dir: Path, newline: bytes) -> None:
    sec2 = handbook_dir / "policies/security/sec-002-vulnerability-management.yml"
    text = sec2.read_bytes().replace(b"owner: security", b"owner: no")
    sec2.write_bytes(text.replace(b"\n", newline))
    assert located(run_lint(handbook_dir)) == [
        ("CTH109", "policies/security/sec-002-vulnerability-management.yml", 6, 8)]


def test_file_over_the_size_limit(handbook_dir: Path) -> None:
    data = b"kind: policy\n" + b"# padding\n" * 500
    assert _lint_bytes(handbook_dir, data, max_file_size=5000) == [("CTH106", CASE, 1, 1)]
    [finding] = run_lint(handbook_dir, max_file_size=5000)
    assert finding.message == "file is 5,013 bytes, over the limit of 5,000 bytes"


def test_unreadable_file(handbook_dir: Path) -> None:
    (handbook_dir / CASE).symlink_to(handbook_dir / "does-not-exist.yml")
    [finding] = run_lint(handbook_dir)
    assert (finding.code, finding.path, finding.message) == (
        "CTH100", CASE, "cannot read the file: No such file or directory")


def test_hidden_files_and_other_suffixes_are_not_read(handbook_dir: Path) -> None:
    (handbook_dir / "policies" / ".draft.yml").write_text("not: [valid")
    (handbook_dir / "policies" / ".git").mkdir()
    (handbook_dir / "policies" / ".git" / "x.yml").write_text("not: [valid")
    (handbook_dir / "policies" / "README.md").write_text("# Policies\n")
    assert run_lint(handbook_dir) == []


def _parse(text: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    return parse_yaml(SourceFile(Path("x.yml"), "x.yml", text))


def test_positions_of_keys_items_and_values() -> None:
    document, findings = _parse("a:\n  b: [x, 'y']\n  c:\n    - d: 1\n")
    assert findings == []
    assert document is not None
    assert document.data == {"a": {"b": ["x", "y"], "c": [{"d": 1}]}}
    assert document.position("a", "b") == Position(2, 3)
    assert document.value_position("a", "b", 1) == Position(2, 10)
    assert document.position("a", "c", 0, "d") == Position(4, 7)
    assert document.value_position("a", "c", 0, "d") == Position(4, 10)
    assert document.position("a", "missing") == Position(1, 1)  # nearest written ancestor


def test_yaml_11_scalars_are_remembered_as_written() -> None:
    document, _ = _parse("owner: no\nversion: 1.10\nwhen: 2026-01-02\nsixty: 1:20\n")
    assert document is not None
    assert document.data == {"owner": False, "version": 1.1, "when": date(2026, 1, 2),
                             "sixty": 80}
    assert [(s.text, s.type_name) for s in map(document.scalar, document.data)] == [
        ("no", "a boolean"), ("1.10", "a number"), ("2026-01-02", "a date"),
        ("1:20", "an integer")]


_SCALARS = ["no", "Yes", "off", "~", "null", "", "1_000", "0x1F", "0o17", "-0b101", "1:20",
            "1e3", "-.inf", ".NaN", "2026-11-21", "2026-11-21T10:00:00Z", "=", "<<",
            "plain text", "'no'", '"1.0"', "!!str 12", "[a, 'b', 1]", "{k: v}"]


@pytest.mark.parametrize("loader", ["yaml.SafeLoader", "yaml.CSafeLoader"])
@pytest.mark.parametrize("scalar", _SCALARS)
def test_our_resolver_tags_nodes_as_pyyaml_does(scalar: str, loader: str) -> None:
    """`_Resolver` is a faster copy of PyYAML's resolution: it must agree on every form."""
    reference = yaml.SafeLoader if loader == "yaml.SafeLoader" else yaml.CSafeLoader
    ours = yamlfile.PythonLoader if reference is yaml.SafeLoader else yamlfile.Loader
    text = f"value: {scalar}\nlist:\n  - {scalar}\n"

    def tags(node: yaml.Node) -> list[str]:
        children = node.value if isinstance(node.value, list) else []
        flat = [child for item in children
                for child in (item if isinstance(item, tuple) else (item,))]
        return [node.tag, *(tag for child in flat for tag in tags(child))]

    assert tags(yaml.compose(text, Loader=ours)) == tags(yaml.compose(text, Loader=reference))

def test_keys_are_text_as_written() -> None:
    document, _ = _parse("no: 1\n2026-01-01: x\n")
    assert document is not None and document.data == {"no": 1, "2026-01-01": "x"}


def test_duplicate_keys_are_found_at_every_depth() -> None:
    _, findings = _parse("a:\n  b: 1\n  b: 2\nc: [{d: 1, d: 2}]\na: 3\n")
    assert [(d.code, d.line, d.column, d.message) for d in findings] == [
        ("CTH102", 3, 3, "duplicate key `b` (first at line 2)"),
        ("CTH102", 4, 12, "duplicate key `d` (first at line 4)"),
        ("CTH102", 5, 1, "duplicate key `a` (first at line 1)"),
    ]


def test_several_documents_in_one_file() -> None:
    document, [finding] = _parse("kind: policy\n---\nkind: policy\n")
    assert document is None
    assert (finding.code, finding.line, finding.hint) == (
        "CTH101", 2, "keep one YAML document per file")


def test_deep_nesting_is_refused() -> None:
    document, [finding] = _parse("a: " + "[" * 100 + "]" * 100 + "\n")
    assert document is None
    assert (finding.code, finding.message) == (
        "CTH113", "collections nest more than 64 levels deep")


@pytest.mark.usefixtures("yaml_loader")
def test_nesting_up_to_the_limit_is_read() -> None:
    """64 levels (the top-level mapping and 63 sequences) are allowed, in flow and in block."""
    flow, flow_findings = _parse("x: " + "[" * 63 + "1" + "]" * 63 + "\n")
    block, block_findings = _parse("".join(" " * i + f"k{i}:\n" for i in range(63))
                                   + " " * 63 + "k63: 1\n")
    assert (flow_findings, block_findings) == ([], [])
    assert flow is not None and block is not None


def test_scalar_tags_on_collections_are_read_as_plain_data() -> None:
    document, [finding] = _parse("a: !!int [1, x]\n")
    assert document is not None and document.data == {"a": [1, "x"]}
    assert (finding.code, finding.column, finding.message) == (
        "CTH112", 4, "unsupported YAML tag `tag:yaml.org,2002:int`")


def test_merge_keys_are_not_supported() -> None:
    document, [finding] = _parse("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")
    assert document is not None and document.data["other"] == {"y": 2}
    assert (finding.code, finding.line, finding.column) == ("CTH112", 3, 3)


@pytest.mark.parametrize(("start", "duration", "end"), [
    (date(2026, 1, 31), "1 month", date(2026, 2, 28)),
    (date(2024, 2, 29), "1 year", date(2025, 2, 28)),
    (date(2026, 6, 1), "12 months", date(2027, 6, 1)),
    (date(2026, 11, 15), "3 months", date(2027, 2, 15)),
    (date(2026, 10, 1), "90 days", date(2026, 12, 30)),
    (date(2026, 10, 1), "2 weeks", date(2026, 10, 15)),
    (date(2026, 6, 1), "9999 years", date.max),
    (date(9999, 12, 31), "1 day", date.max),
])
def test_add_duration(start: date, duration: str, end: date) -> None:
    assert add_duration(start, duration) == end


@pytest.mark.usefixtures("yaml_loader")
@pytest.mark.parametrize(("text", "expected"), [
    # A control character, after multi-byte ones: libyaml counts bytes, editors characters.
    ("kind: policy\ntitle: é€\x07b\n",
     ("CTH101", 2, 10, "character U+0007 is not allowed in YAML")),
    ("kind: policy\n---\n", ("CTH101", 2, 1, None)),
    ("---\n", ("CTH103", 1, 1, "file holds no YAML document")),
    ("~\n", ("CTH103", 1, 1, "file holds no YAML document")),
    # An unclosed quote is reported where it opens, not at the end of the file.
    ('kind: policy\ntitle: "unclosed\nsummary: x\nscope: y\n', ("CTH101", 2, 8, None)),
    # Deep flow nesting would crash libyaml's recursive composer: refused before composing.
    ("kind: policy\nx: " + "[" * 30000 + "]" * 30000 + "\n",
     ("CTH113", 2, 67, "collections nest more than 64 levels deep")),
    ("kind: policy\n" + "".join("  " * i + f"k{i}:\n" for i in range(80)),
     ("CTH113", 66, 129, "collections nest more than 64 levels deep")),
    # Past libyaml 0.2.6's own limit of 1000 (PyYAML 6.0.4's wheels), which its scanner meets
    # while looking ahead: still CTH113 where level 65 opens, whatever the wheel.
    ("kind: policy\nx: " + "[" * 1010 + "]" * 1010 + "\n",
     ("CTH113", 2, 67, "collections nest more than 64 levels deep")),
    ("kind: policy\nx: " + "{a: " * 1010 + "1" + "}" * 1010 + "\n",
     ("CTH113", 2, 256, "collections nest more than 64 levels deep")),
    # 40 block levels, then flow nesting on one line: too few brackets and too little indent for
    # the pre-scan, so the builder refuses it, at the same place the pre-scan would.
    ("kind: policy\n" + "".join(" " * i + f"k{i}:\n" for i in range(40))
     + " " * 40 + "[" * 30 + "]" * 30 + "\n",
     ("CTH113", 42, 65, "collections nest more than 64 levels deep")),
    # A control character behind deep nesting is reported, at its character, with either
    # parser: also when it lies beyond libyaml's first buffer, which reaches level 65 first.
    ("kind: policy\nx: " + "[" * 70 + "]" * 70 + "\ny: é\x07\n",
     ("CTH101", 3, 5, "character U+0007 is not allowed in YAML")),
    ("kind: policy\nx: " + "[" * 70 + "]" * 70 + "\ny: " + "a" * 100_000 + "\x07\n",
     ("CTH101", 3, 100_004, "character U+0007 is not allowed in YAML")),
])
def test_hostile_and_broken_yaml(text: str, expected: tuple[str, int, int, str | None]) -> None:
    document, [finding] = _parse(text)
    code, line, column, message = expected
    assert document is None
    assert (finding.code, finding.line, finding.column) == (code, line, column)
    if message is not None:
        assert finding.message == message


def test_tab_indentation_gets_a_specific_hint() -> None:
    _, [finding] = _parse("kind: policy\nreview:\n\tevery: 1 day\n")
    assert (finding.code, finding.line, finding.hint) == (
        "CTH101", 3, "indent with spaces: YAML does not allow tabs for indentation")


def test_encoding_columns_count_characters(handbook_dir: Path) -> None:
    data = b"\xef\xbb\xbfkind: policy\ntitle: caf\xc3\xa9 \xe2\x82\xac \xff\n"
    assert _lint_bytes(handbook_dir, data) == [("CTH105", CASE, 2, 15)]


def _messages(handbook_dir: Path, old: str, new: str) -> list[tuple[str, str, str]]:
    path = handbook_dir / "policies/security/sec-002-vulnerability-management.yml"
    path.write_text(path.read_text().replace(old, new, 1))
    return [(d.code, d.message, d.hint) for d in run_lint(handbook_dir)]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("owner: security", "owner: no",
     ("CTH109", "`owner` is `no`, which YAML reads as a boolean, not text",
      'quote it: owner: "no"')),
    ("version: 2.0.0", "version: 1.10",
     ("CTH109", "`version` is `1.10`, which YAML reads as a number; it must be a semantic "
                "version such as 2.1.0",
      "write it in that form, in quotes if YAML would read it otherwise")),
    ("status: active", "status: yes",
     ("CTH111", "`status` is `yes`; it must be one of: draft, active, retired",
      "use one of the values listed")),
    ("level: must", "level: MUST",
     ("CTH111", "`requirements[0].level` is `MUST`; it must be one of: must, should, may",
      "did you mean `must`?")),
    ("title: Vulnerability management", "title:",
     ("CTH109", "`title` is empty; it must be text", "write text after `title:`")),
    ("policies: [SEC-001]", "policies: [SEC-001, ~]",
     ("CTH109", "`related.policies[1]` is empty; it must be text", "write text after `-`")),
    ("owner: security", "ownr: security",
     ("CTH108", "unknown key `ownr`", "did you mean `owner`?")),
])
def test_messages_quote_what_was_written(handbook_dir: Path, old: str, new: str,
                                         expected: tuple[str, str, str]) -> None:
    assert _messages(handbook_dir, old, new) == [expected]
