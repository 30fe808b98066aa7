"""A regular expression per token pattern that says, in C, whether spaCy's Matcher could match.

A Matcher call walks every token it is given in Python, so calling one per candidate pattern per
sentence was most of winlint's time. The gate spells a tokenized sentence as a string of one
character per token: each word some pattern names (in a `LOWER` value or an `IN`/`NOT_IN` list)
has a character of its own from Unicode's private use area, every other token is OTHER. A token
pattern becomes a regex over such strings: a word or word list is that character or character
class, every other condition (`IS_TITLE`, `REGEX`, `NORM`...) is "any token", and each `OP` the
same quantifier. The regex accepts every token sequence the pattern accepts (and some more), so
a sentence the gate rejects cannot hold a match and the Matcher call is skipped; when the gate
accepts, the Matcher decides as before. Findings never change (tests/test_prefilter.py compares
runs with and without the pre-filter and gates, on the dev and benchmark corpora).

One character per token keeps the regexes small, so compiling one costs little; the sources are
made with the rule pack and cached with it.

The gates run before a sentence is tokenized into a Doc (`Screen`), and without spaCy: its
tokenizer splits text at spaces and tokenizes each space-free chunk on its own, so a sentence's
gate string is the concatenation of its chunks' strings, each tokenized once by chunker.py (a
plain-Python copy of spaCy's tokenizer) and remembered; a chunk of ASCII letters that is no special
case is one token, itself. Only sentences some gate accepts become Docs, and spaCy is imported for
the first of them. tests/test_prefilter.py checks the chunked strings against real Docs.
"""
from __future__ import annotations

import re

from .prefilter import expand

OTHER = "_"
MAX_TOKENS = 2000                # longer Docs go straight to the Matcher (a search can grow n^2)
_OPS = {"1": "", "?": "?", "*": "*", "+": "+"}


def alphabet(token_patterns) -> dict[str, str]:
    """A character for every word the patterns name. The word lists used most often get runs of
    consecutive characters, so their classes are ranges: a regex compiles in a fraction of the time."""
    uses: dict[tuple, int] = {}
    for tokens in token_patterns:
        for spec in tokens:
            words = tuple(sorted(set(_words(spec))))
            if words:
                uses[words] = uses.get(words, 0) + 1
    chars: dict[str, str] = {}
    for words in sorted(uses, key=lambda ws: (-uses[ws] * len(ws), ws)):
        for w in words:
            if w not in chars:
                if len(chars) == CAPACITY:     # the rarest words get none: their tokens read as "any"
                    return chars
                chars[w] = _char(len(chars))
    return chars


# planes 15 and 16, the private use areas: sre compiles a class of characters beyond the BMP as a
# short list of literals and ranges, where BMP characters above U+00FF cost a 64K-entry bitmap
CAPACITY = 0x110000 - 0xF0000


def _char(i: int) -> str:
    return chr(0xF0000 + i)


def _words(spec: dict) -> list[str]:
    value = spec.get("LOWER")
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [w for k in ("IN", "NOT_IN") if isinstance(value.get(k), list)
                for w in value[k] if isinstance(w, str)]
    return []


def pattern_regex(tokens: list, chars: dict[str, str]) -> str | None:
    """The gate for one spaCy token pattern, or None when an OP is one it does not know."""
    parts = []
    for spec in tokens:
        op = str(spec.get("OP", "1"))
        if op in _OPS:
            quant = _OPS[op]
        elif op == "!":
            quant = "?"                  # stands for "any token or none": never narrower than spaCy
        else:
            m = re.fullmatch(r"\{(\d*)(?:(,)(\d*))?\}", op)
            if not m:
                return None
            lo, comma, hi = m.groups()
            quant = f"{{{lo or 0},{hi}}}" if comma else f"{{{lo}}}"
        parts.append((_token(spec, chars) if op != "!" else ".") + quant)
    return "(?s)" + "".join(parts)


def _token(spec: dict, chars: dict[str, str]) -> str:
    value = spec.get("LOWER")
    if isinstance(value, str):
        return _class([value], chars, "")
    if isinstance(value, dict) and not set(value) - {"IN", "NOT_IN", "REGEX"}:
        words = value.get("IN")
        if isinstance(words, list) and all(isinstance(w, str) for w in words):
            return _class(words, chars, "")
        banned = value.get("NOT_IN")
        if isinstance(banned, list) and banned and all(isinstance(w, str) for w in banned):
            return _class(banned, chars, "^")
    return "."


