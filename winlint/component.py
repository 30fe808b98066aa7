"""The winlint spaCy component: compiled rules -> matches -> doc.spans["winlint"].

Each span's label is the rule code and its id the rule name; `span._.winlint`
holds the Hit (rule, named captures, filled suggestions). Token patterns live
in one Matcher per rule so that only the rules the pre-filter lets through
are run; phrases share one PhraseMatcher, whose cost does not grow with the
number of phrases.
"""
from __future__ import annotations

import bisect
import itertools
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy
from spacy.attrs import LOWER, SENT_START
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup

from . import gate, loader, reframe
from .prefilter import Prefilter
from .schema import LEVEL_RANK, Rule
from .selection import select_codes
from .stance import Stance, load_cues, tokens_of
from .stance.cues import normalize
from .stance.judge import NEXT_WORDS
from .stance import quotes

SPANS_KEY = "winlint"

if not Span.has_extension("winlint"):
    Span.set_extension("winlint", default=None)


@dataclass
class Hit:
    rule: Rule
    start: int                      # token offsets in the doc
    end: int
    captures: dict = field(default_factory=dict)     # name -> (start, end) token offsets
    suggestions: list = field(default_factory=list)
    pattern: int = -1               # the rule's pattern index (-1: a phrase), to break ties the same way every run

    def capture_text(self, doc: Doc) -> dict[str, str]:
        return {name: doc[s:e].text for name, (s, e) in self.captures.items()}

    def to_data(self, doc: Doc) -> dict:
        """What `span._.winlint` holds: plain data, so Docs serialize (to_bytes, DocBin, n_process)."""
        rule = self.rule
        return {"rule": rule.code, "name": rule.name, "category": rule.category, "level": rule.level,
                "step": rule.step, "captures": self.capture_text(doc), "suggestions": list(self.suggestions)}


