"""Files shipped inside the ctohandbook package, such as the stylesheet and script the site
links: read through `importlib.resources`, so they are found however the package is installed
(a folder, a wheel unpacked or zipped)."""

from __future__ import annotations

from importlib.resources import files


def package_text(package: str, path: str) -> str:
    """The UTF-8 text of the file ``path`` (``/``-separated) inside ``package``."""
    return files(package).joinpath(*path.split("/")).read_text("utf-8")
