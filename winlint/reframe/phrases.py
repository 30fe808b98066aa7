"""The writer's words a template may use, read from the flagged sentence with clean edges.

An action is a verb phrase that ends at a clause boundary; a topic is a noun
phrase outside the match; `rest` is the sentence without an aside at its start
or end. Each is None when it cannot be closed cleanly, and a template that
needs it is then not used.
"""
from __future__ import annotations

import re

from . import inflect

COORDINATORS = {"and", "or", "but", "nor", "yet", "so", "then"}
SUBORDINATORS = {"because", "if", "when", "whenever", "whether", "while", "although", "though", "unless", "until",
                 "since", "before", "after", "once", "as", "than", "which", "who", "whom", "whose", "where",
                 "cause", "cuz", "coz"}
ADJUNCTS = {"by", "during", "regardless", "without", "instead", "even", "again", "anyway", "already", "today",
            "tonight", "tomorrow", "yesterday", "asap", "now", "ever", "soon", "lol", "please", "like", "no"}
TIME_WORDS = {"week", "month", "quarter", "year", "sprint", "time", "morning", "afternoon", "evening", "night",
              "weekend", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "day",
              "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "weekends"}
MODALS_AND_AUX = {"can", "could", "will", "would", "shall", "should", "may", "might", "must", "do", "did", "does",
                  "have", "had", "has", "are", "were", "was", "is", "be", "get", "got", "need", "want", "know", "think"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "my", "our", "your", "his", "her", "their", "its",
               "every", "each", "some", "any", "all", "no"}
PREPOSITIONS = {"on", "at", "in", "for", "from", "with", "to", "of", "about", "into", "onto", "over", "under",
                "through", "across", "around", "against", "toward", "towards", "behind", "within", "per", "via"}
# prepositions that may end a verb phrase as a particle ("log in", "back down", "give up")
PARTICLES = {"in", "on", "out", "up", "down", "off", "back", "over", "around", "away", "through", "along"}
DANGLING = DETERMINERS | PREPOSITIONS - PARTICLES | COORDINATORS | SUBORDINATORS | {
    "i", "we", "you", "he", "she", "they", "is", "are", "was", "were", "be", "been", "will", "would", "can", "could",
    "should", "must", "have", "has", "had", "do", "does", "did", "not", "very", "really", "just", "more", "most",
    "less", "too", "quite", "such", "own", "other", "another", "s", "'s", "’s", "n't", "to", "all"}
# words a bare noun phrase never starts with: pronouns and quantities ("with whatever I want", "cave on
# half", "with both body language and words")
NOT_BARE = {"whatever", "whichever", "whoever", "both", "either", "neither", "half", "others", "another", "twice",
            "nothing", "something", "anything", "everything", "none"}
# heads that name nothing alone ("the plan", "my desk") but do after a noun ("the migration plan")
COMPOUND_HEADS = {"plan", "plans", "goal", "goals", "idea", "ideas", "table", "line", "desk", "cycle", "season"}
NOT_OWNERS = {"let", "it", "that", "what", "there", "here", "he", "she", "who", "where", "how", "this",
              "everyone", "everybody", "nobody", "someone", "when", "why", "which"}
POSSESSIVE_IDIOM_OWNERS = {"your", "my", "his", "her", "their", "our"}
POSSESSIVE_IDIOMS = {"call", "funeral", "problem", "loss", "lookout"}
NOT_TOPIC_HEADS = {"thing", "things", "way", "point", "lot", "bit", "kind", "sort", "time", "times", "one", "ones",
                   "end", "fact", "side", "moment", "while", "idea", "goal", "aim", "plan", "intention", "next", "last", "first", "wrong", "right", "best", "worst", "same", "rest", "other", "most", "least",
                   "head", "back", "hand", "hands", "place", "face", "feet", "toes", "shoes", "nose", "neck", "lane",
                   # idioms and places, not subjects: "on the ball", "your act", "on my desk", "the last word"
                   "ball", "act", "use", "hour", "hours", "minute", "minutes", "desk", "inbox", "plate", "table",
                   "ground", "door", "word", "line", "wall", "bus", "level", "law",
                   "well",       # "serve her well": an adverb
                   "eye", "eyes", "game",    # "look him in the eye", "that's the game"
                   "coffee", "lunch", "dinner", "drinks", "weakness", "strength", "help",  # "over coffee", "from weakness"
                   "victor", "winner", "winners", "loser", "losers", "standing",   # who wins is not a subject
                   # idioms: "pull your weight", "your final warning", "the upper hand", "the whole quarter",
                   # "the secret to ...", "the trick with ..."
                   "weight", "warning", "chance", "secret", "trick", "whole", "upper", "high", "low", "blame",
                   "say", "mind", "breath", "loop", "dark", "bets",
                   "cycle", "season", "anger", "rage", "wrath", "ire"}       # "this cycle": a time, not a subject ("the review cycle" is one)
# inflected verbs that read as a noun only by accident ("the API key goes", "their lawyer misses")
COMMON_VERBS = {"go", "miss", "want", "need", "say", "think", "get", "make", "take", "look", "seem", "work", "do",
                "have", "be", "come", "know", "feel", "keep", "let", "give", "tell", "ask", "try", "leave", "call",
                "happen", "mean", "stay", "win", "lose", "run", "sign", "agree", "see", "hate", "like", "love", "stand"}
PRONOUN_WORDS = {"it", "them", "him", "her", "us", "me", "you", "they", "we", "he", "she", "i", "everyone", "people",
                 "anyone", "someone", "everybody", "nobody", "anybody", "somebody", "this", "that", "what", "who", "how", "why", "where",
                 "when", "now", "then", "here", "there", "today", "tonight", "tomorrow", "yesterday", "everything",
                 "anything", "nothing", "something", "myself", "ourselves", "yourself", "yourselves", "themselves",
                 "himself", "herself", "itself"}
WORD_RE = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]*$")
MAX_ACTION = 8
OBJECTS = {"this", "that", "these", "those", "all"}    # may end a verb phrase ("approve this")
GROUPS = {"team", "crew", "vendor", "client", "customer", "supplier", "partner", "agency", "manager", "director", "board",
          "department", "contractor", "org", "group", "reports", "people", "folks", "landlord", "lead", "boss",
          "employee", "coworker", "co-worker", "colleague", "intern", "customer", "clients", "customers", "vendors"}
TOPIC_STARTS = {"the", "this", "these", "those", "my", "our", "your", "his", "her", "their", "its", "every", "each"}
THING_STARTS = TOPIC_STARTS | {"a", "an"}
QUANTITY = {"much", "many", "enough"}
# a bare noun phrase may follow these ("worried about timelines", "a share of commission")
BARE_AFTER = {"about", "on", "over", "for", "with", "of", "into", "onto", "from"}
OWNS = {"owns", "own", "controls", "control", "runs", "run", "leads", "lead"}    # "over who owns analytics"
ROLES = {"CTO", "CEO", "CFO", "COO", "VP", "PM", "HR", "SVP", "EVP", "GM"}


def _word(tok) -> bool:
    return bool(WORD_RE.match(tok.text))