class WinlintRuler:
    def __init__(self, nlp: Language, name: str = "winlint", *, rules: list[str] = (), builtin: bool = True,
                 select: list[str] = (), ignore: list[str] = (), spans_key: str = SPANS_KEY,
                 prefilter: bool = True, stance: bool = True, pack: loader.RulePack | None = None):
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.config = {"rules": list(rules), "builtin": builtin, "select": list(select),
                       "ignore": list(ignore), "prefilter": prefilter, "stance": stance}
        self.stance = Stance(load_cues(tokenizer=nlp.tokenizer)) if stance else None
        folders = ([loader.builtin_rules_dir()] if builtin else []) + [Path(r) for r in rules]
        self.missing = None     # a configured rule folder that is gone: from_disk may still bring the rules
        if pack is None and not all(f.is_dir() for f in folders):
            self.missing = next(f for f in folders if not f.is_dir())
            folders = []
        self.pack = pack or (loader.load(folders) if folders else loader.RulePack([], {}, {}, {}))
        self.warn_skipped = pack is None      # a caller handing in its pack (the engine) tells the user itself
        self._compile(nlp)

    # -- compile ---------------------------------------------------------------
    def _compile(self, nlp: Language) -> None:
        pack = self.pack
        codes = select_codes(pack, self.config["select"], self.config["ignore"])
        provided = _provided(nlp)
        self.skipped = sorted(c for c in codes if any(p.needs - provided for p in pack.patterns[c]))
        if self.skipped and getattr(self, "warn_skipped", True):
            warnings.warn(f"winlint: {len(self.skipped)} rule(s) need annotations this pipeline does not "
                          f"provide and are skipped: {', '.join(self.skipped)}", stacklevel=2)
        codes -= set(self.skipped)
        self.rules = {r.code: r for r in pack.rules if r.code in codes}
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        # one Matcher per token pattern: the pre-filter names the few patterns worth running on a
        # text, and a Matcher's cost grows with every pattern it holds
        self.matchers: dict[str, Matcher] = {}                   # canonical pattern -> Matcher
        self.gates = gate.Screen(pack) if self.config["prefilter"] else None   # gate regexes
        self.pattern_keys: dict[tuple[str, int], str] = {}
        self.pattern_source: dict[str, object] = {}               # canonical pattern -> Compiled
        self.anchor_hashes: dict[tuple[str, int], "numpy.ndarray | None"] = {}   # made on first need
        self.unless: dict[str, tuple[Matcher | None, PhraseMatcher | None]] = {}  # made on first need
        self.capture_maps: dict[str, tuple] = {}
        self.phrase_codes: set[str] = set()
        for code in sorted(codes):
            phrase_docs = []
            for i, c in enumerate(pack.patterns[code]):
                if c.kind == "phrase":
                    phrase_docs.append(nlp.make_doc(c.phrase))
                else:
                    # the Matcher is built on first use (start-up pays only for patterns a text
                    # needs), and shared by rules whose patterns are identical (one call for all)
                    self.pattern_keys[(code, i)] = c.key
                    self.pattern_source.setdefault(c.key, c)
            if phrase_docs:
                self.phrases.add(code, phrase_docs)
                self.phrase_codes.add(code)
        self._prefilter = None
        self.codes = codes

    @property
    def prefilter(self) -> Prefilter | None:
        """For spaCy users' Docs (the engine runs its own); built on first need."""
        if self._prefilter is None and self.config["prefilter"]:
            self._prefilter = Prefilter(self.pack, self.codes)
        return self._prefilter

    def _anchors(self, code: str, i: int):
        """The hashes of a pattern's anchor words, for matching near them in long Docs."""
        if (code, i) not in self.anchor_hashes:
            c = self.pack.patterns[code][i]
            self.anchor_hashes[(code, i)] = numpy.array(
                sorted(self.nlp.vocab.strings.add(w) for w in c.anchors), dtype="uint64") \
                if c.anchors and self.config["prefilter"] else None
        return self.anchor_hashes[(code, i)]

    def _unless(self, code: str):
        """A rule's exception matchers (token patterns, phrases), built on first need."""
        if code not in self.unless:
            tokens = [c for c in self.pack.unless.get(code, ()) if c.kind == "tokens"]
            docs = [self.nlp.make_doc(c.phrase) for c in self.pack.unless.get(code, ()) if c.kind == "phrase"]
            pm = None
            if docs:
                pm = PhraseMatcher(self.nlp.vocab, attr="LOWER")
                pm.add(code, docs)
            self.unless[code] = (self._matcher(self.nlp, f"{code}!unless", tokens) if tokens else None, pm)
        return self.unless[code]

    def _pattern_matcher(self, key: str) -> Matcher:
        matcher = self.matchers.get(key)
        if matcher is None:
            matcher = self.matchers[key] = self._matcher(self.nlp, key, [self.pattern_source[key]])
        return matcher

    def _matcher(self, nlp, key: str, compiled: list) -> Matcher:
        matcher = Matcher(nlp.vocab)
        matcher.add(key, [c.tokens for c in compiled], greedy="LONGEST")
        self.capture_maps[key] = compiled[0].captures
        return matcher

    # -- match -----------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        hits = self.find(doc)
        group = SpanGroup(doc, name=self.spans_key)
        for hit in hits:
            span = Span(doc, hit.start, hit.end, label=hit.rule.code, span_id=hit.rule.name)
            span._.winlint = hit.to_data(doc)
            group.append(span)
        doc.spans[self.spans_key] = group
        return doc

    def pipe(self, stream, batch_size: int = 128):
        for doc in stream:
            yield self(doc)

    def active(self, text: str) -> dict[str, set[int] | None]:
        """Candidate patterns per rule ({code: indices}, None = all) for a text."""
        if self.prefilter is None:
            return dict.fromkeys(self.rules)
        return self.prefilter.active(text)

    def find(self, doc: Doc, active: dict | None = None, after: str = "",
             context: quotes.Context | None = None, reframes: bool = True, screened: bool = False) -> list[Hit]:
        """Hits in `doc` the writer endorses. `after`: the text that follows the Doc (the next
        sentence, for the engine's one-sentence Docs), where a turn or a verdict may come;
        `context`: where the Doc sits in its paragraph's quotes (None: the Doc is the paragraph);
        `reframes`: fill each hit's suggestions (most of the cost of a hit); `screened`: `active`
        already passed the gates (the engine's gate.Screen), which are then not run again."""
        if self.missing is not None:
            from .errors import WinlintError
            raise WinlintError("rule folder not found (and no saved rules were loaded)", path=str(self.missing))
        if active is None:
            active = self.active(doc.text)
        if not active:
            return []
        strings = doc.vocab.strings
        hits = []
        if self.phrase_codes.intersection(active):
            for match_id, start, end in self.phrases(doc):
                code = strings[match_id]
                if code in active:
                    hits.append(Hit(self.rules[code], start, end))
        # Token patterns match within a sentence. In a Doc of several sentences (a spaCy user's),
        # only near the pattern's rarest required word, within the longest match the pattern
        # allows: a Matcher call walks every token it is given. Overlapping windows are merged,
        # so greedy matches are never cut short. (For one short sentence numpy costs more.)
        lowers, bounds = _sentences(doc)
        every = [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]
        seen: dict[tuple, list] = {}     # (pattern, window) -> matches, for rules sharing a pattern
        text = None                      # the Doc as the gates read it, made on first need
        for code, indices in active.items():
            rule = self.rules.get(code)
            if rule is None:
                continue
            if indices is None:
                indices = range(len(self.pack.patterns[code]))
            for i in indices:
                key = self.pattern_keys.get((code, i))
                if key is None:
                    continue
                check = self.gates.regex(self.pattern_source[key].gate) if self.gates and not screened else None
                if check is not None:
                    if text is None:
                        text = self.gates.doc_string(doc) or ""    # "": the gates step aside
                    if text and not check.search(text):
                        continue
                anchors = self._anchors(code, i) if len(every) > 1 else None
                if anchors is None:   # one sentence (the engine's case): all of it
                    windows = every
                else:
                    if lowers is None:
                        lowers = doc.to_array(LOWER)
                    windows = _windows(lowers, bounds, anchors, self.pack.patterns[code][i].maxlen)
                for s, e in windows:
                    matches = seen.get((key, s, e))
                    if matches is None:
                        window = doc if (s, e) == (0, len(doc)) else doc[s:e]
                        matches = seen[(key, s, e)] = self._pattern_matcher(key)(window, with_alignments=True)
                    for match_id, start, end, align in matches:
                        captures = _captures(self.capture_maps[strings[match_id]], s + start, align)
                        hits.append(Hit(rule, s + start, s + end, captures, pattern=i))
        excepted = _Exceptions(self, doc)
        hits = [h for h in hits if not excepted(h)]
        if hits and self.stance is not None:
            memo: dict = {}     # per sentence: its words and cue positions, found once for all its hits
            quoted = self.quoted(doc, [(h.start, h.end) for h in hits], after, context)
            hits = [h for h, q in zip(hits, quoted)
                    if self.stance_of(doc, h.start, h.end, h.rule.negatable, after, memo, q) is None]
        hits = resolve_overlaps(hits)
        if reframes:
            spans = [(h.start, h.end) for h in hits]       # one list for all: a long text has many hits
            for hit in hits:
                hit.suggestions = suggestions(hit, doc, spans)
        return hits

    def quoted(self, doc: Doc, spans: list[tuple[int, int]], after: str = "",
               context: quotes.Context | None = None) -> list[bool]:
        """For each token range, whether it lies in someone else's quoted words (quotes.py).
        The Doc is read once, left to right, whatever the number of ranges."""
        context = context or quotes.Context.of(doc.text)
        text, cues = doc.text, self.stance.cues
        order = sorted(range(len(spans)), key=lambda k: doc[spans[k][0]].idx)
        reported = context.reported(cues)      # the paragraph's shapes: a saying's label, a chat log...
        out = [False] * len(spans)
        state, pos = context.state, 0
        for k in order:
            start, end = spans[k]
            s_char, e_char = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
            if context.signed_at is not None and e_char <= context.signed_at \
                    or any(a <= s_char and e_char <= b for a, b in reported):
                out[k] = True
                continue
            state, pos = quotes.scan(text, pos, s_char, state), s_char
            if state is not None and (quotes.closes(text, e_char) or quotes.closes(after)):
                lead = context.lead if state[1] < 0 else text[max(0, state[1] - quotes.LEAD_CHARS):state[1]]
                out[k] = not quotes.own_words(lead, cues.speakers, cues.speech)
        return out

    def stance_of(self, doc: Doc, start: int, end: int, negatable: bool = True, after: str = "",
                  memo: dict | None = None, quoted: bool = False) -> str | None:
        """The stance cue that cancels doc[start:end] (None: the writer endorses it), judged within
        its sentence and the start of the next one. `memo` keeps each sentence's words and cue
        positions between calls, so many hits in one long sentence cost one pass over it."""
        sent = doc[start].sent if doc.has_annotation("SENT_START") else doc[:]
        memo = {} if memo is None else memo
        known = memo.get(sent.start)
        if known is None:
            if sent.end < len(doc):
                nxt = tokens_of(doc[sent.end:min(len(doc), sent.end + 12)])
            else:
                nxt = self._next_words(after)
            known = memo[sent.start] = (tokens_of(sent), nxt, {})
        words, nxt, found = known
        return self.stance.judge(words, start - sent.start, end - sent.start, nxt, negatable=negatable, found=found,
                                 quoted=quoted)

    def _next_words(self, after: str) -> list[str]:
        """The normalized first words of the text after a one-sentence Doc, tokenized as spaCy
        would: by the gates' chunker when the text is compacted (no Doc made), else by spaCy."""
        if not after.strip():
            return []
        chunks = self.gates.chunks if self.gates else None
        rest = after.lstrip(" ")
        words = chunks.words(rest, NEXT_WORDS) if chunks else None
        if words is None:
            return tokens_of(self.nlp.tokenizer(after[:160]))
        lead = after[:len(after) - len(rest)]
        return [normalize(w) for w in ([lead] if lead else []) + words]   # spaCy's token for the spaces

    # -- serialization: the component's data is its rule folder -------------------
    def to_disk(self, path, *, exclude=tuple()):
        """Copy the rule files (and the lists.yaml files they use) into `path/rules`.

        Everything is read before anything is replaced, so saving a loaded pipeline back into
        its own folder works; the new folder is written beside the old one, then swapped in.
        """
        import shutil
        import tempfile
        path = Path(path)
        files: dict[Path, bytes] = {}
        roots: list[Path] = []
        for rule in self.pack.rules:
            src = Path(rule.path)
            files[Path(rule.category) / src.name] = src.read_bytes()
            # the folder the rule was loaded from: root/<category>/rule.yaml, else the rule's own folder
            root = (src.parent.parent if src.parent.name == rule.category else src.parent).resolve()
            if root not in roots:
                roots.append(root)
        # every lists.yaml under those folders (the loader reads them all), at the same relative place
        for i, root in enumerate(roots):
            for lists in sorted(root.rglob(loader.LISTS_FILE)):
                rel = lists.relative_to(root)
                if rel in files:
                    rel = Path("more", str(i)) / rel
                files[rel] = lists.read_bytes()
        path.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".rules-", dir=path))
        try:
            for rel, data in files.items():
                dest = staging / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
            target = path / "rules"
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)

    def from_disk(self, path, *, exclude=tuple()):
        folder = Path(path) / "rules"
        self.pack = loader.load([folder])
        self.missing = None
        self._compile(self.nlp)
        return self


