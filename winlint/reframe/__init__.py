"""Reframe: a match -> rewrites and questions in the writer's own words.

In: a rule (its `rewrites:` and `suggestions:` templates), the Doc and the
match's token range and captures. Out: `Suggestions`, a list of strings
(rewrites first) whose `.reframes` label each one: kind "rewrite" (text that
can replace the flagged sentence, whose character range in the Doc it
carries) or "question" (from the rule's apply step).

  templates.py  parse rule templates (no str.format)
  phrases.py    the writer's words with clean edges: action, topic, party, rest
  generate.py   grammar: case, second-mention pronouns, agreement, verb forms
  inflect.py    surface forms for matching; verb forms from lemminflect
  validate.py   checks on each filled text; a failing one falls to the next template
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .generate import PRONOUNS, Party, fill
from .templates import KINDS, SLOTS, TemplateError, names, parse

__all__ = ["Party", "Reframe", "Suggestions", "TemplateError", "fill", "names", "parse", "suggest", "KINDS",
           "SLOTS"]

PER_KIND = 2
# for rule files that have no rewrites yet: one in the writer's voice per apply step
STEP_REWRITES = {
    "notice": "I'd like to find an approach here that works for both of us.",
    "goals": "I want to understand what matters to {who:object} here before deciding anything.",
    "shared-interests": "I want to find the outcome that works for {who:object} as well as for us.",
    "might-be-wrong": "I might be missing something, so I want to hear {who:object} out first.",
    "explicit": "I want us both to come out of this well.",
}
FALLBACK = "I want to find a way forward that works for everyone involved."


@dataclass
class Reframe:
    kind: str            # "rewrite" | "question"
    step: str
    text: str
    start: int | None = None     # rewrites: the character range in the Doc of the sentence it replaces
    end: int | None = None

    def to_dict(self, start: int | None = None, end: int | None = None) -> dict:
        out = {"kind": self.kind, "step": self.step, "text": self.text}
        if self.kind == "rewrite":
            out["start"], out["end"] = start, end
        return out


class Suggestions(list):
    """The filled suggestions as strings (the JSON contract), with their labels in `.reframes`."""
    reframes: list

    def __init__(self, items=(), reframes=()):
        super().__init__(items)
        self.reframes = list(reframes)


CONTEXT = 60    # tokens each side of the match a reframe reads: a run-on "sentence" of thousands
                # of tokens (a comma list, an unpunctuated chat log) must not cost O(n) per finding


def _sentence(doc, start: int, end: int) -> tuple[int, int]:
    if doc.has_annotation("SENT_START"):
        sent = doc[start].sent
        s, e = sent.start, max(sent.end, end)
    else:
        s, e = 0, len(doc)
    return max(s, start - CONTEXT), min(e, end + CONTEXT)


# what a neighbouring sentence threatens or fights with ("your removal", "a war of attrition", "our job
# is to win"), never what the two sides could talk about
NEIGHBOUR_NOT_HEADS = {"removal", "termination", "demotion", "dismissal", "severance", "punishment", "penalty",
                       "consequences", "attrition", "job", "war", "fight", "battle", "hell", "life", "full", "name",
                       "names", "share", "goals", "ideas", "way", "ways", "slice", "pie", "piece"}
# "about three years", "with fifteen years": a span of time, not a topic
NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "dozen", "couple", "few"}
# a noun phrase inside the match may stand for the topic when it starts with one of these (not a
# possessive: "their rush", "his presence" are the jab, not the subject)
INSIDE_TOPIC_STARTS = {"the", "this", "these", "those"}
# what the match fights over or hands out, never the subject to talk about ("this fight", "the kill",
# "the worst shifts", "the final notice")
CONTESTS = {"fight", "fights", "battle", "battles", "war", "wars", "standoff", "debate", "debates", "kill", "attack",
            "punch", "pressure", "showdown", "contest", "game", "race", "victory", "win", "wins", "slice", "pie",
            "notice", "warning", "ultimatum", "press", "consideration", "rest", "lose", "argument", "arguments",
            "fire", "line", "floor", "upper", "lead", "edge", "ground", "point", "points", "score", "scores",
            "decision", "decisions", "hint", "hints", "trick", "lesson", "lessons", "example", "favour", "favor",
            "favours", "favors", "fallout", "consequence", "consequences", "job", "door", "exit", "penalty"}
RANKS = {"boring", "final", "last", "next", "dull", "dullest", "worst", "menial"}
SHORT = 10      # words: a sentence this short ("Thanks, I guess?") is about what stands beside it


def _neighbours(doc, before_first: bool = False):
    """The sentences next to the flagged one, as Docs: the next, then the previous (the engine keeps
    the paragraph's text around the sentence in `user_data`); the previous first when asked."""
    from . import phrases

    if not doc.user_data:
        return []
    data = doc.user_data
    near = [phrases.first_sentence(data.get("after") or "", doc.vocab),
            phrases.last_sentence(data.get("before") or "", doc.vocab)]
    return [n for n in (near[::-1] if before_first else near) if n is not None]


def _neighbour_topic(doc, s: int, e: int):
    """For a flagged sentence that names no topic of its own: a short one ("Thanks, I guess?") is
    about the next sentence, else the previous; a longer one about the previous, which sets the
    scene ("The sales floor was chaotic. I laid down the law on day two"), else the next."""
    from . import inflect, phrases

    long = sum(phrases._word(t) for t in doc[s:e]) > SHORT
    for near in _neighbours(doc, before_first=long):
        for t in _topics(near):
            if _neighbour_topic_ok(t):
                return phrases.Phrase(str(t))
    return None


def _topics(near, most: int = 4):
    """The noun phrases of a neighbouring sentence in order, the first `most` of them: "lots of
    opinions about the process" offers "opinions", then "the process"."""
    from . import phrases

    k = 0
    for _ in range(most):
        t = phrases.topic(near, k, k, 0, len(near))
        if not t or not t.after or t.end is None or t.end <= k:
            return
        yield t
        k = t.end


def _neighbour_topic_ok(t) -> bool:
    """Whether a neighbour's noun phrase is a topic the two sides could talk about."""
    from . import inflect, phrases

    words = str(t or "").split()
    # "the in-office folks want": a clause cut short; "Deb": a person, not a topic
    return not (not words or words[-1].lower() in NEIGHBOUR_NOT_HEADS or phrases.people(t) or \
            words[0].lower() not in phrases.TOPIC_STARTS or \
            any(("'" in w or "’" in w) and not w.endswith(("'s", "’s")) for w in words) or \
            words[-1].lower() in ("worth", "enough", "done", "able") or \
            words[-1].lower() in phrases.ADJUNCTS | phrases.ACT_ADVERBS | {"still", "yet", "though", "too"} or \
            any(w.lower() in NUMBER_WORDS or any(c.isdigit() for c in w) for w in words) or \
            words[-1].lower().rstrip("s") in phrases.TIME_WORDS or (len(words) > 1 and words[1].lower() == "one") or \
            (len(words) > 1 and words[-1].lower().endswith("s") and inflect.can_be(words[-1].lower(), "VERB")
             and phrases.people(" ".join(words[:-1]))) or \
            words[-1].lower() in phrases.COMMON_VERBS or \
            (len(words) == 1 and words[0][:1].isupper() and not words[0].isupper()))


def _neighbour_party(doc, context: str) -> Party | None:
    """The person or group the sentence before names (else the one after), for a flagged sentence
    that names nobody: "My business partner keeps sending research. I need compliance, not debate."."""
    from . import phrases

    for near in _neighbours(doc, before_first=True):
        found = phrases.party(near, 0, len(near), len(near), len(near))
        if not found:
            # "When my team pushes back, I remind them ...": whom its pronoun stands for
            i = next((i for i in range(len(near) - 1, -1, -1) if near[i].lower_ in phrases.PERSONAL), None)
            who = phrases.antecedent(near, i) if i is not None else None
            if who and not any(c in who for c in "'’") and who.split()[0].lower() not in ("a", "an"):
                return Party.of(who, context)
            continue
        if found:
            a, b, owner = found
            text = near[a:b].text
            if owner:
                text = text[:-2]
            words = text.split()
            if not words or any(c in text for c in "'’") or \
                    (words[0][:1].isupper() and words[0].lower() in phrases.NOT_NAMES) or \
                    any(w.lower() in phrases.MONTHS or w.lower() in phrases.TIME_WORDS for w in words) or \
                    words[0].lower() in ("whoever", "whomever", "anyone", "anybody") or \
                    (a == 0 and b == 1 and not phrases.people(text)):
                continue       # "I'd", "Six months in", "whoever offers more": no one to name
            return Party.of(text, context)
    return None


def _writer(doc, s: int, e: int) -> str:
    words = {t.lower_ for t in doc[s:e]}
    if words & {"i", "i'm", "i'll", "i'd", "i've", "my", "me", "im"}:
        return "I"
    return "we" if words & {"we", "our", "us", "we're", "we'll", "let's"} else "I"


def _party(doc, a: int, b: int, context: str) -> Party:
    """The captured party; a pronoun ("force him") is written as the name or group it stands for
    ("Ravi", "the contractors"), with the pronoun kept for its second mention."""
    from . import phrases
    from .generate import PRONOUNS

    if b - a == 1:
        found = phrases.antecedent(doc, a)
        if not found and doc[a].lower_ in phrases.PERSONAL:
            wide = phrases.with_before(doc, a + 1)       # "1:1 with Ravi today. [...] force him"
            found = wide and phrases.antecedent(wide[0], wide[1] + a)
        if found:
            party = Party.of(found, context)
            party.again, party.name = PRONOUNS[phrases.PERSONAL[doc[a].lower_]], False   # talked about, not to
            party.resolved = True        # named elsewhere: the sentence itself still names no topic
            return party
    return Party.of(doc[a:b].text, context)


def slots(doc, start: int, end: int, captures: dict, needed: frozenset | None = None,
          others=()) -> tuple[dict, tuple[int, int]]:
    """The values templates may use: captures (an action closed at a clause boundary, a party as a
    Party) and the sentence slots of templates.SLOTS; of these only the `needed` ones (None: all)
    and what they depend on (the party keeps a topic from naming it, the reader drops the party).
    `others`: the token ranges of the Doc's findings (this one too), which `rest` may not repeat."""
    from . import inflect, phrases

    want = SLOTS if needed is None else needed
    if want & {"topic", "thing", "noun", "to", "inside"}:
        want = want | {"who"}
    s, e = _sentence(doc, start, end)
    context = doc[s:e].text
    values: dict = {"match": doc[start:end].text}
    harmed = None        # what a harm done to the party is about ("cave on the parking": the parking)
    for name, (a, b) in captures.items():
        if name == "action":
            act = phrases.action(doc, a, b, e)
            if act and not phrases.harms(act):     # "make them quit": never "want to quit"
                values[name] = act
            elif act:
                harmed = phrases.thing(doc, a, min(e, a + len(act.split())))
        elif name == "who":
            values[name] = _party(doc, a, b, context)
        else:
            values[name] = doc[a:b].text
    avoid = [captures[n] for n in captures]
    # a threat to the reader ("don't expect to stay on this account if you can't ...") is about them,
    # not about someone else the sentence names ("the client's asking for the deck")
    to_reader = any(doc[k].lower_ == "you" and (
        (k + 1 < len(doc) and doc[k + 1].lower_ in phrases._READER_VERBS)
        or (k > 0 and doc[k - 1].lower_ in phrases._CLAUSE_WORDS)) for k in range(start, end))
    if "who" not in values and "who" in want and not to_reader:
        found = phrases.party(doc, s, e, start, end)
        if found and found[:2] == (start, end):
            found = None      # "happy to be your unpaid assistant": the match itself, the writer's own role
        if found:
            a, b, owner = found
            text = doc[a:b].text
            if owner:
                text = text[:-2]
            values["who"] = Party.of(text, context)
            avoid.append((a, b))
        else:
            # "She has to pay for that outburst": whom the sentence's pronoun stands for
            i = next((i for i in range(s, e) if doc[i].lower_ in phrases.PERSONAL and not start <= i < end), None)
            if i is None:
                # "Every decision he gets is one I lose": the one pronoun of the match, when nothing captured it
                i = next((i for i in range(start, end) if doc[i].lower_ in phrases.PERSONAL), None)
            if i is not None:
                party = _party(doc, i, i + 1, context)
                if party.subject.lower() not in phrases.PERSONAL:
                    values["who"] = party
            if "who" not in values:
                near = _neighbour_party(doc, context)     # named in the sentence before or after
                if near is not None:
                    near.near = True          # not the sentence's own words: a topic may still be read nearby
                    values["who"] = near
    # "cover the shift or I put you on nights": after "or" comes the threat, the subject is before it
    upto = start if doc[start].lower_ == "or" else e
    t = phrases.topic(doc, start, end, s, upto, avoid) if "topic" in want else None
    who = values.get("who")
    if t and getattr(who, "near", False) and who.subject.lower() in t.lower():
        del values["who"]       # "the contractors channel" here: the sentence's own words come first
        who = None
    if t and isinstance(who, Party):
        # "Yara's proposal" with Yara the party: "her proposal" (Yara is named elsewhere in the text)
        for mark in ("'s ", "’s "):
            if t.startswith(who.subject + mark) and len(t) > len(who.subject + mark):
                t = phrases.Phrase(f"{(who.again or (who.subject, who.object, who.possessive))[2]} "
                                   f"{t[len(who.subject + mark):]}", after=getattr(t, "after", False))
                break
    if not t and harmed and not phrases.people(harmed):
        t = harmed
    if t and not (who and who.subject.lower() in t.lower()) and not phrases.people(t):
        values["topic"] = t
    if want & {"topic", "inside"}:
        # a definite noun phrase inside the match ("didn't realise reading the ticket was optional": the
        # ticket), never one the verdict or the party owns ("their rush", "Zoe's need"); the topic too when
        # the sentence names nothing outside the match, neither before nor after it, so templates that
        # need a side do not take it
        inside = phrases.thing(doc, start, end)
        first = inside.split()[0].lower() if inside else ""
        verdict = doc[captures["verdict"][0]:captures["verdict"][1]].text.lower() if "verdict" in captures else None
        head = inside.split()[-1].lower() if inside else ""
        if inside and first in INSIDE_TOPIC_STARTS and not phrases.people(inside) and head not in CONTESTS and \
                not any(w.lower() in RANKS or (w.lower().endswith("est") and inflect.can_be(w.lower(), "ADJ"))
                        for w in inside.split()[1:-1]) and \
                not (who and who.subject.lower() in inside.lower()) and not (verdict and verdict in inside.lower()) \
                and not any(w.endswith(("'s", "’s")) for w in inside.split()):
            k = getattr(inside, "end", None)
            nxt = doc[k] if k is not None and k < e else None
            cut = nxt is not None and phrases._word(nxt) and (
                nxt.lower_ in ("and", "or") or (nxt.is_lower and nxt.lower_ not in phrases.DANGLING
                                                and not phrases._boundary(doc, k) and inflect.can_be(nxt.lower_, "NOUN")
                                                and not (inflect.can_be(nxt.lower_, "VERB")
                                                         and inflect.lemma(nxt.lower_) != nxt.lower_)))
            match = f" {doc[start:end].text.lower()}"
            setting = any(f" {w} {inside.lower()}" in match for w in ("in", "at", "during", "by", "until", "before"))
            if not cut and not setting and doc[start].lower_ != "or":
                # "the Berlin [and Warsaw offices]", "the on-call [rota]": cut short; "speak up in the
                # meeting": where, not what; "or the hackathon is cancelled": the threat, not the subject
                values["inside"] = phrases.Phrase(inside, after=None)
                if "topic" not in values and not t:
                    values["topic"] = values["inside"]
    # a noun phrase inside the match, never one holding the verdict ("this total idiot of a manager")
    verdict = doc[captures["verdict"][0]:captures["verdict"][1]].text.lower() if "verdict" in captures else None
    th = phrases.thing(doc, start, end) if want & {"thing", "noun"} else None
    if th and isinstance(who, Party):
        # "dock the contractors' pay": their pay, the party's own pronoun for the possessor
        for mark in ("'s ", "’s ", "' ", "’ "):
            if th.lower().startswith(who.subject.lower() + mark) and len(th) > len(who.subject + mark):
                th = f"{(who.again or (who.subject, who.object, who.possessive))[2]} {th[len(who.subject + mark):]}"
                break
    if not th and "verdict" in captures and want & {"thing", "noun"}:
        # "the idiotic feature requests": what the verdict was passed on, without it ("the feature requests")
        a, b = captures["verdict"]
        if a == start and b < end and start > s and doc[start - 1].lower_ in phrases.TOPIC_STARTS and \
                all(phrases._word(t) for t in doc[b:end]) and inflect.can_be(doc[end - 1].lower_, "NOUN"):
            th = f"{doc[start - 1].lower_} {doc[b:end].text}"
    if th and not (who and who.subject.lower() in th.lower()) and not (verdict and verdict in th.lower()):
        values["thing"] = th
    no = th or (phrases.noun(doc, start, end) if "noun" in want else None)
    if no and "noun" in want and not (who and who.subject.lower() in no.lower()) and not (verdict and verdict in no.lower()):
        values["noun"] = no
    if "action" not in captures and "act" in want:
        a = phrases.act(doc, start, end, s, e)
        if a:
            values["act"] = a
    d = phrases.demand(doc, start, s) if "demand" in want else None
    if d:
        values["demand"] = d
    r = phrases.rest(doc, start, end, s, e) if "rest" in want else None
    if r and any(s <= a and b <= e and (a, b) != (start, end) and doc[a:b].text.lower() in r.lower()
                 for a, b in others):
        r = None             # "Sign by Friday, or the partnership is dead": another finding's threat
    if r:
        values["rest"] = r
    if phrases._title_case(doc, s, e):
        # "I Refused to Have Meetings During My Lunch Break": a headline's capitals are not the words' own
        for k, v in list(values.items()):
            if k not in ("match", "to") and isinstance(v, str):
                low = phrases.unheadline(v, keep_first=(k == "rest"))
                values[k] = phrases.Phrase(low, after=v.after, end=v.end) if isinstance(v, phrases.Phrase) else low
    values["me"] = _writer(doc, s, e)
    to = phrases.addressee(doc, start, end) if want & {"to", "who"} else None
    if to:
        values["to"] = to
        who = values.get("who")
        if isinstance(who, Party) and (who.subject == to or getattr(who, "near", False)):
            del values["who"]          # the reader: "take it to Marta" in a message to Marta reads wrong;
                                       # a message to someone talks to them, not of a neighbour's party
    return values, (s, e)


@lru_cache(maxsize=2048)
def _needed(templates: tuple[str, ...]) -> frozenset:
    """The slots a rule's templates use: the others are not read from the sentence."""
    return frozenset().union(*map(names, templates)) & SLOTS


def _pick(code: str, templates: list[str], values: dict) -> tuple[list[str], bool]:
    """Up to PER_KIND filled texts that pass the checks, else the first canned one; and whether
    they were filled from the writer's words. A text whose only words of theirs are a bare pronoun
    ("raise my concerns with them") comes after every text that carries more of them."""
    from .validate import check

    who = values.get("who")
    bare = isinstance(who, Party) and who.subject.lower() in PRONOUNS
    groups: list[list[str]] = [[], []]       # filled from their words; from a bare pronoun only
    firsts: list[set] = [set(), set()]       # the slots of each group's first text
    canned: list[str] = []
    for t in templates:
        if len(groups[0]) >= PER_KIND:
            break                            # nothing after these can be shown
        text = fill(t, values)
        if not check(code, text) or any(text in g for g in groups) or text in canned:
            continue
        used = names(t) - {"me"}
        if not used:
            canned.append(text)
            continue
        k = 1 if bare and not used - {"who", "to"} else 0
        if not groups[k] or used - {"who", "to"} - firsts[k]:    # a second one only if it carries more of their words
            groups[k].append(text)
            firsts[k] = firsts[k] or used
    filled = groups[0] or groups[1]
    return (filled[:PER_KIND], True) if filled else (canned[:1], False)


def suggest(rule, doc, start: int, end: int, captures: dict, others=()) -> Suggestions:
    rewrites = list(getattr(rule, "rewrites", None) or [])
    if not rewrites:
        rewrites = [STEP_REWRITES.get(rule.step, FALLBACK), FALLBACK]
    values, (s, e) = slots(doc, start, end, captures, _needed((*rewrites, *rule.suggestions)), others)
    texts, own = _pick(rule.code, rewrites, values)
    questions, asked = _pick(rule.code, list(rule.suggestions), values)
    who = values.get("who")
    # whether the sentence gave the templates any words of the writer's beyond a pronoun
    # (a bare pronoun counts as theirs: "Leave them as little as possible" keeps "an agreement they can
    # live with"; a party read from elsewhere does not)
    theirs = (isinstance(who, Party) and not getattr(who, "near", False) and not getattr(who, "resolved", False)) or \
        any(k in values for k in ("action", "thing", "noun", "act", "demand", "rest", "to")) or \
        any(k not in ("who", "match", "me", "topic", "action") for k in captures)
    if "topic" not in values and (not (own or asked) or not theirs):
        # nothing of theirs in the sentence: "Thanks, I guess?" is about what the next one says
        near = _neighbour_topic(doc, s, e)
        if near and getattr(who, "near", False) and who.subject.lower() in near.lower():
            values = {k: v for k, v in values.items() if k != "who"}    # "the contractors channel": one phrase
        if near and not (isinstance(values.get("who"), Party) and values["who"].subject.lower() in near.lower()):
            values = {**values, "topic": near}
            texts, own = _pick(rule.code, rewrites, values)
            questions, asked = _pick(rule.code, list(rule.suggestions), values)
    texts = texts or [FALLBACK]
    if own and not asked and getattr(rule, "rewrites", None):
        # a rewrite in the writer's words says more than a stock question; a rule without rewrites
        # of its own (a team's rule) keeps the question its author wrote
        questions = []

    begin = doc[s].idx
    stop = doc[e - 1].idx + len(doc[e - 1].text)
    out = [Reframe("rewrite", rule.step, t, begin, stop) for t in texts]
    out += [Reframe("question", rule.step, t) for t in questions if t not in texts]
    return Suggestions([r.text for r in out], out)


def template_examples(rule, pack) -> dict[str, str]:
    """For `winlint explain`: each of the rule's templates, filled from the rule's own bad examples
    (the first example where it fills and passes the checks)."""
    import spacy

    from ..component import WinlintRuler
    from .validate import problems

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = WinlintRuler(nlp, pack=pack, select=[rule.code])
    out: dict[str, str] = {}
    templates = [*rule.rewrites, *rule.suggestions]
    # then, for templates that need the person written to ({to}), the same examples after a greeting
    for greeting in ("", EXAMPLE_GREETING):
        for ex in rule.bad:
            if all(t in out for t in templates):
                return out
            doc = nlp(greeting + ex.text)
            for hit in ruler.find(doc):
                if hit.rule.code != rule.code:
                    continue
                values, _ = slots(doc, hit.start, hit.end, hit.captures)
                for t in templates:
                    text = fill(t, values)
                    if t not in out and text and not problems(text):
                        out[t] = text
    # a template without slots reads the same after any match: shown too for a rule the patterns
    # never match (the learned stage's WW900)
    for t in templates:
        text = None if t in out or names(t) else fill(t, {})
        if text and not problems(text):
            out[t] = text
    return out


EXAMPLE_GREETING = "Hi Alex,\n"
