"""Decide, without spaCy, which rules could possibly match a text.

Every compiled pattern names its required word sets: for each token the pattern cannot match
without, the lower-case words that token may be. A token's lower-case text, when it is a word of
ASCII letters, is either a whole run of letters in the lower-cased text or a piece of a tokenizer
special case ("cannot" -> "can" + "not"), so collecting the letter runs plus those pieces gives a
superset of the words spaCy would see. A pattern none of whose required sets can be met is
skipped; a text with no candidate pattern is never tokenized at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

RUN = re.compile(r"[a-z]+")


@dataclass
class Index:
    """What the pre-filter looks words up in; built with the rule pack and cached with it.

    A pattern is found through its rarest required set (`entries`, keyed by each of its words);
    each of its other sets is one bit of `need`, and `bits` gives, for every word, the bits of the
    sets it belongs to. A text meets a pattern's other sets when the OR of its words' bits covers
    `need`: one integer operation per candidate instead of a loop over sets.
    """
    entries: dict[str, list[tuple[str, int, int]]]     # word -> [(rule code, pattern index, need)]
    bits: dict[str, int]                               # word -> the sets it is in, as bits
    always: dict[str, set[int]]                        # patterns with no required word


def build_index(patterns: dict, codes=None) -> Index:
    set_ids: dict[frozenset, int] = {}
    entries: dict[str, list] = {}
    always: dict[str, set[int]] = {}
    for code, compiled in patterns.items():
        if codes is not None and code not in codes:
            continue
        for i, c in enumerate(compiled):
            if not c.requires:
                always.setdefault(code, set()).add(i)
                continue
            need = 0
            for ws in c.requires[1:]:
                need |= 1 << set_ids.setdefault(ws, len(set_ids))
            for word in c.requires[0]:
                entries.setdefault(word, []).append((code, i, need))
    bits: dict[str, int] = {}
    for ws, k in set_ids.items():
        for word in ws:
            bits[word] = bits.get(word, 0) | 1 << k
    return Index(entries, bits, always)


class Prefilter:
    """Maps a text to the patterns that could match it: {rule code: {pattern index, ...}}."""

    def __init__(self, pack, codes=None):
        self.splits = pack.splits
        everything = codes is None or set(codes) >= set(pack.patterns)
        index = pack.index if everything and pack.index is not None else build_index(pack.patterns, codes)
        self.entries, self.bits, self.always = index.entries, index.bits, index.always

    @property
    def keys(self):
        return self.entries.keys()

    def words(self, text: str) -> set[str]:
        words = set(RUN.findall(text.lower()))
        for run in words & self.splits.keys():
            words.update(self.splits[run])
        return words

    def active(self, text: str) -> dict[str, set[int]]:
        """The candidate patterns of each rule that could match `text`."""
        found = {code: set(idx) for code, idx in self.always.items()}
        words = self.words(text)
        hits = words & self.entries.keys()
        if not hits:
            return found
        met = 0
        get = self.bits.get
        for word in words:
            met |= get(word, 0)
        entries = self.entries
        for word in hits:
            for code, i, need in entries[word]:
                if need & met == need:
                    if code in found:
                        found[code].add(i)
                    else:
                        found[code] = {i}
        return found
