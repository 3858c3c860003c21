"""The core and the CLI never import MkDocs: only ``ctohandbook.mkdocs_plugin`` may."""

from __future__ import annotations

import subprocess
import sys

import ctohandbook


def test_core_and_cli_do_not_import_mkdocs() -> None:
    code = ("import sys, ctohandbook, ctohandbook.cli, ctohandbook.outputs.lint_report; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout == "[]\n"


def test_public_api_names_exist() -> None:
    namespace: dict[str, object] = {}
    exec("from ctohandbook import *", namespace)
    assert sorted(set(namespace) - {"__builtins__"}) == sorted(ctohandbook.__all__)
