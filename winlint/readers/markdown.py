"""Markdown reader (markdown-it-py, CommonMark + tables + strikethrough).

Prose: headings, paragraphs, list items, table cells, emphasis/strong/strikethrough text, link
text. Not prose: fenced and indented code, inline code, HTML blocks and inline HTML (winlint
comments in them are parsed as suppressions), autolinks and bare URLs, link targets and reference
definitions, images, YAML (---) / TOML (+++) front matter, list markers, table pipes, escapes and
entities. Blockquotes are someone else's words: hidden when ``quoted="skip"``.

Block structure comes from the tokens' ``map`` line ranges; inside a block the inline token's raw
``content`` is located line by line in the source, and its children are walked in order over that
raw text to find exactly which characters are prose. Positions are kept as spans (runs of raw
text placed in the source, runs of prose), never as one integer per character, and inline tokens
live for one block at a time; big documents are block-parsed in chunks (_chunks), so memory stays
a small multiple of the file's size.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

try:  # the paragraph rule's trim: CommonMark whitespace since markdown-it-py 4, str.strip before
    from markdown_it.common.utils import mdTrim as _md_trim
except ImportError:
    _md_trim = str.strip

from .base import Canvas, ProseView, blank_urls, iter_lines, make_view
from .html_reader import INERT_TAGS, directives
from .suppress import html_comment

_SPECIAL_RE = re.compile(r"[\\&]")
# Characters that start an inline rule (escape, code, strikethrough, emphasis, link/image, autolink
# or HTML, entity): a block without them is plain text and soft line breaks.
_INLINE_MARKUP = re.compile(r"[\\`~*_\[<&]")
_LINE_TEXT = re.compile(r"[^ \t\n][^\n]*")  # a soft break skips the next line's leading blanks
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
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


# markdown-it stops reading at this nesting depth (a list and its item are two levels); text past
# it is still read, as plain lines (see _uncovered). 100 stays far from Python's recursion limit.
MAX_NESTING = 100


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    # Inline content is parsed one block at a time and dropped after use (_children): the whole
    # document's inline tokens at once cost hundreds of bytes a word.
    md.core.ruler.disable(["inline", "text_join"])
    return md


def _children(md: MarkdownIt, content: str, env: dict) -> list:
    """Inline tokens of one block, with escapes and entities joined into text (core text_join)."""
    tokens = md.inline.parse(content, md, env, [])
    for t in tokens:
        if t.children:
            t.children = _join_text(t.children)
    return _join_text(tokens)


def _join_text(tokens: list) -> list:
    out: list = []
    run: list[str] = []
    for t in tokens:
        if t.type == "text_special":
            t.type = "text"
        if t.type == "text" and out and out[-1].type == "text":
            run.append(t.content)
            continue
        if run:
            out[-1].content += "".join(run)
            run = []
        out.append(t)
    if run:
        out[-1].content += "".join(run)
    return out


def _front_matter_lines(first: list[str], source: str, lines) -> int:
    """Number of leading lines that are YAML (---) or TOML (+++) front matter (0 if none)."""
    if not first:
        return 0
    head = first[0].lstrip("\ufeff").rstrip()
    if head == "---":
        closers = ("---", "...")
    elif head == "+++":
        closers = ("+++",)
    else:
        return 0
    for i in range(1, len(lines)):
        if source[lines[i][0] : lines[i][1]].rstrip() in closers:
            return i + 1
    return 0


# A block's raw inline text is placed in the source as segments (raw_start, raw_end, src_start):
# raw[k] sits at src_start + (k - raw_start); raw characters in no segment are not in the source.


def _locate(r: str, s: str, base: int, at: int) -> list[tuple[int, int, int]] | None:
    """Segments placing raw line ``r`` (at raw offset ``at``) inside source line ``s`` (at base)."""
    if r == "":
        return []
    if s.endswith(r):
        i = len(s) - len(r)
    else:
        i = s.find(r)
    if i >= 0:
        return [(at, at + len(r), base + i)]
    stripped = r.lstrip()  # tabs expanded to spaces by the block parser
    if stripped:
        i = s.find(stripped)
        if i >= 0:
            lead = len(r) - len(stripped)
            return [(at + lead, at + len(r), base + i)]
    return None


def _align(r: str, s: str, base: int) -> list[tuple[int, int, int]] | None:
    """Align ``r`` to ``s`` char by char, allowing skipped whitespace and backslashes in ``s``."""
    out: list[list[int]] = []
    p = 0
    for k, ch in enumerate(r):
        while p < len(s) and s[p] != ch:
            if s[p] in " \t\\":
                p += 1
            else:
                return None
        if p >= len(s):
            return None
        if out and out[-1][1] == k and out[-1][2] + k - out[-1][0] == base + p:
            out[-1][1] = k + 1
        else:
            out.append([k, k + 1, base + p])
        p += 1
    return [tuple(x) for x in out]


def _to_source(spans, segs) -> list[tuple[int, int]]:
    """Raw spans (sorted, disjoint) mapped through segments (sorted) to source spans."""
    out = []
    k = 0
    for a, b in spans:
        while k < len(segs) and segs[k][1] <= a:
            k += 1
        j = k
        while j < len(segs) and segs[j][0] < b:
            ra, rb, sa = segs[j]
            lo, hi = max(a, ra), min(b, rb)
            if lo < hi:
                out.append((sa + lo - ra, sa + hi - ra))
            j += 1
    return out


def _at(k: int, segs) -> int:
    """Source offset of raw offset ``k`` (-1 if it is not in the source)."""
    for ra, rb, sa in segs:
        if ra <= k < rb:
            return sa + k - ra
    return -1


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


def _common_prefix(raw: str, p: int, t: str, j: int, most: int) -> int:
    """How many characters of ``raw[p:]`` and ``t[j:]`` agree (at most ``most``): galloping then
    halving, so the work is linear in the answer, never in ``most``."""
    good, k = 0, 64
    while good < most:
        k = min(k, most)
        if raw.startswith(t[j : j + k], p):
            good, k = k, k * 2
            continue
        lo, hi = good, k - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if raw.startswith(t[j : j + mid], p):
                lo = mid
            else:
                hi = mid - 1
        return lo
    return good


class _Walker:
    """Walks an inline token's children over its raw content, recording prose characters."""

    def __init__(self, raw: str):
        self.raw = raw
        self.n = len(raw)
        self.p = 0
        self.visible: list[list[int]] = []  # raw spans [start, end) of prose, in order
        self.comments: list[tuple[int, int]] = []
        self.code_tags = 0  # inside inline <code>, <kbd>...: comments there are not directives
        self._special = -1  # next "\\" or "&" at or after p (escapes and entities)

    def _show(self, a: int, b: int) -> None:
        v = self.visible
        if v and v[-1][1] == a:
            v[-1][1] = b
        else:
            v.append([a, b])

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
        tl = len(t)
        while j < tl:
            p = self.p
            if p >= n:
                return
            # Fast path: up to the next escape or entity, the raw text is usually the text itself.
            if self._special < p:
                m = _SPECIAL_RE.search(raw, p)
                self._special = m.start() if m else n
            run = _common_prefix(raw, p, t, j, min(self._special - p, tl - j))
            if run:
                if reveal:
                    self._show(p, p + run)
                self.p = p + run
                j += run
                continue
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
                    self._show(p, p + 1)
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
                found = self.literal(t.content)
                if found and t.content.startswith("<!--"):
                    if not self.code_tags:
                        self.comments.append((self.p - len(t.content), self.p))
                elif not t.content:
                    self.p = a
                else:
                    tag = _TAG_RE.match(t.content)
                    if tag and tag[2].lower() in INERT_TAGS and not t.content.endswith("/>"):
                        self.code_tags = max(self.code_tags + (-1 if tag[1] else 1), 0)
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


