"""Quotation: a move inside someone else's quoted words is reported, not the writer's framing.

Shapes of it: a span between double quotes ('She read it out: "Sign, or you're fired."'),
unless the writer introduces the quote as their own words ('I told him "sign or you're fired"'),
and paragraphs that are someone else's words by their form (`Paragraph.reported`): signed as a
quotation ("... hate you. -- Mark Twain"), opened by a named saying's label ("Murphy's Law: ...") or
by a label that introduces a quote ("Overheard at the offsite: ..."), a glossary entry ("meeting,
n.: ..."), a chat log ("<dana> ..."), a dialogue of named speakers ("Ana: ... Ben: ..."), or a song
or poem laid out in lines ("..., And sometimes I ..., They're all ...").

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
    DASH + r"""(?:(?:[A-Z][\w'’.-]*|de|van|der|von|la|le|du|da|of|the)\s*){1,6}(?:$|[,(\[:<]|\s-|in\s)""")
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
    ("I told him", "we'll say", "so I wrote back –")."""
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


# -- paragraphs that are someone else's words by their form ------------------------------------------
# a label opening the paragraph: "Green's Law of Debate: ...", "Overheard at the offsite: ..."
LABEL_RE = re.compile(r"""\s*([^:.!?"“”\n]{2,160}?)\s*:\s""")
POSSESSIVE_RE = re.compile(r"""^[A-Z][\w.-]*(?:['’]s|s['’])$""")
# "quote" is also a price ("Your quote: ..."): it introduces words when they come from somewhere
QUOTE_FROM = frozenset({"from", "following", "by", "favorite", "favourite"})
OWNERS = frozenset({"my", "our", "your", "his", "her", "their", "its", "this", "that", "team", "company"})
LABEL_WORDS = 8
# a glossary entry: "meeting, n.: a place where ..." (the part of speech after a comma)
GLOSSARY_RE = re.compile(r"""\s*[A-Za-z][\w'’ -]{0,40},\s*(?:n|v|vt|vi|adj|adv|interj|pl\.?\s*n)\.?\s*[:.]\s""")
# a chat log: "<dana> ..." or "< dana> ..." opening a line; an action line opens with "* dana"
CHAT_MARK_RE = re.compile(r"""(?:^|\s)<\s?[A-Za-z_\[\]|^`\\][\w\[\]|^`\\.-]{0,30}>\s""")
CHAT_START_RE = re.compile(r"""\s*(?:<\s?[A-Za-z_\[\]|^`\\][\w\[\]|^`\\.-]{0,30}>|\*\s[A-Za-z])""")
# a dialogue: "Ana: ... Ben: ...", each speaker's name opening the paragraph or a sentence
# a song or poem: its lines open with a capital even after a comma ("..., And we sang, They're all ...")
VERSE_RE = re.compile(r"""[,;]\s+(['‘’]?[A-Z][A-Za-z'’]*)""")
VERSE_LINES = 2
SPEAKER_RE = re.compile(r"""(?:^|(?<=[.!?)"”]\s))\s*([A-Z][a-z]+):\s""")


def saying_label(text: str, sayings: frozenset, introducers: frozenset) -> bool:
    """Whether the paragraph opens with the label of a named saying ("Murphy's Law:", "The Peter
    Principle:", "Gordon's first law of research:") or with a label that introduces someone else's
    words ("The following quote is from the manual:", "Things overheard at the offsite:")."""
    m = LABEL_RE.match(text)
    if m is None:
        return False
    words = m.group(1).split()
    low = [normalize_word(w) for w in words]
    if (introducers.intersection(low) or ("quote" in low or "quotes" in low) and QUOTE_FROM.intersection(low)) \
            and not SELF.intersection(low):     # "Quote of the day from me:" is the writer's own
        return True
    if not 1 < len(words) <= LABEL_WORDS or not words[0][:1].isupper() or low[0] in OWNERS:
        return False
    for i, w in enumerate(low):
        if w in sayings and (i == len(low) - 1 or low[i + 1] in ("of", "on", "for", "about")):
            head = words[:i]
            return any(POSSESSIVE_RE.match(h) for h in head) or \
                (head[:1] == ["The"] and any(h[:1].isupper() for h in head[1:]))
    return False


def normalize_word(word: str) -> str:
    return word.lower().replace("’", "'").strip("'.,;()[]")


def dialogue(text: str, labels: frozenset) -> list[tuple[int, int]]:
    """The turns of named speakers other than the writer in a dialogue ("Ana: ... Ben: ..."): at
    least two names, the first opening the paragraph; `labels` are headings, not speakers ("Note:",
    "Update:"), and "Me:" / "You:" turns are the writer's own words or the ones they script for the reader."""
    turns = [(m.start(1), m.group(1)) for m in SPEAKER_RE.finditer(text)]
    if len(turns) < 2 or turns[0][0] > 2 or any(name.lower() in labels for _, name in turns):
        return []
    if len({name for _, name in turns}) < 2:
        return []
    ends = [start for start, _ in turns[1:]] + [len(text)]
    return [(start, end) for (start, name), end in zip(turns, ends) if name.lower() not in SELF]


# the writer's turns, and the reader's in a script the writer suggests ("You: If this slips, I walk.")
SELF = frozenset({"me", "i", "myself", "us", "we", "you"})


def verse(text: str, openers: frozenset) -> bool:
    """Whether the paragraph is laid out as verse: at least two lines, run together, that open with
    a capitalized `openers` word right after a comma ("..., And sometimes I ..., They're all ...")."""
    return sum(normalize_word(m.group(1)) in openers and not _salutation(text, m.start())
               for m in VERSE_RE.finditer(text)) >= VERSE_LINES


def _salutation(text: str, comma: int) -> bool:
    """Whether the comma closes a message's opening address ("Hey all,", "Hi Dana,", "Team,"):
    the capital after it starts the body, not a line of verse."""
    return len(text[:comma].split()) <= 3 and not any(c in text[:comma] for c in ",;.!?")


def reported(text: str, cues, signed: int | None | bool = False) -> list[tuple[int, int]]:
    """Character ranges of a paragraph that are someone else's words by the paragraph's form.
    `signed`: the paragraph's attribution() when the caller has it (False: not computed yet)."""
    if signed is False:
        signed = attribution(text)
    if signed is not None or GLOSSARY_RE.match(text) \
            or saying_label(text, cues.sayings, cues.introducers) or verse(text, cues.verse):
        return [(0, len(text))]
    if CHAT_START_RE.match(text):
        m = CHAT_MARK_RE.search(text)
        if m is not None:
            return [(m.start(), len(text))]
    return dialogue(text, cues.labels)


@dataclass(frozen=True)
class Context:
    """Where a piece of a paragraph (the engine's one-sentence Doc) sits in the paragraph's quotes."""
    state: tuple[str, int] | None = None   # the quote open where the piece starts (index -1: before it)
    lead: str = ""                         # the text that leads into that quote
    signed_at: int | None = None           # where the paragraph's quotation signature starts, in the piece
    para: "Paragraph | None" = None        # the whole paragraph, for its shapes (`reported`)
    offset: int = 0                        # where the piece starts in it

    @classmethod
    def of(cls, text: str) -> "Context":
        """A whole paragraph (or a spaCy user's Doc): no quote open before it."""
        return cls(signed_at=attribution(text), para=Paragraph(text))

    def reported(self, cues) -> list[tuple[int, int]]:
        """The paragraph's ranges of someone else's words (`reported`), in the piece's offsets."""
        if self.para is None:
            return []
        return [(s - self.offset, e - self.offset) for s, e in self.para.reported(cues)]


class Paragraph:
    """The quote state along one paragraph, advanced as its sentences are read in order."""

    def __init__(self, text: str):
        self.text, self.pos, self.state = text, 0, None
        self._signed = False
        self._reported = None

    def reported(self, cues) -> list[tuple[int, int]]:
        if self._reported is None:
            if not self._signed:
                self._signed, self.signed = True, attribution(self.text)
            self._reported = reported(self.text, cues, self.signed)
        return self._reported

    def at(self, offset: int) -> Context:
        """The context of the piece starting at `offset` (offsets only grow between calls)."""
        if not self._signed:
            self._signed, self.signed = True, attribution(self.text)
        self.state, self.pos = scan(self.text, self.pos, offset, self.state), offset
        lead = "" if self.state is None else self.text[max(0, self.state[1] - LEAD_CHARS):self.state[1]]
        state = None if self.state is None else (self.state[0], -1)
        return Context(state, lead, None if self.signed is None else self.signed - offset, self, offset)
