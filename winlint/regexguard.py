"""Refuse rule regexes that backtrack catastrophically, before they can hang a lint run.

A rule's REGEX is matched by spaCy against one token at a time, and the engine never tokenizes a
run of more than 500 non-space characters (`engine.MAX_RUN`), so a regex sees at most 500
characters. That bounds linear and quadratic patterns, not exponential or high-polynomial ones:
`(a|aa)+$` takes minutes on 40 characters. compiler.check_regexes already refuses nested
quantifiers (`(a+)+`); this adds:

1. a repeated group with alternatives, `(a|aa)+`, refused by its shape;
2. a bound on the engine's work, checked on the parsed regex (`_Shape`): no unbounded repeat
   inside another, and no two unbounded repeats that can take turns over the same characters
   (`[à-ÿ]*[à-ÿ]*X`, `\\w+a?\\w+!`): between two repeats over overlapping character sets there
   must be a required character neither can match. Each such pair multiplies the ways a failing
   search is tried by the token's length;
3. a probe: the regex is searched, as spaCy would, in hostile strings built from its own
   characters (up to a token's length, ending in a character that makes the match fail), and each
   search must finish within a time budget. It runs when rules compile; the compiled pack is
   cached, so a lint run never pays for it.

The probe needs SIGALRM, so it runs only in the main thread of a POSIX process; elsewhere the shape
checks alone apply.
"""
from __future__ import annotations

import re
import signal
import threading

REPEATED_ALTERNATION = re.compile(r"\((?:[^()\\]|\\.)*\|(?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,)")
TOKEN_LIMIT = 500           # engine.MAX_RUN: the longest text a token regex can be given
BUDGET = 0.25               # seconds per probe string; a sane token regex needs microseconds
FILLERS = ("a", "A", "0", " ", "-", "_", ".")
LONG = 32                   # a repeat of more than this many characters counts as unbounded
SAMPLES = "aAz0_ -.!\x00\t\nàÿéßΩж中٣\u00a0\u2003"   # characters that probe set overlaps
ENDINGS = ("\x00", "!")
LITERAL_RUN = re.compile(r"(?<!\\)[A-Za-z0-9 _'-]{1,4}")


class _Timeout(Exception):
    pass


def can_probe() -> bool:
    """Whether the timed probe can run here (it needs SIGALRM: the main thread of a POSIX process).
    The compiled-rule cache key records it, so a pack built without the probe is never reused
    where the probe would have run."""
    return threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")


def backtracks(pattern: str) -> str | None:
    """Why `pattern` can backtrack catastrophically, or None. `pattern` must compile."""
    if REPEATED_ALTERNATION.search(pattern):
        return (f"repeated group of alternatives in {pattern!r} can backtrack catastrophically; "
                f"use a token list (IN) or a character class instead")
    problem = _Shape(pattern).problem
    if problem:
        return f"regex {pattern!r} {problem}; rewrite it so each character can be matched one way"
    if not can_probe():
        return None
    probe = _probe_strings(pattern)
    compiled = re.compile(pattern)
    slow = _first_slow(compiled, probe)
    if slow is not None:
        shown = slow if len(slow) <= 24 else f"{slow[:12]}…{slow[-4:]}"
        return (f"regex {pattern!r} backtracks catastrophically (more than {BUDGET}s on the "
                f"{len(slow)}-character text {shown!r}); rewrite it so each character can be matched one way")
    return None


def _probe_strings(pattern: str) -> list[str]:
    units = dict.fromkeys(FILLERS)
    for ch in _Shape(pattern).samples:     # the pattern's own classes: [à-ÿ] gives à and ÿ
        units[ch] = None
    for run in LITERAL_RUN.findall(pattern):
        units[run] = None
        for ch in run:
            units[ch] = None
    out = []
    for unit in list(units)[:48]:
        for length in (32, TOKEN_LIMIT):
            body = unit * max(length // len(unit), 1)
            out += [body[:length - 1] + end for end in ENDINGS]
    return out


def _first_slow(compiled: re.Pattern, texts: list[str]) -> str | None:
    def alarm(signum, frame):
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, alarm)
    outer = signal.setitimer(signal.ITIMER_REAL, 0)       # someone else's timer (pytest-timeout): paused
    text = None
    try:
        for text in texts:
            signal.setitimer(signal.ITIMER_REAL, BUDGET)
            compiled.search(text)
            signal.setitimer(signal.ITIMER_REAL, 0)
        return None
    except _Timeout:
        return text
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer[0]:
            signal.setitimer(signal.ITIMER_REAL, *outer)


class _Set:
    """A set of characters some part of a regex can match: a membership test plus sample members."""

    def __init__(self, test, samples, fold: bool):
        self.test, self.samples, self.fold = test, set(samples), fold

    def has(self, ch: str) -> bool:
        if self.test(ch):
            return True
        # re's IGNORECASE folds one character to one character: "ß".upper() is "SS", not a variant
        return self.fold and any(len(v) == 1 and self.test(v) for v in (ch.lower(), ch.upper()))

    def overlaps(self, other: "_Set") -> bool:
        return any(self.has(c) and other.has(c) for c in self.samples | other.samples | set(SAMPLES))