def _boundary(doc, i: int) -> bool:
    """Whether token i starts something that is not part of the phrase before it."""
    tok = doc[i]
    low = tok.lower_
    if tok.text == "-" and i > 0 and not doc[i - 1].whitespace_ and not tok.whitespace_:
        return False         # "on-call", "follow-up": one word to a reader
    if tok.is_sent_start:
        return True
    if not _word(tok):
        return not (i > 0 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_)
    if low in COORDINATORS or low in SUBORDINATORS or low in ADJUNCTS:
        return True
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if low in ("this", "next", "last", "every", "each") and nxt in TIME_WORDS:
        return True
    if low in TIME_WORDS and i > 0 and doc[i - 1].lower_ in PREPOSITIONS:
        return False
    # an adjunct starting with a preposition and a determiner: "on the", "at our", "in front of"
    after = doc[i + 2] if i + 2 < len(doc) else None
    at_time = nxt in TIME_WORDS and (after is None or not _word(after) or after.lower_ in _CLAUSE_WORDS)
    return low in _ADJUNCT_PREPOSITIONS and (nxt in DETERMINERS or at_time or nxt == "front")


def _trim(doc, start: int, end: int) -> int:
    """`end` moved left past words a phrase cannot end with."""
    while end > start and ((doc[end - 1].lower_ in DANGLING and doc[end - 1].lower_ not in OBJECTS)
                           or not _word(doc[end - 1])):
        if doc[end - 1].lower_ in PARTICLES:
            break
        end -= 1
    return end


def _finite_after_adverb(doc, i: int) -> bool:
    """A present-tense verb right after an -ly adverb ("... successfully requires"): not part of the phrase."""
    low, prev = doc[i].lower_, doc[i - 1].lower_
    return (low.endswith("s") and inflect.can_be(low, "VERB") and inflect.lemma(low) != low and prev.endswith("ly")
            and inflect.can_be(prev, "ADV") and not inflect.can_be(prev, "ADJ") and not inflect.can_be(prev, "NOUN"))


def action(doc, start: int, end: int, sent_end: int) -> str | None:
    """The verb phrase captured at [start, end), closed at the first clause boundary (it may run past
    the capture to finish a phrase the capture cut short); None when it does not start with a verb
    or cannot be closed cleanly."""
    if start >= end or not _word(doc[start]):
        return None
    first = doc[start].lower_
    if not (inflect.can_be(first, "VERB") or inflect.can_be(inflect.lemma(first), "VERB")):
        return None
    stop = start + 1
    limit = min(sent_end, start + MAX_ACTION)
    # a preposition right after the verb is its particle ("take on his share"), not an adjunct
    while stop < limit and ((stop == start + 1 and doc[stop].lower_ in PREPOSITIONS and _word(doc[stop]))
                            or not _boundary(doc, stop)):
        if _finite_after_adverb(doc, stop):
            break            # "quit successfully requires tact": the sentence's own verb, a new clause
        stop += 1
    stop = _trim(doc, start, stop)
    if stop <= start:
        return None
    if stop < sent_end and stop == start + MAX_ACTION and not _boundary(doc, stop):
        return None        # runs on past the longest phrase we take: not closed
    if stop < sent_end and doc[stop].lower_ in ("'s", "’s", "'", "’"):
        return None        # "stop touching other people's work": cut inside a noun phrase
    words = [t.text for t in doc[start:stop]]
    if _title_case(doc, start, sent_end):
        # "Make Your Employees Work Harder": a headline's capitals are not the words' own
        words = [w.lower() if w[:1].isupper() and not w.isupper() and inflect.known(w.lower()) else w for w in words]
        return " ".join(words)
    return doc[start:stop].text


def unheadline(text: str, keep_first: bool = False) -> str:
    """A phrase read from a headline, with the headline's capitals taken off the words that have them
    only for the headline ("my Lunch Break" -> "my lunch break"); names, acronyms and "I" keep theirs."""
    words = text.split(" ")
    for k, w in enumerate(words):
        if (k == 0 and keep_first) or not w[:1].isupper() or w.isupper() or w == "I":
            continue
        core = w.rstrip(".,;:!?'’")
        if core.lower().endswith(("'s", "’s")):
            core = core[:-2]
        low = core.lower()
        j = k - 1                 # "the Holiday Rota": the last word of a phrase after a determiner
        while j >= 0 and words[j].lower() not in DETERMINERS and words[j].lower() not in NOT_NAMES:
            j -= 1
        head = j >= 0 and words[j].lower() in DETERMINERS and (k == len(words) - 1 or not words[k + 1][:1].isupper())
        if core and WORD_RE.match(core) and (inflect.known(low) or low in NOT_NAMES or head):
            words[k] = w[:1].lower() + w[1:]
    return " ".join(words)


def _title_case(doc, start: int, end: int) -> bool:
    """Whether the sentence around `start` is written in title case (a headline)."""
    s = start
    while s > 0 and not doc[s].is_sent_start and start - s < 40:
        s -= 1
    words = [t for t in doc[s:end] if _word(t) and len(t.text) > 3]
    return len(words) >= 4 and sum(t.text[:1].isupper() for t in words) >= 0.75 * len(words)


# verbs that do not name something the writer does ("needs to be pushed", "is totally incompetent")
NOT_ACTS = {"be", "is", "are", "was", "were", "am", "been", "being", "have", "has", "had", "do", "does", "did",
            "need", "needs", "needed", "want", "wants", "wanted", "let", "lets", "will", "would", "can", "could",
            "should", "shall", "may", "might", "must",
            "say", "says", "said", "think", "thinks", "know", "knows", "see", "sees", "thanks", "thank", "please"}


# what may stand before an act the writer means to do: "to" ("determined to get revenge"), a modal
# or "I"/"we"/"you" ("you must come armed", "I'll fire them"), "let's", or nothing (an order: "Go in
# aggressive"); an adverb in between is skipped ("just fire them")
ACT_AFTER = {"to", "i", "we", "you", "let's", "lets", "will", "'ll", "’ll", "must", "should", "could", "would",
             "can", "gonna", "'m", "’m", "am", "'re", "’re", "and", "then", "or"}
ACT_ADVERBS = {"just", "quietly", "then", "really", "actually", "simply", "finally", "also", "still", "totally",
               "publicly", "first", "now", "definitely", "probably"}


def act(doc, match_start: int, match_end: int, sent_start: int, sent_end: int) -> str | None:
    """The match itself as one verb phrase the writer means to do ("get revenge", "throw them under
    the bus", "come armed"), for a template that names it in its -ing form and turns from it
    ("Instead of getting revenge, ..."; never {act:base}, which would repeat the flagged words);
    None when the match does not start with a verb in the writer's mouth or does not end where a
    phrase ends."""
    end = _trim(doc, match_start, match_end)
    if end < match_end and match_end - match_start > 1 and doc[match_end - 1].lower_ in ("her", "him", "them", "us", "me"):
        end = match_end      # "get back at her": its object, not a determiner ("getting back" means another thing)
    if end - match_start < 1 or doc[match_start].lower_ in NOT_ACTS:
        return None
    first = doc[match_start]
    if first.lower_.endswith(("ed", "ing")) or (first.text[:1].isupper() and match_start != sent_start):
        return None            # "disregarded Olu's input": told, not planned; "plotting my revenge": its
                               # -ing form would repeat the flagged words; "Round one": not a verb
    if not (inflect.can_be(first.lower_, "VERB") or inflect.can_be(inflect.lemma(first.lower_), "VERB")):
        return None
    i = match_start - 1
    while i >= sent_start and doc[i].lower_ in ACT_ADVERBS:
        i -= 1
    if i >= sent_start and doc[i].lower_ not in ACT_AFTER and _word(doc[i]):
        return None            # "make Bea pay for that outburst": someone else's act
    for j in range(i, max(sent_start, i - 8) - 1, -1):     # whose act: the clause's subject
        low = doc[j].lower_
        if low in ("i", "we", "you", "i'm", "i’m", "let's") or not _word(doc[j]):
            break
        if low in ("he", "she", "they", "it", "someone", "everyone") or (doc[j].text[:1].isupper() and j > sent_start):
            return None        # "She has to pay for that outburst": not the writer's
    if end < sent_end and _word(doc[end]) and not _boundary(doc, end):
        return None            # runs on past the match: not one closed phrase
    words = doc[match_start:end]
    if any(not (_word(t) or t.text in ("-", "'s", "’s")) for t in words) or \
            any(t.lower_ in ("i", "we", "he", "she", "they", "you") for t in list(words)[1:]):
        return None            # a clause of its own, not one act
    text = words.text
    return text[:1].lower() + text[1:]


