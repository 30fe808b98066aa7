"""Quotation: a move inside someone else's quoted words is reported, not the writer's framing.

Two shapes of it: a span between double quotes ('She read it out: "Sign, or you're fired."'),
unless the writer introduces the quote as their own words ('I told him "sign or you're fired"'),
and a paragraph signed as a quotation ("... hate you. -- Mark Twain").

Quote state is carried along a paragraph by `scan`, so a quote may open sentences before the move;
it is a pair (the closing mark it waits for, the opening mark's index), or None outside quotes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MARKS_RE = re.compile('["“”]')
CLOSERS = ('"', "”")
LEAD_CHARS = 120          # how much text before an opening quote may introduce it as the writer's
SPEAKER_WINDOW = 8        # words between the writer ("I") and the speech verb ("said")
WORD_RE = re.compile(r"[a-z]+(?:['’][a-z]+)?")
# "... hate you. -- Mark Twain": a dash after a sentence's end, then a name (capitalized words,
# initials, particles: "W. C. Fields", "Alfred de Musset") that ends the paragraph or is followed by
# its source ("-- Ray Kroc, Founder of McDonald's", "-- Emily Postnews (1990)")
DASH = r"""[.!?"”…)_]\s+(?:--|—|―)\s*"""
ATTRIBUTION_RE = re.compile(
    DASH + r"""(?:(?:[A-Z][\w'’.-]*|de|van|der|von|la|le|du|da|of|the)\s*){1,6}(?:$|[,(\[:]|\s-)""")
# or a short capitalized line with no sentence end of its own ("-- Sign in a print shop, 1970s")
SIGNATURE_LINE_RE = re.compile(DASH + r"""[A-Z(][^.!?]{0,100}[.]?\s*$""")
TAIL_WORD_RE = re.compile(r"[\w']+")
ATTRIBUTION_WORDS = 24
# a signature reads as a name and a source, not as a request to the reader: "-- Priya, can you take it?"
NOT_A_SIGNATURE = frozenset({"I", "you", "we", "me", "us", "please", "can", "could", "will", "should", "thanks"})


def scan(text: str, lo: int, hi: int, state: tuple[str, int] | None) -> tuple[str, int] | None:
    """The quote state after reading text[lo:hi], starting from `state`."""
    for m in MARKS_RE.finditer(text, lo, hi):
        mark = m.group()
        if state is None:
            if mark != "”":                    # a stray closing mark opens nothing
                state = ('"' if mark == '"' else "”", m.start())
        elif mark in CLOSERS:
            state = None
    return state


def closes(text: str, start: int = 0) -> bool:
    """Whether an open quote is closed in text[start:] (a quote left open is likely a stray mark)."""
    return any(text.find(c, start) >= 0 for c in CLOSERS)


def attribution(text: str) -> int | None:
    """Where a paragraph's quotation signature ("-- Name, Source") starts, if it ends with one."""
    lo = max(0, len(text) - 240)
    for m in [*ATTRIBUTION_RE.finditer(text, lo), SIGNATURE_LINE_RE.search(text, lo)]:
        if m is None:
            continue
        tail = text[m.start() + 1:].strip()
        if tail.endswith(("?", "!")) or len(tail.split()) > ATTRIBUTION_WORDS \
                or NOT_A_SIGNATURE.intersection(TAIL_WORD_RE.findall(tail)):
            continue
        return m.start() + 1
    return None


def own_words(lead: str, speakers: frozenset, speech: frozenset) -> bool:
    """Whether the text before an opening quote introduces it as the writer's own words
    ("I told him", "we'll say", "I have to go to my manager and say –")."""
    words = WORD_RE.findall(lead[-LEAD_CHARS:].lower().replace("’", "'"))
    for i in range(len(words) - 1, max(-1, len(words) - 4), -1):    # the verb right before the quote
        if words[i] in speech:
            for w in reversed(words[max(0, i - SPEAKER_WINDOW):i]):
                if w in speakers:
                    return True
                if w in OTHERS:
                    return False
            return False
    return False


OTHERS = frozenset({"he", "she", "they", "you", "it", "who", "he's", "she's", "they're", "he'd", "she'd",
                    "they'd", "he'll", "she'll", "they'll", "you're", "you'd", "you'll"})


@dataclass(frozen=True)
class Context:
    """Where a piece of a paragraph (the engine's one-sentence Doc) sits in the paragraph's quotes."""
    state: tuple[str, int] | None = None   # the quote open where the piece starts (index -1: before it)
    lead: str = ""                         # the text that leads into that quote
    signed_at: int | None = None           # where the paragraph's quotation signature starts, in the piece

    @classmethod
    def of(cls, text: str) -> "Context":
        """A whole paragraph (or a spaCy user's Doc): no quote open before it."""
        return cls(signed_at=attribution(text))


class Paragraph:
    """The quote state along one paragraph, advanced as its sentences are read in order."""

    def __init__(self, text: str):
        self.text, self.pos, self.state = text, 0, None
        self._signed = False

    def at(self, offset: int) -> Context:
        """The context of the piece starting at `offset` (offsets only grow between calls)."""
        if not self._signed:
            self._signed, self.signed = True, attribution(self.text)
        self.state, self.pos = scan(self.text, self.pos, offset, self.state), offset
        lead = "" if self.state is None else self.text[max(0, self.state[1] - LEAD_CHARS):self.state[1]]
        state = None if self.state is None else (self.state[0], -1)
        return Context(state, lead, None if self.signed is None else self.signed - offset)
