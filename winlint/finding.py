"""Findings and positions: the JSON contract of ../shared/DESIGN.md as a dataclass."""
from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, field

NEWLINE_RE = re.compile(r"\r\n|\r|\n")
SURROGATE_RE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Lone surrogates (from JSON "\\ud800" escapes, --encoding unicode_escape or utf-7) replaced
    by U+FFFD: no tokenizer or UTF-8 output can take them, and one code point for one keeps offsets."""
    return text if text.isascii() or not SURROGATE_RE.search(text) else SURROGATE_RE.sub("\ufffd", text)


@dataclass
class Finding:
    path: str
    rule: str
    name: str
    category: str
    severity: str
    step: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    text: str
    suggestions: list[str] = field(default_factory=list)
    step_title: str = ""
    note: str | None = None       # e.g. the body was encoded and the position is the part's first line
    # each suggestion labelled: {"kind": "rewrite"|"question", "step", "text"}; a rewrite also has the
    # source range it replaces ("start", "end": the flagged sentence)
    reframes: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def location(self) -> tuple:
        return (self.path, self.start, self.end, self.rule)


class LineIndex:
    """Offsets -> 1-based (line, column) in characters; \\r\\n, \\r and \\n all end a line."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in NEWLINE_RE.finditer(text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1