# what is done to the other person, never something they could want to do: "make them quit", "until
# they cave on price", "watch him squirm" -> never "what would make them want to quit" ("leave", "stop",
# "drop" are ordinary acts: "get the intern to leave gracefully")
HARM_VERBS = {"quit", "fail", "suffer", "cave", "crumble", "fold", "sweat", "squirm", "beg", "grovel", "cry", "resign",
              "capitulate", "surrender", "concede", "admit", "cower", "panic", "flinch", "blink", "crack",
              "bleed", "starve", "struggle", "lose", "regret", "hurt", "break", "collapse", "apologize",
              "apologise", "kowtow", "obey", "wither", "fear", "dread", "tremble", "shrink", "sink",
              # feelings and doubts one would never ask of someone ("making them doubt themselves")
              "doubt", "second-guess", "worry", "fret", "despair", "resent", "hate", "envy", "distrust",
              "mistrust", "agonize", "agonise", "grieve", "mourn", "falter", "stumble", "choke", "hesitate",
              "waver", "stew", "sulk", "seethe"}
HARM_PHRASES = {("back", "down"), ("back", "off"), ("give", "up"), ("give", "in"), ("step", "down"), ("bow", "out"),
                ("knuckle", "under"), ("fall", "apart"), ("fall", "in"), ("shut", "up"), ("go", "away"),
                ("break", "down"), ("cave", "in"), ("roll", "over"), ("stand", "down"), ("eat", "crow"),
                ("tap", "out"), ("throw", "in"), ("fall", "into"), ("back", "out")}


def harms(text: str) -> bool:
    """Whether a verb phrase names what is done to its doer rather than what they might choose:
    giving in, suffering, failing ("cave on price", "back down", "quit arguing", "feel the loss")."""
    words = [w.lower() for w in text.split()]
    if not words:
        return False
    first = inflect.lemma(words[0])
    if first in HARM_VERBS or words[0] in HARM_VERBS:
        return True
    return len(words) > 1 and ((first, words[1]) in HARM_PHRASES or (words[0], words[1]) in HARM_PHRASES)


def thing(doc, match_start: int, match_end: int) -> str | None:
    """A noun phrase inside the match ("Bury the early-exit penalty" -> "the early-exit penalty"); one
    after a quantity is written with "the" ("only so much budget" -> "the budget")."""
    found = topic(doc, match_end, match_end, match_start, match_end, starts=_THING_OR_QUANTITY)
    first, _, rest_ = (found or "").partition(" ")
    if first.lower() in QUANTITY:
        return f"the {rest_}" if rest_ else None
    return found


def noun(doc, match_start: int, match_end: int) -> str | None:
    """A noun phrase inside the match, an indefinite one too ("win an argument" -> "an argument"): for a
    template where "a ..." reads as well as "the ..." ("Instead of winning an argument, ...")."""
    return topic(doc, match_end, match_end, match_start, match_end, starts=THING_STARTS)


def topic(doc, match_start: int, match_end: int, sent_start: int, sent_end: int, avoid=(),
          starts=TOPIC_STARTS) -> str | None:
    """A noun phrase of the sentence outside the match: a determiner or possessive and up to four
    words ending in a noun ("the Denver account", "her proposal", "the competitor's price"); the
    first after the match, else the last before it."""
    found = []
    i = sent_start
    while i < sent_end:
        low = doc[i].lower_
        owner = i + 1 < sent_end and doc[i + 1].lower_ in ("'s", "’s") and doc[i].text[:1].isupper() and _word(doc[i]) \
            and low not in NOT_OWNERS                     # "Let's", "It's": a contraction, not a possessive
        owned = i > sent_start + 1 and doc[i - 2].lower_ in ("who", "whoever") and doc[i - 1].lower_ in OWNS
        bare = (i > sent_start and (doc[i - 1].lower_ in BARE_AFTER or owned) and _word(doc[i]) and low not in DANGLING
                and inflect.can_be(low, "NOUN") and low not in NOT_TOPIC_HEADS and not inflect.can_be(low, "VERB")
                and low not in TIME_WORDS and low.rstrip("s") not in TIME_WORDS     # "for months": a time
                and low not in ("them", "him", "her", "us", "me", "it", "you", "everyone", "people",
                                "theirs", "ours", "mine", "yours", "hers", "his")      # "none of theirs"
                and low not in NOT_BARE      # "going with whatever I want", "cave on half": no thing named
                and not (doc[i].text[:2].isupper() and not doc[i].text.isupper()))     # "for CCing": a verb
        that = low == "that" and i > sent_start and doc[i - 1].lower_ in PREPOSITIONS     # "pay for that outburst"
        # a match cut after a determiner ("before they realize the") leaves its noun phrase to the topic
        cut = i == match_end - 1 > match_start and low in ("the", "this", "these", "those", "their")
        if (low in starts or owner or bare or that) and (not (match_start <= i < match_end) or cut):
            j = i + (0 if bare else 1)
            best = None
            while j < min(sent_end, i + 6) and not (match_start <= j < match_end):
                tok = doc[j]
                if tok.lower_ in ("'s", "’s") and doc[j - 1].lower_ in _STARTS_OR_PRONOUNS:
                    break
                if tok.like_num and best is not None:
                    break            # "the office three days a week": an adjunct of time, not the phrase
                if tok.text in ("'", "’") and doc[j - 1].lower_.endswith("s"):
                    j += 1           # "the contractors’ pay": a plural possessive
                    continue
                if tok.lower_ in ("'s", "’s", "-", "%") or tok.like_num or (
                        _word(tok) and j + 1 < sent_end and doc[j + 1].text == "-" and not tok.whitespace_):
                    j += 1           # "on-call", "team-lead": the first half of a compound
                    continue
                if not _word(tok) or tok.lower_ in _PHRASE_BREAKS or tok.lower_ in PRONOUN_WORDS or \
                        (j > i + 1 and doc[j - 1].text != "-" and _boundary(doc, j)):
                    break
                if tok.lower_.endswith("s") and inflect.lemma(tok.lower_) in COMMON_VERBS:
                    break
                if best is not None and tok.lower_ in COMMON_VERBS and doc[j - 1].lower_ in _PEOPLE_OR_ONE:
                    break            # "what the auditors want": the people and their verb, not a compound
                if j + 1 < sent_end and doc[j + 1].lower_ in ("n't", "n’t"):
                    break            # "your contractor wo|n't": a verb's first half
                nxt = doc[j + 1] if j + 1 < sent_end else None
                if tok.lower_.endswith("s") and inflect.can_be(tok.lower_, "VERB") and nxt is not None and \
                        _word(nxt) and not _boundary(doc, j + 1) and nxt.lower_ not in PREPOSITIONS and \
                        nxt.lower_ not in NOUN_THEN and not (nxt.lower_.endswith("ed") and not inflect.can_be(nxt.lower_, "NOUN")):
                    break            # "their counsel skips it": a verb ("the release notes were", "the issues
                                     # raised": a noun)
                if tok.lower_.endswith("ing") and inflect.can_be(tok.lower_, "VERB") and nxt is not None and \
                        (nxt.lower_ in DETERMINERS or nxt.like_num or (inflect.can_be(nxt.lower_, "ADV")
                                                                       and not inflect.can_be(nxt.lower_, "NOUN"))):
                    break            # "her closing twice as many tickets": a verb with its object
                if best is not None and inflect.can_be(tok.lower_, "VERB") and nxt is not None and \
                        nxt.lower_ in DETERMINERS:
                    break            # "let the platform team claim the win": a verb with its object
                # right after a determiner a base-form verb is a noun too ("the invoice template"); after
                # a noun it is that noun's verb ("should this behaviour continue")
                nounish = inflect.can_be(tok.text, "NOUN") or (
                    best is None and inflect.can_be(tok.lower_, "VERB") and not inflect.can_be(tok.lower_, "ADJ")
                    and inflect.lemma(tok.lower_) == tok.lower_ and not tok.lower_.endswith(("s", "ed", "ing")))
                if nounish and (tok.lower_ not in _NOT_HEADS
                                or (best == j and tok.lower_ in COMPOUND_HEADS)):
                    best = j + 1         # "the migration plan", "the help desk": a compound's head
                j += 1
            runs_on = best is not None and best < sent_end and match_start <= best < match_end and \
                _word(doc[best]) and doc[best].lower_ not in DANGLING and inflect.can_be(doc[best].text, "NOUN")
            if best == i + 2 and low == "her" and (inflect.can_be(doc[i + 1].lower_, "ADJ")
                                                   or inflect.can_be(doc[i + 1].lower_, "ADV")):
                best = None          # "rated her low": an object and how, not her something
            if best == i + 2 and low in POSSESSIVE_IDIOM_OWNERS and doc[i + 1].lower_ in POSSESSIVE_IDIOMS:
                best = None          # "your call", "their funeral": a verdict, not a subject
            # cut short before a word that is no topic's head: an idiom ("the upper hand", "the whole
            # quarter", "your final warning"), not a thing the writer talks about
            # or by the length limit in the middle of a noun phrase ("the super helpful one-word reply")
            long_cut = best is not None and j == i + 6 and j < sent_end and best < j and _word(doc[j]) and \
                not _boundary(doc, j) and inflect.can_be(doc[j].lower_, "NOUN")
            # or by the match, inside a noun phrase the match goes on with ("the super [helpful reply]")
            long_cut = long_cut or (best is not None and best == j == match_start and j < sent_end and
                                    _word(doc[j]) and not _boundary(doc, j) and doc[j].lower_ not in DANGLING
                                    and doc[best - 1].lower_ not in ("'s", "’s") and inflect.can_be(doc[j].lower_, "ADJ"))
            idiom = long_cut or best is not None and best < min(sent_end, i + 6) and _word(doc[best]) and \
                doc[best - 1].text != "-" and doc[best].lower_ in _IDIOM_HEADS and \
                inflect.can_be(doc[best].lower_, "NOUN") and not _boundary(doc, best)
            # the party may own the topic ("Yara's proposal"): the generator writes it as theirs
            if best and not runs_on and not idiom and doc[best - 1].lower_ not in ("'s", "’s") and \
                    not any(a <= k < b and not (owner and (a, b) == (i, i + 1)) for a, b in avoid for k in range(i, best)):
                found.append((i, best))
                i = best
                continue
        i += 1
    found = [f for f in found if not people(doc[f[0]:f[1]].text)]     # a party, not a topic
    if not found:
        return None
    after = [f for f in found if f[0] >= match_end]
    s, e = after[0] if after else found[-1]
    text = doc[s:e].text
    first, _, rest_ = text.partition(" ")
    if first.lower() in starts and first[:1].isupper():
        text = f"{first.lower()} {rest_}"
    return Phrase(text, after=s >= match_end, end=e)


