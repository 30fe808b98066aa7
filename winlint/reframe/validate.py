"""Checks on every filled suggestion; one that fails falls to the rule's next template.

Set WINLINT_DEBUG_REFRAMES=1 to print, when winlint exits, how many suggestions each
check turned away, per rule, on stderr (stdout stays the report).
"""
from __future__ import annotations

import atexit
import collections
import os
import re
import sys

SUBJ_OPENERS = r"(?:where|that|because|if|when|so|whether|while|and|but)"
CHECKS = [
    ("doubled word", re.compile(r"\b(\w+)\s+\1\b", re.I)),
    # "work for the team as well as for the team", "the team and the team": a slot filled with the words
    # the template already has
    ("doubled phrase", re.compile(r"\b(\w+ \w+)\s+(?:as well as|and|or|than)\s+(?:for |to |with )?\1\b", re.I)),
    # "her concerns about their concerns": a slot filled with the noun the template already names
    ("repeated noun", re.compile(r"\b(\w{5,})\b(?:\W+\w+){1,3}\W+\1\b", re.I)),
    # "a deal on this deal", "the fix for the fix": a slot filled with the noun the template names next to it
    ("noun on the same noun", re.compile(r"\b(\w{3,}) (?:on|of|in|about|for|with|from) (?:the|this|that|these|those|our|their|your|my) \1\b", re.I)),
    ("-inging", re.compile(r"\Binging\b", re.I)),    # \B: a word character before it
    ("does/has + plural subject", re.compile(r"\b(?:does|has|is|was)\s+(?:they|we|you|i|the \w+s)\b", re.I)),
    ("plural subject + -s verb", re.compile(r"\b(?:they|we|you|i)\s+(?:wants|needs|has|does|is|was|thinks|feels|cares)\b", re.I)),
    # the lookahead first: the lookbehinds run only where a pronoun starts
    ("singular pronoun + base verb", re.compile(r"\b(?=he|she|it)(?<!would )(?<!could )(?<!should )(?<!will )(?<!can )(?<!might )"
                                                r"(?<!may )(?<!must )(?<!does )(?<!did )(?<!to )(?<!let )(?<!make )"
                                                r"(?<!help )\b(?:he|she|it)\s+(?:want|need|have|do|are|were|think|feel|care)\b", re.I)),
    ("object pronoun as subject", re.compile(rf"\b{SUBJ_OPENERS}\s+(?:them|him|us|me)\s+(?:want|need|can|could|will|would|are|is|do|does|feel|think|have|has)\b", re.I)),
    ("dangling word before end", re.compile(r"\b(?:the|a|an|and|or|my|their|your|our|whether|because|than|to|of|with|by)\s*[?.!]\s*$", re.I)),
    ("dangling word before comma", re.compile(r"\b(?:the|a|an|my|their|your|our|to|of)\s*[,;:]", re.I)),
    ("stray space before punctuation", re.compile(r"\s[,.;:?!]")),
    ("a before a vowel", re.compile(r"\ba\s+[aeio]\w", re.I)),
    ("placeholder left", re.compile(r"[{}]")),
    ("no final mark", re.compile(r"[^.?!”\"')]\s*$")),
]
# the adversarial frame carried over from the finding ("what would help her pay for it", "help them
# beg for review", "help him suffer"): a reframe drops it. A turn that names the writer's own act to
# leave it behind ("Instead of crushing their proposal, ...") is not read.
ADVERSARIAL = re.compile(r"\b(?:suffer\w*|beg|begs|begged|begging|grovel\w*|squirm\w*|humiliat\w*|punish\w*"
                         r"|pay for (?:it|that|this)|fixed pie|zero-sum|regret (?:it|this|that)|forc(?:e|es|ed|ing)\b|pressur(?:ed|ing)\b|pressures? (?:them|him|her|you|people|everyone)\b|crush\w*"
                         r"|make (?:them|him|her|me|us) (?!want\b)\w+|get (?:them|him|her) to|sweat\b|crawl\w*|grind\w* down)",
                         re.I)
TURN = re.compile(r"^(?:\w+, )?(?:instead of|rather than) [^,]*, ", re.I)
MAX_LENGTH = 220
# the same checks without re.I, for ASCII text lower-cased once: sre matches case-insensitively
# character by character and skips its literal-prefix search, so this is twice as fast (every
# suggestion is checked). On ASCII, lower() then a case-sensitive match is exactly re.I.
_LOWER_CHECKS = [(name, re.compile(rx.pattern)) for name, rx in CHECKS]
_LOWER_ADVERSARIAL = re.compile(ADVERSARIAL.pattern)
_LOWER_TURN = re.compile(TURN.pattern)

rejected: collections.Counter = collections.Counter()     # (rule, check) -> count
accepted: collections.Counter = collections.Counter()     # rule -> count


def problems(text: str) -> list[str]:
    if text.isascii():
        low = text.lower()
        out = [name for name, rx in _LOWER_CHECKS if rx.search(low)]
        adversarial = _LOWER_ADVERSARIAL.search(_LOWER_TURN.sub("", low))
    else:
        out = [name for name, rx in CHECKS if rx.search(text)]
        adversarial = ADVERSARIAL.search(TURN.sub("", text))
    if adversarial:
        out.append("adversarial frame")
    t = text.strip()
    if not t or t[0].islower():
        out.append("lower-case start")
    if t.count('"') % 2 or t.count("“") != t.count("”") or t.count("(") != t.count(")"):
        out.append("unbalanced quotes")
    if len(t) > MAX_LENGTH:
        out.append("too long")
    return out


def check(code: str, text: str | None) -> bool:
    """Whether a filled template may be shown; unfilled (None) and failing ones are counted."""
    if text is None:
        rejected[(code, "not filled")] += 1
        return False
    bad = problems(text)
    for name in bad:
        rejected[(code, name)] += 1
    if not bad:
        accepted[code] += 1
    return not bad


def report() -> str:
    lines = [f"reframes: {sum(accepted.values())} shown, "
             f"{sum(n for (c, k), n in rejected.items() if k != 'not filled')} failed a check, "
             f"{sum(n for (c, k), n in rejected.items() if k == 'not filled')} not filled (a slot was missing)"]
    for (code, name), n in sorted(rejected.items()):
        lines.append(f"  {code} {name}: {n}")
    return "\n".join(lines)


if os.environ.get("WINLINT_DEBUG_REFRAMES"):
    atexit.register(lambda: print(report(), file=sys.stderr))
