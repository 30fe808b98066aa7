"""Inline suppression comments, shared by all readers (parse and report only; the engine applies).

Markdown / HTML::

    <!-- winlint-disable -->            <!-- winlint-disable WW101, WW205 -->
    <!-- winlint-enable -->             <!-- winlint-enable WW101 -->
    <!-- winlint-disable-next-line WW101 -->

Plain text / email (a line of its own, optional leading whitespace)::

    winlint: disable
    winlint: enable WW101
    winlint: disable-next-line WW101 WW102     (codes separated by spaces and/or commas)

Codes may be rule codes (WW101) or rule names (getting-someone-to); they are kept as written.
Anything after `` -- `` is a free-text reason and is ignored.
"""

from __future__ import annotations

import re

from .base import Suppression, iter_lines, line_number

ACTIONS = ("disable-next-line", "disable", "enable")

_ACTION = r"(?P<action>disable-next-line|disable|enable)"
_CODES = r"(?P<codes>[^\n\r]*?)"

# Inner text of an HTML comment: "winlint-disable WW101", also tolerates "winlint: disable".
_COMMENT_RE = re.compile(
    r"^\s*winlint(?:-|:\s*)" + _ACTION + r"(?![\w-])(?P<codes>.*?)\s*$", re.S
)
# A plain-text line: "winlint: disable-next-line WW101".
_LINE_RE = re.compile(r"^[ \t]*winlint:[ \t]*" + _ACTION + r"(?![\w-])" + _CODES + r"[ \t]*$")


def comment_spans(source: str, start: int = 0, end: int | None = None):
    """``(start, end)`` of each closed ``<!-- ... -->`` in ``source[start:end]``, in linear time
    (a regex restarts its search at every unclosed ``<!--``: quadratic on ``<!--<!--<!--...``)."""
    if end is None:
        end = len(source)
    pos = start
    while True:
        a = source.find("<!--", pos, end)
        if a < 0:
            return
        b = source.find("-->", a + 4, end)
        if b < 0:
            return  # nothing after an unclosed comment can close another one
        yield a, b + 3
        pos = b + 3


def parse_codes(text: str) -> frozenset[str]:
    text = text.split(" -- ", 1)[0]
    if text.strip().startswith("--"):
        return frozenset()
    return frozenset(c for c in re.split(r"[\s,]+", text.strip()) if c)


def parse_comment_body(body: str) -> tuple[str, frozenset[str]] | None:
    """Parse the inside of an HTML comment; ``None`` if it is not a winlint directive."""
    m = _COMMENT_RE.match(body)
    if not m:
        return None
    return m["action"], parse_codes(m["codes"])


def parse_line(line: str) -> tuple[str, frozenset[str]] | None:
    """Parse one plain-text line (without terminator); ``None`` if it is not a directive."""
    m = _LINE_RE.match(line)
    if not m:
        return None
    return m["action"], parse_codes(m["codes"])


def html_comment(source: str, start: int, end: int) -> Suppression | None:
    """A suppression for the HTML comment ``source[start:end]`` (``<!-- ... -->``), if any."""
    raw = source[start:end]
    if not raw.startswith("<!--"):
        return None
    body = raw[4:-3] if raw.endswith("-->") else raw[4:]
    parsed = parse_comment_body(body)
    if parsed is None:
        return None
    action, codes = parsed
    return Suppression(action, codes, line_number(source, start), start, end)


def scan_html_comments(source: str, start: int = 0, end: int | None = None) -> list[Suppression]:
    """All winlint HTML-comment suppressions in ``source[start:end]``."""
    if end is None:
        end = len(source)
    out = []
    for a, b in comment_spans(source, start, end):
        s = html_comment(source, a, b)
        if s is not None:
            out.append(s)
    return out


def scan_lines(source: str, start: int = 0, end: int | None = None) -> list[Suppression]:
    """All ``winlint: ...`` directive lines in ``source[start:end]``.

    Each suppression's span is the line's content (without its terminator); callers blank it.
    """
    out = []
    for ls, le, _ in iter_lines(source, start, end):
        line = source[ls:le]
        if "winlint" not in line:
            continue
        parsed = parse_line(line)
        if parsed is None:
            continue
        action, codes = parsed
        out.append(Suppression(action, codes, line_number(source, ls), ls, le))
    return out