class Phrase(str):
    """A noun phrase of the sentence, whether it stands after the match, and the token it ends before."""
    after: bool = False
    end: int | None = None

    def __new__(cls, text: str, after: bool = False, end: int | None = None):
        self = super().__new__(cls, text)
        self.after = after
        self.end = end
        return self


def rest(doc, match_start: int, match_end: int, sent_start: int, sent_end: int) -> str | None:
    """The sentence without the match, when the match is an aside at its start or end and what is
    left is a clause of its own ("As previously stated, we do not accept late timesheets.")."""
    s, e = sent_start, sent_end
    while e > s and doc[e - 1].text in (".", "!", "?", "…"):
        e -= 1
    aside = match_end < e and (not _word(doc[match_end]) or not _word(doc[match_end - 1]) or (
        match_end + 1 < e and doc[match_end].lower_ in ("now", "again", "already") and doc[match_end + 1].text == ","))
    if match_start == s and aside:     # "Per my last email, ...", "Friendly reminder — again — that ..."
        i = match_end
        if doc[i].lower_ in ("now", "again", "already"):
            i += 1
        while i < e and not _word(doc[i]):
            i += 1
        if i + 1 < e and doc[i].lower_ in ("now", "again", "so", "anyway", "though", "then", "also") and doc[i + 1].text == ",":
            i += 2
        if i < e and doc[i].lower_ == "that":          # "Friendly reminder that the reviews are overdue"
            i += 1
        if i < e and doc[i].lower_ in ("which", "who"):   # "..., which you may not have read, the server is down"
            comma = next((k for k in range(i, min(e, i + 12)) if doc[k].text == ","), None)
            if comma is not None:
                i = comma + 1
        span = (i, e)
    elif match_end >= e - 1 and match_start > s and (doc[match_start - 1].is_punct or doc[match_start].lower_ == "or"):
        j = match_start                                 # "..., or else." (not "it's non-negotiable": "'s" is a verb)
        while j > s and doc[j - 1].is_punct:
            j -= 1
        span = (s, j)
    else:
        return None
    a, b = span
    if b - a < 3 or any(not (_word(t) or t.text in ",;'’-%$" or t.like_num) for t in doc[a:b]):
        return None
    if doc[b - 1].lower_ in DANGLING or doc[a].lower_ in ("tell", "let", "ask", "make", "and", "but", "or", "so", "either") \
            or doc[a].lower_ in _FRAGMENT_STARTS:    # "which you may not have read, ...": another
        return None                                     # aside; "for the feedback on ...": a fragment
    text = doc[a:b].text
    return text[:1].upper() + text[1:]


# a base form that does not start an imperative ("should they ...", "let me know")
NOT_DEMANDS = {"will", "would", "should", "shall", "can", "could", "may", "might", "must", "let", "need", "dare",
               # an instruction passed on ("tell them they accept ..."): the demand is on someone else
               "tell", "ask", "remind", "inform", "warn", "say", "explain"}


