"""Settings: the ``ctohandbook`` entry of ``plugins:`` in ``mkdocs.yml``.

The CLI reads them from ``mkdocs.yml`` without importing MkDocs, and the plugin receives the same
options from MkDocs; both validate them with `Settings`, so a handbook is checked the same way by
``ctohandbook lint`` and by ``mkdocs build``.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..diagnostic import Diagnostic
from ..model.types import ControlId, FrameworkKey, IsoDate
from ..model.validation import validate_model
from ..sources import parse_yaml, read_source
from ..sources.files import display_path, is_file, real_path

PLUGIN_NAME = "ctohandbook"
DEFAULT_CONFIG_FILE = Path("mkdocs.yml")
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


def _plugin_options(plugins: object) -> tuple[tuple[Hashable, ...], object] | None:
    """Where the ``ctohandbook`` options sit in ``plugins:`` (list or mapping form), and them."""
    if isinstance(plugins, Mapping) and PLUGIN_NAME in plugins:
        return ("plugins", PLUGIN_NAME), plugins[PLUGIN_NAME]
    if isinstance(plugins, list):
        for index, entry in enumerate(plugins):
            if entry == PLUGIN_NAME:
                return ("plugins", index), {}
            if isinstance(entry, Mapping) and PLUGIN_NAME in entry:
                return ("plugins", index, PLUGIN_NAME), entry[PLUGIN_NAME]
    return None


_READING_ONLY = {"CTH102", "CTH112"}
"""Findings that are fatal in governance files but not in ``mkdocs.yml``, which MkDocs reads
with the last duplicate key winning and tags of its own and of other plugins."""

_GOVERNANCE_HINTS = {"CTH103", "CTH104"}
"""Findings whose hints speak of governance documents (``kind:``), not of ``mkdocs.yml``."""


def _config_error(findings: list[Diagnostic]) -> ConfigError:
    return ConfigError("\n".join(
        f"{d.path}:{d.line}:{d.column}: {d.message}"
        + (f" ({d.hint})" if d.hint and d.code not in _GOVERNANCE_HINTS else "")
        for d in findings))


def _env(value: Any) -> Any:
    """MkDocs' ``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable that is set,
    read as a YAML scalar, else the default (the last item of a list), else ``None``."""
    names, default = ([value], None) if not isinstance(value, list) else (value[:-1], value[-1])
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def load_project(config_file: Path | None = None) -> Project:
    """The project of ``config_file`` (default: ``mkdocs.yml`` here, or defaults without one)."""
    if config_file is None:
        if not is_file(DEFAULT_CONFIG_FILE):
            return Project(Path.cwd(), Settings.model_validate({}))
        config_file = DEFAULT_CONFIG_FILE
    if not is_file(config_file):
        raise ConfigError(f"{config_file}: no such configuration file")
    source = read_source(config_file, display_path(config_file), max_size=1_048_576)
    if isinstance(source, Diagnostic):
        raise _config_error([source])
    parsed, findings = parse_yaml(source, tags={"!ENV": _env})
    fatal = [d for d in findings if d.code not in _READING_ONLY]
    if parsed is None or fatal:
        raise _config_error(findings if parsed is None else fatal)
    found = _plugin_options(parsed.data.get("plugins"))
    options: object = {} if found is None else found[1]
    at: tuple[Hashable, ...] = () if found is None else found[0]
    settings, findings = validate_model(Settings, {} if options is None else options, parsed, at)
    if settings is None:
        raise _config_error(findings)
    docs_dir, repo_url = parsed.data.get("docs_dir"), parsed.data.get("repo_url")
    return Project(real_path(config_file).parent, settings,
                   docs_dir if isinstance(docs_dir, str) else "docs",
                   repo_url if isinstance(repo_url, str) else None)


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
