"""Settings: the ``ctohandbook`` entry of ``plugins:`` in ``mkdocs.yml``.

The CLI reads them from ``mkdocs.yml`` without importing MkDocs, and the plugin receives the same
options from MkDocs; both validate them with `Settings`, so a handbook is checked the same way by
``ctohandbook lint`` and by ``mkdocs build``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..diagnostic import Diagnostic, shorten
from ..model.types import ControlId, FrameworkKey, IsoDate
from ..model.validation import suggest, validate_model
from ..rules.reading import DUPLICATE_KEY
from ..sources import YamlDocument, parse_yaml, read_source
from ..sources.files import is_file, is_folder, real_path
from ..sources.lookup import find_upwards

PLUGIN_NAME = "ctohandbook"
CONFIG_NAMES = ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml")
"""The names a configuration file is found by, in the order ProperDocs tries them in a folder;
MkDocs tries only the last two (`MKDOCS_NAMES`), in the same order. Neither engine looks above
the working folder; ctohandbook goes on up to the repository root, so that a command run from
``adrs/`` reads the handbook's configuration."""
MKDOCS_NAMES = CONFIG_NAMES[2:]
FailOn = Literal["error", "warning", "never"]


class Framework(BaseModel):
    """A compliance framework that requirements' ``controls:`` may cite (``SOC2:CC7.1``)."""

    model_config = ConfigDict(extra="forbid", strict=True, use_attribute_docstrings=True)

    name: str = Field(min_length=1)
    """Its full name, shown on the control coverage page."""
    controls: list[ControlId] | None = None
    """Every control id of the framework in scope, in the order the coverage page lists them.
    When given, a cited control outside it is a finding (CTH310) and the page shows the controls
    no requirement covers as gaps; without it, neither can be judged."""

    @field_validator("controls")
    @classmethod
    def _unique(cls, controls: list[str] | None) -> list[str] | None:
        """A control listed twice is a slip that would count it twice."""
        seen: set[str] = set()
        for control in controls or ():
            if control in seen:
                raise ValueError(f"`{control}` is listed twice")
            seen.add(control)
        return controls