def demand(doc, match_start: int, sent_start: int) -> str | None:
    """What an either/or ultimatum asks for: the imperative before its "or" ("pay the original rate
    [or find another agency]", "I told them: fix the build by Monday [or ...]"), closed at the clause's
    start; None when that is no verb phrase of its own (a noun, a subject, a fragment)."""
    if doc[match_start].lower_ != "or":
        return None
    end = match_start
    while end > sent_start and doc[end - 1].text in (",", "—", "–", "-"):
        end -= 1
    start = end
    while start > sent_start and (_word(doc[start - 1]) or doc[start - 1].text in ("'", "’", "%", "$", "'s", "’s")
                                  or doc[start - 1].like_num
                                  or (doc[start - 1].text == "-" and start - 1 > sent_start
                                      and not doc[start - 2].whitespace_)):      # "on-call"
        start -= 1
    either = [k for k in range(start, end) if doc[k].lower_ == "either"]
    if either:
        start = either[-1] + 1          # "tell them they either sign a retainer or ..."
    while start < end and doc[start].lower_ in ("just", "simply", "please", "now", "so", "then"):
        start += 1
    if start + 2 < end and doc[start].lower_ == "you" and inflect.can_be(doc[start + 1].lower_, "VERB") and \
            inflect.lemma(doc[start + 1].lower_) == doc[start + 1].lower_ and doc[start + 1].lower_ not in NOT_DEMANDS \
            and doc[start + 1].lower_ not in MODALS_AND_AUX:
        start += 1                # "You ship it by Monday or ...": an order with its subject said
    if not 2 <= end - start <= MAX_ACTION:
        return None
    first = doc[start].lower_
    if start > sent_start and doc[start - 1].lower_ in PREPOSITIONS | DETERMINERS:
        return None               # cut out of a longer phrase
    if not inflect.can_be(first, "VERB") or inflect.lemma(first) != first or first in NOT_DEMANDS \
            or first in PRONOUN_WORDS or first in SUBORDINATORS | COORDINATORS:
        return None               # "money by 5pm", "either he joins ...": not an imperative
    if doc[end - 1].lower_ in DANGLING | PREPOSITIONS:
        return None
    second = doc[start + 1]
    if inflect.can_be(first, "NOUN") and not (second.lower_ in DETERMINERS | PRONOUN_WORDS | PREPOSITIONS | PARTICLES
                                              or second.like_num or not _word(second)):
        return None               # "weekend release or ...": a noun phrase, not an imperative
    if any(t.lower_ in SUBORDINATORS | COORDINATORS for t in doc[start + 1:end]):
        return None               # "come in when you can": two clauses
    words = [t.text_with_ws for t in doc[start:end]]
    words[0] = doc[start].lower_ + doc[start].whitespace_ if not doc[start].text.isupper() else words[0]
    return "".join(words).strip()


def party(doc, sent_start: int, sent_end: int, match_start: int, match_end: int) -> tuple[int, int] | None:
    """The other person or group named in the sentence: a name (a capitalised word that is not the
    sentence's first), or a "the ... team" phrase; nearest to the match."""
    cands = []
    first = doc[sent_start].text if sent_start < sent_end else ""
    if _name(first[:-2] if first.endswith(("'s", "’s")) else first) and not (
            sent_start + 1 < sent_end and (doc[sent_start + 1].text[:1].isupper() or (
                doc[sent_start + 1].text in ("-", "‐") and not doc[sent_start].whitespace_))):
        cands.append((sent_start, sent_start + 1, first.endswith(("'s", "’s"))))   # "Mei needs to be pushed"
    for i in range(sent_start + 1, sent_end):
        tok = doc[i]
        text = tok.text
        base = text[:-2] if text.endswith(("'s", "’s")) else text
        if not WORD_RE.match(base) or not base[:1].isupper() or base.isupper() or base in ("I", "Hi", "Hey", "Dear"):
            continue
        if base.lower() in NOT_NAMES or base.lower() in MONTHS or (i + 1 < sent_end and doc[i + 1].text in ("-", "‐") and not tok.whitespace_):
            continue        # "Finance Every Q4" in a headline, "Non-negotiable": words, not names
        if len(base) > 3 and base[:2].isupper() and not base.isupper() and not base.endswith("s"):
            continue        # "CCing", "QAed": a verb made of an acronym, not a name
        if len(base) > 2 and base.endswith("s") and base[:-1].isupper() and base[:-1] not in ROLES:
            continue        # "his PRs", "the SLAs": things, not people ("the PMs" are)
        if doc[i - 1].text in (".", "!", "?", ":", '"', "“", "‘"):
            continue
        if doc[i - 1].is_space and not _name(base):
            continue        # a line's first word ("Hi Alex,\nWhatever they win ..."): capitalised anyway
        if doc[i - 1].lower_ in DETERMINERS and i + 1 < sent_end and (doc[i + 1].lower_ == "and" or (
                doc[i + 1].is_lower and _word(doc[i + 1]) and doc[i + 1].lower_ not in DANGLING)):
            continue        # "the Berlin office", "the Berlin and Warsaw offices": names that modify a noun
        if doc[i - 1].lower_ == "and" and i + 1 < sent_end and doc[i + 1].is_lower and _word(doc[i + 1]) and \
                doc[i + 1].lower_ not in DANGLING and inflect.can_be(doc[i + 1].lower_, "NOUN"):
            continue        # "... and Warsaw offices"
        if (inflect.can_be(base.lower(), "VERB") or inflect.can_be(base.lower(), "ADJ") or base.lower() in TIME_WORDS) \
                and base.lower() not in GROUPS:
            continue
        if i + 1 < sent_end and doc[i + 1].text[:1].isupper() and WORD_RE.match(doc[i + 1].text):
            continue        # part of a longer proper name ("Denver Account"): not a person
        if text != base or (i + 1 < sent_end and doc[i + 1].lower_ in ("'s", "’s")):
            k = i + 2 if text == base else i + 1
            if k < sent_end and doc[k].lower_ in GROUPS:
                cands.append((i, k + 1, False))
                continue
            cands.append((i, i + 1, True) if text != base else (i, i + 1, False))
            continue
        if base.lower() in GROUPS and doc[i - 1].lower_ in DETERMINERS:
            cands.append((i - 1, i + 1, False))     # "the Supplier": a role written with a capital
            continue
        if i + 2 < sent_end and doc[i + 1].lower_ == "and" and _name(doc[i + 2].text):
            cands.append((i, i + 3, False))     # "Dev and Kat": both of them
            continue
        if i >= 2 and doc[i - 1].lower_ == "and" and _name(doc[i - 2].text) and _name(base):
            continue                            # "Kat" of "Dev and Kat": taken with the first
        cands.append((i, i + 1, False))
    for i in range(sent_start, sent_end - 1):
        det = doc[i].lower_
        if det in ("the", "your", "their"):        # not "his boss": someone else's, an audience
            for j in range(i + 1, min(i + 4, sent_end)):
                low = doc[j].lower_
                named = low in ("office", "division", "site") and doc[j - 1].text[:1].isupper()   # "the Berlin office"
                nxt = doc[j + 1] if j + 1 < sent_end else None
                if nxt is not None and nxt.lower_ in _PERSON_NOUNS:
                    continue         # "the lead role" is a job, "the vendor rep" one person
                if nxt is not None and nxt.text in ("-", "‐") and not doc[j].whitespace_:
                    break            # "the team-lead title": half of a compound, not a group
                if (low in GROUPS or low in ONE_PERSON) and _modifier(doc, j):
                    break            # "the vendor audit", "the customer relationship": not a group
                if doc[j].text in ROLES or low in GROUPS or named or (low in _PEOPLE_OR_ONE and (
                        det == "the" or low not in ("shift", "shifts"))):     # "the reseller", not "your shift"
                    cands.append((i, j + 1, False))
                    break
                if not _word(doc[j]):
                    break
    for i in range(sent_start, sent_end):
        # a team by its function's name, in any case ("if design gets their way", "I want finance to
        # know", "make marketing use jira"): the subject of a verb, or the object of an ask
        low = doc[i].lower_
        if low not in TEAM_NAMES or any(a <= i < b for a, b, _ in cands):
            continue
        if doc[i].text.isupper() and low not in ("hr", "qa", "it"):
            continue
        if low == "it" and doc[i].text != "IT":
            continue
        prev = doc[i - 1].lower_ if i > sent_start else ""
        nxt = doc[i + 1].lower_ if i + 1 < sent_end else ""
        asked = inflect.lemma(prev) in CAUSATIVES | {"tell", "ask", "force", "push", "pressure", "want", "need", "remind"} \
            or prev in ("told", "asked", "with", "whatever", "what")
        modifier = nxt and doc[i + 1].is_lower and _word(doc[i + 1]) and inflect.can_be(nxt, "NOUN") and \
            not nxt.endswith("s") and nxt not in AUXILIARIES and nxt not in TEAM_VERBS and nxt not in PRONOUN_WORDS \
            and nxt not in DANGLING
        if prev in DETERMINERS or prev in ("'s", "’s") or nxt in ("'s", "’s") or \
                (modifier and not (asked and inflect.can_be(nxt, "VERB"))) or \
                (i > sent_start and doc[i - 1].text[:1].isupper() and _word(doc[i - 1]) and prev != "i") or \
                (low == "hr" and prev in ("with", "to")):
            continue        # "the sales side", "our finance team", "finance approval": a modifier; "leadership's
                            # decisions": whose; "the UX research"; "take it up with HR": where it escalates to
        subject = nxt in AUXILIARIES or nxt in TEAM_VERBS or nxt in ("wo", "ca", "does", "doesn't", "doesn’t") or (
            nxt.endswith("s") and inflect.can_be(nxt, "VERB") and inflect.lemma(nxt) != nxt)
        if subject or asked:
            cands.append((i, i + 1, False))
    for i in range(sent_start, sent_end - 1):
        if doc[i].lower_ == "whoever":           # "make an example of whoever broke prod last night"
            j = i + 1
            while j < min(sent_end, i + 5) and _word(doc[j]) and doc[j].lower_ not in AUXILIARIES and \
                    (j == i + 1 or not _boundary(doc, j)):
                j += 1
            # the clause is a party when it is an object ("of whoever ...") or the subject of a new
            # predicate ("Whoever made it will be named"), not in "whoever blinks first loses"
            closed = (i > sent_start and doc[i - 1].lower_ in PREPOSITIONS) or (
                j < sent_end and doc[j].lower_ in AUXILIARIES)
            j = _trim(doc, i + 1, j)
            if closed and j > i + 1 and inflect.can_be(doc[i + 1].lower_, "VERB"):
                cands.append((i, j, False))
    if not cands:
        return None
    cands.sort(key=lambda c: min(abs(c[0] - match_start), abs(c[1] - match_end)))
    s, e, owner = cands[0]
    return (s, e, owner)


