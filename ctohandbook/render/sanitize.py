"""The HTML of every generated page, cleaned by an allowlist sanitizer before a reader sees it.

**Trust model.** A handbook holds two kinds of files:

- *author-trusted pages*: the Markdown pages of the docs folder that MkDocs renders as they are
  (the home page, guides, runbooks' bodies). Whoever can change them can change the site's
  theme, configuration and scripts too, so ctohandbook leaves them as MkDocs renders them;
- *data*: governance YAML (policies, exceptions, owners, decision rights, runbook standards),
  ADR files, and runbooks' front matter as the generated pages show it. Many people edit them
  through pull requests, reviewed for what they decide rather than for HTML, so what they hold
  is shown, never run.

Data reaches a page in three ways, each made safe where it can be:

- in the *body* of a generated page, through the site's own Markdown (`render.markdown`), then
  through `clean` (the plugin's ``on_page_content`` calls it on every generated page): no
  script, no event handler, no ``style`` (but a table column's alignment), no
  ``javascript:``/``data:`` URL, while everything Markdown and Material's extensions write
  survives. This module is that allowlist, and says why each entry is on it;
- in the *navigation and the browser tab*, which themes print without escaping: titles are
  HTML-escaped in the generated pages' front matter (`render.markdown.title`), and a runbook's
  own front-matter ``title:`` is escaped by the plugin before any page is rendered;
- in a serve banner on an author-trusted page: findings are shown as unlinked text
  (`render.markdown.unlinked`).

``ctohandbook render --out`` writes the Markdown for another engine, which has to sanitize the
HTML it makes from it as this module does: the Markdown source itself is not neutralised.
"""

from __future__ import annotations

import nh3

from .charts import MARKUP as CHARTS

TAGS = frozenset(nh3.ALLOWED_TAGS) | frozenset(CHARTS) | {
    "input",  # task lists' check boxes (see INPUT_TYPE)
    "label",  # the labels of the decision log's filters
    "select", "option",  # the decision log's filters (`assets/ctohandbook.js`)
    "svg", "path",  # Material's icons and emoji (`:material-…:`) are inline SVG
    "tfoot",
}
"""`nh3.ALLOWED_TAGS` is ammonia's reviewed default (text, lists, tables, code, links, images,
``details``); ctohandbook adds what Material's extensions and its own pages write, and what
the overview's charts are made of (`render.charts.MARKUP`, the one list of it). Anything
else (``script``, ``iframe``, ``object``, ``form``, ``button``, ``textarea``, ``meta``,
``base``, SVG's ``animate`` and ``foreignObject``) is removed, its text kept."""

REMOVED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript"})
"""Tags whose content is code, not text: removed whole, so no script shows as text either."""

ATTRIBUTES: dict[str, set[str]] = {
    # Markdown's and Material's markup is classes and ids (heading anchors, admonitions,
    # highlighting, ctohandbook's badges): cosmetic, and the ids Material's own scripts look
    # up are refused by `_attribute`.
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang", "rel", "name"},  # `name`: pymdownx.highlight's line anchors
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},  # `style`: see STYLE_PROPERTIES
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "abbr": {"title"},
    "time": {"datetime"},
    "details": {"open"},
    "input": {"checked", "disabled"},
    "label": {"for"},
    "option": {"value", "selected"},
    "svg": {"xmlns", "viewBox", "width", "height", "fill"},  # Material's icons
    "path": {"d", "fill"},
}
for _tag, _names in CHARTS.items():  # the charts' attributes (`render.charts.MARKUP`)
    ATTRIBUTES.setdefault(_tag, set()).update(_names - ATTRIBUTES["*"])
"""Attributes per tag (``*``: every tag); with `GENERIC_PREFIXES`, nothing else survives: no
``on…`` event handler, no ``srcdoc``, no ``formaction``, no ``style`` but `STYLE_PROPERTIES`."""

INPUT_TYPE = {"input": {"type": "checkbox"}}
"""Every ``input`` is made a check box (what task lists write): never a text field or a button
that could pose as the site asking for something. pymdownx.tabbed's radio buttons become check
boxes too, so tabs do not switch in text from YAML or an ADR body."""

GENERIC_PREFIXES = frozenset({"data-cth-", "aria-"})
"""ctohandbook's filters and badges (``data-cth-column``, ``data-cth-value``) and accessibility
attributes; other ``data-`` attributes are Material's components (``data-md-component``), which
text must not pose as."""

STYLE_PROPERTIES = frozenset({"text-align"})
"""The one property Markdown's tables write (``style="text-align: right"``)."""

URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes a link or image may have; relative URLs, which have none, pass. ``javascript:``,
``data:``, ``vbscript:`` and every other are removed, however they are encoded."""

ID_PREFIX_ALLOWED = "__codelineno-"
"""Ids that start with ``__`` are Material's (``__config``, whose text its script reads as its
configuration, ``__drawer``, ``__search``): text must not provide an element that a script
finds first. This one is what pymdownx.highlight writes for line anchors."""


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Keep an attribute, unless it is an id reserved for Material's scripts."""
    if name in {"id", "for"} and value.startswith("__") and \
            not value.startswith(ID_PREFIX_ALLOWED):
        return None
    return value


def clean(html: str) -> str:
    """``html`` with only what `TAGS`, `ATTRIBUTES` and `URL_SCHEMES` allow, and no comments
    (an HTML comment, such as ``<!-- optional -->`` in MADR's template, is a note to the
    author, which a browser never shows either)."""
    return nh3.clean(html, tags=set(TAGS), clean_content_tags=set(REMOVED_WITH_CONTENT),
                     attributes=ATTRIBUTES, attribute_filter=_attribute, strip_comments=True,
                     link_rel=None, generic_attribute_prefixes=set(GENERIC_PREFIXES),
                     set_tag_attribute_values=INPUT_TYPE,
                     filter_style_properties=set(STYLE_PROPERTIES),
                     url_schemes=set(URL_SCHEMES))