def _class(words: list[str], chars: dict[str, str], negate: str) -> str:
    if not negate and any(w not in chars for w in words):
        return "."                  # a word without a character reads as OTHER: any token may be it
    codes = sorted({ord(chars[w]) for w in words if w in chars})
    if not codes:
        return "." if negate else "(?!)"
    runs, start = [], 0
    for k in range(1, len(codes) + 1):
        if k == len(codes) or codes[k] != codes[k - 1] + 1:
            a, b = chr(codes[start]), chr(codes[k - 1])
            runs.append(a if a == b else f"{a}-{b}")
            start = k
    return f"[{negate}{''.join(runs)}]"


def token_string(lowers: list, chars: dict) -> str | None:
    """Tokens (their lower-case texts, or those texts' hashes with `chars` keyed by hash too) as
    the gate reads them; None when the gate steps aside."""
    if len(lowers) > MAX_TOKENS:
        return None
    get = chars.get
    return "".join([get(w, OTHER) for w in lowers])


class Chunks:
    """Gate strings of compacted sentences (single spaces, no other whitespace), chunk by chunk."""

    MEMO = 200_000                  # chunks remembered; past that the memo starts afresh

    def __init__(self, split, specials, chars: dict[str, str]):
        self.split = split                      # chunk -> its tokens' texts (chunker.Chunker.split)
        self.special = specials                 # exact strings with their own tokenization
        self.chars = chars
        self.memo: dict[str, str] = {}
        self.tokens: dict[str, tuple[str, ...]] = {}     # chunk -> its tokens' texts, for words()

    def string(self, text: str) -> str | None:
        """The gate string of `text`, or None when the gates must step aside."""
        if not text or text[0] == " " or text[-1] == " " or "  " in text:
            return None     # spaCy makes whitespace tokens of those spaces
        chars, special, memo = self.chars, self.special, self.memo
        out = []
        for chunk in text.split(" "):
            if chunk.isalpha() and chunk.isascii() and chunk not in special:
                out.append(chars.get(chunk.lower(), OTHER))
                continue
            s = memo.get(chunk)
            if s is None:
                if len(memo) >= self.MEMO:
                    memo.clear()
                s = memo[chunk] = "".join([chars.get(t.lower(), OTHER) for t in self.split(chunk)])
            out.append(s)
        s = "".join(out)
        return s if len(s) <= MAX_TOKENS else None

    def words(self, text: str, chunks: int) -> list[str] | None:
        """The texts of the tokens spaCy makes of the first `chunks` chunks of compacted `text`
        (None when it is not compacted): the stance layer reads the next sentence's first words
        this way instead of making a Doc of it."""
        if not text or text[0] == " " or "  " in text or any(c in text for c in "\t\n\r\f\v"):
            return None
        out: list[str] = []
        tokens, special = self.tokens, self.special
        for chunk in text.split(" ", chunks)[:chunks]:
            if chunk.isalpha() and chunk.isascii() and chunk not in special:
                out.append(chunk)
                continue
            t = tokens.get(chunk)
            if t is None:
                if len(tokens) >= self.MEMO:
                    tokens.clear()
                t = tokens[chunk] = tuple(self.split(chunk))
            out += t
        return out


class Screen:
    """Which candidate patterns' gates accept a compacted sentence, before (and without) spaCy."""

    def __init__(self, pack):
        from .chunker import Chunker

        self.pack = pack
        self.regexes: dict[str, re.Pattern] = {}
        self.by_hash: dict[int, str] | None = None     # LOWER hash -> character, for Docs
        rules = pack.tokenizer      # None for a pack not built by the loader: no screening
        self.chunks = Chunks(Chunker(rules).split, rules.specials, pack.alphabet) if rules else None

    def doc_string(self, doc) -> str | None:
        """The gate string of a tokenized Doc (a spaCy user's, not screened before)."""
        from spacy.attrs import LOWER

        if self.by_hash is None:
            strings = doc.vocab.strings
            self.by_hash = {strings.add(w): ch for w, ch in self.pack.alphabet.items()}
        return token_string(doc.to_array(LOWER).tolist(), self.by_hash)

    def regex(self, source: str | None):
        """A gate, compiled on first use (None: the pattern has none)."""
        if not source:
            return None
        rx = self.regexes.get(source)
        if rx is None:
            rx = self.regexes[source] = re.compile(source)
        return rx

    def __call__(self, text: str, pids, index) -> dict:
        """{rule code: {pattern index}} of the patterns (`pids` of prefilter.Index `index`) whose
        gates accept `text`; all of them when the gates step aside."""
        string = self.chunks.string(text) if self.chunks else None
        if string is not None:
            gates = index.gates
            pids = [pid for pid in pids if (rx := self.regex(gates[pid])) is None or rx.search(string)]
        return expand(index, pids)
