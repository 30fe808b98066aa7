"""Offsets <-> LSP positions, and where an inline suppression comment goes in a buffer.

winlint's offsets count characters (code points) and end lines at \\r\\n, \\r or \\n, as LSP does;
LSP columns count UTF-16 code units unless the client negotiated another encoding.
"""
from __future__ import annotations

import re

from ..finding import LineIndex

FRONT_MATTER_RE = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?^(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r\n|\r|\n|\Z)",
                             re.S | re.M)
HEADER_LINE_RE = re.compile(r"^[!-9;-~]+:")
DOCTYPE_RE = re.compile(r"\A\s*<!doctype[^>]*>[ \t]*(?:\r\n|\r|\n)?", re.I)


def _units(chunk: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(chunk.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(chunk)
    return len(chunk.encode("utf-16-le", "surrogatepass")) // 2


class Positions:
    """Converts between character offsets into `text` and (line, column) in the client's units."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text, self.encoding = text, encoding
        self.index = LineIndex(text)

    def position(self, offset: int) -> tuple[int, int]:
        line, column = self.index.position(max(0, min(offset, len(self.text))))
        start = self.index.starts[line - 1]
        return line - 1, _units(self.text[start:start + column - 1], self.encoding)

    def offset(self, line: int, character: int) -> int:
        starts = self.index.starts
        if line < 0:
            return 0
        if line >= len(starts):
            return len(self.text)
        start = starts[line]
        end = starts[line + 1] if line + 1 < len(starts) else len(self.text)
        content = self.text[start:end].rstrip("\r\n")
        if self.encoding == "utf-32":
            return start + min(character, len(content))
        units = 0
        for i, ch in enumerate(content):
            if units >= character:
                return start + i
            units += _units(ch, self.encoding)
        return start + len(content)

    def line_start(self, offset: int) -> int:
        return self.index.starts[self.index.line(offset) - 1]

    def newline(self) -> str:
        m = re.search(r"\r\n|\r|\n", self.text)
        return m.group(0) if m else "\n"


def comment(fmt: str, action: str, codes: str, reason: str) -> str:
    """An inline suppression in the syntax of `fmt` (see winlint/readers/suppress.py)."""
    body = f"{action} {codes} -- {reason}"
    if fmt in ("markdown", "html"):
        return f"<!-- winlint-{body} -->"
    return f"winlint: {body}"


def file_directive_offset(text: str, fmt: str) -> int:
    """Where a file-wide `disable` goes: the top, after front matter (Markdown), the doctype
    (HTML) or the header block (email, whose headers must stay first)."""
    if fmt == "markdown":
        m = FRONT_MATTER_RE.match(text)
        return m.end() if m else 0
    if fmt == "html":
        m = DOCTYPE_RE.match(text)
        return m.end() if m else 0
    if fmt == "email":
        pos = 0
        for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|\Z)", text):
            line = m.group(0).rstrip("\r\n")
            if not line:
                return m.end() if pos else 0       # the blank line ending the headers
            if not (HEADER_LINE_RE.match(line) or (pos and line[:1] in " \t") or line.startswith("From ")):
                return 0                            # no header block: a pasted body
            pos = m.end()
            if m.end() == len(text):
                break
        return 0
    return 0
