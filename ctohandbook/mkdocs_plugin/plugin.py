"""``plugins: - ctohandbook``: lint the handbook while MkDocs builds it.

For now the plugin checks; publishing the governance as pages comes with the site. Findings are
logged through the plugin logger, which MkDocs counts for ``--strict``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from ..diagnostic import Severity
from ..lint import lint_project
from ..settings import ConfigError, Project, load_project, resolve_today, settings_from_options

log = get_plugin_logger(__name__)


class _Options(Config):  # type: ignore[no-untyped-call]
    """Empty: the options are validated by the core `Settings` (see `load_config`)."""


class HandbookPlugin(BasePlugin[_Options]):  # type: ignore[no-untyped-call]
    """Validates its options with the core `Settings` and runs the core lint once per build."""

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None
                    ) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        """Keep the raw options: `Settings` validates them in `on_config`."""
        self.options = dict(options)
        self.config_file_path = config_file_path
        return [], []

    def _project(self, config: MkDocsConfig) -> Project:
        """The project as ``ctohandbook lint`` sees it: read from the same ``mkdocs.yml`` by the
        same code, so that both report the same findings and place option errors at their line.
        A configuration built in memory, with no file, is validated from MkDocs' options."""
        if config.config_file_path:
            return load_project(Path(config.config_file_path))
        return Project(Path.cwd(), settings_from_options(self.options))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Lint the handbook; stop the build when the findings fail ``fail_on``."""
        try:
            project = self._project(config)
            settings = project.settings
            result = lint_project(project, resolve_today(None, settings))
        except ConfigError as error:
            raise PluginError(f"ctohandbook: {error}") from None
        for finding in result.diagnostics:
            level = log.error if finding.severity is Severity.ERROR else log.warning
            level(f"{finding} ({finding.hint})" if finding.hint else str(finding))
        if result.fails(settings.fail_on):
            raise PluginError(f"ctohandbook: the handbook has findings that fail "
                              f"`fail_on: {settings.fail_on}`")
        return config
