"""Model to Markdown pages: the content MkDocs publishes and ``ctohandbook render`` writes.

Pages are rendered from Jinja2 templates (``templates/``; a ``templates_dir`` of the handbook's
own overrides them by name) over a `HandbookView`, and returned as values: the plugin hands
them to MkDocs as generated files, the CLI writes them out, tests compare them.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import quote

import jinja2

from ..model import Governed, Handbook, Owner
from ..model.kinds import kind_of
from ..rules.context import Context
from ..sources.history import History
from ..views import HandbookView, build_view
from ..views.changes import CHANGES_PAGE
from ..wording import plural, relative_days
from . import charts, decisions, fragments, markdown
from .adrs import adr_pages
from .decisions import decision_pages
from .pages import PageMaker, RenderedPage
from .runbooks import runbook_pages

__all__ = ["SCRIPT", "STYLESHEET", "RenderedPage", "render_pages", "render_view"]

STYLESHEET = "assets/ctohandbook.css"
"""Where the badges' stylesheet is published, relative to the site."""
SCRIPT = "assets/ctohandbook.js"
"""Where the script of the filters (decision log) is published, relative to the site."""

@functools.lru_cache(maxsize=4)
def environment(templates_dir: str | None = None) -> jinja2.Environment:
    """The template environment; templates in ``templates_dir`` replace the built-in ones."""
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("ctohandbook.render", "templates")]
    if templates_dir:
        loaders.insert(0, jinja2.FileSystemLoader(templates_dir))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(block=markdown.block, inline=markdown.inline, cell=markdown.cell,
                       code=markdown.code, title=markdown.title,
                       front_matter=markdown.front_matter, relative_days=relative_days,
                       plural=plural,
                       link=fragments.link, raci=decisions.raci)
    env.globals.update(badge=fragments.badge, status=fragments.status,
                       adr_status=fragments.adr_status,
                       review=fragments.review, expiry=fragments.expiry,
                       owner_link=fragments.owner_link, contact=fragments.contact,
                       charts=charts.overview_charts)
    return env


def render_view(view: HandbookView, owners: dict[str, Owner], *, pages_dir: str = "governance",
                templates_dir: str | None = None, history: History | None = None,
                repo_url: str | None = None, tags_page: str | None = None
                ) -> list[RenderedPage]:
    """Every generated page of ``view``, below ``pages_dir`` (a section page only when it has
    content, see `views.site.Sections`); with ``history``, each page of one file says when
    that file last changed, linked to the commit on ``repo_url``; with ``tags_page``, the
    docs page that lists pages by tag (`sources.tags_listing`), the catalogue's tags link
    there."""
    env = environment(templates_dir)
    to_tags = "../" * (pages_dir.count("/") + 1) + quote(tags_page) if tags_page else None
    page = PageMaker(env, pages_dir, history=history, repo_url=repo_url, hb=view, owners=owners,
                     tags_page=to_tags)
    shows = view.sections
    pages = [page("overview.md.j2", "index.md")]
    if shows.catalogue:
        pages.append(page("catalogue.md.j2", "policies/index.md"))
    if view.adrs is not None:
        pages.extend(adr_pages(page, view.adrs))
    if view.decision_rights is not None:
        pages.extend(decision_pages(page, view.decision_rights))
    if view.runbooks is not None:
        pages.extend(runbook_pages(page, view.runbooks))
    if shows.exceptions:
        pages.append(page("exceptions.md.j2", "exceptions.md"))
    if shows.reviews:
        pages.append(page("reviews.md.j2", "reviews.md"))
    if view.controls is not None:
        pages.append(page("controls.md.j2", "controls.md", coverage=view.controls))
    if shows.changes:
        pages.append(page("changes.md.j2", CHANGES_PAGE))
    if shows.owners:
        pages.append(page("owners.md.j2", "owners.md"))
    templates: dict[type[Governed], jinja2.Template] = {}  # looked up (and stat-ed) once
    for document in view.documents:
        kind = type(document.model)
        template = templates.get(kind) or templates.setdefault(
            kind, env.get_template(str(kind_of(kind).template)))
        pages.append(page(template, document.page, document.doc.source.source.path,
                          in_nav=False, view=document))
    return pages


def render_pages(handbook: Handbook, context: Context, *, pages_dir: str = "governance",
                 exception_request_url: str | None = None, templates_dir: str | None = None,
                 docs_dir: Path | None = None, history: History | None = None,
                 repo_url: str | None = None, tags_page: str | None = None
                 ) -> list[RenderedPage]:
    """Every generated page of ``handbook`` as of ``context.today``, below ``pages_dir`` (see
    `views.build_view` and `render_view`)."""
    view = build_view(handbook, context, pages_dir=pages_dir,
                      exception_request_url=exception_request_url, docs_dir=docs_dir,
                      history=history)
    return render_view(view, handbook.owners, pages_dir=pages_dir, templates_dir=templates_dir,
                       history=history, repo_url=repo_url, tags_page=tags_page)
