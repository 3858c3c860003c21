"""The MkDocs adapter: the only package of ctohandbook that imports ``mkdocs``."""
