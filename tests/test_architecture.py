"""The layering of ARCHITECTURE.md, checked on the import graph and on every call.

Each module belongs to one stage; a module may import its own stage and the stages below it,
never one above (imports made only for type checking count too: they are dependencies all the
same). Only `sources/` (reading, and the atomic writes every writer uses) and `repo/` (the files
it keeps in the repository) touch the file system or start processes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ctohandbook

PACKAGE = Path(ctohandbook.__file__).parent

STAGES = ("base", "sources", "model", "project", "repo", "rules", "lint", "views", "render",
          "outputs", "adapters")
"""Bottom to top, as ARCHITECTURE.md lists them."""

BASE = {"ctohandbook.diagnostic", "ctohandbook.wording", "ctohandbook.rules.reading",
        "ctohandbook.version"}
"""What every stage speaks in: findings, the reading codes, plural and relative wording, the
version the outputs carry."""
ADAPTERS = {"ctohandbook", "ctohandbook.__main__", "ctohandbook.cli", "ctohandbook.gcpause"}
"""The public API, the command line and what only the adapters use; and `mkdocs_plugin/`."""
MAY_TOUCH_FILES = ("sources", "repo")

FILE_FUNCTIONS = frozenset({
    "exists", "lexists", "isfile", "isdir", "islink", "getsize", "getmtime", "realpath",
    "walk", "scandir", "listdir", "stat", "lstat", "open", "remove", "unlink", "rename",
    "replace", "makedirs", "mkdir", "rmdir", "fsync", "access", "readlink", "chmod", "link",
    "symlink", "utime", "fdopen"})
"""Functions of `os` and `os.path` that reach the file system (``abspath`` only reads the
working directory, which is process state, and is not among them)."""
PATH_METHODS = frozenset({
    "read_text", "read_bytes", "write_text", "write_bytes", "is_file", "is_dir", "iterdir",
    "glob", "rglob", "lstat", "unlink", "mkdir", "rmdir", "touch", "is_symlink", "readlink",
    "samefile", "open", "symlink_to", "hardlink_to", "chmod", "walk"})
"""Methods of `pathlib.Path` (and of package resources) that reach the file system; ``resolve``,
``exists`` and ``stat`` count when called without arguments, as a path calls them."""
NO_ARGUMENT_METHODS = frozenset({"resolve", "exists", "stat"})
PROCESS_MODULES = frozenset({"shutil", "subprocess", "tempfile", "glob"})


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> str:
    """The stage ``module`` belongs to."""
    if module in BASE:
        return "base"
    if module in ADAPTERS or module.startswith("ctohandbook.mkdocs_plugin"):
        return "adapters"
    top = module.split(".")[1]
    if top not in STAGES:
        raise AssertionError(f"{module} belongs to no stage: add it to one and to "
                             "ARCHITECTURE.md")
    return top


def _imports(module: str) -> list[tuple[int, str]]:
    """The package's modules ``module`` imports, with the line of each import."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[:len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.append((node.lineno, candidate if candidate in MODULES else target))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return [(line, name) for line, name in found if name in MODULES]


def test_every_module_is_in_a_stage() -> None:
    assert {stage(module) for module in MODULES} <= set(STAGES)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_stage_above_its_own(module: str) -> None:
    rank = STAGES.index(stage(module))
    upward = [f"{MODULES[module].relative_to(PACKAGE.parent)}:{line}: imports {name} "
              f"({stage(name)}, above {stage(module)})"
              for line, name in _imports(module) if STAGES.index(stage(name)) > rank]
    assert upward == []


def test_base_modules_import_only_base_modules() -> None:
    assert [(module, name) for module in sorted(BASE) for _, name in _imports(module)
            if name not in BASE] == []


def _file_access(path: Path) -> list[str]:
    """Where the code of ``path`` reaches the file system or starts a process."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        where = f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) \
                else [node.module or ""]
            found.extend(f"{where}: imports {name}" for name in names
                         if name.split(".")[0] in PROCESS_MODULES)
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id == "open":
            found.append(f"{where}: open()")
        elif isinstance(function, ast.Attribute):
            owner, name = ast.unparse(function.value), function.attr
            if name in FILE_FUNCTIONS if owner in ("os", "os.path") else (
                    name in PATH_METHODS or (name in NO_ARGUMENT_METHODS
                                             and not node.args and not node.keywords)):
                found.append(f"{where}: {owner}.{name}()")
    return found


@pytest.mark.parametrize("module", sorted(module for module in MODULES
                                          if stage(module) not in MAY_TOUCH_FILES))
def test_only_sources_and_repo_touch_the_file_system(module: str) -> None:
    assert _file_access(MODULES[module]) == []


def test_the_file_system_check_sees_file_access() -> None:
    """The check itself finds each form of file access it claims to (else the test above
    would pass on anything)."""
    found = _file_access(PACKAGE / "sources" / "files.py")
    assert any("os.walk()" in line for line in found)
    assert any(".read_bytes()" in line for line in found)
    assert any("imports" in line for line in _file_access(PACKAGE / "sources" / "git.py"))