# Big documents are parsed in chunks of about this many lines, cut only where CommonMark cannot
# carry a block over (see _chunks): a whole 10 MB document's block tokens and line tables cost
# hundreds of MB, a chunk's a few.
CHUNK_LINES = 2000
_RUN_ON = ("fence", "html_block")  # blocks that can run over a blank line and a column-0 line
_PROSE_LINE = re.compile(r" {0,3}[^\s#`~<>|*+=_\d\[-]")  # text, not a block marker
_REF_START = re.compile(r"(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*\[")


def _chunks(source: str, lines, fm: int) -> list[tuple[int, int]]:
    """Candidate line ranges to parse alone: cuts fall on a line starting at column 0 after a
    blank line, which ends every open list, quote, paragraph and indented code block. Fenced code
    and raw HTML run over such lines: _tokens checks each chunk for one left open and then joins
    it with the next. A document that may have link reference definitions is not cut (a link may
    use a definition from another chunk)."""
    n = len(lines)
    if n <= CHUNK_LINES:
        return [(0, n)]
    cuts = [0]
    blank = True
    prose = False  # the previous line is paragraph text
    for i in range(fm, n):
        ls, le = lines[i]
        line = source[ls:le]
        if "]:" in line and _REF_START.match(line) and not (prose and line[:1] in " \t["):
            return [(0, n)]  # maybe a definition (not in a paragraph: it cannot interrupt one)
        is_blank = not line.strip()
        if blank and not is_blank and line[0] not in " \t" and i - cuts[-1] >= CHUNK_LINES:
            cuts.append(i)
        blank = is_blank
        prose = not is_blank and _PROSE_LINE.match(line) is not None
    return [(a, b) for a, b in zip(cuts, cuts[1:] + [n])]


