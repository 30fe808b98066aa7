"""The learned second stage (WW900): score the sentences the rules left alone, and say why.

The model in winlint/model/ (trained by `python -m winlint.train` from training/config.cfg) is
spaCy's `textcat_multilabel` with the TextCatBOW architecture: each lower-cased unigram and bigram
of a sentence is hashed (MurmurHash3, seeds 0 and 1) into two rows of one sparse linear layer, the
rows are summed weighted by the n-gram's count, and one sigmoid per label gives the scores:
ADVERSARIAL, and each of the eight categories. A sentence's score is P(ADVERSARIAL); its category
is the most likely of the eight.

Because the layer is linear, the log-odds of ADVERSARIAL is exactly the bias plus one term per
distinct n-gram, so the explanation is exact: the n-grams with the largest positive terms. `terms`
gets them from thinc's own layers (`ops.ngrams` for the bigram keys, the model's SparseLinear fed
one key per row); `ranked` computes the same numbers for many sentences at once (a test checks
they are equal, bit for bit).

Speed: with the stage on, every sentence the rules leave alone is scored, so the stage must cost
little next to tokenizing. `LearnedStage.find` screens a batch of sentences at once with numpy:
token ids come from a cache of space-separated chunks (no Doc, no Token objects), n-grams are hashed
with a vectorised copy of thinc's MurmurHash, and the log-odds are summed in float64 with a bound on
float32 rounding. Only a sentence the screen cannot rule out gets a Doc and is scored by the model
itself, so scores, hits and explanations are exactly the model's.

Imported only when the stage is on: with it off, linting imports and tokenizes nothing more.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import numpy
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, LIKE_NUM, LOWER, ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from .schema import CATEGORIES

MODEL_DIR = Path(__file__).resolve().parent / "model"
ADVERSARIAL = "ADVERSARIAL"
TOP_WORDS = 3
MAX_CHUNKS = 500_000     # distinct chunks kept by the chunk cache before it starts afresh


class _Lower:
    """A sentence as the model reads it. extract_ngrams asks for the tokens' ORTH ids; the model
    was trained on lower-cased text, so it gets the LOWER ids (the hash of the lower-cased text)."""
    __slots__ = ("ids",)

    def __init__(self, ids):
        self.ids = ids

    def to_array(self, attrs):
        return self.ids


def lower_ids(seg, cache: dict | None = None) -> numpy.ndarray:
    """LOWER ids of a Doc or a Span (a sentence inside a longer Doc: its Doc's array is read once)."""
    if not isinstance(seg, Span):
        return numpy.ascontiguousarray(seg.to_array(LOWER), dtype="uint64")
    doc = seg.doc
    if cache is None:
        ids = doc.to_array(LOWER)
    else:
        ids = cache.get(id(doc))
        if ids is None:
            ids = cache[id(doc)] = doc.to_array(LOWER)
    return numpy.ascontiguousarray(ids[seg.start:seg.end], dtype="uint64")


_M1, _M2, _M3 = 0xCC9E2D51, 0x1B873593, 0xE6546B64


def _rotl(x, r: int):
    return (x << r) | (x >> (32 - r))


def murmur_slots(keys, length: int) -> tuple:
    """The two rows thinc's SparseLinear (v2 indexing) reads for each uint64 key: MurmurHash3_x86_32
    of the key with seeds 0 and 1, modulo `length` (thinc/layers/sparselinear.pyx), vectorised."""
    keys = numpy.asarray(keys, dtype="uint64")
    lo, hi = ((_rotl(part.astype("uint32") * _M1, 15) * _M2) for part in (keys & 0xFFFFFFFF, keys >> 32))
    out = []
    for seed in (0, 1):
        h = lo ^ seed
        h = _rotl(h, 13) * 5 + _M3
        h ^= hi
        h = _rotl(h, 13) * 5 + _M3
        h ^= 8
        h ^= h >> 16
        h *= 0x85EBCA6B
        h ^= h >> 13
        h *= 0xC2B2AE35
        h ^= h >> 16
        out.append((h % length).astype(numpy.intp))
    return tuple(out)


def _plain(text: str) -> bool:
    """A text the chunk cache can read: words separated by single spaces and nothing else that
    spaCy treats as whitespace (" " is the only printable whitespace character)."""
    return bool(text) and text.isprintable() and text[0] != " " and text[-1] != " " and "  " not in text


class Chunks:
    """LOWER ids of the tokens of space-separated chunks, as `tokenizer` splits them.

    spaCy's Tokenizer splits text at whitespace and tokenizes each chunk on its own (its own cache is
    keyed by chunk), so a sentence's tokens are its chunks' tokens in order. Each distinct chunk is
    tokenized once, new ones many to a call; a sentence then costs a dict look-up per word and a few
    numpy calls per batch. tests/test_learned.py checks the ids equal the tokenizer's on whole texts.
    """

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        # sound for spaCy's own Tokenizer unless a special case spans a space ("New York")
        self.sound = type(tokenizer) is Tokenizer and all(
            key.isspace() or not any(c.isspace() for c in key) for key in tokenizer.rules or {})
        self.clear()

    def clear(self):
        self.index: dict[str, int] = {}
        self.words: dict[str, list] = {}                # the token texts of chunks `doc` has read
        self.starts = numpy.zeros(0, dtype="int64")     # per chunk: its first token in self.ids
        self.lens = numpy.zeros(0, dtype="int64")       # per chunk: its number of tokens
        self.ids = numpy.zeros(0, dtype="uint64")
        self.orths = numpy.zeros(0, dtype="uint64")

    def _add(self, chunks: list[str]):
        arr = self.tokenizer(" ".join(chunks)).to_array([LOWER, IDX, ORTH])
        sizes = numpy.fromiter(map(len, chunks), dtype="int64", count=len(chunks))
        begins = numpy.cumsum(sizes + 1) - sizes - 1                  # each chunk's first character
        first = numpy.searchsorted(arr[:, 1].astype("int64"), begins)  # ... and its first token
        self.index.update(zip(chunks, range(len(self.starts), len(self.starts) + len(chunks))))
        self.starts = numpy.concatenate([self.starts, first + len(self.ids)])
        self.lens = numpy.concatenate([self.lens, numpy.diff(first, append=len(arr))])
        self.ids = numpy.concatenate([self.ids, numpy.ascontiguousarray(arr[:, 0])])
        self.orths = numpy.concatenate([self.orths, arr[:, 2]])

    def lowers(self, texts: list[str]):
        """(LOWER ids of the tokens of `texts`, all in one array; tokens per text). Each text must
        be `_plain`."""
        if len(self.index) > MAX_CHUNKS:
            self.clear()
        words = " ".join(texts).split(" ")
        ks = numpy.fromiter(map(self.index.get, words, repeat(-1)), dtype="int64", count=len(words))
        miss = numpy.flatnonzero(ks < 0)
        if len(miss):
            missing = [words[i] for i in miss.tolist()]
            self._add(list(dict.fromkeys(missing)))
            ks[miss] = [self.index[w] for w in missing]
        counts = self.lens[ks]
        ends = numpy.cumsum(counts)
        ids = self.ids[numpy.repeat(self.starts[ks] - ends + counts, counts) + numpy.arange(ends[-1])]
        nwords = numpy.fromiter((t.count(" ") + 1 for t in texts), dtype="int64", count=len(texts))
        return ids, numpy.add.reduceat(counts, numpy.cumsum(nwords) - nwords)

    def doc(self, text: str):
        """The Doc the tokenizer makes of a text just read by `lowers`, from the tokens already known
        (about a third of the cost of tokenizing it again)."""
        vocab = self.tokenizer.vocab
        words, spaces = [], []
        for chunk in text.split(" "):
            tokens = self.words.get(chunk)
            if tokens is None:
                k = self.index[chunk]
                start, n = int(self.starts[k]), int(self.lens[k])
                tokens = self.words[chunk] = ([chunk] if n == 1 else
                                              [vocab.strings[o] for o in self.orths[start:start + n].tolist()])
            words += tokens
            spaces += [False] * (len(tokens) - 1) + [True]
        spaces[-1] = False
        return Doc(vocab, words=words, spaces=spaces)


@dataclass
class Reason:
    text: str              # the words, lower-cased, as the model saw them ("hit back")
    weight: float          # their share of the log-odds of ADVERSARIAL
    start: int             # token offsets in the sentence Doc
    end: int


class Scorer:
    """A trained TextCatBOW model: probabilities, adversarial scores and exact per-n-gram terms."""

    def __init__(self, model, labels, meta: dict | None = None):
        self.model = model
        self.labels = list(labels)
        self.meta = meta or {}
        self.adv = self.labels.index(ADVERSARIAL)
        self.categories = [lab.lower() for lab in self.labels]
        self._category_idx = [i for i, c in enumerate(self.categories) if c in CATEGORIES]
        self._ngrams = next(node for node in model.walk() if node.name == "extract_ngrams")
        self._linear = model.get_ref("output_layer")
        self._make_doc = None
        # ADVERSARIAL's row of the SparseLinear weights, for the screen (float64) and explanations
        # (float32, as thinc adds them)
        length = self._length = self._linear.get_dim("length")
        self._w32 = numpy.asarray(self._linear.get_param("W"), dtype="f")[self.adv * length:(self.adv + 1) * length]
        self._w64 = self._w32.astype("float64")
        self._b32 = numpy.asarray(self._linear.get_param("b"), dtype="f")[self.adv]
        self._chunks = None

    @classmethod
    def load(cls, path: Path = MODEL_DIR) -> "Scorer":
        from spacy.util import registry

        from .errors import WinlintError

        path = Path(path)
        try:
            meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
            data = (path / "model.bin").read_bytes()
        except (OSError, ValueError) as err:
            raise WinlintError(f"cannot load the learned model ({err}); retrain it with `python -m winlint.train`",
                               path=str(path)) from None
        model = registry.resolve({"model": meta["architecture"]})["model"]
        model.from_bytes(data)
        return cls(model, meta["labels"], meta)

    @property
    def threshold(self) -> float:
        return float(self.meta.get("threshold", 0.5))

    # -- scores -------------------------------------------------------------------------------
    def probs(self, segs) -> numpy.ndarray:
        """(len(segs), len(labels)) scores of Docs or Spans; one without tokens scores 0."""
        out = numpy.zeros((len(segs), len(self.labels)), dtype="f")
        keep = [i for i, seg in enumerate(segs) if len(seg)]
        if keep:
            cache: dict = {}
            out[keep] = self.model.predict([_Lower(lower_ids(segs[i], cache)) for i in keep])
        return out

    def screen(self, segs, tokenizer=None):
        """(log-odds of ADVERSARIAL, error bound) per Doc, Span or string (tokenized by `tokenizer`,
        a spaCy Tokenizer), in float64. thinc sums the same terms in float32: its log-odds lie
        within the bound of these (recursive summation: n addends, error <= n * 2**-24 * sum|term|;
        the bound doubles that)."""
        n = len(segs)
        logit, bound = numpy.zeros(n), numpy.zeros(n)
        if tokenizer is not None and (self._chunks is None or self._chunks.tokenizer is not tokenizer):
            self._chunks = Chunks(tokenizer)
        # strings go through the chunk cache where it is sound; others are tokenized whole
        chunked = tokenizer is not None and self._chunks.sound
        fast = [i for i, seg in enumerate(segs) if chunked and isinstance(seg, str) and _plain(seg)]
        if fast:
            ids, lens = self._chunks.lowers([segs[i] for i in fast])
            logit[fast], bound[fast] = self._logits(ids, lens)
        if len(fast) < n:
            done = set(fast)
            rest = [i for i in range(n) if i not in done]
            cache: dict = {}
            arrays = [numpy.ascontiguousarray(tokenizer(segs[i]).to_array(LOWER), dtype="uint64")
                      if isinstance(segs[i], str) else lower_ids(segs[i], cache) for i in rest]
            logit[rest], bound[rest] = self._logits(numpy.concatenate(arrays), [len(a) for a in arrays])
        return logit, bound

    def doc(self, text: str, tokenizer):
        """The Doc of a string `screen` just read."""
        if self._chunks is not None and self._chunks.tokenizer is tokenizer and self._chunks.sound and _plain(text):
            return self._chunks.doc(text)
        return tokenizer(text)

    def _logits(self, ids, lens):
        """`screen` for token ids of several sentences in one array, `lens` tokens each."""
        lens = numpy.asarray(lens, dtype="int64")
        m = len(lens)
        sid = numpy.repeat(numpy.arange(m), lens)         # each token's sentence
        total, size = numpy.zeros(m), numpy.zeros(m)
        for n in range(1, self._ngrams.attrs["ngram_size"] + 1):
            if len(ids) < n:
                break
            if n == 1:
                keys, owner = ids, sid
            else:
                inside = sid[n - 1:] == sid[:len(sid) - n + 1]    # no n-gram across two sentences
                keys, owner = self._linear.ops.ngrams(n, ids)[inside], sid[n - 1:][inside]
            one, two = murmur_slots(keys, self._length)
            w1, w2 = self._w64[one], self._w64[two]
            total += numpy.bincount(owner, w1 + w2, minlength=m)
            size += numpy.bincount(owner, numpy.abs(w1) + numpy.abs(w2), minlength=m)
        b = float(self._b32)
        addends = 2 * self._ngrams.attrs["ngram_size"] * lens + 4
        return b + total, addends * 2.0 ** -23 * (abs(b) + size)

    def adversarial(self, probs) -> numpy.ndarray:
        return numpy.asarray(probs)[:, self.adv]

    def category(self, probs_row) -> str:
        """The most likely of the eight categories."""
        best = max(self._category_idx, key=lambda i: probs_row[i])
        return self.categories[best]

    def score_texts(self, texts) -> numpy.ndarray:
        """Scores for plain strings, tokenized like the linter does (blank English)."""
        if self._make_doc is None:
            import spacy
            self._make_doc = spacy.blank("en").make_doc
        return self.probs([self._make_doc(t) for t in texts])

    # -- explanation --------------------------------------------------------------------------
    def terms(self, doc):
        """Per distinct n-gram of `doc` (a Doc or Span): (token start, token end, count, per-label
        term), and the bias. Offsets are relative to `doc`; the first occurrence is named.

        logits = bias + sum(terms): exactly what the model's SparseLinear computes for `doc`.
        """
        lowers = lower_ids(doc)
        ops = self._linear.ops
        keys, where = [lowers], [(i, i + 1) for i in range(len(lowers))]
        for n in range(2, self._ngrams.attrs["ngram_size"] + 1):
            grams = ops.ngrams(n, lowers)
            keys.append(numpy.asarray(grams, dtype="uint64"))
            where += [(i, i + n) for i in range(len(grams))]
        keys = numpy.concatenate(keys) if len(lowers) else numpy.zeros((0,), dtype="uint64")
        uniq, first, counts = numpy.unique(keys, return_index=True, return_counts=True)
        bias = numpy.asarray(self._linear.get_param("b"), dtype="f")
        if not len(uniq):
            return [], bias
        rows = self._linear.predict((uniq, numpy.ones(len(uniq), dtype="f"),
                                     numpy.ones(len(uniq), dtype="int32"))) - bias
        return [(*where[f], int(c), rows[k] * c) for k, (f, c) in enumerate(zip(first, counts))], bias

    def ranked(self, segs) -> list[list[tuple]]:
        """Per Doc or Span: (ADVERSARIAL term, start, end) of each distinct n-gram whose term is
        positive, largest first (ties: later n-grams first). The same terms as `terms` gives, with
        the same arithmetic (float32, as thinc's SparseLinear adds), for many sentences at once."""
        m = len(segs)
        cache: dict = {}
        lowers = [lower_ids(seg, cache) for seg in segs]
        lens = numpy.fromiter(map(len, lowers), dtype="int64", count=m)
        ids = numpy.concatenate(lowers) if m else numpy.zeros(0, dtype="uint64")
        sid = numpy.repeat(numpy.arange(m), lens)
        pos = numpy.arange(len(ids)) - numpy.repeat(numpy.cumsum(lens) - lens, lens)
        keys, owner, start, size = [ids], [sid], [pos], [numpy.ones(len(ids), dtype="int64")]
        for n in range(2, self._ngrams.attrs["ngram_size"] + 1):
            if len(ids) < n:
                break
            inside = sid[n - 1:] == sid[:len(sid) - n + 1]
            keys.append(self._linear.ops.ngrams(n, ids)[inside])
            owner.append(sid[n - 1:][inside])
            start.append(pos[:len(pos) - n + 1][inside])
            size.append(numpy.full(int(inside.sum()), n, dtype="int64"))
        keys, owner, start, size = map(numpy.concatenate, (keys, owner, start, size))
        # group equal n-grams of a sentence; the group's first is its first occurrence, as
        # numpy.unique(return_index=True) finds it in `terms` (unigrams, then bigrams, by position)
        order = numpy.lexsort((start, size, keys, owner))
        keys, owner, start, size = keys[order], owner[order], start[order], size[order]
        first = numpy.flatnonzero(numpy.concatenate([[True], (keys[1:] != keys[:-1]) | (owner[1:] != owner[:-1])]))
        counts = numpy.diff(first, append=len(keys))
        keys, owner, start, size = keys[first], owner[first], start[first], size[first]
        one, two = murmur_slots(keys, self._length)
        # as `terms`: the float32 row thinc computes for the n-gram alone, times its count in float64
        weight = (((self._b32 + self._w32[one]) + self._w32[two]) - self._b32).astype("float64") * counts
        keep = weight > 0
        weight, owner, start, end = weight[keep], owner[keep], start[keep], start[keep] + size[keep]
        order = numpy.lexsort((-end, -start, -weight, owner))
        bounds = numpy.searchsorted(owner[order], numpy.arange(m + 1)).tolist()
        triples = list(zip(weight[order].tolist(), start[order].tolist(), end[order].tolist()))
        return [triples[a:b] for a, b in zip(bounds, bounds[1:])]

    def explain(self, doc, top: int = TOP_WORDS) -> list[Reason]:
        """The few n-grams that most raise the log-odds of ADVERSARIAL in `doc`, largest first.

        N-grams are ranked by their exact term. One that lies inside an n-gram already chosen, or
        overlaps one partly, is skipped, so the words shown are distinct; a bigram that contains a
        chosen unigram replaces it and adds its term. Punctuation at the edges is not shown, and
        n-grams of punctuation only not at all.
        """
        return self.explain_many([doc], top)[0]

    def explain_many(self, segs, top: int = TOP_WORDS) -> list[list[Reason]]:
        """`explain` for many Docs or Spans, their terms computed together."""
        return [self._choose(seg, ranked, top) for seg, ranked in zip(segs, self.ranked(segs))]

    @staticmethod
    def _choose(doc, ranked, top: int) -> list[Reason]:
        # per token: is_alpha, like_num, is_punct, is_space (one array: no Token objects)
        alpha, num, punct, space = doc.to_array([IS_ALPHA, LIKE_NUM, IS_PUNCT, IS_SPACE]).T.tolist()
        chosen: list[list] = []          # [start, end, weight]
        for weight, s, e in ranked:
            if weight <= 0 or len(chosen) == top:
                break
            if not any(alpha[i] or num[i] for i in range(s, e)):
                continue
            inside = [c for c in chosen if s <= c[0] and c[1] <= e]
            if any(c[0] < e and s < c[1] for c in chosen if c not in inside):
                continue
            for c in inside:
                chosen.remove(c)
            chosen.append([s, e, weight + sum(c[2] for c in inside)])
        out = []
        for s, e, weight in sorted(chosen, key=lambda c: -c[2]):
            while punct[s] or space[s]:
                s += 1
            while punct[e - 1] or space[e - 1]:
                e -= 1
            out.append(Reason(doc[s:e].text.lower(), weight, s, e))
        return out


@dataclass
class LearnedHit:
    """What the engine turns into a WW900 finding (the same shape as a rule's Hit)."""
    rule: object
    start: int
    end: int
    score: float
    category: str
    reasons: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    doc: object = field(default=None, repr=False, compare=False)   # the Doc made for a sentence given as a string

    @property
    def message(self) -> str:
        words = ", ".join(f"'{r.text}'" for r in self.reasons) or "no single word"
        return (self.rule.message.replace("{category}", self.category.replace("_", " "))
                .replace("{score}", f"{self.score:.2f}").replace("{words}", words))


class LearnedStage:
    """Scores sentences in batches; a sentence at or above the threshold becomes a LearnedHit."""

    def __init__(self, rule, threshold: float | None = None, path: Path = MODEL_DIR):
        self.rule = rule
        self.scorer = Scorer.load(path)
        self.threshold = self.scorer.threshold if threshold is None else float(threshold)
        self.cutoff = screen_cutoff(self.threshold)

    def find(self, segs, tokenizer=None) -> list:
        """One LearnedHit or None per sentence the rules did not flag: a Doc, a Span of a longer Doc,
        or a string, tokenized by `tokenizer` (a spaCy Tokenizer: the linter's). A hit's start and
        end are token offsets in the sentence's Doc (`hit.doc` for a string).

        The screen rules out most sentences; the rest are scored by the model itself, so a score
        and the hit it makes are exactly the model's.
        """
        if not segs:
            return []
        scorer = self.scorer
        logit, bound = scorer.screen(segs, tokenizer)
        out = [None] * len(segs)
        maybe = numpy.flatnonzero(logit + bound >= self.cutoff).tolist()
        if not maybe:
            return out
        docs = [scorer.doc(segs[i], tokenizer) if isinstance(segs[i], str) else segs[i] for i in maybe]
        probs = scorer.probs(docs)
        hits = [k for k, score in enumerate(scorer.adversarial(probs)) if not score < self.threshold]
        reasons = scorer.explain_many([docs[k] for k in hits])
        for k, why in zip(hits, reasons):
            seg = docs[k]
            base = seg.start if isinstance(seg, Span) else 0     # token offset in the sentence's Doc
            end = len(seg)
            while end > 0 and seg[end - 1].is_space:
                end -= 1
            made = seg if isinstance(segs[maybe[k]], str) else None
            out[maybe[k]] = LearnedHit(self.rule, base, base + end, float(probs[k, scorer.adv]),
                                       scorer.category(probs[k]), why, list(self.rule.suggestions), made)
        return out


def screen_cutoff(threshold: float) -> float:
    """Log-odds below which thinc's float32 sigmoid stays below `threshold`, with room for its
    rounding (a few ulp of the score, i.e. about 1e-7 / (t * (1 - t)) in log-odds)."""
    if threshold <= 0:
        return -math.inf
    t = min(threshold, 1 - 2.0 ** -20)    # a float32 score reaches 1.0 only above about 16.6
    return math.log(t / (1 - t)) - 1e-3 - 1e-6 / (t * (1 - t))


class LearnedComponent:
    """`nlp.add_pipe("winlint_learned")`, after "winlint": WW900 spans (doc.spans["winlint_learned"],
    `span._.winlint` = the LearnedHit as plain data) for the sentences no winlint span overlaps. Sentences come
    from the pipeline (a parser, senter or sentencizer); without any, the whole Doc is one."""

    def __init__(self, nlp, name: str, threshold: float | None, spans_key: str, rules_key: str):
        from . import component, loader  # noqa: F401  (component registers Span._.winlint)

        rule = next((r for r in loader.load().rules if r.kind == "model"), None)
        if rule is None:
            from .errors import WinlintError
            raise WinlintError("no rule of kind model in the built-in rules")
        self.name, self.spans_key, self.rules_key = name, spans_key, rules_key
        self.stage = LearnedStage(rule, threshold)

    def __call__(self, doc):
        from spacy.tokens import SpanGroup

        taken = list(doc.spans[self.rules_key]) if self.rules_key in doc.spans else []
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        free = [s for s in sents if len(s) and not any(t.start < s.end and s.start < t.end for t in taken)]
        group = SpanGroup(doc, name=self.spans_key)
        for hit in self.stage.find(free):
            if hit is not None:
                span = Span(doc, hit.start, hit.end, label=hit.rule.code, span_id=hit.rule.name)
                span._.winlint = {"rule": hit.rule.code, "name": hit.rule.name, "category": hit.category,
                                  "level": hit.rule.level, "step": hit.rule.step, "score": hit.score,
                                  "message": hit.message, "suggestions": list(hit.suggestions),
                                  "reasons": [r.text for r in hit.reasons]}
                group.append(span)
        doc.spans[self.spans_key] = group
        return doc
