"""``python -m ctohandbook``: the same as the ``ctohandbook`` command."""

from __future__ import annotations

from .cli import main

main()
