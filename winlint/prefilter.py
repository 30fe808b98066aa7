"""Decide, without spaCy, which rules could possibly match a text.

Every compiled pattern names its anchors: words one of which must be a token
of any text it matches. A token's lower-case text, when it is a word of ASCII
letters, is either a whole run of letters in the lower-cased text or a piece
of a tokenizer special case ("cannot" -> "can" + "not"), so collecting the
letter runs plus those pieces gives a superset of the words spaCy would see.
Rules none of whose anchors are in that superset cannot match and are
skipped; a text with no candidate rule is never tokenized at all.
"""
from __future__ import annotations

import re

RUN = re.compile(r"[a-z]+")


class Prefilter:
    """Maps a text to the patterns that could match it: {rule code: {pattern index, ...}}.

    A pattern is a candidate when every one of its required word sets meets the text's words;
    it is found through its rarest set (the index key), then checked against the others.
    """

    def __init__(self, pack, codes=None):
        self.splits = pack.splits
        self.always: dict[str, set[int]] = {}
        self.index: dict[str, list[tuple[str, int, tuple]]] = {}
        for rule in pack.rules:
            if codes is not None and rule.code not in codes:
                continue
            for i, c in enumerate(pack.patterns.get(rule.code, [])):
                if not c.requires:
                    self.always.setdefault(rule.code, set()).add(i)
                    continue
                rest = c.requires[1:]
                for word in c.requires[0]:
                    self.index.setdefault(word, []).append((rule.code, i, rest))

    @property
    def keys(self):
        return self.index.keys()

    def words(self, text: str) -> set[str]:
        words = set(RUN.findall(text.lower()))
        for run in words & self.splits.keys():
            words.update(self.splits[run])
        return words

    def active(self, text: str) -> dict[str, set[int]]:
        """The candidate patterns of each rule that could match `text`."""
        found = {code: set(idx) for code, idx in self.always.items()}
        words = self.words(text)
        index = self.index
        for word in words & self.keys:
            for code, i, rest in index[word]:
                for ws in rest:
                    if words.isdisjoint(ws):
                        break
                else:
                    found.setdefault(code, set()).add(i)
        return found
