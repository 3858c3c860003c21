"""ADR files of the docs folder, published once: as their decision-log pages.

When the ADR folder lies inside ``docs_dir`` (``docs/adr``, ``docs/decisions``), MkDocs would
publish every ADR a second time as a page of its own: twice in search, the sidebar and the
sitemap. Each such file is replaced in MkDocs' files by a `Moved` file, which keeps the file's
source path, so that links and ``nav`` entries naming the file still resolve (MkDocs makes them
point at the decision-log page), and which is written at the file's old address as a small HTML
page sending readers, and their bookmarks, on to the decision-log page.
"""

from __future__ import annotations

from html import escape

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url


class Moved(File):
    """A docs page that a generated page replaces: no page itself, its ``url`` is the
    generated page's, and what it writes at its old place (``dest_uri``) is a redirect."""

    target: File
    """The generated file that replaces it."""

    def is_documentation_page(self) -> bool:
        """Not rendered, searched or listed in the sitemap: only copied, as a redirect."""
        return False


def moved(config: MkDocsConfig, original: File, target: File) -> Moved:
    """The file that takes ``original``'s place, sending its readers to ``target``."""
    file = Moved(original.src_uri, None, config.site_dir, config.use_directory_urls,
                 dest_uri=original.dest_uri, inclusion=InclusionLevel.INCLUDED)
    file.generated_by = "ctohandbook"
    file.content_string = redirect_page(get_relative_url(target.url, original.url))
    file.url = target.url
    file.target = target
    return file


def redirect_page(url: str) -> str:
    """A page that sends the browser to ``url`` (relative to it) at once, tells search engines
    that ``url`` is the page to index, and shows a plain link where refreshing is turned off."""
    href = escape(url, quote=True)
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>Moved to the decision log</title>\n"
            f"<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n"
            f"<link rel=\"canonical\" href=\"{href}\">\n"
            "<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n"
            f"<p>This decision record is now in the decision log: <a href=\"{href}\">{href}</a>."
            "</p>\n</body>\n</html>\n")
