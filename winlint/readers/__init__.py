"""Readers: turn a source document into a *prose view* with exact offsets.

``read(source, fmt)`` returns a :class:`ProseView` whose ``text`` has the same length as
``source``; every character that is not the writer's own prose is a space, line terminators are
kept. See each module for what counts as prose in its format.
"""

from __future__ import annotations

import os

from .base import DecodedPart, ProseView, Suppression

FORMATS = ("plain", "markdown", "email", "html")
QUOTED_MODES = ("skip", "include")

_EXT_FORMAT = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".eml": "email",
    ".email": "email",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "plain",
    ".text": "plain",
}

# Extensions the CLI recurses into when given a folder.
TEXT_EXTENSIONS = frozenset(
    {".md", ".markdown", ".txt", ".text", ".rst", ".eml", ".email", ".html", ".htm"}
)


def _ext(path) -> str:
    return os.path.splitext(os.fspath(path))[1].lower()


def format_for_path(path: str | None, default: str = "plain") -> str:
    """The reader format for ``path`` by extension; ``default`` for .txt/.text, unknown or None."""
    if default not in FORMATS:
        raise ValueError(f"unknown format {default!r}; expected one of {', '.join(FORMATS)}")
    if not path:
        return default
    fmt = _EXT_FORMAT.get(_ext(path))
    if fmt is None or fmt == "plain":
        return default
    return fmt


def is_text_path(path) -> bool:
    """Whether the CLI should lint ``path`` when recursing into a folder."""
    return _ext(path) in TEXT_EXTENSIONS


def read(source: str, fmt: str, *, quoted: str = "skip") -> ProseView:
    """Read ``source`` as ``fmt`` and return its prose view.

    ``quoted``: "skip" (default) hides other people's words (Markdown/HTML blockquotes, email
    ``>`` replies and quoted/forwarded messages); "include" keeps them (their markers blanked).
    """
    if quoted not in QUOTED_MODES:
        raise ValueError(f"quoted must be one of {', '.join(QUOTED_MODES)}, not {quoted!r}")
    if fmt == "plain":
        from .plain import read_plain

        view = read_plain(source, quoted=quoted)
    elif fmt == "markdown":
        from .markdown import read_markdown

        view = read_markdown(source, quoted=quoted)
    elif fmt == "email":
        from .mail import read_email

        view = read_email(source, quoted=quoted)
    elif fmt == "html":
        from .html_reader import read_html

        view = read_html(source, quoted=quoted)
    else:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    assert len(view.text) == len(source), "reader broke the same-length invariant"
    return view


__all__ = [
    "Suppression",
    "DecodedPart",
    "ProseView",
    "FORMATS",
    "QUOTED_MODES",
    "TEXT_EXTENSIONS",
    "format_for_path",
    "is_text_path",
    "read",
]
