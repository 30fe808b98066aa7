"""The decision: given a sentence's words and a finding's range, is the move endorsed?"""
from __future__ import annotations

from .cues import APOSTROPHES, Cues, normalize

# where a clause ends, for cues that must govern the move from inside its clause
CLAUSE_BREAKS = frozenset({".", "!", "?", ",", ";", ":", "—", "–", "(", ")", '"', "“", "”", "but", "so",
                           "because", "if", "when", "unless", "or", "and", "then", "while", "although",
                           "though", "however", "...", "…", "--", "-"})
ADVICE_WINDOW = 8       # tokens between an advice cue ("instead of", "tempted to") and the move
FRAMING_WINDOW = 12     # "I've seen teams where the only way to get noticed was to ..."
WANTS_WINDOW = 4        # "what would (really) get them to..."
RELATIVE_WINDOW = 4     # "managers who (constantly) threaten..."
WRITER = frozenset({"i", "we"})      # first-person subjects: the move is the writer's own
NEXT_WORDS = 12         # how much of the next sentence a cue may open
AGENT_WINDOW = 8        # "he will (probably) seek to force you": the subject and its verb shortly before
REPORT_WINDOW = 12      # "she said (that) she would fire me": the reporting verb shortly before
SUBJECT_REACH = 14      # "Threatening to blacklist a supplier across your network is ...": a gerund subject's length
SUBJECT_ADVERBS = frozenset({"just", "even", "constantly", "always", "never", "repeatedly", "secretly"})
SUBJECT_BREAKS = frozenset({".", "!", "?", ",", ";", ":", "—", "–", "--", "but"})
SUBJECT_OPENERS = frozenset({"but", "and", "so"})
TURNS = frozenset({"but", "yet", "though", "although", "however", "still"})
QUOTES = frozenset({'"', "“", "”"})     # a quoted phrase stays in the scope of what introduces it
LABEL_REACH = 3         # "A: Firing someone ...", "Re: getting even ...": a label before a gerund subject
NOT_GERUNDS = frozenset({"nothing", "something", "anything", "everything", "morning", "evening", "meeting",
                         "during", "thing", "string", "spring", "bring", "king"})


def tokens_of(tokens) -> list[str]:
    """Normalized words of spaCy tokens (a Doc, a Span or a list of Token)."""
    return [t.text.lower().translate(APOSTROPHES) for t in tokens]     # normalize(), inlined: per token


