"""HTML reader (stdlib ``html.parser``): visible text only, at its exact source offsets.

Not prose: tags and attributes, comments (winlint comments are parsed as suppressions),
doctype/processing instructions, entities (blanked), and the content of script, style, template,
head/title, noscript, svg/math, textarea/select, pre/code/kbd/samp. ``<blockquote>`` is someone
else's words: hidden when ``quoted="skip"``. With ``email=True`` (HTML email bodies) the usual
mail-client quote containers (Gmail ``gmail_quote``, Thunderbird ``moz-cite-prefix``, Yahoo
``yahoo_quoted``) count as quotes, Outlook's ``divRplyFwdMsg``/``appendonsend`` hide the rest of
the body, and signature containers (``gmail_signature``, ``moz-signature``) are always hidden.

Block-level tags (p, div, li, br, h1-h6, tr, td, ...) force a paragraph boundary: their source
offsets are reported in ``ProseView.breaks`` because the view cannot insert newlines.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .base import Canvas, ProseView, blank_urls, make_view, shift_suppressions
from .suppress import html_comment

SKIP_TAGS = frozenset(
    {
        "script", "style", "template", "head", "title", "noscript", "svg", "math", "textarea",
        "select", "pre", "code", "kbd", "samp", "object", "iframe", "canvas",
    }
)  # fmt: skip
QUOTE_TAGS = frozenset({"blockquote", "q"})
# A winlint comment inside these is an example or someone else's words, not a directive.
INERT_TAGS = QUOTE_TAGS | {"pre", "code", "kbd", "samp", "textarea", "script", "style", "template"}
VOID_TAGS = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    }
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
        "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul", "option", "legend", "img", "button", "label",
        "input", "textarea", "select", "title", "head",
    }
)  # fmt: skip
_EMAIL_QUOTE = re.compile(r"\b(gmail_quote|moz-cite-prefix|yahoo_quoted)\b")
# Outlook puts the quoted original *after* these markers, as siblings: hide everything from here.
_EMAIL_CUT = re.compile(r"\b(divRplyFwdMsg|appendonsend|OLK_SRC_BODY_SECTION|reply-intro)\b")
_EMAIL_SIGNATURE = re.compile(r"\b(gmail_signature|moz-signature|signature)\b", re.I)


class _Reader(HTMLParser):
    def __init__(self, source: str, quoted: str, email: bool):
        super().__init__(convert_charrefs=False)
        self.src = source
        self.quoted = quoted
        self.email = email
        self.canvas = Canvas(source)
        self.sups = []
        self.breaks: list[int] = []
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, hides its content, inert)
        self.hiding = 0
        self.inert = 0  # inside code or a quote: comments there are not directives
        self.cut = False  # the rest of the document is quoted (Outlook replies)
        starts = [0]
        i = source.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = source.find("\n", i + 1)
        self.line_starts = starts

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _hides(self, tag: str, attrs) -> bool:
        if tag in SKIP_TAGS:
            return True
        if tag in QUOTE_TAGS and self.quoted == "skip":
            return True
        if self.email:
            marks = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
            if marks:
                if _EMAIL_SIGNATURE.search(marks):
                    return True
                if self.quoted == "skip" and _EMAIL_QUOTE.search(marks):
                    return True
        return False

    def _break(self, tag: str, start: int, end: int) -> None:
        if tag in BLOCK_TAGS:
            self.breaks += [start, end]

    def handle_starttag(self, tag, attrs):
        start = self._pos()
        raw = self.get_starttag_text() or ""
        self._break(tag, start, start + len(raw))
        if tag == "body":  # an unclosed <head> ends here
            while self.stack and self.stack[-1][0] in ("head", "title"):
                self._pop()
        if self.email and self.quoted == "skip" and attrs:
            marks = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
            if _EMAIL_CUT.search(marks):
                self.cut = True
        if tag in VOID_TAGS:
            return
        hides = self._hides(tag, attrs)
        inert = tag in INERT_TAGS or (hides and tag not in SKIP_TAGS)  # incl. mail quote containers
        self.stack.append((tag, hides, inert))
        self.hiding += hides
        self.inert += inert

    def handle_startendtag(self, tag, attrs):
        start = self._pos()
        raw = self.get_starttag_text() or ""
        self._break(tag, start, start + len(raw))

    def _pop(self):
        _, hides, inert = self.stack.pop()
        self.hiding -= hides
        self.inert -= inert

    def handle_endtag(self, tag):
        start = self._pos()
        end = self.src.find(">", start)
        self._break(tag, start, end + 1 if end >= 0 else start)
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                while len(self.stack) > k:
                    self._pop()
                break

    def handle_data(self, data):
        if self.hiding or self.cut:
            return
        start = self._pos()
        if self.src.startswith(data, start):
            self.canvas.show(start, start + len(data))

    def parse_html_declaration(self, i):
        # Python < 3.13 raises AssertionError on some malformed "<!...>" constructs: skip them.
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            j = self.rawdata.find(">", i + 1)
            return j + 1 if j >= 0 else len(self.rawdata)

    def handle_comment(self, data):
        start = self._pos()
        end = self.src.find("-->", start)
        end = end + 3 if end >= 0 else len(self.src)
        s = html_comment(self.src, start, end)
        if s is not None and not self.inert and not self.cut:
            self.sups.append(s)


def directives(source: str, start: int, end: int) -> list:
    """The winlint comments of the HTML ``source[start:end]`` (a Markdown HTML block) that act as
    directives: not those inside code or quotes."""
    reader = _Reader(source[start:end], "skip", False)
    try:
        reader.feed(reader.src)
        reader.close()
    except Exception:  # noqa: BLE001 - as in read_html
        pass
    return shift_suppressions(reader.sups, start, source)


def read_html(source: str, quoted: str = "skip", *, email: bool = False) -> ProseView:
    reader = _Reader(source, quoted, email)
    try:
        reader.feed(source)
        reader.close()
    except Exception:  # a parser failure must never crash a lint run: keep what was read
        pass
    text = blank_urls(reader.canvas.text())
    return make_view(text, reader.sups, breaks=reader.breaks)
