"""What the pages and exports show, computed once from a handbook as of a day (`build_view`):
values for templates and outputs to lay out, holding every judgement so none is made twice."""

from __future__ import annotations

from .site import HandbookView, build_view

__all__ = ["HandbookView", "build_view"]
