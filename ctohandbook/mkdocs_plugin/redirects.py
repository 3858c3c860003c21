"""ADR files of the docs folder, published once: as their decision-log pages; and a home page
for a site whose docs have none.

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


def home(config: MkDocsConfig, pages_dir: str) -> File:
    """The site's home page when the docs have none (a repository of ADRs alone): it sends
    readers on to the governance overview, so that the site's root and the header's link to it
    lead somewhere."""
    overview = f"{pages_dir}/" if config.use_directory_urls else f"{pages_dir}/index.html"
    return File.generated(config, "index.html", content=redirect_page(
        overview, "Governance", "This handbook starts at its governance overview"))


def redirect_page(url: str, title: str = "Moved to the decision log",
                  lead: str = "This decision record is now in the decision log") -> str:
    """A page that sends the browser to ``url`` (relative to it) at once, tells search engines
    that ``url`` is the page to index, and shows a plain link (after ``lead``) where refreshing
    is turned off."""
    href = escape(url, quote=True)
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(title)}</title>\n"
            f"<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n"
            f"<link rel=\"canonical\" href=\"{href}\">\n"
            "<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n"
            f"<p>{escape(lead)}: <a href=\"{href}\">{href}</a>."
            "</p>\n</body>\n</html>\n")