class Stance:
    def __init__(self, cues: Cues):
        self.cues = cues

    def judge(self, words: list[str], start: int, end: int, after: list[str] = (), *,
              negatable: bool = True, found: dict | None = None, quoted: bool = False) -> str | None:
        """None when the writer endorses words[start:end]; else the cue family that says they don't.
        `found`: a dict kept by the caller for one sentence (its cue positions, found once);
        `quoted`: the move is inside someone else's quoted words (see quotes.py)."""
        c = self.cues
        found = {} if found is None else found

        def spans(phrases):        # a sentence-wide cue's positions, found once per sentence
            if id(phrases) not in found:
                found[id(phrases)] = phrases.find(words)
            return found[id(phrases)]

        if any(s < end + 3 and start - 3 < e for s, e in spans(c.cooperation)):
            return "cooperation"
        if quoted:
            return "quotation"
        if negatable and not any(e == start for _, e in spans(c.still_wanted)) and (
                self._before(c.negators, words, start, c.window) or any(e <= start for _, e in spans(c.scope))):
            return "negation"
        if self._before(c.advice_before, words, start, ADVICE_WINDOW) or spans(c.advice_anywhere):
            return "advice_against"
        if self._judged(words, start, end) or self._payoff(words, start):
            return "advice_against"
        head = _head(after)
        if head and any(c.advice_next.at(head, i) for i in range(min(2, len(head)))):
            return "advice_against"
        # the same answer after a colon: "Step one to getting them to agree: stop trying to convince them."
        colon = next((i for i in range(end, len(words)) if words[i] == ":"), None)
        tail = _head(words[colon + 1:]) if colon is not None else None
        if tail and any(c.advice_next.at(tail, i) for i in range(min(2, len(tail)))):
            return "advice_against"
        if any(e <= start for _, e in spans(c.concession)) and \
                (any(s >= end for s, _ in spans(c.turn)) or bool(head and c.turn.at(head, 0))
                 or bool(c.verdicts.find(head))):    # "You could make them ... It'll give you a false sense of control"
            return "turn"
        if self._before(c.other_wants, words, start, WANTS_WINDOW):
            return "other_wants"
        if self._third_party(words, start):
            return "third_party"
        return None

    # -- the families --------------------------------------------------------------------------
    def _before(self, phrases, words: list[str], start: int, window: int) -> bool:
        """A cue ending at most `window` words before `start`, with no clause break in between.
        Quote marks do not end the clause ('Why you should never try to "get even"'), but a cue
        inside a quote that closes before the move is the quote's ('Nothing says "don't" like ...')."""
        marks = depth = 0       # quote marks passed; quote marks before words[i] (counted at the first one)
        for i in range(start - 1, max(0, start - window - 4) - 1, -1):
            if words[i] in QUOTES:
                depth = (sum(w in QUOTES for w in words[:i]) + 1 if not marks else depth) - 1
                marks += 1
                continue
            closed = marks % 2 and depth % 2                # in a quote that closes before the move
            n = phrases.at(words, i)
            if i + n > start and (words[i],) in phrases.by_first.get(words[i], ()):
                n = 1       # a one-word cue inside a longer one that runs into the move: "no" in "no need to win"
            if n and i + n <= start and start - (i + n) <= window and not closed:
                return True
            if words[i] in CLAUSE_BREAKS and not closed:
                return False
        return False

    def _judged(self, words: list[str], start: int, end: int) -> bool:
        """"Punishing people for bad news is petty": the move is in the sentence's gerund subject
        and the predicate passes a verdict on it, with no turn after ("..., but it works")."""
        c = self.cues
        first = _subject_start(words)
        if first is None and words[0] in {"a", "an", "the"}:      # "A harsh review to get back at her is ..."
            first = 0
        if first is None or start < first or start > first + SUBJECT_REACH:
            return False
        for k in range(first + 1, start):      # a verb or a clause break before the move: no subject
            if words[k] in c.verbs or words[k] in SUBJECT_BREAKS:
                return False
        for k in range(end, min(len(words), end + SUBJECT_REACH)):
            if words[k] in SUBJECT_BREAKS:
                return False
            if words[k] in c.verbs:
                # a verdict after the last turn: "... is harsh, but it works" stands,
                # "... might get a signature, but it ruins the renewal" does not
                rest = words[k:]
                turns = [i for i, w in enumerate(rest) if w in TURNS]
                if turns and c.concession.at(rest, 0):     # "... would have been easier, but I owned it"
                    return True
                return bool(c.verdicts.find(rest, turns[-1] + 1 if turns else 0))
        return False

    def _payoff(self, words: list[str], start: int) -> bool:
        """The move is the bad payoff of an act: "Indefinite probation is a great way to make people
        leave", "Docking their pay will make them quit"; a verdict from the move on, and the move
        after a `payoff` cue or in the predicate of a gerund subject."""
        c = self.cues
        if not c.verdicts.find(words, start):
            return False
        if self._before(c.payoff, words, start, 2):
            return True
        first = _subject_start(words)
        if first is None:
            return False
        for k in range(first + 1, start):
            if words[k] in SUBJECT_BREAKS:
                return False
            if words[k] in c.verbs:
                return True
        return False

    def _third_party(self, words: list[str], start: int) -> bool:
        c = self.cues
        # "I used to treat ...", "a friend asked me how to ...": a past self or someone else's framing
        if self._before(c.framing, words, start, FRAMING_WINDOW):
            return True
        # "managers who (always) threaten ...": a relative pronoun after a people word
        for i in range(start - 1, max(-1, start - 1 - RELATIVE_WINDOW), -1):
            w = words[i]
            if w in CLAUSE_BREAKS:
                break
            if w in WRITER:     # "a co-worker who, once I find a way to get back at him, ...": the writer's move
                break
            if w in c.relative and any(x in c.people for x in words[max(0, i - 2):i]):
                return True
        # "he said he'd fire me": someone else's words reported
        for s, e in c.reporting.find(words, max(0, start - REPORT_WINDOW), start):
            if any(e2 == s for _, e2 in c.subjects.find(words, max(0, s - 3), s)) or \
                    (s and words[s - 1] in c.people          # "a customer told our driver they'd ..."
                     and not any(w in CLAUSE_BREAKS and w not in QUOTES for w in words[e:start])):
                return True
        # "he will seek to force you": someone else doing the move, in the move's own clause
        for s, e in c.subjects.find(words, max(0, start - AGENT_WINDOW), start):
            n = c.agents.at(words, e) if e < start else 0
            if n and not any(w in CLAUSE_BREAKS for w in words[e + n:start]) \
                    and not any(w in CLAUSE_BREAKS for w in words[s:e]):
                return True
        return False


def _subject_start(words: list[str]) -> int | None:
    """Where a sentence's gerund subject starts, past a label ("A:", "Reply:") and an adverb
    ("Honestly, ...", "Publicly ..."); None when it opens with no gerund."""
    i = 0
    if ":" in words[1:LABEL_REACH + 1]:
        i = words.index(":", 1) + 1
    if i < len(words) and words[i] in SUBJECT_OPENERS:     # "But taking over their accounts ..."
        i += 1
    if i < len(words) and (words[i].endswith("ly") or words[i] in SUBJECT_ADVERBS) and not _gerund(words[i]):
        i += 2 if i + 1 < len(words) and words[i + 1] == "," else 1
    return i if i < len(words) and _gerund(words[i]) else None


def _gerund(word: str) -> bool:
    return len(word) > 4 and word.endswith("ing") and word.isalpha() and word not in NOT_GERUNDS


def _head(after) -> list[str]:
    words = [normalize(w) for w in list(after)[:NEXT_WORDS]]
    while words and (words[0] in {"but", "and", "so", "-", "—", "–", "(", '"', "“"} or words[0].isspace()):
        if words[0] == "but":
            return words     # "..., but" is itself the turn
        words = words[1:]
    return words
