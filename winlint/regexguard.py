"""Refuse rule regexes that backtrack catastrophically, before they can hang a lint run.

A rule's REGEX is matched by spaCy against one token at a time, and the engine never tokenizes a
run of more than 500 non-space characters (`engine.MAX_RUN`), so a regex sees at most 500
characters. That bounds linear and quadratic patterns, not exponential or high-polynomial ones:
`(a|aa)+$` takes minutes on 40 characters. compiler.check_regexes already refuses nested
quantifiers (`(a+)+`); this adds:

1. a repeated group with alternatives, `(a|aa)+`, refused by its shape;
2. a probe: the regex is searched, as spaCy would, in hostile strings built from its own
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
ENDINGS = ("\x00", "!")
LITERAL_RUN = re.compile(r"(?<!\\)[A-Za-z0-9 _'-]{1,4}")


class _Timeout(Exception):
    pass


def backtracks(pattern: str) -> str | None:
    """Why `pattern` can backtrack catastrophically, or None. `pattern` must compile."""
    if REPEATED_ALTERNATION.search(pattern):
        return (f"repeated group of alternatives in {pattern!r} can backtrack catastrophically; "
                f"use a token list (IN) or a character class instead")
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
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
    for run in LITERAL_RUN.findall(pattern):
        units[run] = None
        for ch in run:
            units[ch] = None
    out = []
    for unit in list(units)[:24]:
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