_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_OPENERS = frozenset("\"'(\u201c\u2018")   # no block starts with a quote or a parenthesis
_DIGITS = frozenset("0123456789")
_ORDERED = re.compile(r"\d{1,9}[.)](?:[ \t]|$)")   # an ordered list item's marker
_DASHES = re.compile(r"--[ \t]*[A-Za-z]")          # "-- Name": not a list, rule or underline


def _md_blank(line: str) -> bool:
    return not line.strip(" \t")  # markdown-it's blank line: spaces and tabs only


def _plain_line(source: str, ls: int, le: int) -> bool:
    """Whether no block can start or run on at this column-0 line: it opens with a letter, a
    quote or a parenthesis, a number that is not a list marker, or a "-- Name" signature."""
    if le <= ls:
        return False
    c = source[ls]
    if c in _LETTERS or c in _OPENERS:
        return True
    if c in _DIGITS:
        return _ORDERED.match(source, ls, le) is None
    return c == "-" and _DASHES.match(source, ls, le) is not None


def _plain_paragraphs(source: str, lines, a: int, b: int, fm: int) -> list[tuple[int, int]]:
    """Line ranges in [a, b) that markdown-it can only read as one top-level paragraph each: every
    line is a _plain_line (no marker, no indent, no table delimiter row or setext underline),
    after a blank line or the document's start, before a blank line or its end. _tokens makes
    their tokens without the block parser, which spends most of a Markdown file's time trying
    every block rule on every line."""
    out = []
    n = len(lines)
    i = max(a, fm)
    while i < b:
        ls, le = lines[i]
        if _plain_line(source, ls, le) and (i == 0 or _md_blank(source[lines[i - 1][0] : lines[i - 1][1]])):
            j = i + 1
            while j < b and _plain_line(source, *lines[j]):
                j += 1
            if (j == n or (j < b and _md_blank(source[lines[j][0] : lines[j][1]]))) \
                    and "\0" not in source[ls : lines[j - 1][1]]:
                out.append((i, j))
            i = j
        else:
            i += 1
    return out