# teams named by their function ("finance wants a justification", "if design gets their way")
TEAM_NAMES = {"finance", "design", "ops", "marketing", "sales", "legal", "infra", "compliance", "security",
              "procurement", "engineering", "product", "hr", "qa", "it", "facilities", "support", "accounting",
              "payroll", "analytics", "platform", "devops", "sre", "leadership", "management"}
TEAM_VERBS = {"want", "wants", "think", "thinks", "say", "says", "gets", "get", "hits", "misses", "keeps", "needs",
              "can", "will", "won't", "won’t", "is", "are", "has", "had", "did", "said", "wanted", "thought"}
# a pronoun reads as the writer's own words only when we write out whom it stands for
PERSONAL = {"he": "he", "him": "he", "she": "she", "her": "she", "they": "they", "them": "they"}
GREETINGS = {"hi", "hey", "hello", "dear", "thanks", "thank", "morning", "afternoon", "evening", "cc", "@", "to"}
# nouns for people that a "they" may stand for ("the contractors ... so they learn")
PEOPLE = GROUPS | {"contractors", "developers", "devs", "engineers", "reps", "staff", "shift", "suppliers", "interns",
                   "designers", "analysts", "testers", "agents", "hires", "freelancers", "consultants", "recruiters",
                   "workers", "members", "partners", "managers", "directors", "leads", "colleagues", "coworkers",
                   "employees", "teams", "crews", "agencies", "distributors", "distributor", "resellers", "reseller",
                   "juniors", "seniors", "volunteers", "moderators", "maintainers", "contributors", "reviewers",
                   "leaders", "execs", "executives", "co-workers", "stakeholders", "peers", "architects", "holdouts",
                   "person", "authors", "owners", "users", "writers", "editors", "sellers", "buyers", "landlords",
                   "tenants", "candidates", "applicants", "recruits", "newcomers", "admins", "organizers",
                   "auditors", "lawyers", "regulators", "investors", "grads", "graduates", "others", "studios",
                   "regions", "squads", "departments", "divisions"}        # "let that person go ... letting them go": a singular they
# nouns for one person that a "he" or "she" may stand for ("my manager ... not letting him win")
ONE_PERSON = {"manager", "director", "boss", "lead", "client", "customer", "vendor", "supplier", "contractor", "rep",
              "colleague", "coworker", "co-worker", "intern", "landlord", "employee", "recruiter", "designer",
              "engineer", "developer", "analyst", "founder", "candidate", "hire", "supervisor", "owner", "consultant",
              "seller", "buyer", "tenant", "recruiter", "applicant", "reviewer", "maintainer", "dev", "freelancer", "teammate",
              "assistant", "guy", "person", "dude", "woman", "man", "lady", "gal", "architect", "cofounder",
              "co-founder", "accountant", "bookkeeper", "editor", "coordinator", "planner", "administrator", "admin",
              "agent", "trainee", "apprentice", "receptionist", "technician", "programmer", "marketer"}
# verbs that start a new predicate after a "whoever" clause ("whoever made it will be named")
AUXILIARIES = {"will", "would", "should", "shall", "can", "could", "may", "might", "must", "is", "are", "was", "were",
               "gets", "get", "got", "has", "have", "had", "does", "did", "needs", "deserves", "'ll", "’ll"}
# a word ending in -s before these is a noun, not a verb: "the release notes were"
NOUN_THEN = {"is", "are", "was", "were", "will", "would", "can", "could", "should", "must", "might", "may", "have",
             "had", "has"}
# a person noun before these names a job, not someone ("the lead role")
POSITIONS = {"role", "roles", "position", "title", "job", "seat", "spot", "slot", "post"}
COLLECTIVE = {"team", "crew", "shift", "staff", "board", "department", "org", "group", "agency"}
# capitalised at a sentence start but never a name (the lexicon does not list function words)
NOT_NAMES = DANGLING | PRONOUN_WORDS | ADJUNCTS | GREETINGS | {"if", "let", "also", "ok", "okay", "yes", "well", "sorry",
                                                                "fyi", "btw", "re", "fwd", "per", "note",
                                                                # interjections the lexicon does not list
                                                                "oh", "ah", "uh", "um", "er", "erm", "hmm", "hm", "ugh",
                                                                "yeah", "yep", "nope", "nah", "gosh", "geez", "welp",
                                                                "wow", "whoa", "oops", "yikes", "phew", "huh", "meh",
                                                                "duh", "lol", "haha"}
LOOKBACK = 80        # tokens back from the pronoun: the last few sentences of a message


def _vocative(doc, i: int) -> bool:
    """"Hi Bruno,", "your final warning, Ravi.": the person written to, not the one talked about."""
    prev = doc[i - 1].lower_ if i > 0 else ""
    nxt = doc[i + 1].text if i + 1 < len(doc) else "."
    return prev in GREETINGS or (prev in (",", "") and nxt in (",", ".", "!", "?", "—", "-"))


