"""rules/stance.yaml -> token-tuple cue sets, checked once when first needed."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import WinlintError

FILE_NAME = "stance.yaml"
FAMILIES = {
    "negation": {"window": int, "words": list, "phrases": list, "scope": list, "still_wanted": list},
    "advice_against": {"before": list, "anywhere": list, "next": list, "verbs": list, "verdicts": list,
                       "payoff": list},
    "turn": {"concession": list, "turn": list},
    "other_wants": {"before": list},
    "third_party": {"framing": list, "relative": list, "people": list, "reporting": list, "subjects": list, "agents": list},
    "cooperation": {"phrases": list},
    "quotation": {"speakers": list, "speech": list, "sayings": list, "introducers": list, "labels": list,
                  "verse": list},
    "examples": {"flagged": list, "quiet": list},
}
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def normalize(word: str) -> str:
    return word.lower().translate(APOSTROPHES)


@dataclass(frozen=True)
class Phrases:
    """Token tuples indexed by their first token, for a left-to-right scan."""
    by_first: dict = field(default_factory=dict)

    @classmethod
    def of(cls, texts, split) -> "Phrases":
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for text in texts:
            toks = tuple(normalize(t) for t in split(str(text)))
            if toks:
                by_first.setdefault(toks[0], []).append(toks)
        for v in by_first.values():
            v.sort(key=len, reverse=True)
        return cls(by_first)

    def at(self, words: list[str], i: int) -> int:
        """Length of the longest cue starting at words[i] (0: none)."""
        for toks in self.by_first.get(words[i], ()):
            if tuple(words[i:i + len(toks)]) == toks:
                return len(toks)
        return 0

    def find(self, words: list[str], lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
        hi = len(words) if hi is None else hi
        out = []
        get = self.by_first.get
        for i in range(lo, hi):
            # `at` inlined: most words start no cue, and this runs over every word of every sentence
            for toks in get(words[i], ()):
                if tuple(words[i:i + len(toks)]) == toks:
                    if i + len(toks) <= hi:
                        out.append((i, i + len(toks)))
                    break
        return out


@dataclass(frozen=True)
class Cues:
    window: int
    negators: Phrases
    scope: Phrases
    still_wanted: Phrases
    advice_before: Phrases
    advice_anywhere: Phrases
    advice_next: Phrases
    verbs: frozenset
    verdicts: Phrases
    payoff: Phrases
    concession: Phrases
    turn: Phrases
    other_wants: Phrases
    framing: Phrases
    relative: frozenset
    people: frozenset
    reporting: Phrases
    subjects: Phrases
    agents: Phrases
    cooperation: Phrases
    speakers: frozenset
    speech: frozenset
    sayings: frozenset
    introducers: frozenset
    labels: frozenset
    verse: frozenset
    examples: dict


def parse(data, path: str, split) -> Cues:
    if not isinstance(data, dict):
        raise WinlintError("expected a mapping of cue families", path=path)
    for family, keys in data.items():
        if family not in FAMILIES:
            raise WinlintError(f"unknown cue family; known: {', '.join(FAMILIES)}", path=path, key=family)
        if not isinstance(keys, dict):
            raise WinlintError("expected a mapping", path=path, key=family)
        for key, value in keys.items():
            want = FAMILIES[family].get(key)
            if want is None:
                raise WinlintError(f"unknown key; known: {', '.join(FAMILIES[family])}", path=path,
                                   key=f"{family}.{key}")
            if not isinstance(value, want):
                raise WinlintError(f"expected a {want.__name__}", path=path, key=f"{family}.{key}")
    get = lambda family, key: data.get(family, {}).get(key, [])   # noqa: E731
    phrases = lambda family, key: Phrases.of(get(family, key), split)   # noqa: E731
    neg = data.get("negation", {})
    return Cues(
        window=int(neg.get("window", 6)),
        negators=Phrases.of(list(get("negation", "words")) + list(get("negation", "phrases")), split),
        scope=phrases("negation", "scope"),
        still_wanted=phrases("negation", "still_wanted"),
        advice_before=phrases("advice_against", "before"),
        advice_anywhere=phrases("advice_against", "anywhere"),
        advice_next=phrases("advice_against", "next"),
        verbs=frozenset(normalize(w) for w in get("advice_against", "verbs")),
        verdicts=phrases("advice_against", "verdicts"),
        payoff=phrases("advice_against", "payoff"),
        concession=phrases("turn", "concession"),
        turn=phrases("turn", "turn"),
        other_wants=phrases("other_wants", "before"),
        framing=phrases("third_party", "framing"),
        relative=frozenset(normalize(w) for w in get("third_party", "relative")),
        people=frozenset(normalize(w) for w in get("third_party", "people")),
        reporting=phrases("third_party", "reporting"),
        subjects=phrases("third_party", "subjects"),
        agents=phrases("third_party", "agents"),
        cooperation=phrases("cooperation", "phrases"),
        speakers=frozenset(normalize(w) for w in get("quotation", "speakers")),
        speech=frozenset(normalize(w) for w in get("quotation", "speech")),
        sayings=frozenset(normalize(w) for w in get("quotation", "sayings")),
        introducers=frozenset(normalize(w) for w in get("quotation", "introducers")),
        labels=frozenset(normalize(w) for w in get("quotation", "labels")),
        verse=frozenset(normalize(w) for w in get("quotation", "verse")),
        examples={"flagged": list(get("examples", "flagged")), "quiet": list(get("examples", "quiet"))},
    )


def default_path() -> Path:
    from ..loader import builtin_rules_dir
    return builtin_rules_dir() / FILE_NAME


def load_cues(path: str | None = None, tokenizer=None) -> Cues:
    """The cues of `path` (default: the built-in rules/stance.yaml), tokenized as the matcher tokenizes:
    by `tokenizer` (the pipeline's, so a cold start builds no second blank English), else a blank one."""
    return _load(path, tokenizer or _blank_tokenizer())


# libyaml's safe loader when PyYAML was built with it: a tenth of the pure-Python one's time, which
# every run with a finding pays for stance.yaml
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=4)
def _load(path: str | None, tokenizer) -> Cues:
    where = Path(path) if path else default_path()
    try:
        data = yaml.load(where.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise WinlintError(f"cannot read stance cues: {err}".splitlines()[0], path=str(where)) from None
    return parse(data, str(where), lambda text: [t.text for t in tokenizer(text)])


@lru_cache(maxsize=1)
def _blank_tokenizer():
    import spacy

    return spacy.blank("en").tokenizer