def _provided(nlp: Language) -> frozenset:
    provided = set()
    for _, pipe in nlp.pipeline:
        assigns = nlp.get_pipe_meta(_pipe_name(nlp, pipe)).assigns if _pipe_name(nlp, pipe) else []
        text = " ".join(assigns)
        if "pos" in text:
            provided.add("POS")
        if "tag" in text:
            provided.add("TAG")
        if "dep" in text or "head" in text:
            provided |= {"DEP", "HEAD"}
        if "morph" in text:
            provided.add("MORPH")
        if "ent" in text:
            provided |= {"ENT_TYPE", "ENT_IOB", "ENT_ID"}
    return frozenset(provided)


def _pipe_name(nlp: Language, pipe) -> str | None:
    for name, p in nlp.pipeline:
        if p is pipe:
            return name
    return None


def _sentences(doc: Doc):
    """Lower-case hashes of the tokens, and sentence boundaries [0, ..., len(doc)]."""
    if not doc.has_annotation("SENT_START"):
        return None, [0, len(doc)]
    arr = doc.to_array([LOWER, SENT_START])
    starts = numpy.flatnonzero(arr[:, 1].astype("int64") == 1)
    bounds = numpy.unique(numpy.concatenate(([0], starts, [len(doc)])))
    return arr[:, 0], bounds.tolist()