def antecedent(doc, i: int) -> str | None:
    """The name or group a third-person pronoun at token i stands for: the nearest person's name
    before it for he/she ("Ravi ... force him"), the nearest group of people for they/them ("the
    contractors ... so they learn"); None when there is none to be sure of."""
    kind = PERSONAL.get(doc[i].lower_)
    if kind is None:
        return None
    # "She went to my boss behind my back. ... get back at her": a he or she used before any name
    # stands for someone the text does not name, and so does every later one
    same = {"he": ("he", "him", "his"), "she": ("she", "her", "hers")}.get(kind, ())
    first = next((k for k in range(max(0, i - LOOKBACK), i) if doc[k].lower_ in same), None)
    for j in range(i - 1, max(-1, i - LOOKBACK), -1):
        tok = doc[j]
        text = tok.text[:-2] if tok.text.endswith(("'s", "’s")) else tok.text
        if first is not None and j > first:
            continue
        if kind in ("he", "she"):
            if tok.lower_ in ONE_PERSON or tok.text in ROLES:
                others = [k for k in range(max(0, i - LOOKBACK), i) if k != j and (
                    doc[k].lower_ in {"his", "her"} or (abs(k - j) > 1 and (     # "vendor rep": one person
                        doc[k].lower_ in ONE_PERSON or doc[k].text in ROLES)))]
                found = None if others else _group(doc, j, i)   # "my manager ... him", not "his manager and the VP"
                if found:
                    return found
                continue
            if not WORD_RE.match(text) or not text[:1].isupper() or text.isupper() or len(text) < 2 \
                    or text in ("I", "Hi", "Hey", "Dear") or _vocative(doc, j):
                continue
            if j + 1 < len(doc) and doc[j + 1].text[:1].isupper() and WORD_RE.match(doc[j + 1].text):
                continue            # part of a longer proper name ("Denver Account")
            if j > 0 and doc[j - 1].text[:1].isupper() and WORD_RE.match(doc[j - 1].text) and doc[j - 1].text != "I":
                if not doc[j - 1].is_sent_start:
                    continue
                if _name(doc[j - 1].text) and not _vocative(doc, j - 1):
                    return f"{doc[j - 1].text} {text}"      # "Li Na pushed back ... She
            if j > 0 and doc[j - 1].lower_ in _PLACE_STARTS:
                continue            # "the Denver account", "in Lagos": a place or a thing
            if text.lower() in _NOT_NAME_WORDS or "'" in text or "’" in text or \
                    (inflect.known(text) and not _named_subject(doc, j)):
                continue            # "Tell", "Friday", "Team": words, not names
            return text
        else:
            low = tok.lower_
            # "a senior dev ... until they give up": one person introduced with "a", named again as "they"
            one = low in ONE_PERSON and any(doc[k].lower_ in ("a", "an") for k in range(max(0, j - 3), j))
            if (low not in PEOPLE and not one) or (j + 1 < i and doc[j + 1].lower_ in ("'s", "’s")):
                continue
            found = _group(doc, j, i)
            if found:
                return found
    return None


def _named_subject(doc, j: int) -> bool:
    """A capitalised word that is also an English word ("Wen", "Grace", "Mark") read as a name: inside
    a sentence, after a lower-case word or a comma, and the subject of the verb after it ("If Wen
    won't volunteer", "but Grace said")."""
    if j == 0 or doc[j].is_sent_start or j + 1 >= len(doc):
        return False
    prev, nxt = doc[j - 1], doc[j + 1]
    if not (prev.text == "," or prev.lower_ in _CLAUSE_WORDS or (_word(prev) and prev.is_lower)) or \
            prev.lower_ in _DETERMINERS_OR_PREPOSITIONS:
        return False
    low = nxt.lower_
    return low in AUXILIARIES or low in ("wo", "wont", "won't", "won’t", "does", "did", "said", "says", "asked",
                                         "wants", "wanted", "thinks", "thought", "keeps", "refuses", "refused")


CAUSATIVES = {"make", "let", "have", "help", "watch", "see", "hear", "get"}


def _modifier(doc, j: int) -> bool:
    """Whether the singular person noun at j modifies the noun after it ("the vendor audit", "the customer
    relationship"): a base form after one vendor is no verb of theirs (that would read "audits")."""
    nxt = doc[j + 1] if j + 1 < len(doc) else None
    low = doc[j].lower_
    k = j
    while k > 0 and j - k < 4 and doc[k].lower_ not in DETERMINERS:
        k -= 1
    if k > 0 and inflect.lemma(doc[k - 1].lower_) in CAUSATIVES:
        return False             # "made the vendor rep stay": a verb after all
    if j + 2 < len(doc) and doc[j + 2].lower_ in ("n't", "n’t"):
        return False             # "your contractor wo|n't answer": a verb's first half, not a noun
    return nxt is not None and not low.endswith("s") and _word(nxt) and nxt.is_lower and \
        nxt.lower_ not in _NOT_MODIFIED and \
        inflect.can_be(nxt.lower_, "NOUN") and inflect.lemma(nxt.lower_) == nxt.lower_ and \
        not nxt.lower_.endswith(("s", "ed", "ing", "ly"))


def _group(doc, j: int, i: int) -> str | None:
    """The noun phrase a person noun at j heads, from its determiner ("the whole night crew", "my
    manager"); None without a definite one, or when it is an audience ("in front of the client")."""
    k = j
    while k > 0 and j - k < 4 and (_word(doc[k - 1]) or doc[k - 1].text == "-") and \
            doc[k - 1].lower_ not in _DANGLING_NOT_DET and doc[k - 1].lower_ not in _PRONOUNS_NOT_THAT:
        k -= 1
        if doc[k].lower_ in _GROUP_STARTS:
            break
    if doc[k].lower_ in ("a", "an", "some") and k < j and (doc[i].lower_ in ("they", "them") or doc[k].lower_ != "some") \
            and (k == 0 or doc[k - 1].lower_ not in ("of", "in", "at", "from", "about", "before", "than", "like")) \
            and not _modifier(doc, j):
        # "give a landlord-type client a straight answer. Keep them guessing": the one just introduced,
        # written as "the landlord-type client" when named again; "some people ... lean on them": people
        words = doc[k + 1:j + 1].text
        return words if doc[j].lower_ in ("people", "folks") and k + 1 == j else f"the {words}"
    if k == j and doc[j].lower_.endswith("s") and doc[j].lower_ in PEOPLE and doc[i].lower_ in ("they", "them") and \
            doc[j].lower_ not in ("people", "folks", "reports", "leads") and j > 0 and \
            (doc[j - 1].lower_ in ("with", "for", "about", "to", "on", "hire", "hiring", "managing", "manage") or
             not _word(doc[j - 1])):
        return doc[j].lower_       # "The trick with volunteers is making them feel ...": volunteers
    if doc[k].lower_ not in _GROUP_STARTS or doc[k].lower_ in ("a", "an", "no", "any", "some"):
        return None
    if _modifier(doc, j):
        return None              # "the vendor audit ... they": the audit's, not the vendor
    singular = not doc[j].lower_.endswith("s") and doc[j].lower_ not in COLLECTIVE
    if singular and k > 0 and doc[k - 1].lower_ in ("of", "in", "at", "from", "about", "before", "than"):
        return None
    words = doc[k:j + 1].text.split(" ", 1)
    first = {"that": "the", "those": "the", "this": "the", "these": "the"}.get(words[0].lower(), words[0].lower())
    return f"{first} {words[1]}" if len(words) > 1 else None