class Settings(BaseModel):
    """Options of the ``ctohandbook`` plugin; every one has a default."""

    model_config = ConfigDict(extra="forbid", strict=True, use_attribute_docstrings=True)

    policies_dir: str = "policies"
    """Folder of policies, exceptions and the owners registry, relative to ``mkdocs.yml``."""
    adrs_dir: str = "adrs"
    """Folder of ADRs, relative to ``mkdocs.yml``; ``related.adrs`` resolve against it."""
    warn_days: int = Field(30, ge=0)
    """How many days before a review or an exception expiry to warn."""
    fail_on: FailOn = "error"
    """Which findings fail the lint and the build: ``error``, ``warning`` or ``never``."""
    today: IsoDate | None = None
    """A fixed date to judge staleness by, instead of today (for reproducible builds)."""
    exception_request_url: str | None = None
    """Where to request an exception; ``{id}`` is replaced with the policy id."""
    max_file_size: int = Field(1_048_576, gt=0)
    """Largest governance file read, in bytes; larger files are a finding (CTH106)."""
    pages_dir: str = Field("governance", pattern=r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")
    """Folder of the site the generated pages are published under (nothing is written there:
    the pages are generated in memory); it must not exist in ``docs/``."""
    templates_dir: str | None = None
    """Folder of Jinja2 templates, relative to ``mkdocs.yml``, that replace built-in ones of the
    same name (``policy.md.j2``, ``catalogue.md.j2``, ...)."""
    history: bool = True
    """Show on each generated page when its source file last changed, read from git (one
    ``git log`` per build). Turn it off for builds that must not depend on the clone."""
    frameworks: dict[FrameworkKey, Framework] = {}
    """The compliance frameworks requirements may cite, by the key ``controls:`` entries start
    with (``SOC2`` in ``SOC2:CC7.1``). When any is declared, a ``controls:`` entry of another
    framework is a finding (CTH309); when none is, nothing is judged and the coverage page lists
    the controls requirements cite."""


class ConfigError(Exception):
    """The configuration cannot be used; the message says where and what to do."""


@dataclass(frozen=True)
class Project:
    """A handbook on disk: the folder of its ``mkdocs.yml`` and its settings."""

    root: Path
    settings: Settings
    docs_dir: str = "docs"
    """MkDocs' ``docs_dir``: where runbooks are found."""
    repo_url: str | None = None
    """MkDocs' ``repo_url``: where "Last changed" lines link commits."""

    @property
    def policies_path(self) -> Path:
        """The folder of policies, exceptions and owners."""
        return self.root / self.settings.policies_dir

    @property
    def adrs_path(self) -> Path:
        """The folder of ADRs."""
        return self.root / self.settings.adrs_dir

    @property
    def docs_path(self) -> Path:
        """The docs folder of the site."""
        return self.root / self.docs_dir

    @property
    def templates_path(self) -> Path | None:
        """The folder of template overrides, if any."""
        return self.root / self.settings.templates_dir if self.settings.templates_dir else None


@dataclass(frozen=True)
class ConfigChoice:
    """The configuration file a command reads, and the line that tells its user which."""

    path: Path | None
    """The file, or ``None`` when none was found: the default settings are used."""
    note: str
    """``Using ../mkdocs.yml``, or where no file was found; for stderr, so that stdout stays
    the report."""


def choose_config(config_file: Path | None) -> ConfigChoice:
    """``config_file`` if given (it must exist), else the configuration found as the engines
    find it, from the working folder up to the repository root (see `CONFIG_NAMES`)."""
    if config_file is not None:
        if not is_file(config_file):
            raise ConfigError(f"{config_file}: no such configuration file")
        return ConfigChoice(config_file, f"Using {shown(config_file)}")
    start = Path.cwd()
    found = find_upwards(start, CONFIG_NAMES)
    if found.folder is None:
        where = "." if found.last == start else (
            f". and the folders above it up to {shown(found.last)}" if found.repository
            else f". and the folders above it up to {found.last}")
        root = "the repository root" if found.repository else "the file-system root"
        names = ", ".join(CONFIG_NAMES[:-1]) + f" or {CONFIG_NAMES[-1]}"
        return ConfigChoice(None, f"No {names} in {where} ({root}): using the default "
                                  "settings")
    path = found.folder / found.names[0]
    return ConfigChoice(path, f"Using {shown(path)}{_beside(found.folder, found.names)}")


def _beside(folder: Path, names: tuple[str, ...]) -> str:
    """What the note says of the other configuration files in the folder of the one used
    (``names[0]``): the one MkDocs reads instead, and those no engine reads."""
    mkdocs = next((name for name in names if name in MKDOCS_NAMES), None)
    said = []
    if mkdocs is not None and mkdocs != names[0]:
        said.append(f"as ProperDocs does; MkDocs reads {shown(folder / mkdocs)}: pass -f to "
                    "choose")
    unread = [shown(folder / name) for name in names[1:] if name != mkdocs]
    if unread:
        said.append(f"{' and '.join(unread)} beside it {'is' if len(unread) == 1 else 'are'} "
                    "read by neither engine")
    return f" ({'; '.join(said)})" if said else ""


def shown(path: Path) -> str:
    """``path`` as the user reaches it from the working folder (``../mkdocs.yml``)."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive (Windows): no relative way there
        return path.as_posix()


@dataclass(frozen=True)
class _Entry:
    """One plugin of ``plugins:``: its name as written, where it is, and its options."""

    name: object
    at: tuple[Hashable, ...]
    options: object

    @property
    def ours(self) -> bool:
        """Whether MkDocs loads the ctohandbook plugin for it (``/name`` skips the theme's
        namespace and is the same plugin)."""
        return isinstance(self.name, str) and self.name.removeprefix("/") == PLUGIN_NAME


def _entries(plugins: object) -> list[_Entry]:
    """The plugins of ``plugins:`` as MkDocs reads them: a mapping of names to options, or a
    list of names and of one-key mappings (an item MkDocs refuses names no plugin)."""
    if isinstance(plugins, Mapping):
        return [_Entry(name, ("plugins", name), options) for name, options in plugins.items()]
    entries = []
    for index, item in enumerate(plugins if isinstance(plugins, list) else ()):
        if isinstance(item, Mapping) and len(item) == 1:
            name, options = next(iter(item.items()))
            entries.append(_Entry(name, ("plugins", index, name), options))
        elif not isinstance(item, Mapping):
            entries.append(_Entry(item, ("plugins", index), {}))
    return entries


def _has(data: Any, path: tuple[Hashable, ...]) -> bool:
    """Whether ``data`` holds a value at ``path``."""
    for step in path:
        if not (step in data if isinstance(data, Mapping) else isinstance(data, list)
                and isinstance(step, int) and 0 <= step < len(data)):
            return False
        data = data[step]
    return True


def _holder(documents: list[YamlDocument], path: tuple[Hashable, ...]) -> YamlDocument | None:
    """The nearest of ``documents`` (the configuration, then what it inherits) that writes the
    value at ``path``: where the merged configuration took it from."""
    return next((document for document in documents if _has(document.data, path)), None)


def _merged(parent: dict[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """``child`` over ``parent`` as MkDocs merges an ``INHERIT:`` parent (mergedeep's replace
    strategy): mappings are merged key by key, any other value replaces the parent's."""
    result = dict(parent)
    for key, value in child.items():
        before = result.get(key)
        result[key] = (_merged(before, value) if isinstance(before, dict)
                       and isinstance(value, Mapping) else value)
    return result


def _refuse(document: YamlDocument, path: tuple[Hashable, ...], message: str,
            hint: str) -> ConfigError:
    where = document.position(*path)
    return ConfigError(f"{document.display}:{where.line}:{where.column}: {message} ({hint})")


def _plugin(documents: list[YamlDocument], plugins: object
            ) -> tuple[YamlDocument, tuple[Hashable, ...], object]:
    """Where the ctohandbook plugin's options are written, and them (``enabled:`` taken out,
    as MkDocs takes it); refused when the site build would not run the plugin."""
    entries = _entries(plugins)
    ours = [entry for entry in entries if entry.ours]
    if not ours:
        raise _not_listed(documents, plugins, entries)
    entry, holder = ours[0], _holder(documents, ours[0].at) or documents[0]
    if len(ours) > 1:
        raise _refuse(holder, ours[1].at, f"`{PLUGIN_NAME}` is listed twice in `plugins:` "
                      f"(first at line {holder.position(*entry.at).line})", "list it once")
    options = {} if entry.options is None else entry.options
    if isinstance(options, Mapping) and "enabled" in options:
        options = dict(options)
        enabled = options.pop("enabled")
        if enabled is False:
            raise _refuse(holder, (*entry.at, "enabled"), "the ctohandbook plugin is "
                          "disabled, so the site build would not check the handbook",
                          "remove `enabled: false`")
        if enabled is not True:
            raise _refuse(holder, (*entry.at, "enabled"), f"`enabled` is "
                          f"`{shorten(enabled)}`; it must be true or false",
                          "write `enabled: true`, or remove it")
    return holder, entry.at, options


def _not_listed(documents: list[YamlDocument], plugins: object,
                entries: list[_Entry]) -> ConfigError:
    """Why the site build would not run the plugin, at the line to change."""
    holder = _holder(documents, ("plugins",))
    if holder is None:
        inherited = " (nor do the files it inherits)" if len(documents) > 1 else ""
        return _refuse(documents[0], (), f"{documents[0].display} has no `plugins:`"
                       f"{inherited}, so the site build would not check the handbook",
                       "add `plugins:` with the items `- search` and `- ctohandbook`")
    if plugins is not None and not isinstance(plugins, (list, Mapping)):
        return _refuse(holder, ("plugins",), "`plugins:` must be a list or a mapping of "
                       "plugins", "list `- ctohandbook` under `plugins:`")
    for entry in entries:
        if isinstance(entry.name, str) and _meant(entry.name):
            return _refuse(holder, entry.at, f"`plugins:` lists `{shorten(entry.name)}`, not "
                           f"`{PLUGIN_NAME}`, so the site build would not check the handbook",
                           f"did you mean `{PLUGIN_NAME}`?")
    return _refuse(holder, ("plugins",), f"`plugins:` does not list `{PLUGIN_NAME}`, so the "
                   "site build would not check the handbook",
                   f"add `- {PLUGIN_NAME}` to `plugins:`")


def _meant(name: str) -> bool:
    """Whether a plugin name is ctohandbook misspelt (``ctohandbok``), spelt otherwise
    (``cto-handbook``, ``CTOHandbook``) or taken for a package's (``ctohandbook_plugin``,
    ``mkdocs-ctohandbook``)."""
    return (PLUGIN_NAME in re.sub(r"[^a-z]", "", name.lower())
            or suggest(name, [PLUGIN_NAME]) is not None)


_READING_ONLY = {"CTH112"}
"""Findings that are fatal in governance files but not in a configuration file, which holds
tags of MkDocs and of other plugins (``!!python/name:``, ``!relative``). A duplicate key is
fatal there too: MkDocs keeps the last one without a word, so a first ``plugins:`` listing
ctohandbook would be ignored by the build and read by no one."""

_GOVERNANCE_HINTS = {"CTH103", "CTH104"}
"""Findings whose hints speak of governance documents (``kind:``), not of ``mkdocs.yml``."""


def _config_error(findings: list[Diagnostic], document: YamlDocument | None = None
                  ) -> ConfigError:
    """The findings as one line each; a second top-level ``plugins:`` says what the build
    does with it."""
    lines = []
    for finding in findings:
        message = finding.message
        hint = finding.hint if finding.code not in _GOVERNANCE_HINTS else ""
        if document is not None and _repeats_plugins(finding, document):
            listed = any(entry.ours for entry in _entries(document.data.get("plugins")))
            message += (": the site build reads only the last one"
                        + ("" if listed else f", which does not list `{PLUGIN_NAME}`"))
            hint = "merge them into one `plugins:`"
        lines.append(f"{finding.path}:{finding.line}:{finding.column}: {message}"
                     + (f" ({hint})" if hint else ""))
    return ConfigError("\n".join(lines))


def _repeats_plugins(finding: Diagnostic, document: YamlDocument) -> bool:
    """Whether ``finding`` is a repeated top-level ``plugins:`` key of ``document``."""
    return (finding.code == DUPLICATE_KEY.code and finding.column == document.root.column
            and finding.message.startswith("duplicate key `plugins` "))


def _env(value: Any) -> Any:
    """MkDocs' ``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable that is set,
    read as a YAML scalar, else the default (the last item of a list), else ``None``."""
    names, default = ([value], None) if not isinstance(value, list) else (value[:-1], value[-1])
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def _read_config(path: Path) -> YamlDocument:
    """One configuration file, refused with its reading findings (a duplicate key among them)."""
    source = read_source(path, shown(path), max_size=1_048_576)
    if isinstance(source, Diagnostic):
        raise _config_error([source])
    parsed, findings = parse_yaml(source, tags={"!ENV": _env})
    fatal = [d for d in findings if d.code not in _READING_ONLY
             or (parsed is not None and _merged_in_plugins(parsed, d))]
    if parsed is None or fatal:
        raise _config_error(findings if parsed is None else fatal, parsed)
    return parsed


def _merged_in_plugins(document: YamlDocument, finding: Diagnostic) -> bool:
    """Whether ``finding`` is a merge key (``<<: *options``) written in ``plugins:``: MkDocs
    merges it, the reader here leaves it out, so the plugin's options would be read without
    what it brings. Elsewhere in the file (another extension's settings) it changes nothing
    ctohandbook reads, and is let be."""
    lines = document.source.lines()
    if "plugins" not in document.data or not 0 < finding.line <= len(lines) or \
            not lines[finding.line - 1].lstrip(" -").startswith("<<"):
        return False
    start = document.position("plugins").line
    after = [line for key in document.data
             if (line := document.position(key).line) > start]
    return start < finding.line < min(after, default=len(lines) + 1)


def _inheritance(path: Path) -> list[YamlDocument]:
    """The configuration at ``path`` and the files it inherits through ``INHERIT:``, nearest
    first; MkDocs resolves each ``INHERIT`` against the folder of the file that names it."""
    documents = [_read_config(path)]
    seen = {real_path(path)}
    while (inherit := documents[-1].data.get("INHERIT")) is not None:
        child = documents[-1]
        if not isinstance(inherit, str):
            raise _refuse(child, ("INHERIT",), "`INHERIT` must be the path of a "
                          "configuration file", "write the path, relative to this file")
        parent = Path(os.path.normpath(os.path.join(
            os.path.dirname(os.path.abspath(child.source.path)), inherit)))
        if not is_file(parent):
            raise _refuse(child, ("INHERIT",), f"`INHERIT: {shorten(inherit)}`: no such "
                          f"file {shown(parent)}", "write the path, relative to this file")
        if real_path(parent) in seen:
            raise _refuse(child, ("INHERIT",), f"`INHERIT: {shorten(inherit)}` leads back "
                          f"to {shown(parent)}, which this file inherits from already",
                          "end the chain of INHERIT")
        seen.add(real_path(parent))
        documents.append(_read_config(parent))
    return documents


def read_config(choice: ConfigChoice) -> Project:
    """The project of the configuration ``choice`` names (default settings without one),
    refused when the site build would not run the plugin with the settings read here."""
    if choice.path is None:
        return Project(Path.cwd(), Settings.model_validate({}))
    documents = _inheritance(choice.path)
    data: dict[str, Any] = {}
    for document in reversed(documents):
        data = _merged(data, {k: v for k, v in document.data.items() if k != "INHERIT"})
    holder, at, options = _plugin(documents, data.get("plugins"))
    settings, findings = validate_model(Settings, options, holder, at)
    if settings is None:
        raise _config_error(findings)
    docs_dir, repo_url = data.get("docs_dir"), data.get("repo_url")
    root, docs = real_path(choice.path).parent, docs_dir if isinstance(docs_dir, str) else "docs"
    if not is_folder(root / docs):
        # MkDocs refuses to start without it: a clean lint must not promise a build that stops.
        written = _holder(documents, ("docs_dir",))
        raise _refuse(written or documents[0], ("docs_dir",) if written else (),
                      f"the docs folder `{shorten(docs)}` does not exist, so the site build "
                      "stops before it checks the handbook",
                      "create it with an index.md, the site's home page, or set `docs_dir:` "
                      "to the folder of your pages")
    return Project(root, settings, docs, repo_url if isinstance(repo_url, str) else None)


def load_project(config_file: Path | None = None) -> Project:
    """The project of ``config_file`` (read as it is), or of the configuration found from the
    working folder up (see `choose_config`); the default settings when there is none."""
    return read_config(choose_config(config_file))


def settings_from_options(options: Mapping[str, Any]) -> Settings:
    """Settings from options MkDocs already parsed (no file positions to report)."""
    try:
        return Settings.model_validate(dict(options))
    except ValidationError as error:
        raise ConfigError("; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())) from None


def resolve_today(given: date | None, settings: Settings,
                  environ: Mapping[str, str] = os.environ) -> date:
    """The date to judge by: ``--today``, then ``today:``, then ``SOURCE_DATE_EPOCH``, then the
    local date."""
    if given is not None:
        return given
    if settings.today is not None:
        return settings.today
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            if int(epoch) >= 0:
                return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            pass
        raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp in seconds")
    return date.today()
