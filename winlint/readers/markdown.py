"""Markdown reader (markdown-it-py, CommonMark + tables + strikethrough).

Prose: headings, paragraphs, list items, table cells, emphasis/strong/strikethrough text, link
text. Not prose: fenced and indented code, inline code, HTML blocks and inline HTML (winlint
comments in them are parsed as suppressions), autolinks and bare URLs, link targets and reference
definitions, images, YAML (---) / TOML (+++) front matter, list markers, table pipes, escapes and
entities. Blockquotes are someone else's words: hidden when ``quoted="skip"``.

Block structure comes from the tokens' ``map`` line ranges; inside a block the inline token's raw
``content`` is located line by line in the source, and its children are walked in order over that
raw text to find exactly which characters are prose.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt

from .base import Canvas, ProseView, blank_urls, iter_lines, make_view
from .suppress import html_comment, scan_html_comments

_ENTITY_RE = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});")
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_DELIMS = ("*", "_", "**", "__", "~~", "~")
_BLOCK_OPEN = {
    "paragraph_open",
    "heading_open",
    "list_item_open",
    "blockquote_open",
    "tr_open",
    "hr",
    "fence",
    "code_block",
    "html_block",
    "table_open",
    "bullet_list_open",
    "ordered_list_open",
}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _front_matter_lines(lines: list[str]) -> int:
    """Number of leading lines that are YAML (---) or TOML (+++) front matter (0 if none)."""
    if not lines:
        return 0
    first = lines[0].lstrip("\ufeff").rstrip()
    if first == "---":
        closers = ("---", "...")
    elif first == "+++":
        closers = ("+++",)
    else:
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in closers:
            return i + 1
    return 0


def _locate(r: str, s: str, base: int) -> list[int] | None:
    """Source offsets of each char of raw line ``r`` inside source line ``s`` (starting at base)."""
    if r == "":
        return []
    if s.endswith(r):
        i = len(s) - len(r)
    else:
        i = s.find(r)
    if i >= 0:
        return list(range(base + i, base + i + len(r)))
    stripped = r.lstrip()  # tabs expanded to spaces by the block parser
    if stripped:
        i = s.find(stripped)
        if i >= 0:
            lead = len(r) - len(stripped)
            return [-1] * lead + list(range(base + i, base + i + len(stripped)))
    return None


def _align(r: str, s: str, base: int) -> list[int] | None:
    """Align ``r`` to ``s`` char by char, allowing skipped whitespace and backslashes in ``s``."""
    out = []
    p = 0
    for ch in r:
        while p < len(s) and s[p] != ch:
            if s[p] in " \t\\":
                p += 1
            else:
                return None
        if p >= len(s):
            return None
        out.append(base + p)
        p += 1
    return out


def _split_row(s: str) -> list[tuple[int, int]]:
    """Cell segments (start, end) of a table row line, split on unescaped pipes."""
    cuts = [i for i, c in enumerate(s) if c == "|" and (i == 0 or s[i - 1] != "\\")]
    bounds = [-1] + cuts + [len(s)]
    segs = [(bounds[k] + 1, bounds[k + 1]) for k in range(len(bounds) - 1)]
    if segs and s[segs[0][0] : segs[0][1]].strip() == "" and cuts and s[: cuts[0]].strip() == "":
        segs = segs[1:]
    if segs and s[segs[-1][0] : segs[-1][1]].strip() == "" and cuts and s[cuts[-1] + 1 :].strip() == "":
        segs = segs[:-1]
    return segs


class _Walker:
    """Walks an inline token's children over its raw content, recording prose characters."""

    def __init__(self, raw: str):
        self.raw = raw
        self.n = len(raw)
        self.p = 0
        self.visible: list[int] = []
        self.comments: list[tuple[int, int]] = []

    # -- primitives -------------------------------------------------------------------------
    def literal(self, m: str) -> bool:
        raw, p = self.raw, self.p
        if raw.startswith(m, p):
            self.p = p + len(m)
            return True
        j = raw.find(m, p)
        if j >= 0 and raw[p:j].strip() == "":
            self.p = j + len(m)
            return True
        return False

    def text(self, t: str, reveal: bool) -> None:
        raw, n = self.raw, self.n
        j = 0
        while j < len(t):
            p = self.p
            if p >= n:
                return
            c = raw[p]
            want = t[j]
            if c == "\\" and p + 1 < n and raw[p + 1] in _ASCII_PUNCT and raw[p + 1] == want:
                self.p = p + 1  # the escaping backslash is markup
                continue
            if c == "&":
                m = _ENTITY_RE.match(raw, p)
                if m:
                    dec = html.unescape(m.group())
                    if dec != m.group() and t.startswith(dec, j):
                        self.p = m.end()  # entities are blanked
                        j += len(dec)
                        continue
            if c == want:
                if reveal:
                    self.visible.append(p)
                self.p = p + 1
                j += 1
                continue
            if c in " \t\n":
                self.p = p + 1
                continue
            if want in " \t\n":
                j += 1
                continue
            # Out of step: resynchronise on the rest of the text, else give up on it.
            k = raw.find(t[j:], p)
            if k < 0:
                return
            self.p = k

    def linebreak(self) -> None:
        raw, n = self.raw, self.n
        while self.p < n and raw[self.p] in " \t\\":
            self.p += 1
        if self.p < n and raw[self.p] == "\n":
            self.p += 1

    def code(self, ticks: int) -> None:
        raw, n = self.raw, self.n
        fence = "`" * ticks
        start = raw.find(fence, self.p)
        if start < 0:
            return
        q = start + ticks
        while q < n:
            k = raw.find("`", q)
            if k < 0:
                break
            m = k
            while m < n and raw[m] == "`":
                m += 1
            if m - k == ticks:
                self.p = m
                return
            q = m
        self.p = n

    def autolink(self) -> None:
        k = self.raw.find(">", self.p)
        if k >= 0:
            self.p = k + 1

    def _label_end(self, q: int) -> int:
        """Index of the ``]`` closing the label whose ``[`` is at q-1."""
        raw, n = self.raw, self.n
        level = 1
        while q < n:
            c = raw[q]
            if c == "\\":
                q += 2
                continue
            if c == "[":
                level += 1
            elif c == "]":
                level -= 1
                if level == 0:
                    return q
            q += 1
        return n

    def link_tail(self) -> None:
        """At the label's closing ``]``: skip it and the destination/title or reference label."""
        raw, n = self.raw, self.n
        if self.p < n and raw[self.p] != "]":
            k = raw.find("]", self.p)
            if k >= 0:
                self.p = k
        if self.p >= n:
            return
        q = self.p + 1
        if q < n and raw[q] == "(":
            q = self._skip_destination(q)
        elif q < n and raw[q] == "[":
            k = raw.find("]", q)
            if k >= 0:
                q = k + 1
        self.p = q

    def _skip_destination(self, q: int) -> int:
        raw, n = self.raw, self.n
        start = q
        q += 1

        def ws(q):
            while q < n and raw[q] in " \t\n":
                q += 1
            return q

        q = ws(q)
        if q < n and raw[q] == "<":
            k = raw.find(">", q)
            q = k + 1 if k >= 0 else q
        else:
            depth = 0
            while q < n:
                c = raw[q]
                if c == "\\":
                    q += 2
                    continue
                if c == "(":
                    depth += 1
                elif c == ")":
                    if depth == 0:
                        break
                    depth -= 1
                elif c in " \t\n":
                    break
                q += 1
        q = ws(q)
        if q < n and raw[q] in "\"'(":
            close = ")" if raw[q] == "(" else raw[q]
            q += 1
            while q < n and raw[q] != close:
                q += 2 if raw[q] == "\\" else 1
            q += 1
        q = ws(q)
        if q < n and raw[q] == ")":
            return q + 1
        return start + 1 if q >= n else q

    def image(self) -> None:
        raw = self.raw
        k = raw.find("![", self.p)
        if k < 0:
            return
        self.p = self._label_end(k + 2)
        self.link_tail()

    # -- driver -----------------------------------------------------------------------------
    def walk(self, children) -> None:
        links: list[str] = []
        hidden = 0
        i = 0
        while i < len(children):
            t = children[i]
            ty = t.type
            if ty == "text":
                self.text(t.content, reveal=hidden == 0)
            elif ty in ("softbreak", "hardbreak"):
                self.linebreak()
            elif ty == "code_inline":
                self.code(len(t.markup) or 1)
            elif ty == "html_inline":
                a = self.p
                if self.literal(t.content) and t.content.startswith("<!--"):
                    self.comments.append((self.p - len(t.content), self.p))
                elif not t.content:
                    self.p = a
            elif ty == "link_open":
                if t.markup == "autolink":
                    self.autolink()
                    while i + 1 < len(children) and children[i + 1].type != "link_close":
                        i += 1
                    i += 1  # the link_close
                elif t.markup == "linkify":
                    links.append("linkify")
                    hidden += 1
                else:
                    links.append("link")
                    self.literal("[")
            elif ty == "link_close":
                kind = links.pop() if links else "link"
                if kind == "linkify":
                    hidden -= 1
                else:
                    self.link_tail()
            elif ty == "image":
                self.image()
            elif (ty.endswith("_open") or ty.endswith("_close")) and t.markup in _DELIMS:
                self.literal(t.markup)
            i += 1


