"""Lint a source text: reader -> prose blocks -> pre-filter -> spaCy -> findings.

Blocks (paragraphs) are streamed through `nlp.pipe`, so memory stays bounded
by the largest paragraph, never the file. Whitespace inside a block (line
wraps, blanked markup) is collapsed before tokenizing, with an offset map back
into the source, so "**get them** to" and a phrase wrapped over two lines
still read as one phrase.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from . import gate, loader
from .errors import WinlintError
from .finding import Finding, LineIndex
from .prefilter import Prefilter
from .schema import CATEGORIES, LEVELS
from .selection import level_for, matches_any, select_codes
from .stance import quotes

# a line end, optional spaces, a line end: a blank line (\r(?!\n): one CRLF is never two line ends)
BLANK_LINE_RE = re.compile(r"(?:\r\n|\r(?!\n)|\n)[^\S\r\n]*(?:\r\n|\r(?!\n)|\n)\s*")
BEFORE = 400          # characters of the block before a sentence that its reframes may read
MAX_BLOCK = 20_000      # characters per Doc; longer blocks are cut at a sentence end or a space
WORD_RUN_RE = re.compile(r"\S+")
MAX_RUN = 500           # longest run of non-space characters treated as prose
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


@dataclass
class Options:
    """Everything that changes what is linted and how findings are reported."""
    input_format: str | None = None          # None: by file extension
    quoted: str = "skip"                     # skip | include
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)   # code, name or category -> level
    rules: list[str] = field(default_factory=list)         # extra rule folders
    builtin: bool = True
    model: str | None = None
    prefilter: bool = True
    model_stage: bool = False                # the learned stage (WW900, winlint/learned.py): config `model: on`
    model_threshold: float | None = None     # its adversarial-score threshold; None: the model's own
    stance: bool = True                      # drop findings the writer does not endorse (winlint/stance)
    reframes: bool = True                    # fill suggestions (False: an output that shows none, the line format)


class Unused(NamedTuple):
    """An inline suppression that suppressed nothing."""
    line: int
    column: int
    text: str                  # the comment, whitespace collapsed
    start: int                 # its offsets in the source
    end: int
    unknown: tuple = ()        # names in it that are no rule, code prefix or category


@dataclass
class Result:
    path: str
    findings: list[Finding] = field(default_factory=list)
    sentences: int = 0
    words: int = 0
    notices: list[str] = field(default_factory=list)
    unused_suppressions: list[Unused] = field(default_factory=list)


class Block:
    """A run of prose, compacted (whitespace runs -> one space, curly apostrophes straightened).

    The offset map back into the source is built only when a finding needs it: most blocks
    never have one.
    """
    __slots__ = ("text", "view", "start", "end", "_seg")

    def __init__(self, text: str, view: str, start: int, end: int):
        self.text, self.view, self.start, self.end = text, view, start, end
        self._seg = None

    def _segments(self):
        seg_c, seg_s, pos = [], [], 0
        for m in WORD_RUN_RE.finditer(self.view, self.start, self.end):
            if seg_c:
                pos += 1
            seg_c.append(pos)
            seg_s.append(m.start())
            pos += m.end() - m.start()
        self._seg = (seg_c, seg_s)
        return self._seg

    def to_source(self, offset: int) -> int:
        seg_c, seg_s = self._seg or self._segments()
        i = bisect.bisect_right(seg_c, offset) - 1
        return seg_s[i] + (offset - seg_c[i])

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_source(start), self.to_source(end - 1) + 1


def _compact(view: str, start: int, end: int):
    """The Blocks of view[start:end]. An over-long run of non-space characters is data, not prose
    (base64, minified text; it also bounds regex cost): it is left out and ends a Block, so no
    phrase is matched across it."""
    words = view[start:end].split()
    if not words:
        return
    if max(map(len, words)) <= MAX_RUN:
        yield Block(" ".join(words).translate(APOSTROPHES), view, start, end)
        return
    first = last = None
    for m in WORD_RUN_RE.finditer(view, start, end):
        if m.end() - m.start() > MAX_RUN:
            if first is not None:
                yield from _compact(view, first, last)
            first = None
            continue
        if first is None:
            first = m.start()
        last = m.end()
    if first is not None:
        yield from _compact(view, first, last)


def _cut(view: str, start: int, end: int):
    """Split an over-long block at sentence ends (or spaces) so no Doc is huge.

    A sentence end is [.!?] (and closing quotes) before any whitespace: in the view a line that
    ends a sentence holds ".\n", and a cut at the last space instead would split a phrase."""
    while end - start > MAX_BLOCK:
        window = view[start:start + MAX_BLOCK]
        cut = -1
        for m in SENTENCE_END_RE.finditer(window, MAX_BLOCK // 2):
            cut = m.end() - 1
        if cut < 0:                         # no sentence end in the second half: the last space
            for m in SPACE_RE.finditer(window):
                cut = m.start()
        cut = start + (cut + 1 if cut > 0 else MAX_BLOCK)
        yield start, cut
        start = cut
    yield start, end


SENTENCE_END_RE = re.compile(r"""[.!?]["'”’)\]]*(?=\s)""")
SPACE_RE = re.compile(r"\s")


