"""The learned second stage (WW900): score the sentences the rules left alone, and say why.

The model in winlint/model/ (trained by `python -m winlint.train` from training/config.cfg) is
spaCy's `textcat_multilabel` with the TextCatBOW architecture: each lower-cased unigram and bigram
of a sentence is hashed (MurmurHash3, seeds 0 and 1) into two rows of one sparse linear layer, the
rows are summed weighted by the n-gram's count, and one sigmoid per label gives the scores:
ADVERSARIAL, and each of the eight categories. A sentence's score is P(ADVERSARIAL); its category
is the most likely of the eight.

Because the layer is linear, the log-odds of ADVERSARIAL is exactly the bias plus one term per
distinct n-gram, so the explanation is exact: the n-grams with the largest positive terms. The terms come from thinc's own layers (`ops.ngrams` for the bigram keys,
the model's SparseLinear fed one key per row), so they hash exactly as the model does.

Imported only when the stage is on: with it off, linting imports and tokenizes nothing more.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Span

from .schema import CATEGORIES

MODEL_DIR = Path(__file__).resolve().parent / "model"
ADVERSARIAL = "ADVERSARIAL"
TOP_WORDS = 3


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

    def explain(self, doc, top: int = TOP_WORDS) -> list[Reason]:
        """The few n-grams that most raise the log-odds of ADVERSARIAL in `doc`, largest first.

        N-grams are ranked by their exact term. One that lies inside an n-gram already chosen, or
        overlaps one partly, is skipped, so the words shown are distinct; a bigram that contains a
        chosen unigram replaces it and adds its term. Punctuation at the edges is not shown, and
        n-grams of punctuation only not at all.
        """
        terms, _ = self.terms(doc)
        ranked = sorted(((float(t[self.adv]), s, e) for s, e, _, t in terms), reverse=True)
        chosen: list[list] = []          # [start, end, weight]
        for weight, s, e in ranked:
            if weight <= 0 or len(chosen) == top:
                break
            if not any(doc[i].is_alpha or doc[i].like_num for i in range(s, e)):
                continue
            inside = [c for c in chosen if s <= c[0] and c[1] <= e]
            if any(c[0] < e and s < c[1] for c in chosen if c not in inside):
                continue
            for c in inside:
                chosen.remove(c)
            chosen.append([s, e, weight + sum(c[2] for c in inside)])
        out = []
        for s, e, weight in sorted(chosen, key=lambda c: -c[2]):
            while doc[s].is_punct or doc[s].is_space:
                s += 1
            while doc[e - 1].is_punct or doc[e - 1].is_space:
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

    @property
    def message(self) -> str:
        words = ", ".join(f"'{r.text}'" for r in self.reasons) or "no single word"
        return (self.rule.message.replace("{category}", self.category.replace("_", " "))
                .replace("{score}", f"{self.score:.2f}").replace("{words}", words))


class LearnedStage:
    """Scores sentence Docs in batches; a sentence at or above the threshold becomes a LearnedHit."""

    def __init__(self, rule, threshold: float | None = None, path: Path = MODEL_DIR):
        self.rule = rule
        self.scorer = Scorer.load(path)
        self.threshold = self.scorer.threshold if threshold is None else float(threshold)

    def find(self, segs) -> list:
        """One LearnedHit or None per sentence (a Doc, or a Span of a longer Doc) the rules did not
        flag; a hit's start and end are token offsets in the sentence's Doc."""
        if not segs:
            return []
        scorer = self.scorer
        probs = scorer.probs(segs)
        adv = scorer.adversarial(probs)
        out = []
        for seg, row, score in zip(segs, probs, adv):
            if score < self.threshold:
                out.append(None)
                continue
            base = seg.start if isinstance(seg, Span) else 0     # token offset in the sentence's Doc
            end = len(seg)
            while end > 0 and seg[end - 1].is_space:
                end -= 1
            out.append(LearnedHit(self.rule, base, base + end, float(score), scorer.category(row),
                                  scorer.explain(seg), list(self.rule.suggestions)))
        return out


class LearnedComponent:
    """`nlp.add_pipe("winlint_learned")`, after "winlint": WW900 spans (doc.spans["winlint_learned"],
    `span._.winlint` = the LearnedHit) for the sentences no winlint span overlaps. Sentences come
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
                span._.winlint = hit
                group.append(span)
        doc.spans[self.spans_key] = group
        return doc
