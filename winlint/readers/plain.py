"""Plain text: everything as written, except ``winlint: ...`` suppression lines (blanked).

A plain-text draft that is an email (a reply pasted into a .txt file, or piped in with no name)
is read as the email reader reads it: quoted replies, attributions, Outlook header blocks and the
signature are not the writer's words. It counts as an email only on real signals
(:func:`mail.email_structure`); any other document reads exactly as written.
"""

from __future__ import annotations

from .base import Canvas, ProseView, make_view
from .suppress import scan_lines


def read_plain(source: str, quoted: str = "skip") -> ProseView:
    from .mail import email_structure, read_email, read_pasted

    kind = email_structure(source)
    if kind == "message":
        return read_email(source, quoted)
    if kind == "reply":
        return read_pasted(source, quoted)
    canvas = Canvas(source, visible=True)
    sups = scan_lines(source)
    breaks = []
    for s in sups:
        canvas.hide(s.start, s.end)
        breaks += [s.start, s.end]
    return make_view(canvas.text(), sups, breaks=breaks)
