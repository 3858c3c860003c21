"""Where each generated page goes, relative to the pages folder: one place, so that a link and
the page it points at never disagree."""

from __future__ import annotations

from ..model.adr import Adr
from ..model.governed import Governed
from ..model.kinds import kind_of

ADR_FOLDER = "adrs"
"""Where the decision log and the ADR pages go, below the pages folder."""


def adr_page(adr: Adr) -> str:
    """An ADR's page, relative to the pages folder."""
    return f"{ADR_FOLDER}/{adr.slug}.md"


def adr_folder_file(relative: str) -> str:
    """Where a file of the ADR folder that is not Markdown (an image, a diagram) is published
    when the ADR folder is outside the docs folder, relative to the pages folder: beside the
    ADR pages, at its path in the ADR folder (``adrs/backend/img/x.png`` for
    ``backend/img/x.png``), so that a relative link from an ADR in ``backend/`` becomes
    ``backend/img/x.png`` from the ADR's page."""
    return f"{ADR_FOLDER}/{relative}"


def document_page(model: Governed) -> str:
    """A governed document's page, in its kind's folder: ``policies/sec-004.md``."""
    return f"{kind_of(model).folder}/{model.id.lower()}.md"