def _paragraph(source: str, lines, p: int, q: int) -> list:
    """The tokens markdown-it's paragraph rule makes of plain lines [p, q) at the top level."""
    content = _md_trim("\n".join(source[ls:le] for ls, le in lines[p:q]))
    opening = Token("paragraph_open", "p", 1, map=[p, q], level=0, block=True)
    inline = Token("inline", "", 0, map=[p, q], level=1, content=content, children=[], block=True)
    return [opening, inline, Token("paragraph_close", "p", -1, level=0, block=True)]


def _parse_lines(md: MarkdownIt, env: dict, source: str, lines, fm: int, a: int, b: int) -> list:
    """markdown-it's block tokens of lines [a, b) parsed alone, ``map`` in document lines."""
    n = len(lines)
    end = lines[b][0] if b < n else len(source)
    if a == 0 and (fm or source.startswith("\ufeff")):
        # front matter (as empty lines) and a BOM are not Markdown: same lines, blanked
        rest = source[lines[fm][0] : end] if fm < n else ""
        feed = "\n" * fm + rest if fm else rest.lstrip("\ufeff")
    else:  # markdown-it reads \r\n, \r and \n as line ends, as iter_lines does
        feed = source[lines[a][0] if a < n else len(source) : end]
    tokens = md.parse(feed, env)
    if a:
        for tok in tokens:
            if tok.map:
                tok.map = [tok.map[0] + a, tok.map[1] + a]
    return tokens


def _runs_on(tokens: list, b: int, n: int) -> bool:
    """Whether a fence or raw HTML block of these tokens is left open at line b (a cut)."""
    return b < n and any(t.level == 0 and t.type in _RUN_ON and t.map and t.map[1] >= b for t in tokens)


def _with_paragraphs(md: MarkdownIt, env: dict, source: str, lines, fm: int, a: int, b: int, plain) -> list | None:
    """The tokens of chunk [a, b), its plain paragraphs made directly and the lines between them
    parsed; None when a fence or raw HTML block would run over a cut (then the chunk is parsed
    whole). Every cut is one _chunks could make: a column-0 line after a blank line."""
    out: list = []
    n = len(lines)
    at = a
    for p, q in [*plain, (b, b)]:
        if at < p and not all(_md_blank(source[ls:le]) for ls, le in lines[at:p]):
            tokens = _parse_lines(md, env, source, lines, fm, at, p)
            if _runs_on(tokens, p, n):
                return None
            out += tokens
        if p < q:
            out += _paragraph(source, lines, p, q)
        at = q
    return out


def _tokens(md: MarkdownIt, env: dict, source: str, lines, fm: int):
    """Block tokens of the document, chunk by chunk, with ``map`` in document lines."""
    chunks = _chunks(source, lines, fm)
    n = len(lines)
    k = 0
    while k < len(chunks):
        a, b = chunks[k]
        plain = _plain_paragraphs(source, lines, a, b, fm)
        fast = _with_paragraphs(md, env, source, lines, fm, a, b, plain) if plain else None
        if fast is not None:
            yield from fast
            del fast
            k += 1
            continue
        while True:
            tokens = _parse_lines(md, env, source, lines, fm, a, b)
            if _runs_on(tokens, b, n):
                k += 1  # a fence or raw HTML block left open at the cut: parse on through the next
                b = chunks[k][1]
                continue
            break
        yield from tokens
        del tokens
        k += 1