TOKEN_RE = re.compile(r"[A-Za-zÀ-ÿ0-9]+(?:[-'’][A-Za-zÀ-ÿ0-9]+)*|[^\sA-Za-zÀ-ÿ0-9]")


def with_before(doc, upto: int):
    """The text before the sentence (the engine keeps it in `user_data["before"]`) and the sentence
    up to token `upto`, as one Doc, and the offset of the sentence in it; None when there is none.
    Split by a regex, not the tokenizer: only names and person nouns are read from it."""
    from spacy.tokens import Doc

    words = _words_before(doc)
    if words is None:
        return None
    words += [t.text for t in doc[:upto]]
    return Doc(doc.vocab, words=words), len(words) - upto


def _words_before(doc) -> list[str] | None:
    """The words of the text before the sentence, as with_before() splits them (None: no text)."""
    before = doc.user_data.get("before") if doc.user_data else None
    if not before or not before.strip():
        return None
    words = []
    for m in TOKEN_RE.finditer(before):
        w = m.group()
        if w.endswith(("'s", "’s")) and len(w) > 2:
            words += [w[:-2], w[-2:]]
        else:
            words.append(w)
    return words


_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?:\s+|$)")


def _words_doc(vocab, text: str):
    from spacy.tokens import Doc

    words, spaces = [], []
    for m in TOKEN_RE.finditer(text):
        w, space = m.group(), text[m.end():m.end() + 1].isspace()
        if w.endswith(("'s", "’s")) and len(w) > 2:
            words += [w[:-2], w[-2:]]
            spaces += [False, space]
        else:
            words.append(w)
            spaces.append(space)
    return Doc(vocab, words=words, spaces=spaces) if words else None


def first_sentence(text: str, vocab):
    """The sentence that opens `text` (the text after a flagged sentence), as a Doc split by a
    regex; None across a blank line or when there is none."""
    text = text.lstrip(" ").split("\n\n", 1)[0]
    m = _SENTENCE_END.search(text)
    return _words_doc(vocab, text[:m.end()] if m else text)


def last_sentence(text: str, vocab):
    """The sentence that closes `text` (the text before a flagged sentence), as first_sentence."""
    text = text.rstrip().rsplit("\n\n", 1)[-1]
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text)]
    return _words_doc(vocab, text[ends[-1]:] if ends else text)


# what any way of naming the reader needs in the text: a greeting or "reply to" word, or a comma
# before a capital (the name at a sentence's start is checked on the Doc itself)
_ADDRESS_WORD = re.compile(r"\b(?:hi|hey|hello|dear|reply|email|message|note|response|dm)\b", re.I)
_COMMA_LETTER = re.compile(r",\s*([^\W\d_])")


def _may_address(doc) -> bool:
    """False when addressee() cannot find a name: most sentences, which then never split the text
    before them."""
    if len(doc) > 1 and doc[1].text == ",":
        return True
    before = doc.user_data.get("before") if doc.user_data else None
    if before and before.rstrip().endswith(",") and doc.text[:1].isupper():
        return True
    for text in (before or "", doc.text):
        if _ADDRESS_WORD.search(text) or any(m.group(1).isupper() for m in _COMMA_LETTER.finditer(text)):
            return True
    return False


def addressee(doc, start: int, end: int) -> str | None:
    """The person the message is written to: "Hi Gemma," before the sentence or in it, or a name
    set off by commas at its edge ("Consider this your final warning, Ravi.")."""
    if not _may_address(doc):
        return None
    # the words only, as with_before() would make its Doc of them: a Doc costs more than all of this
    d = (_words_before(doc) or []) + [t.text for t in doc]
    low = [w.lower() for w in d]
    for j in range(len(d) - 1):
        if low[j] in ("hi", "hey", "hello", "dear") and j + 1 < len(d) and _name(d[j + 1]) and \
                (j + 2 >= len(d) or d[j + 2] in (",", "!", "—", "-", ":")):
            return d[j + 1]
        if low[j] in ("reply", "email", "message", "note", "response", "dm") and j + 2 < len(d) and \
                low[j + 1] == "to" and _name(d[j + 2]) and not inflect.known(d[j + 2]):
            return d[j + 2]                    # "Draft reply to Noor: ..."
    j = len(d) - len(doc)                      # "Ravi, this is the third time ..."
    if j + 1 < len(d) and _name(d[j]) and d[j + 1] == ",":
        return d[j]
    for j in range(len(d) - 1, 0, -1):         # "your final warning, Ravi." / "Glad you could join us, Liam —"
        if d[j - 1] == "," and _name(d[j]) and (j + 1 == len(d) or d[j + 1] in (",", ".", "!", "?", "—", "–", ":")):
            return d[j]
    return None


# abbreviations that look like names after a comma ("Planning notes, Tue.")
ABBREVIATIONS = {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "jan", "feb", "mar", "apr",
                 "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "eod", "eow", "asap", "thx", "pls", "all",
                 "everyone", "folks", "guys", "team", "y'all"}


def _name(text: str) -> bool:
    return bool(WORD_RE.match(text)) and "'" not in text and "’" not in text and text.lower() not in ABBREVIATIONS and text[:1].isupper() and not text.isupper() and len(text) > 1 and \
        text.lower() not in _NOT_NAME_WORDS and not inflect.known(text)


def people(text: str) -> bool:
    """Whether a noun phrase names people ("their team", "the VP"): a party, not a topic to talk about
    ("the night shift" is people, "my shift" is hours of work)."""
    words = text.split()
    last = words[-1] if words else ""
    if last.lower() in ("shift", "shifts") and words[0].lower() in ("my", "our", "your", "his", "her", "their"):
        return False
    return last.lower().strip("'’") in _PEOPLE_OR_ONE or last in ROLES or (last.endswith("s") and last[:-1] in ROLES)


# unions the functions above test words against, made once here: built inside them they cost a
# new set on every token they read
_CLAUSE_WORDS = COORDINATORS | SUBORDINATORS
_ADJUNCT_PREPOSITIONS = PREPOSITIONS - {"to", "of"}
_THING_OR_QUANTITY = TOPIC_STARTS | QUANTITY
_STARTS_OR_PRONOUNS = TOPIC_STARTS | PRONOUN_WORDS
_PHRASE_BREAKS = DANGLING | PREPOSITIONS | PARTICLES
_NOT_HEADS = NOT_TOPIC_HEADS | TIME_WORDS
_IDIOM_HEADS = (NOT_TOPIC_HEADS | TIME_WORDS) - PARTICLES
_FRAGMENT_STARTS = SUBORDINATORS | PREPOSITIONS
_PERSON_NOUNS = POSITIONS | ONE_PERSON | PEOPLE
_PEOPLE_OR_ONE = PEOPLE | ONE_PERSON
_PLACE_STARTS = DETERMINERS | {"in", "at", "from", "near", "across"}
_NOT_NAME_WORDS = TIME_WORDS | GROUPS | NOT_NAMES
_DETERMINERS_OR_PREPOSITIONS = DETERMINERS | PREPOSITIONS
_NOT_MODIFIED = DANGLING | PREPOSITIONS | ADJUNCTS | PARTICLES | PEOPLE | ONE_PERSON | POSITIONS | PRONOUN_WORDS
_DANGLING_NOT_DET = DANGLING - DETERMINERS
_PRONOUNS_NOT_THAT = PRONOUN_WORDS - {"that"}
_GROUP_STARTS = DETERMINERS | {"that", "those"}
_READER_VERBS = AUXILIARIES | {"ca", "wo", "wont", "do", "did", "are", "'re", "’re"}    # "you won't", "you're"
