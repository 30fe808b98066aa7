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

    Equal patterns (rules often share them; a pack can hold copies) are one *pattern id* (`pid`),
    checked once. A pattern is found through its rarest required set (`entries`, keyed by each of
    its words); each of its other sets is one bit of `need`, and `bits` gives, for every word, the
    bits of the sets it belongs to. A text meets a pattern's other sets when the OR of its words'
    bits covers `need`: one integer operation for all the patterns found through the same word
    with the same `need`, instead of a loop over sets.
    """
    entries: dict[str, list[tuple[int, tuple[int, ...]]]]   # word -> [(need, (pid, ...))]
    bits: dict[str, int]                                    # word -> the sets it is in, as bits
    always: frozenset                                       # pids with no required word
    members: list[tuple[tuple[str, int], ...]]              # pid -> ((rule code, pattern index), ...)
    gates: list[str | None]                                 # pid -> its gate (gate.py)


def build_index(patterns: dict, codes=None) -> Index:
    set_ids: dict[frozenset, int] = {}
    pids: dict[tuple, int] = {}
    members: list[list] = []
    gates: list = []
    groups: dict[str, dict[int, set]] = {}             # word -> need -> pids
    always: set[int] = set()
    for code, compiled in patterns.items():
        if codes is not None and code not in codes:
            continue
        for i, c in enumerate(compiled):
            ident = (c.kind, c.key if c.kind == "tokens" else c.phrase.lower())
            pid = pids.get(ident)
            if pid is None:
                pid = pids[ident] = len(members)
                members.append([])
                gates.append(c.gate)
            members[pid].append((code, i))
            if not c.requires:
                always.add(pid)
                continue
            need = 0
            for ws in c.requires[1:]:
                need |= 1 << set_ids.setdefault(ws, len(set_ids))
            for word in c.requires[0]:
                groups.setdefault(word, {}).setdefault(need, set()).add(pid)
    entries = {word: [(need, tuple(sorted(p))) for need, p in by_need.items()]
               for word, by_need in groups.items()}
    bits: dict[str, int] = {}
    for ws, k in set_ids.items():
        for word in ws:
            bits[word] = bits.get(word, 0) | 1 << k
    return Index(entries, bits, frozenset(always), [tuple(m) for m in members], gates)


def expand(index: Index, pids) -> dict[str, set[int]]:
    """{rule code: {pattern index}} for pattern ids."""
    found: dict[str, set[int]] = {}
    for pid in pids:
        for code, i in index.members[pid]:
            if code in found:
                found[code].add(i)
            else:
                found[code] = {i}
    return found


class Prefilter:
    """Maps a text to the patterns that could match it: {rule code: {pattern index, ...}}."""

    def __init__(self, pack, codes=None):
        self.splits = pack.splits
        everything = codes is None or set(codes) >= set(pack.patterns)
        self.index = pack.index if everything and pack.index is not None else build_index(pack.patterns, codes)
        self.entries, self.bits = self.index.entries, self.index.bits
        # as sets: a sentence's words are intersected with them in C, then only the few in them are read
        self._split_words, self._bit_words = frozenset(self.splits), frozenset(self.bits)

    @property
    def always(self) -> dict[str, set[int]]:
        return expand(self.index, self.index.always)

    @property
    def keys(self):
        return self.entries.keys()

    def words(self, text: str) -> set[str]:
        words = set(RUN.findall(text.lower()))
        for run in words & self._split_words:
            words.update(self.splits[run])
        return words

    def pids(self, text: str) -> set[int]:
        """The ids of the patterns that could match `text`."""
        found = set(self.index.always)
        words = self.words(text)
        hits = words & self.entries.keys()
        if not hits:
            return found
        met = 0
        bits = self.bits
        for word in words & self._bit_words:
            met |= bits[word]
        entries = self.entries
        for word in hits:
            for need, pids in entries[word]:
                if need & met == need:
                    found.update(pids)
        return found

    def active(self, text: str) -> dict[str, set[int]]:
        """The candidate patterns of each rule that could match `text`."""
        return expand(self.index, self.pids(text))
