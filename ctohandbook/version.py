"""The installed version of ctohandbook, which reports and exports carry: a module of its own so
that every stage can name it without importing the public API above them."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ctohandbook")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