def _windows(lowers, bounds, anchors, maxlen) -> list[tuple[int, int]]:
    """Token ranges to match in: around each anchor token, within its sentence, merged."""
    positions = numpy.flatnonzero(numpy.isin(lowers, anchors)).tolist()
    out: list[list[int]] = []
    k = 0
    for p in positions:
        while bounds[k + 1] <= p:
            k += 1
        lo, hi = bounds[k], bounds[k + 1]
        if maxlen is not None:
            lo, hi = max(lo, p - maxlen + 1), min(hi, p + maxlen)
        if out and lo <= out[-1][1] and out[-1][0] >= bounds[k]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(a, b) for a, b in out]


def _captures(capture_map: tuple, start: int, align: list[int]) -> dict:
    out: dict[str, list[int]] = {}
    for offset, position in enumerate(align):
        name = capture_map[position] if position < len(capture_map) else None
        if name:
            i = start + offset
            if name in out:
                out[name][1] = i + 1
            else:
                out[name] = [i, i + 1]
    return {k: tuple(v) for k, v in out.items()}


class _Exceptions:
    """A rule's `unless` matches in one Doc, found once per rule however many hits it has (a long
    unsplit "sentence" can hold thousands of hits)."""

    def __init__(self, ruler: WinlintRuler, doc: Doc):
        self.ruler, self.doc = ruler, doc
        self.spans: dict[str, tuple[list, list]] = {}    # code -> (starts, furthest end so far)

    def __call__(self, hit: Hit) -> bool:
        code = hit.rule.code
        if not self.ruler.pack.unless.get(code):
            return False
        found = self.spans.get(code)
        if found is None:
            spans = sorted((m[1], m[2]) for matcher in self.ruler._unless(code) if matcher is not None
                           for m in matcher(self.doc))
            reach = list(itertools.accumulate((e for _, e in spans), max))   # furthest end so far
            found = self.spans[code] = ([s for s, _ in spans], reach)
        starts, reach = found
        i = bisect.bisect_left(starts, hit.end)       # spans that start before the hit ends
        return i > 0 and reach[i - 1] > hit.start     # ... one of which ends after it starts


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """One finding per stretch of text: longer (more specific) matches win, then severity, then code;
    between two patterns of one rule on the same words, more captures (a fuller reframe), then the
    earlier pattern: the same choice whatever order the candidates came in."""
    hits.sort(key=lambda h: (-(h.end - h.start), -LEVEL_RANK[h.rule.level], h.rule.code, h.start,
                             -len(h.captures), h.pattern))
    taken: list[Hit] = []        # kept in position order; they never overlap, so ends rise with starts
    starts: list[int] = []
    for hit in hits:
        i = bisect.bisect_left(starts, hit.end)        # taken hits that start before this one ends
        if i == 0 or taken[i - 1].end <= hit.start:
            taken.insert(i, hit)
            starts.insert(i, hit.start)
    return taken