_CATEGORIES = {name: re.compile(rx).fullmatch for name, rx in (
    ("CATEGORY_DIGIT", r"\d"), ("CATEGORY_NOT_DIGIT", r"\D"), ("CATEGORY_SPACE", r"\s"),
    ("CATEGORY_NOT_SPACE", r"\S"), ("CATEGORY_WORD", r"\w"), ("CATEGORY_NOT_WORD", r"\W"))}


class _Shape:
    """Walks a parsed regex, tracking the unbounded repeats still "open" (not yet closed by a
    required character outside their set); `problem` says why the regex is refused, or is None."""

    def __init__(self, pattern: str):
        from re import _parser as sre_parse, _constants as c

        self.c = c
        self.samples: dict[str, None] = {}
        self.problem = None
        self.steps = 0
        try:
            parsed = sre_parse.parse(pattern)
        except Exception:           # compiler.check_regexes reports regexes that do not compile
            return
        self.fold = bool(parsed.state.flags & re.IGNORECASE) or "(?i" in pattern or "i)" in pattern
        try:
            self._seq(list(parsed), frozenset())
        except _Refused as err:
            self.problem = str(err)
        except RecursionError:
            self.problem = "is nested too deeply to check"

    def _width(self, items) -> tuple[int, int]:
        from re import _parser as sre_parse
        return sre_parse.SubPattern(sre_parse.State(), list(items)).getwidth()

    def _atom(self, op, av) -> _Set | None:
        c = self.c
        fold = self.fold
        if op is c.LITERAL:
            ch = chr(av)
            self.samples.setdefault(ch)
            return _Set(lambda x: x == ch, [ch], fold)
        if op is c.NOT_LITERAL:
            ch = chr(av)
            return _Set(lambda x: x != ch, [ch], fold)
        if op is c.ANY:
            return _Set(lambda x: True, [], fold)
        if op is c.IN:
            negate = bool(av) and av[0][0] is c.NEGATE
            tests, samples = [], []
            for kind, value in av[negate:]:
                if kind is c.LITERAL:
                    samples.append(chr(value))
                    tests.append(lambda x, ch=chr(value): x == ch)
                elif kind is c.RANGE:
                    lo, hi = value
                    samples += [chr(lo), chr(hi), chr((lo + hi) // 2)]
                    tests.append(lambda x, lo=lo, hi=hi: lo <= ord(x) <= hi)
                elif kind is c.CATEGORY:
                    tests.append(_CATEGORIES.get(str(value), lambda x: True))
                else:
                    tests.append(lambda x: True)
            for ch in samples[:6]:
                self.samples.setdefault(ch)
            return _Set(lambda x: any(t(x) for t in tests) != negate, samples, fold)
        return None

    def _chars(self, items) -> _Set:
        """Every character any part of `items` can match."""
        sets = []
        for op, av in items:
            atom = self._atom(op, av)
            if atom is not None:
                sets.append(atom)
            for inner in self._inner(op, av):
                sets.append(self._chars(inner))
        return _Set(lambda x: any(s.has(x) for s in sets), set().union(*(s.samples for s in sets)), False)

    def _inner(self, op, av) -> list:
        c = self.c
        if op is c.SUBPATTERN:
            return [av[3]]
        if op is c.BRANCH:
            return list(av[1])
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            return [av[2]]
        if op is c.ATOMIC_GROUP:
            return [av]
        return []

    def _has_long(self, items) -> bool:
        c = self.c
        for op, av in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT) and (av[1] - av[0] > LONG or self._has_long(av[2])):
                return True
            if any(self._has_long(inner) for inner in self._inner(op, av)):
                return True
        return False

    def _seq(self, items, open_: frozenset) -> frozenset:
        self.steps += len(items)
        if self.steps > 20_000:
            raise _Refused("is too complex to check for catastrophic backtracking")
        for op, av in items:
            open_ = self._item(op, av, open_)
        return open_

    def _item(self, op, av, open_: frozenset) -> frozenset:
        c = self.c
        atom = self._atom(op, av)
        if atom is not None:        # a required character closes the repeats it is outside of
            return frozenset(o for o in open_ if o.overlaps(atom))
        if op is c.SUBPATTERN:
            return self._seq(av[3], open_)
        if op is c.BRANCH:
            return frozenset().union(*(self._seq(branch, open_) for branch in av[1]))
        if op in (c.ASSERT, c.ASSERT_NOT):
            self._seq(av[1], frozenset())
            return open_
        if op in (c.ATOMIC_GROUP, c.POSSESSIVE_REPEAT):   # never backtracked into
            inner = av if op is c.ATOMIC_GROUP else av[2]
            self._seq(inner, frozenset())
            return frozenset() if self._width(inner)[0] else open_
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, hi, body = av
            if hi - lo > LONG:
                if self._has_long(body):
                    raise _Refused("repeats a group that holds an unbounded repeat")
                chars = self._chars(body)
                if any(o.overlaps(chars) for o in open_):
                    raise _Refused("has unbounded repeats next to each other over the same characters, "
                                   "which a failing search tries in every split")
                self._seq(body, frozenset())
                return frozenset({chars}) if lo and self._width(body)[0] else open_ | {chars}
            # a short repeat, unrolled: its fixed part at most twice, then each optional count
            lo = min(lo, 2)
            states, state = [], open_
            for k in range(lo + min(hi - lo, 2) + 1):
                if k >= lo:
                    states.append(state)
                state = self._seq(body, state)
            return frozenset().union(*states)
        return open_                 # anchors, backreferences (the probe tries those)


class _Refused(Exception):
    pass
