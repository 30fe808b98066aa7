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
    def __init__(self, pack, codes=None):
        self.splits = pack.splits
        self.always: set[str] = set()
        self.index: dict[str, set[str]] = {}
        for rule in pack.rules:
            if codes is not None and rule.code not in codes:
                continue
            compiled = pack.patterns.get(rule.code, [])
            if any(c.anchors is None for c in compiled):
                self.always.add(rule.code)
                continue
            for c in compiled:
                for word in c.anchors:
                    self.index.setdefault(word, set()).add(rule.code)

    def words(self, text: str) -> set[str]:
        words = set(RUN.findall(text.lower()))
        for run in words & self.splits.keys():
            words.update(self.splits[run])
        return words

    def active(self, text: str) -> set[str]:
        """Codes of the rules that could match `text`."""
        found = set(self.always)
        index = self.index
        for word in self.words(text):
            codes = index.get(word)
            if codes:
                found |= codes
        return found