def suggestions(hit: Hit, doc: Doc, others=()) -> reframe.Suggestions:
    """Rewrites then questions, as strings; their kinds, steps and ranges in `.reframes`. `others`:
    the token ranges of the Doc's findings."""
    return reframe.suggest(hit.rule, doc, hit.start, hit.end, hit.captures, others)


@Language.factory(
    "winlint_ruler",
    assigns=["doc.spans"],
    default_config={"rules": [], "builtin": True, "select": [], "ignore": [], "spans_key": SPANS_KEY,
                    "prefilter": True, "stance": True},
)
def make_winlint_ruler(nlp: Language, name: str, rules: list[str], builtin: bool, select: list[str],
                       ignore: list[str], spans_key: str, prefilter: bool, stance: bool = True) -> WinlintRuler:
    return WinlintRuler(nlp, name, rules=rules, builtin=builtin, select=select, ignore=ignore,
                        spans_key=spans_key, prefilter=prefilter, stance=stance)


def _registered(name: str) -> bool:
    """Whether a factory is registered, without loading every spacy_factories entry point
    (`Language.factories` does, which would import the learned stage with the rules)."""
    import catalogue

    return catalogue.check_exists("spacy", "factories", name)


# `nlp.add_pipe("winlint")` for spaCy users (registered through the spacy_factories entry point too)
if not _registered("winlint"):
    Language.factory("winlint", assigns=["doc.spans"],
                     default_config={"rules": [], "builtin": True, "select": [], "ignore": [],
                                     "spans_key": SPANS_KEY, "prefilter": True, "stance": True})(make_winlint_ruler)


# the learned stage's factory lives here, importing the stage only when a pipeline adds it: spaCy
# loads every spacy_factories entry point whenever a Language is made
@Language.factory("winlint_learned", assigns=["doc.spans"],
                  default_config={"threshold": None, "spans_key": "winlint_learned", "rules_key": SPANS_KEY})
def make_learned_stage(nlp: Language, name: str, threshold: float | None, spans_key: str, rules_key: str):
    from .learned import LearnedComponent

    return LearnedComponent(nlp, name, threshold, spans_key, rules_key)