def read_markdown(source: str, quoted: str = "skip") -> ProseView:
    lines = [(ls, le) for ls, le, _ in iter_lines(source)]
    texts = [source[ls:le] for ls, le in lines]
    fm = _front_matter_lines(texts)
    feed = [""] * fm + texts[fm:]
    if feed and fm == 0:
        feed[0] = feed[0].lstrip("\ufeff")
    tokens = _parser().parse("\n".join(feed) + "\n")

    canvas = Canvas(source)
    sups = []
    breaks: list[int] = []
    nlines = len(lines)

    def line_start(i: int) -> int:
        return lines[i][0] if i < nlines else len(source)

    def line_end(i: int) -> int:
        return lines[i][1] if i < nlines else len(source)

    quote_depth = 0
    row_segs: list[tuple[int, int]] = []
    row_line = -1
    cell = 0

    for tok in tokens:
        ty = tok.type
        if tok.map and ty in _BLOCK_OPEN:
            breaks.append(line_start(tok.map[0]))
            if ty not in ("paragraph_open", "heading_open", "list_item_open", "tr_open"):
                breaks.append(line_end(tok.map[1] - 1))
        if ty == "blockquote_open":
            quote_depth += 1
        elif ty == "blockquote_close":
            quote_depth -= 1
        elif ty == "html_block" and tok.map:
            sups += scan_html_comments(source, line_start(tok.map[0]), line_end(tok.map[1] - 1))
        elif ty == "tr_open" and tok.map:
            row_line = tok.map[0]
            row_segs = _split_row(texts[row_line]) if row_line < nlines else []
            cell = 0
        elif ty == "inline":
            raw = tok.content
            pos: list[int] = []
            if row_line >= 0 and tok.map and tok.map[0] == row_line and cell < len(row_segs) + 1:
                # a table cell
                seg = row_segs[cell] if cell < len(row_segs) else None
                cell += 1
                if seg is not None:
                    base = line_start(row_line)
                    pos = _align(raw, source[base + seg[0] : base + seg[1]], base + seg[0]) or []
                    breaks.append(base + seg[0])
            elif tok.map:
                row_line = -1
                cur = tok.map[0]
                last = min(tok.map[1], nlines)
                rlines = raw.split("\n")
                for k, r in enumerate(rlines):
                    found = None
                    while cur < last:
                        ls, le = lines[cur]
                        cur += 1
                        found = _locate(r, source[ls:le], ls)
                        if found is not None:
                            break
                    pos += found if found is not None else [-1] * len(r)
                    if k < len(rlines) - 1:
                        pos.append(-1)
            if len(pos) != len(raw):
                continue  # could not place this block in the source: leave it blank
            walker = _Walker(raw)
            walker.walk(tok.children or [])
            for a, b in walker.comments:
                sa, sb = pos[a], pos[b - 1]
                if sa >= 0 and sb >= 0:
                    s = html_comment(source, sa, sb + 1)
                    if s is not None:
                        sups.append(s)
            if quote_depth and quoted == "skip":
                continue
            shown = [pos[k] for k in walker.visible if pos[k] >= 0]
            canvas.show_at(shown)
            if shown:
                breaks += [shown[0], shown[-1] + 1]

    text = blank_urls(canvas.text())
    return make_view(text, sups, breaks=breaks)
