"""Turn a rule's patterns into what spaCy's matchers take, plus what the pre-filter needs.

- a string pattern is a phrase, matched on lower case;
- a list of dicts is a token pattern. Two keys are winlint's own and removed
  here: `CAPTURE: name` marks the tokens a suggestion template can reuse, and
  `LEMMA` is expanded to the inflected forms (`LOWER IN [...]`) so that it
  works without a lemmatizer;
- `$name` inside an IN/NOT_IN list (or as a whole value) is a word list from
  `lists.yaml`;
- `{SHAPE: someone}` stands for any of the token sequences listed under that
  shape in `lists.yaml` (a pronoun, "the whole design team", a name...), so a
  rule states the shape of a phrase once and the pattern expands to each
  alternative. `OP: "?"` on a shape makes it optional; `CAPTURE` on a shape
  captures all of its tokens.

Each compiled pattern also records its *anchors*: lower-case words of which at
least one must occur in a text for the pattern to match (the rarest required
token). No anchors means the pattern can never be skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import regexguard
from .reframe.inflect import forms

# token attributes only a trained pipeline provides
ANNOTATION_KEYS = {"POS", "TAG", "DEP", "MORPH", "ENT_TYPE", "ENT_IOB", "ENT_ID", "HEAD"}
STRING_KEYS = ("LOWER", "ORTH", "TEXT")
ALPHA_RE = re.compile(r"^[a-z]+$")
# words so frequent that they make poor anchors (the pre-filter would pass nearly every paragraph)
TOP = set("""
a an the to of in on at by for with from as and or but if so that this it is are was be i you we he she
they not n't 's do have will would can
""".split())
COMMON = set("""
into onto up out off over under than then me my us our your him his her its them their these those there
here been being am does did has had could should must may might no 're 've 'll 'd just all any some more
most very too also only even still again get got make made go going want need let know think take what
when how who why which one time back
""".split())


class PatternError(ValueError):
    """A pattern problem, with the key path inside the pattern."""


@dataclass
class Compiled:
    kind: str                           # "phrase" | "tokens"
    phrase: str | None                  # for phrases
    tokens: list | None                 # spaCy token pattern, for token patterns
    captures: tuple                     # per pattern position: capture name or None
    anchors: frozenset | None           # None: cannot be pre-filtered
    needs: frozenset                    # annotations the pattern requires (POS, DEP, ...)
    requires: tuple = ()                # every required closed word set: all must meet the text
    maxlen: int | None = None           # most tokens a match can span (None: unbounded)
    gate: str | None = None             # regex a sentence must pass before the Matcher runs (gate.py)
    key: str | None = None              # canonical form: equal patterns share one Matcher


def _expand_list(items, lists, where):
    out = []
    for item in items:
        if isinstance(item, str) and item.startswith("$"):
            if item[1:] not in lists:
                raise PatternError(f"{where}: unknown word list {item!r}; known: {', '.join(sorted(lists)) or 'none'}")
            out.extend(lists[item[1:]])
        else:
            out.append(item)
    return out


def _lower_values(value, lists, where, lemma=False):
    """Normalise a LOWER/LEMMA value: str | {IN|NOT_IN: [...]} | $list, expanding lemmas."""
    expand = (lambda w: forms(w)) if lemma else (lambda w: (w.lower(),))
    if isinstance(value, str):
        if value.startswith("$"):
            value = {"IN": [value]}
        else:
            return {"IN": list(dict.fromkeys(expand(value)))} if lemma else value.lower()
    if isinstance(value, dict):
        out = {}
        for op, items in value.items():
            if op in ("IN", "NOT_IN") and isinstance(items, str) and items.startswith("$"):
                items = [items]
            if op in ("IN", "NOT_IN") and isinstance(items, list):
                words = []
                for w in _expand_list(items, lists, where):
                    if not isinstance(w, str):
                        hint = " (quote yes/no/on/off: YAML reads them as true/false)" if isinstance(w, bool) else ""
                        raise PatternError(f"{where} -> {op}: expected strings, found {w!r}{hint}")
                    words.extend(expand(w))
                out[op] = list(dict.fromkeys(words))
            else:
                out[op] = items  # REGEX, FUZZY, ...: left to spaCy's validator
        return out
    return value


def compile_tokens(pattern: list, lists: dict, where: str) -> Compiled:
    tokens, captures, needs = [], [], set()
    for i, spec in enumerate(pattern):
        here = f"{where} -> {i}"
        if not isinstance(spec, dict):
            raise PatternError(f"{here}: each token must be a mapping like {{LOWER: word}}, found {spec!r}")
        spec = dict(spec)
        if "_" in spec:     # custom extensions: a rule runs in pipelines that need not set them
            raise PatternError(f"{here} -> _: custom attributes (_) are not supported in rules")
        _check_op(spec.get("OP"), here)
        capture = spec.pop("CAPTURE", None)
        if capture is not None and (not isinstance(capture, str) or not re.match(r"^[a-z][a-z_]*$", capture)):
            raise PatternError(f"{here} -> CAPTURE: expected a lower-case name, found {capture!r}")
        if "LEMMA" in spec:
            if "LOWER" in spec:
                raise PatternError(f"{here}: use LEMMA or LOWER, not both")
            spec["LOWER"] = _lower_values(spec.pop("LEMMA"), lists, f"{here} -> LEMMA", lemma=True)
        if "LOWER" in spec:
            spec["LOWER"] = _lower_values(spec["LOWER"], lists, f"{here} -> LOWER")
        for key in ("ORTH", "TEXT", "NORM"):
            if isinstance(spec.get(key), dict):
                spec[key] = {op: (_expand_list([v] if isinstance(v, str) else v, lists, f"{here} -> {key}")
                                  if op in ("IN", "NOT_IN") else v)
                             for op, v in spec[key].items()}
        needs |= ANNOTATION_KEYS & set(spec)
        check_regexes(spec, here)
        tokens.append(spec)
        captures.append(capture)
    requires = _token_requires(tokens)
    return Compiled("tokens", None, tokens, tuple(captures), requires[0] if requires else None,
                    frozenset(needs), requires, _maxlen(tokens))


MAX_REPEAT = 100            # most repetitions an OP: "{n,m}" may ask for (the Matcher unrolls them)
REPEAT_OP = re.compile(r"^\{(\d*)(?:,(\d*))?\}$")


def _check_op(op, where: str) -> None:
    """Bound `{n,m}` quantifiers: spaCy's Matcher makes a pattern token per repetition."""
    m = REPEAT_OP.match(op) if isinstance(op, str) else None
    if m and max(int(n) for n in m.groups() if n) > MAX_REPEAT:
        raise PatternError(f"{where} -> OP: {op!r} repeats a token more than {MAX_REPEAT} times")


NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,)")


def check_regexes(spec, where: str) -> None:
    """REGEX values must compile and must not nest quantifiers like (a+)+ (catastrophic backtracking)."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "REGEX":
                if not isinstance(value, str):
                    raise PatternError(f"{where} -> REGEX: expected a string")
                try:
                    re.compile(value)
                except re.error as err:
                    raise PatternError(f"{where} -> REGEX: regex does not compile: {err}") from None
                if NESTED_QUANTIFIER.search(value):
                    raise PatternError(f"{where} -> REGEX: nested quantifier in {value!r} can backtrack "
                                       f"catastrophically; rewrite it without a repeated group of repeats")
                problem = regexguard.backtracks(value)   # (a|aa)+, and a timed probe
                if problem:
                    raise PatternError(f"{where} -> REGEX: {problem}")
            else:
                check_regexes(value, f"{where} -> {key}")


def _required(spec: dict) -> bool:
    op = spec.get("OP")
    if op is None or op == "+" or op == "1":
        return True
    m = re.match(r"^\{(\d+)(,\d*)?\}$", str(op))
    return bool(m and int(m.group(1)) >= 1)


def _words(spec: dict) -> list | None:
    """The lower-case words a token spec can match, if it is a closed set."""
    for key in ("LOWER", "ORTH", "TEXT"):
        value = spec.get(key)
        if isinstance(value, str):
            return [value.lower()]
        if isinstance(value, dict) and set(value) <= {"IN", "NOT_IN"} and "IN" in value:
            return [w.lower() for w in value["IN"] if isinstance(w, str)]
    return None


def _maxlen(tokens: list) -> int | None:
    total = 0
    for spec in tokens:
        op = str(spec.get("OP", "1"))
        if op in ("1", "!", "?"):
            total += 1
        elif op in ("+", "*"):
            return None
        else:
            m = re.match(r"^\{(\d*)(,(\d*))?\}$", op)
            if not m or (m.group(2) and not m.group(3)):
                return None
            total += int(m.group(3) if m.group(2) else m.group(1))
    return total


def _cost(words) -> int:
    return sum(50_000 if w in TOP else 1_000 if w in COMMON else 1 for w in words)


def usable_sets(candidates: list[list[str]]) -> tuple:
    """Required word sets the pre-filter can see (every word a run of ASCII letters), rarest first."""
    usable = {frozenset(ws) for ws in candidates if ws and all(ALPHA_RE.match(w) for w in ws)}
    return tuple(sorted(usable, key=lambda ws: (_cost(ws), sorted(ws))))


def _token_requires(tokens: list) -> tuple:
    candidates = []
    for spec in tokens:
        if _required(spec) and spec.get("OP") != "!":
            words = _words(spec)
            if words is not None:
                candidates.append(words)
    return usable_sets(candidates)


def compile_phrase(phrase: str, tokenize) -> Compiled:
    words = [t.lower() for t in tokenize(phrase)]
    if not words:
        raise PatternError("a phrase pattern must not be empty")
    requires = usable_sets([[w] for w in words])
    return Compiled("phrase", phrase, None, (), requires[0] if requires else None, frozenset(), requires)


MAX_EXPANSIONS = 64


def expand_shapes(pattern: list, shapes: dict, where: str) -> list[list]:
    """Every concrete token sequence a pattern with SHAPE tokens stands for."""
    variants: list[list] = [[]]
    for i, spec in enumerate(pattern):
        if not isinstance(spec, dict) or "SHAPE" not in spec:
            variants = [v + [spec] for v in variants]
            continue
        spec = dict(spec)
        name = spec.pop("SHAPE")
        capture = spec.pop("CAPTURE", None)
        op = spec.pop("OP", None)
        if spec:
            raise PatternError(f"{where} -> {i}: a SHAPE token takes only CAPTURE and OP, found {sorted(spec)[0]}")
        if name not in shapes:
            raise PatternError(f"{where} -> {i} -> SHAPE: unknown shape {name!r}; known: {', '.join(sorted(shapes)) or 'none'}")
        if op not in (None, "?"):
            raise PatternError(f"{where} -> {i} -> OP: a SHAPE token may only be optional (OP: '?')")
        alternatives = []
        for alt in shapes[name]:
            alt = [dict(t) for t in alt]
            if capture:
                for t in alt:
                    t.setdefault("CAPTURE", capture)
            alternatives.append(alt)
        if op == "?":
            alternatives.append([])
        variants = [v + alt for v in variants for alt in alternatives]
        if len(variants) > MAX_EXPANSIONS:
            raise PatternError(f"{where}: expands to more than {MAX_EXPANSIONS} patterns; split it")
    return [v for v in variants if v]


SLOT_DETERMINERS = frozenset({"a", "an", "the", "my", "your", "his", "her", "their", "our", "its", "this", "that"})
MODIFIERS_LIST = "modifiers"


def _literal_words(spec) -> set | None:
    """The words a token spec matches exactly (LOWER or IN of LOWER), None when it is not such a literal."""
    if not isinstance(spec, dict) or set(spec) - {"LOWER"}:
        return None
    value = spec["LOWER"]
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
        return {w for w in value["IN"] if isinstance(w, str)}
    return None


def with_modifiers(tokens: list, lists: dict) -> list:
    """Room for an adjective or adverb inside an idiom, for every rule: after a literal determiner
    ("a", "their") that is followed by a literal word, one optional word of the pack's `modifiers`
    list ("taught him a good lesson", "put her firmly in her place" needs its own pattern)."""
    modifiers = lists.get(MODIFIERS_LIST)
    if not modifiers:
        return tokens
    out = []
    for i, spec in enumerate(tokens):
        out.append(spec)
        words = _literal_words(spec)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if words and words <= SLOT_DETERMINERS and nxt is not None and _literal_words(nxt) and \
                not _literal_words(nxt) & SLOT_DETERMINERS:
            out.append({"LOWER": {"IN": list(modifiers)}, "OP": "?"})
    return out


def compile_pattern(pattern, lists: dict, tokenize, where: str, shapes: dict | None = None) -> list[Compiled]:
    if isinstance(pattern, str):
        if not pattern.strip():
            raise PatternError(f"{where}: a phrase pattern must not be empty")
        return [compile_phrase(pattern, tokenize)]
    if isinstance(pattern, list) and pattern:
        return [compile_tokens(with_modifiers(p, lists), lists, where)
                for p in expand_shapes(pattern, shapes or {}, where)]
    raise PatternError(f"{where}: a pattern is a phrase (string) or a non-empty list of token mappings, "
                       f"found {type(pattern).__name__}")