def read_markdown(source: str, quoted: str = "skip") -> ProseView:
    lines = [(ls, le) for ls, le, _ in iter_lines(source)]
    fm = _front_matter_lines([source[ls:le] for ls, le in lines[:1]], source, lines)
    md = _parser()
    env: dict = {}
    tokens = _tokens(md, env, source, lines, fm)

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
    leaves: list[tuple[int, int]] = []  # line ranges the parser read as leaf blocks
    deepest = 0

    for tok in tokens:
        ty = tok.type
        deepest = max(deepest, tok.level)
        if tok.map and ty in _BLOCK_OPEN:
            breaks.append(line_start(tok.map[0]))
            if ty not in ("paragraph_open", "heading_open", "list_item_open", "tr_open"):
                breaks.append(line_end(tok.map[1] - 1))
            if ty in _LEAVES:
                leaves.append(tuple(tok.map))
        if ty == "blockquote_open":
            quote_depth += 1
        elif ty == "blockquote_close":
            quote_depth -= 1
        elif ty == "html_block" and tok.map and not quote_depth:
            sups += directives(source, line_start(tok.map[0]), line_end(tok.map[1] - 1))
        elif ty == "tr_open" and tok.map:
            row_line = tok.map[0]
            row_segs = _split_row(source[lines[row_line][0] : lines[row_line][1]]) if row_line < nlines else []
            cell = 0
        elif ty == "inline":
            raw = tok.content
            segs: list | None = None
            if row_line >= 0 and tok.map and tok.map[0] == row_line and cell < len(row_segs) + 1:
                # a table cell
                seg = row_segs[cell] if cell < len(row_segs) else None
                cell += 1
                if seg is not None:
                    base = line_start(row_line)
                    segs = _align(raw, source[base + seg[0] : base + seg[1]], base + seg[0])
                    breaks.append(base + seg[0])
            elif tok.map:
                row_line = -1
                cur = tok.map[0]
                last = min(tok.map[1], nlines)
                segs = []
                at = 0
                for r in raw.split("\n"):
                    while cur < last:
                        ls, le = lines[cur]
                        cur += 1
                        found = _locate(r, source[ls:le], ls, at)
                        if found is not None:
                            segs += found
                            break
                    at += len(r) + 1
            if segs is None:
                continue  # could not place this block in the source: leave it blank
            walker = _Walker(raw)
            if _INLINE_MARKUP.search(raw):
                walker.walk(_children(md, raw, env))
            else:  # no inline markup: every line of it is prose (most paragraphs; skips the parser)
                walker.visible = [[m.start(), m.end()] for m in _LINE_TEXT.finditer(raw)]
            if not quote_depth:  # a directive quoted from someone else is not one
                for a, b in walker.comments:
                    sa, sb = _at(a, segs), _at(b - 1, segs)
                    if sa >= 0 and sb >= 0:
                        s = html_comment(source, sa, sb + 1)
                        if s is not None:
                            sups.append(s)
            if quote_depth and quoted == "skip":
                continue
            shown = _to_source(walker.visible, segs)
            for a, b in shown:
                canvas.show(a, b)
            if shown:
                breaks += [shown[0][0], shown[-1][1]]

    if deepest >= MAX_NESTING - 1:
        _uncovered(source, lines, leaves, fm, canvas, breaks, quoted)
    text = blank_urls(canvas.text())
    return make_view(text, sups, breaks=breaks)


_LEAVES = {"paragraph_open", "heading_open", "fence", "code_block", "html_block", "hr", "table_open"}
_CONTAINER_MARKS = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+[ \t]*")


def _uncovered(source: str, lines, leaves, fm: int, canvas: Canvas, breaks: list[int], quoted: str) -> None:
    """The parser stopped at its nesting limit: lines it read as no block are shown as plain
    prose (their list and quote markers blanked), so nothing after the limit goes unlinted."""
    covered = bytearray(len(lines))
    for a, b in leaves:
        covered[a:b] = b"\x01" * (min(b, len(lines)) - a)
    covered[:fm] = b"\x01" * min(fm, len(lines))
    for i, (ls, le) in enumerate(lines):
        if covered[i] or ls == le:
            continue
        m = _CONTAINER_MARKS.match(source, ls, le)
        start = m.end() if m else ls
        if m and quoted == "skip" and ">" in m.group():
            continue  # someone else's words, as in a blockquote
        if start < le:
            canvas.show(start, le)
            if m:
                breaks.append(start)
            breaks.append(le)
