"""The generator: a template and the writer's words -> one grammatical sentence.

Templates say what to write; this module owns the grammar: a party's case
(subject, object, possessive), a pronoun on its second mention, verb agreement
with the subject actually written, verb forms from the lexicon (inflect.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import inflect
from .templates import pieces

# pronoun -> (subject, object, possessive, person, plural)
PRONOUNS = {
    "i": ("I", "me", "my", 1, False), "me": ("I", "me", "my", 1, False), "myself": ("I", "me", "my", 1, False),
    "we": ("we", "us", "our", 1, True), "us": ("we", "us", "our", 1, True), "ourselves": ("we", "us", "our", 1, True),
    "you": ("you", "you", "your", 2, True), "yourself": ("you", "you", "your", 2, True),
    "he": ("he", "him", "his", 3, False), "him": ("he", "him", "his", 3, False), "himself": ("he", "him", "his", 3, False),
    "she": ("she", "her", "her", 3, False), "her": ("she", "her", "her", 3, False), "herself": ("she", "her", "her", 3, False),
    "they": ("they", "them", "their", 3, True), "them": ("they", "them", "their", 3, True),
    "themselves": ("they", "them", "their", 3, True), "it": ("it", "it", "its", 3, False),
    "everyone": ("everyone", "everyone", "everyone's", 3, False), "everybody": ("everybody", "everybody", "everybody's", 3, False),
    "someone": ("someone", "someone", "someone's", 3, False), "people": ("people", "people", "people's", 3, True),
    "folks": ("folks", "folks", "folks'", 3, True), "who": ("who", "whom", "whose", 3, False),
}
# a possessive captured as the party ("stop answering their emails"): the person it names
PRONOUNS.update({"their": PRONOUNS["they"], "his": PRONOUNS["he"], "my": PRONOUNS["i"], "our": PRONOUNS["we"],
                 "your": PRONOUNS["you"], "theirs": PRONOUNS["they"], "hers": PRONOUNS["she"]})
# someone named by a pronoun of no one in particular is "they" when mentioned again
# ("help someone find a place where they can succeed")
AGAIN_THEY = {"someone", "somebody", "everyone", "everybody", "people", "folks", "anyone", "anybody"}
THEY = PRONOUNS["they"]
LEADING = {"the", "a", "an", "my", "our", "their", "his", "her", "your", "its", "this", "that", "these", "those",
           "some", "every", "each", "all", "both", "whole", "entire", "whoever"}
# singular nouns that end in s, and groups that take a singular verb
SINGULAR_S = {"sales", "ops", "operations", "legal", "finance", "analytics", "logistics", "boss", "hr", "news",
              "status", "business", "class", "process", "access", "press", "us", "series"}
# irregular present forms: base -> (3rd singular, other, first singular)
BE = {"1s": "am", "3s": "is", "p": "are"}
# people named by their role: "the boss" when a capture has only the noun
ROLES = {"boss", "manager", "client", "customer", "vendor", "supplier", "contractor", "lead", "director", "employee",
         "coworker", "co-worker", "colleague", "intern", "landlord", "agency", "partner"}
TEAMS = {"team", "teams", "staff", "crew", "crews", "coworkers", "co-workers", "colleagues", "employees"}
# people named by what they do, capitalized only at a sentence start ("Users don't know what they want")
COMMON_PEOPLE = {"users", "user", "engineers", "developers", "devs", "designers", "recruiters", "maintainers",
                 "contributors", "reviewers", "people", "folks", "buyers", "sellers", "buyer", "seller", "volunteers",
                 "freelancers", "consultants", "analysts", "testers", "workers", "members", "stakeholders", "execs",
                 "executives", "juniors", "seniors", "peers", "reports", "hires", "recruits", "admins"}
MODALS = {"can", "could", "will", "would", "shall", "should", "may", "might", "must"}


@dataclass
class Party:
    """Someone the template talks about, and how to write them in each case."""
    subject: str
    object: str
    possessive: str
    person: int = 3
    plural: bool = False
    again: tuple | None = None      # the pronoun forms for a second mention; None: repeat the words
    name: bool = False              # a person's name ("Dana"), not a pronoun or a group

    @classmethod
    def of(cls, text: str, context: str = "") -> "Party":
        words = text.split()
        low = text.lower()
        if low in PRONOUNS:
            s, o, p, person, plural = PRONOUNS[low]
            return cls(s, o, p, person, plural, THEY if low in AGAIN_THEY else None)
        # "him and Dana", "the PMs": plural; "Jonas", "Sales", "the boss": singular
        last = words[-1].lower().strip(".,'’") if words else ""
        acronyms = len(words[-1]) > 2 and words[-1].endswith("s") and words[-1][:-1].isupper()   # "PMs", "VPs"
        plural = ("and" in (w.lower() for w in words) or last in PRONOUNS and PRONOUNS[last][4] or acronyms
                  or (last.endswith("s") and len(last) > 3 and last not in SINGULAR_S and not last.endswith(("ss", "us", "is"))
                      and (not words[-1][:1].isupper() or last in COMMON_PEOPLE or last in TEAMS
                           or last[:-1] in ROLES)))      # "Jonas" is one person; "Your Employees" in a headline are many
        if len(words) == 1 and text.lower() in ROLES:
            text = "the " + text.lower()          # a bare "boss" captured from "your boss": a role, with its article
        first, _, rest = text.partition(" ")
        if rest and first.lower() in LEADING and first[:1].isupper() and not first.isupper():
            text = f"{first.lower()} {rest}"     # "The platform team" captured at a sentence start
        # a role capitalized at a sentence start or in a title ("Clients are ...", "your Team", "the
        # Customer") is a common noun in a sentence of ours; a team's name ("Finance", "Product") is not a role
        text = " ".join(w.lower() if w[:1].isupper() and not w.isupper() and
                        (w.lower() in ROLES or w.lower().endswith("s") and w.lower()[:-1] in ROLES or w.lower() in TEAMS
                         or w.lower() in COMMON_PEOPLE)
                        else w for w in text.split(" "))
        name = (len(words) == 1 and words[0][:1].isupper() and not words[0].isupper()
                and not inflect.known(words[0]))
        poss = text + ("'" if text.endswith("s") and plural else "'s")
        again = THEY
        if name:
            again = _gender(context) or THEY
        return cls(text, text, poss, 3, plural, again, name)

    def form(self, case: str, second: bool) -> tuple[str, int, bool]:
        """(words, person, plural) for a mention in this case."""
        if second and self.again is not None:
            s, o, p, person, plural = self.again
        else:
            s, o, p, person, plural = self.subject, self.object, self.possessive, self.person, self.plural
        return {"subject": s, "object": o, "possessive": p}[case], person, plural


def _gender(context: str) -> tuple | None:
    """The pronoun a sentence uses for its one named person, when it uses only one kind."""
    words = set(re.findall(r"[a-z]+", context.lower()))
    he, she = bool(words & {"he", "him", "his", "himself"}), bool(words & {"she", "her", "hers", "herself"})
    if he != she:
        return PRONOUNS["he"] if he else PRONOUNS["she"]
    return None


# heads of a noun phrase that names an occasion one goes into or comes through
EVENTS = {"meeting", "meetings", "review", "reviews", "sync", "syncs", "talks", "call", "calls", "negotiation",
          "negotiations", "retro", "retros", "standup", "standups", "1:1", "demo", "offsite", "workshop", "planning",
          "session", "sessions", "discussion", "discussions", "debate", "debates", "interview", "reorg", "reshuffle",
          "restructuring", "merger", "cycle", "quarter", "half", "round", "rounds", "launch", "kickoff", "committee",
          "renewal", "audit", "deal", "deals", "qbr", "qbrs", "offsites", "presentation", "pitch", "hearing", "escalation", "escalations", "summit", "conference",
          "all-hands", "huddle", "check-in", "showdown", "vote", "election", "calibration", "season", "year",
          "month", "week", "sprint", "rollout", "migration", "transition", "layoffs", "crunch", "process"}


def event(text: str) -> bool:
    """Whether a noun phrase names an occasion ("the roadmap review", "this cycle", "the reorg")."""
    words = text.split()
    return bool(words) and words[-1].lower().strip(".,'’") in EVENTS


def conjugate(verb: str, person: int, plural: bool) -> str:
    if verb in MODALS:
        return verb
    if verb == "be":
        return BE["1s"] if (person == 1 and not plural) else BE["3s"] if (person == 3 and not plural) else BE["p"]
    if person == 3 and not plural:
        return inflect.inflect(verb, "VBZ")
    return verb


def _verb_phrase(value: str, form: str) -> str:
    first, _, rest = value.partition(" ")
    base = inflect.lemma(first)
    word = base if form == "base" else inflect.gerund(base)
    return f"{word} {rest}" if rest else word


def _text(value) -> str:
    return value.subject if isinstance(value, Party) else " ".join(str(value).split())


def fill(template: str, values: dict) -> str | None:
    """Fill a template; None when a placeholder has no value for this match.

    A value is a string (an action, a topic) or a Party. A party's first mention is written out,
    later ones become its pronoun; `{x:verb=want}` agrees with the subject written for x next to it.
    """
    parts = list(pieces(template))
    parties = {}
    for p in parts:
        if isinstance(p, tuple):
            value = values.get(p[0])
            if value is None or not _text(value).strip():
                return None
            if "event" in p[1] and not event(_text(value)):
                return None
            if ("after" in p[1] or "before" in p[1]) and getattr(value, "after", None) != ("after" in p[1]):
                return None          # read on the other side of the match, or not from the sentence
            if any(f in ("subject", "object", "possessive", "name") or f.startswith("verb=") for f in p[1]):
                parties[p[0]] = value if isinstance(value, Party) else Party.of(_text(value))
                if "name" in p[1] and not parties[p[0]].name:
                    return None
    # which case each party mention is written in, and whether it is a second mention
    seen: dict[str, int] = {}
    written: list = [None] * len(parts)
    for i, p in enumerate(parts):
        if isinstance(p, tuple) and p[0] == "act":
            # the writer's own act names the party first ("Instead of beating the London team ..., I
            # want to find the goal we share with them"): a later mention is the second
            for name, party in parties.items():
                if party.subject[:1].isalpha() and re.search(rf"\b{re.escape(party.subject)}\b", _text(values[p[0]]), re.I):
                    seen[name] = seen.get(name, 0) + 1
        elif isinstance(p, tuple) and p[0] in parties:
            case = next((f for f in p[1] if f in ("subject", "object", "possessive")), "subject" if "name" in p[1] else None)
            if case is None:
                continue
            written[i] = parties[p[0]].form(case, seen.get(p[0], 0) > 0)
            seen[p[0]] = seen.get(p[0], 0) + 1
    out = []
    for i, p in enumerate(parts):
        if isinstance(p, str):
            out.append(p)
            continue
        name, filters = p
        value = values[name]
        verb = next((f[5:] for f in filters if f.startswith("verb=")), None)
        if verb is not None:
            # agree with the subject it stands next to: before it ("she wants"), else after ("does she")
            def subject_at(j):
                return 0 <= j < len(parts) and written[j] is not None and parts[j][0] == name and \
                    "subject" in parts[j][1]
            near = [j for j in (i - 2, i + 2) if subject_at(j) and isinstance(parts[(i + j) // 2], str)
                    and not parts[(i + j) // 2].strip()][:1] or \
                [j for j in range(i + 1, len(parts)) if subject_at(j)][:1] or \
                [j for j in range(i - 1, -1, -1) if subject_at(j)][:1]
            if near:
                _, person, plural = written[near[0]]
            else:
                party = parties[name]
                person, plural = party.person, party.plural
            out.append(conjugate(verb, person, plural))
            continue
        if written[i] is not None:
            text = written[i][0]
        else:
            text = _text(value)
            for f in filters:
                if f in ("base", "ing"):
                    text = _verb_phrase(text, f)
                elif f == "lower":
                    text = text.lower()
        out.append(text)
    text = "".join(out)
    return text[:1].upper() + text[1:] if text else text