def blocks(view: str, breaks=()) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of a prose view: split at blank lines and forced breaks."""
    bounds = [0]
    for m in BLANK_LINE_RE.finditer(view):
        bounds += [m.start(), m.end()]
    bounds.append(len(view))
    spans = []
    cuts = sorted(breaks)
    for i in range(0, len(bounds), 2):
        s, e = bounds[i], bounds[i + 1]
        lo = bisect.bisect_right(cuts, s)
        hi = bisect.bisect_left(cuts, e)
        points = [s, *cuts[lo:hi], e]
        for a, b in zip(points, points[1:]):
            for c, d in _cut(view, a, b):
                if view[c:d].strip():
                    spans.append((c, d))
    return spans


# a sentence ends at . ! ? (plus closing quotes/brackets) before a space and a capital, digit or
# opening quote, except after a common abbreviation ("Mr. Smith", "e.g. Priya")
SENTENCE_SPLIT_RE = re.compile(r"""(?<=[.!?])["'”’)\]]* (?=["'“‘(\[]?[A-Z0-9])""")
ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "vs.", "etc.", "e.g.", "i.e.", "approx.",
                 "inc.", "ltd.", "co.", "jr.", "sr.", "fig.", "cf.", "al.", "u.s.", "a.m.", "p.m."}


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a compacted block. Findings never cross these bounds."""
    out, start = [], 0
    for m in SENTENCE_SPLIT_RE.finditer(text):
        last = text.rfind(" ", start, m.start()) + 1
        if text[last:m.start()].lower().lstrip("(\"'“‘") in ABBREVIATIONS:
            continue
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


class Linter:
    """Lints many texts with one rule pack and, only when some text needs it, one spaCy pipeline."""

    def __init__(self, options: Options | None = None):
        self.options = opts = options or Options()
        for key, level in opts.levels.items():
            if level not in LEVELS:
                raise WinlintError(f"unknown level {level!r} for {key}; one of: {', '.join(LEVELS)}", key="level")
        folders = ([loader.builtin_rules_dir()] if opts.builtin else []) + [Path(r) for r in opts.rules]
        self.pack = loader.load(folders) if folders else loader.RulePack([], {}, {}, {})
        self.codes = select_codes(self.pack, opts.select, opts.ignore)
        self.rules = {r.code: r for r in self.pack.rules}
        # a custom tokenizer (--model) may split differently from the one the pre-filter models
        self.prefilter = Prefilter(self.pack, self.codes) if opts.prefilter and not opts.model else None
        self.screen = gate.Screen(self.pack) if self.prefilter else None     # gates, before spaCy
        self._ruler = None
        self._nlp = None
        self.notices: list[str] = []
        # the learned stage scores every sentence the rules leave alone, so with it on every sentence
        # is tokenized; with it off (the default) nothing of it is imported
        self.learned_rule = next((r for r in self.pack.rules if r.kind == "model" and r.code in self.codes),
                                 None) if opts.model_stage else None
        self._learned = None

    # -- spaCy, loaded on first need ------------------------------------------------
    @property
    def ruler(self):
        if self._ruler is None:
            self._ruler, self._nlp = build_pipeline(self.pack, self.options)
            if self._ruler.skipped:
                self.notices.append(f"{len(self._ruler.skipped)} rule(s) need annotations the pipeline does not "
                                    f"provide and were skipped: {', '.join(self._ruler.skipped)}")
        return self._ruler

    @property
    def learned(self):
        if self._learned is None:
            from .learned import LearnedStage
            self._learned = LearnedStage(self.learned_rule, self.options.model_threshold)
        return self._learned

    def active(self, text: str) -> dict:
        """Candidate patterns per rule for a compacted sentence ({code: indices}; None: every
        pattern): those whose words it has (no spaCy needed), then those whose gates accept it."""
        if not self.prefilter:
            return dict.fromkeys(self.codes)
        pids = self.prefilter.pids(text)
        return self.screen(text, pids, self.prefilter.index) if pids else {}

    # -- linting ------------------------------------------------------------------
    def lint_text(self, source: str, path: str = "<stdin>", input_format: str | None = None) -> Result:
        from . import readers

        fmt = input_format or self.options.input_format or readers.format_for_path(path)
        view = readers.read(source, fmt, quoted=self.options.quoted)
        result = Result(path)
        index = LineIndex(source)
        findings = []
        learn = self.learned_rule is not None
        pending = []         # sentences no rule flagged, for the learned stage

        def to_learn(item):
            pending.append(item)
            if len(pending) >= 4096:     # big batches: the stage's numpy calls are paid per batch
                findings.extend(self._learned_findings(pending, source, index, path))
                pending.clear()

        def work():
            # one Doc per sentence, and only for sentences some pattern could match
            parts = [(view.text, view.breaks, None)] + [(p.text, (), p) for p in view.decoded]
            for text, breaks, part in parts:
                for s, e in blocks(text, breaks):
                    for block in _compact(text, s, e):
                        result.words += block.text.count(" ") + 1
                        para = None      # the paragraph's quotes, read only when a sentence needs them
                        for a, b in sentences(block.text):
                            result.sentences += 1
                            sentence = block.text[a:b]
                            active = self.active(sentence)
                            if active or (learn and sentence):
                                para = para or quotes.Paragraph(block.text)
                                context = para.at(a)
                            if active:
                                yield sentence, (block, a, active, part, block.text[b:b + 160], context)
                            elif learn and sentence:
                                to_learn((sentence, block, a, part, context))   # the stage tokenizes it, cheaply

        stream = work()
        first = next(stream, None)
        if first is not None:
            ruler = self.ruler
            docs = self._nlp.pipe(_chain(first, stream), as_tuples=True, batch_size=256)
            for doc, (block, offset, active, part, after, context) in docs:
                # the reframes read whom a "him" stands for, or whom the message greets, from here
                if self.options.reframes:
                    doc.user_data["before"] = block.text[max(0, offset - BEFORE):offset]
                    doc.user_data["after"] = after
                hits = ruler.find(doc, active, after, context, reframes=self.options.reframes,
                                  screened=self.screen is not None)
                for hit in hits:
                    findings.append(self._finding(hit, doc, block, offset, part, source, index, path))
                if learn and not hits:
                    to_learn((doc, block, offset, part, context))
        if pending:
            findings += self._learned_findings(pending, source, index, path)
        findings = self._suppress(findings, view.suppressions, index, source, result)
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        result.findings = findings
        return result

    def _finding(self, hit, doc, block: Block, offset: int, part, source: str, index: LineIndex,
                 path: str) -> Finding:
        rule = hit.rule
        span = doc[hit.start:hit.end]
        if part is None:
            start, end = block.source_span(offset + span.start_char, offset + span.end_char)
            text, note = source[start:end], None
        else:
            start, end, text, note = part.start, part.end, span.text, part.note
        line, column = index.position(start)
        end_line, end_column = index.position(end)
        return Finding(
            path=path, rule=rule.code, name=rule.name, category=rule.category,
            severity=level_for(rule, self.options.levels), step=rule.step,
            message=rule.message.replace("{match}", " ".join(text.split())),   # one line, even when wrapped
            line=line, column=column,
            end_line=end_line, end_column=end_column, start=start, end=end, text=text,
            suggestions=list(hit.suggestions), step_title=rule.step_title, note=note,
            reframes=[r.to_dict(*(block.source_span(offset + r.start, offset + r.end) if part is None and
                                  r.start is not None else (None, None)))
                      for r in getattr(hit.suggestions, "reframes", ())])

    def _learned_findings(self, pending, source: str, index: LineIndex, path: str) -> list[Finding]:
        """WW900 findings for sentences no rule flagged: their Docs, or compacted strings (those no
        pattern could match, never tokenized so far)."""
        if self._nlp is None:
            self.ruler         # builds the pipeline: the stage tokenizes with its tokenizer
        out = []
        segs = [p[0] for p in pending]
        stance = self._ruler.stance is not None
        for (seg, block, offset, part, context), hit in zip(pending, self.learned.find(segs, self._nlp.tokenizer)):
            if hit is not None:
                doc = seg if hit.doc is None else hit.doc      # hit.doc: the Doc made for a string
                if stance:
                    # judged where the model's strongest words are, like a rule's match
                    top = hit.reasons[0] if hit.reasons else None
                    start, end = (top.start, top.end) if top else (0, len(doc))
                    after = block.text[offset + len(doc.text):offset + len(doc.text) + 160]
                    (quoted,) = self._ruler.quoted(doc, [(start, end)], after, context)
                    if self._ruler.stance_of(doc, start, end, True, after, quoted=quoted):
                        continue
                finding = self._finding(hit, doc, block, offset, part, source, index, path)
                finding.category, finding.message = hit.category, hit.message
                out.append(finding)
        return out

    def _suppress(self, findings, suppressions, index: LineIndex, source: str, result: Result) -> list[Finding]:
        """Apply inline suppressions and record the ones that suppressed nothing.

        One sweep in position order: findings sorted by start meet the disable/enable comments
        before them once each, so the cost is findings + suppressions, not their product."""
        if not suppressions:
            return findings
        items = sorted(suppressions, key=lambda s: s.start)
        codes = [self._resolve_codes(s.codes) for s in items]
        next_line: dict[int, list[int]] = {}      # line -> disable-next-line comments aimed at it
        for i, s in enumerate(items):
            if s.action == "disable-next-line":
                next_line.setdefault(self._next_text_line(source, index, s.end), []).append(i)
        used = [False] * len(items)
        dropped = [False] * len(findings)
        all_by, per, enabled = None, {}, set()    # in force so far: a disable-all comment; code -> comment
        j = 0
        for k in sorted(range(len(findings)), key=lambda k: findings[k].start):
            f = findings[k]
            # the comments before f: those up to the first that does not end before it starts
            while j < len(items) and items[j].end <= f.start:
                action, cs = items[j].action, codes[j]
                if action == "disable":
                    if cs is None:
                        all_by, per, enabled = j, {}, set()
                    else:
                        per.update(dict.fromkeys(cs, j))
                elif action == "enable":
                    if cs is None:
                        all_by, per, enabled = None, {}, set()
                    else:
                        enabled |= cs
                        for c in cs:
                            per.pop(c, None)
                j += 1
            by = next((i for i in next_line.get(f.line, ()) if codes[i] is None or f.rule in codes[i]), None)
            if by is None:
                by = per.get(f.rule, all_by if f.rule not in enabled else None)
            if by is not None:
                used[by] = True
                dropped[k] = True
        kept = [f for k, f in enumerate(findings) if not dropped[k]]
        for i, s in enumerate(items):
            if not used[i] and s.action != "enable":
                line, col = index.position(s.start)
                unknown = tuple(sorted(k for k in s.codes if not self._resolve_codes([k])
                                       and k not in CATEGORIES))
                result.unused_suppressions.append(
                    Unused(line, col, " ".join(source[s.start:s.end].split()), s.start, s.end, unknown))
        return kept

    def _resolve_codes(self, codes) -> set[str] | None:
        if not codes:
            return None
        out = set()
        for key in codes:
            rule = self.pack.lookup(key)
            if rule is not None:
                out.add(rule.code)
            else:   # a category or a code prefix (WW1), as in select/ignore
                out |= {r.code for r in self.pack.rules if matches_any(r, [key])}
        return out

    @staticmethod
    def _next_text_line(source: str, index: LineIndex, offset: int) -> int:
        """The line after the comment ending at `offset` that has text on it."""
        line = index.line(max(offset - 1, 0))
        starts = index.starts
        while line < len(starts):
            start = starts[line]
            end = starts[line + 1] if line + 1 < len(starts) else len(source)
            if source[start:end].strip():
                return line + 1
            line += 1
        return line + 1


def _chain(first, rest):
    yield first
    yield from rest


def build_pipeline(pack, options: Options):
    """spaCy pipeline for matching: blank English (or --model) plus sentence boundaries."""
    import spacy

    from .component import WinlintRuler

    if options.model:
        try:
            nlp = spacy.load(options.model)
        except OSError as err:
            raise WinlintError(f"cannot load spaCy pipeline {options.model!r}: {str(err).splitlines()[0]}",
                               key="--model") from None
    else:
        nlp = spacy.blank("en")
    # no sentencizer: the engine hands spaCy one sentence per Doc
    disabled = [n for n in nlp.pipe_names if n in ("ner",)] if options.model else []
    for name in disabled:
        nlp.disable_pipe(name)
    ruler = WinlintRuler(nlp, "winlint", pack=pack, select=options.select, ignore=options.ignore,
                         prefilter=options.prefilter and not options.model, stance=options.stance)
    return ruler, nlp
