"""Shared types and small helpers for the readers.

A reader turns a source document into a :class:`ProseView`: a string of the *same length* as the
source in which every character that is not the writer's own prose is replaced by a space, while
line terminators (``\\n`` and ``\\r``) are kept so lines and columns stay where they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Iterator


@dataclass(frozen=True)
class Suppression:
    """An inline suppression comment, as written (the engine resolves codes and applies it)."""

    action: str  # "disable" | "enable" | "disable-next-line"
    codes: frozenset[str]  # rule codes or names as written; empty = all rules
    line: int  # 1-based line of the comment in the source (counted by "\n")
    start: int  # character offsets of the comment in the source
    end: int


@dataclass(frozen=True)
class DecodedPart:
    """Prose that does not exist verbatim in the source (encoded email bodies / subjects)."""

    text: str  # decoded prose, already filtered (non-prose blanked with spaces)
    start: int  # span in the source that findings in it are reported at
    end: int
    note: str


@dataclass(frozen=True)
class ProseView:
    text: str
    suppressions: tuple[Suppression, ...] = ()
    decoded: tuple[DecodedPart, ...] = ()
    breaks: tuple[int, ...] = ()  # sorted source offsets where a paragraph/sentence boundary is forced


_KEEP = ("\n", "\r")

# Line terminators as markdown-it (and most tools) understand them.
LINE_RE = re.compile(r"\r\n|\r|\n")
_EOL_RE = re.compile(r"[\r\n]")  # a character class is searched far faster than LINE_RE's alternation


def split_lines(text: str) -> list[str]:
    """``text`` split at ``\\r\\n``, ``\\r`` and ``\\n`` (the same lines as :func:`iter_lines`, plus a
    last empty one after a final terminator), at ``str.split`` speed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def iter_lines(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, int]]:
    """Yield ``(line_start, content_end, next_line_start)`` for each line of ``text[start:end]``.

    ``content_end`` excludes the terminator (``\\r\\n``, ``\\r`` or ``\\n``). A final line without a
    terminator is yielded only if it is non-empty.
    """
    if end is None:
        end = len(text)
    pos = start
    search = _EOL_RE.search
    while pos < end:
        m = search(text, pos, end)
        if m is None:
            yield pos, end, end
            return
        e = m.start()
        nxt = e + 2 if text.startswith("\r\n", e) and e + 1 < end else e + 1
        yield pos, e, nxt
        pos = nxt


def line_number(source: str, offset: int) -> int:
    """1-based line of ``offset``, counting "\\n" (so CRLF files count like LF files)."""
    return source.count("\n", 0, offset) + 1


class Canvas:
    """A same-length working copy of the source with show/hide operations.

    One byte per character (shown or hidden) rather than a list of characters: a list costs 8
    bytes a character, 400 MB for a 50 MB file. Hidden characters become spaces in ``text()``,
    line terminators are always kept.
    """

    __slots__ = ("src", "mask")

    def __init__(self, source: str, visible: bool = False):
        self.src = source
        self.mask = bytearray(b"\x01") * len(source) if visible else bytearray(len(source))

    def _clip(self, start: int, end: int) -> tuple[int, int]:
        return max(start, 0), min(end, len(self.src))

    def show(self, start: int, end: int) -> None:
        start, end = self._clip(start, end)
        if start < end:
            self.mask[start:end] = b"\x01" * (end - start)

    def hide(self, start: int, end: int) -> None:
        start, end = self._clip(start, end)
        if start < end:
            self.mask[start:end] = bytes(end - start)

    def text(self) -> str:
        src, mask, n = self.src, self.mask, len(self.src)
        out = []
        pos = 0
        while pos < n:
            shown = mask[pos]
            end = mask.find(0 if shown else 1, pos)
            end = n if end < 0 else end
            out.append(src[pos:end] if shown else _HIDE_RE.sub(_spaces, src[pos:end]))
            pos = end
        return "".join(out)


_HIDE_RE = re.compile(r"[^\r\n]+")


def _spaces(m: re.Match) -> str:
    return " " * (m.end() - m.start())


def blank(text: str, start: int = 0, end: int | None = None) -> str:
    """``text`` with ``[start:end)`` blanked (line terminators kept)."""
    if end is None:
        end = len(text)
    mid = "".join(c if c in _KEEP else " " for c in text[start:end])
    return text[:start] + mid + text[end:]


# Bare URLs and e-mail addresses are never prose.
URL_RE = re.compile(
    r"(?:\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://|\bwww\.|\bmailto:)[^\s<>\"]*[^\s<>\"().,;:!?'\]\[]"
)
EMAIL_ADDR_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def blank_urls(text: str) -> str:
    """Blank bare URLs and e-mail addresses that are still visible in a view."""
    spans = _spans(URL_RE, text, ("://", "www.", "mailto:")) + _spans(EMAIL_ADDR_RE, text, ("@",))
    if not spans:
        return text
    out = []  # pieces, not a list of characters: 8 bytes a character on a 10 MB view
    pos = 0
    for s, e in sorted(spans):
        s = max(s, pos)
        if s < e:
            out += [text[pos:s], _HIDE_RE.sub(_spaces, text[s:e])]
            pos = e
    out.append(text[pos:])
    return "".join(out)


def _spans(pattern: re.Pattern, text: str, markers: tuple[str, ...]) -> list[tuple[int, int]]:
    """pattern's matches in text, looked for only on the lines that hold one of its literal
    markers. Neither pattern matches across a line end, so this finds what finditer over the whole
    text finds, without trying a match at every word of a 10 MB view (~10 % of a Markdown file's
    time before)."""
    lines = set()
    for marker in markers:
        at = text.find(marker)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            lines.add((start, end))
            at = text.find(marker, end)
    return [m.span() for start, end in sorted(lines) for m in pattern.finditer(text, start, end)]


def shift_suppressions(items: Iterable[Suppression], delta: int, source: str) -> list[Suppression]:
    """Move suppressions found in ``source[delta:...]`` to full-source offsets (and lines)."""
    return [
        replace(s, start=s.start + delta, end=s.end + delta, line=line_number(source, s.start + delta))
        for s in items
    ]


def make_view(
    text: str,
    suppressions: Iterable[Suppression] = (),
    decoded: Iterable[DecodedPart] = (),
    breaks: Iterable[int] = (),
) -> ProseView:
    n = len(text)
    return ProseView(
        text=text,
        suppressions=tuple(sorted(suppressions, key=lambda s: s.start)),
        decoded=tuple(decoded),
        breaks=tuple(sorted({b for b in breaks if 0 < b < n})),
    )


__all__ = [
    "Suppression",
    "DecodedPart",
    "ProseView",
    "Canvas",
    "iter_lines",
    "line_number",
    "blank",
    "blank_urls",
    "shift_suppressions",
    "make_view",
]
