"""The core and the CLI never import MkDocs: only ``ctohandbook.mkdocs_plugin`` may."""

from __future__ import annotations

import subprocess
import sys

import ctohandbook


def test_core_and_cli_do_not_import_mkdocs() -> None:
    code = ("import sys, ctohandbook, ctohandbook.cli, ctohandbook.report; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout == "[]\n"


def test_public_api_is_explicit() -> None:
    assert sorted(ctohandbook.__all__) == sorted(
        name for name in vars(ctohandbook) if not name.startswith("_") and name in
        ctohandbook.__all__)
    for name in ctohandbook.__all__:
        assert hasattr(ctohandbook, name), name
