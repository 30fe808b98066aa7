"""spaCy's tokenizer for one space-free chunk, in plain Python, so screening needs no spaCy.

spaCy splits text at spaces and tokenizes each chunk on its own: special cases first, then
prefixes and suffixes peeled off in a loop, then infixes (spacy/tokenizer.pyx, `_split_affixes`
and `_attach_tokens`), then special cases that the affix rules broke apart are put back
(`_apply_special_cases`). `Chunker` follows those steps with the tokenizer's own rules — its
regexes and special cases, copied from the tokenizer when the rule pack is built and cached with
it — so `split()` gives exactly the tokens spaCy would (tests/test_prefilter.py compares them on
the corpora and on generated text). Its regexes are compiled on first need: a chunk of plain
letters never needs them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Rules:
    """What a spaCy tokenizer tokenizes with, as plain data."""
    prefix: tuple | None                       # (pattern, flags) of each search regex, or None
    suffix: tuple | None
    infix: tuple | None
    token_match: tuple | None
    url_match: tuple | None
    specials: dict[str, tuple[str, ...]]       # special case -> its tokens' texts
    rejoin: dict[tuple[str, ...], str] = field(default_factory=dict)   # affix tokens -> special case


def rules_of(tokenizer) -> Rules:
    """The rules of a spaCy tokenizer, which must use compiled regexes' own methods (spaCy's do)."""
    def source(name: str, method: str):
        fn = getattr(tokenizer, name)
        if fn is None:
            return None
        rx = getattr(fn, "__self__", None)
        if not isinstance(rx, re.Pattern) or fn.__name__ != method:
            raise ValueError(f"tokenizer.{name} is not a compiled regex's .{method}")
        return rx.pattern, rx.flags

    def texts(subs):
        return tuple(t.get(65, t.get("ORTH")) for t in subs)      # 65: spacy.attrs.ORTH

    rules = Rules(source("prefix_search", "search"), source("suffix_search", "search"),
                  source("infix_finditer", "finditer"), source("token_match", "match"),
                  source("url_match", "match"), {text: texts(subs) for text, subs in tokenizer.rules.items()})
    # the special cases spaCy puts back together after affix splitting (Tokenizer.add_special_case)
    chunker = Chunker(rules)
    for text in rules.specials:
        if text and " " not in text and (chunker.find_prefix(text) or chunker.find_suffix(text)
                                         or chunker.has_infix(text)):
            rules.rejoin[tuple(chunker.affix_tokens(text))] = text
    return rules


class Chunker:
    def __init__(self, rules: Rules):
        self.rules = rules
        self.specials = rules.specials
        self._rx: dict[str, object] = {}
        self.longest = max((len(k) for k in rules.rejoin), default=0)

    def _get(self, name: str):
        if name not in self._rx:
            src = getattr(self.rules, name)
            # A str pattern is Unicode anyway; without the flag the key is the one spaCy's own
            # re.compile(expression) uses, so whichever of the two compiles second gets the re
            # module's cached object (a cold start compiles these big regexes once, not twice).
            self._rx[name] = re.compile(src[0], src[1] & ~re.UNICODE) if src else None
        return self._rx[name]

    def find_prefix(self, s: str) -> int:
        rx = self._get("prefix")
        m = rx.search(s) if rx else None
        return m.end() - m.start() if m else 0

    def find_suffix(self, s: str) -> int:
        rx = self._get("suffix")
        m = rx.search(s) if rx else None
        return m.end() - m.start() if m else 0

    def has_infix(self, s: str) -> bool:
        rx = self._get("infix")
        return bool(rx and rx.search(s))

    def _token_match(self, s: str) -> bool:
        rx = self._get("token_match")
        return bool(rx and rx.match(s))

    def _url_match(self, s: str) -> bool:
        rx = self._get("url_match")
        return bool(rx and rx.match(s))

    def split(self, chunk: str) -> list[str]:
        """The texts of the tokens spaCy makes of `chunk` (no spaces in it)."""
        tokens = list(self.specials[chunk]) if chunk in self.specials else self.affix_tokens(chunk, True)
        return self._rejoin(tokens) if self.longest else tokens

    def affix_tokens(self, string: str, with_special_cases: bool = False) -> list[str]:
        specials = self.specials if with_special_cases else {}
        prefixes, suffixes = [], []
        last_size = 0
        while string and len(string) != last_size:          # Tokenizer._split_affixes
            if self._token_match(string):
                break
            if string in specials:
                break
            last_size = len(string)
            pre_len = self.find_prefix(string)
            if pre_len:
                prefix, minus_pre = string[:pre_len], string[pre_len:]
                if minus_pre and minus_pre in specials:
                    string = minus_pre
                    prefixes.append(prefix)
                    break
            suf_len = self.find_suffix(string[pre_len:])
            if suf_len:
                suffix, minus_suf = string[-suf_len:], string[:-suf_len]
                if minus_suf and minus_suf in specials:
                    string = minus_suf
                    suffixes.append(suffix)
                    break
            if pre_len and suf_len and (pre_len + suf_len) <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        out = prefixes                                        # Tokenizer._attach_tokens
        if string:
            if string in specials:
                out.extend(specials[string])
            elif self._token_match(string) or self._url_match(string):
                out.append(string)
            else:
                rx = self._get("infix")
                matches = list(rx.finditer(string)) if rx else []
                if not matches:
                    out.append(string)
                else:
                    start = 0
                    for m in matches:
                        a, b = m.start(), m.end()
                        if a == 0:               # an infix at the very start is no split
                            continue
                        if a != start:
                            out.append(string[start:a])
                        if a != b:
                            out.append(string[a:b])
                        start = b
                    if string[start:]:
                        out.append(string[start:])
        out.extend(reversed(suffixes))
        return out

    def _rejoin(self, tokens: list[str]) -> list[str]:
        """Tokenizer._apply_special_cases within one chunk: the longest runs of tokens that spell a
        special case the affix rules split (longest first, then leftmost; no overlaps)."""
        found = []
        for n in range(min(self.longest, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                text = self.rules.rejoin.get(tuple(tokens[i:i + n]))
                if text is not None:
                    found.append((n, i, text))
        if not found:
            return tokens
        seen: set[int] = set()
        chosen = []
        for n, i, text in sorted(found, key=lambda f: (-f[0], f[1])):
            if i not in seen and i + n - 1 not in seen:
                chosen.append((i, n, text))
            seen.update(range(i, i + n))
        out, k = [], 0
        for i, n, text in sorted(chosen):
            out.extend(tokens[k:i])
            out.extend(self.specials[text])
            k = i + n
        out.extend(tokens[k:])
        return out
