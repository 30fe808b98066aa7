"""Plain text: everything as written, except ``winlint: ...`` suppression lines (blanked)."""

from __future__ import annotations

from .base import Canvas, ProseView, make_view
from .suppress import scan_lines


def read_plain(source: str) -> ProseView:
    canvas = Canvas(source, visible=True)
    sups = scan_lines(source)
    breaks = []
    for s in sups:
        canvas.hide(s.start, s.end)
        breaks += [s.start, s.end]
    return make_view(canvas.text(), sups, breaks=breaks)
