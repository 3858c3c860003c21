"""The banner `mkdocs serve` puts on pages while the handbook has findings that fail the build.

Under ``serve`` a `PluginError` would leave the preview stuck until the file is fixed, and the
findings only in the terminal; instead the pages are published and each one a finding is about
(and the overview, with all of them) says that the build would fail, and why.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostic import Diagnostic
from ..render.markdown import unlinked
from ..views.site import FINDINGS_SHOWN

EXTENSION = "admonition"
"""The Markdown extension the banner needs; the plugin enables it when it shows a banner."""


def banner(findings: Sequence[Diagnostic], fail_on: str) -> str:
    """A Material ``failure`` admonition listing ``findings`` (at most `FINDINGS_SHOWN`), one a
    line with its hint, as the terminal shows them, as Markdown that shows their text as
    text: the banner is also on author-trusted pages, which are not sanitized."""
    shown = findings[:FINDINGS_SHOWN]
    lines = [f'!!! failure "`mkdocs build` would fail: {len(findings)} governance '
             f'{"finding fails" if len(findings) == 1 else "findings fail"} '
             f'`fail_on: {fail_on}`"', ""]
    lines += [f"    - {unlinked(str(finding))}" + (f" ({unlinked(finding.hint)})" if finding.hint
                                                      else "") for finding in shown]
    if len(findings) > len(shown):
        lines.append(f"    - and {len(findings) - len(shown)} more: run `ctohandbook lint`")
    return "\n".join(lines) + "\n\n"

