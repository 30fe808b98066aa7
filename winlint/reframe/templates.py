"""Suggestion templates: "How do we create conditions where {who:subject} {who:verb=want} to {action}?"

Templates are parsed by this module, never by str.format, so a rule file
cannot reach Python attributes (`{who.__class__}` is simply a syntax error).
A placeholder is `{capture}` or `{capture:filter:filter...}`; `{match}` is the
whole flagged text.
"""
from __future__ import annotations

import re

from .inflect import base_form, gerund

PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
NAME_RE = re.compile(r"^[a-z][a-z_]*$")
FILTER_RE = re.compile(r"^(subject|object|base|ing|lower|verb=[a-z]+)$")
FILTERS = ("subject", "object", "base", "ing", "lower", "verb=WORD")

SUBJECT = {"me": "I", "him": "he", "her": "she", "us": "we", "them": "they", "whom": "who",
           "myself": "I", "himself": "he", "herself": "she", "themselves": "they", "ourselves": "we"}
OBJECT = {"i": "me", "he": "him", "she": "her", "we": "us", "they": "them", "who": "whom"}
PLURAL_SUBJECTS = {"they", "we", "you", "i", "them", "us", "these", "those", "people", "folks", "everyone's"}
SINGULAR_PLURAL_S = {"sales", "ops", "operations", "legal", "finance", "analytics", "logistics", "boss",
                     "hr", "news", "status", "business", "class", "process", "access", "press", "us"}
# third-person singular forms that are not just +s
VERB_3SG = {"be": "is", "have": "has", "do": "does", "go": "goes"}
VERB_PLURAL = {"be": "are"}
LEADING_WORDS = {"the", "a", "an", "my", "our", "their", "his", "her", "your", "its", "this", "that", "these",
                 "those", "some", "every", "each", "all", "both", "whole", "entire"}
PRONOUNS = {"you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "everyone", "everybody",
            "someone", "somebody", "anyone", "anybody", "nobody", "people", "folks"}


class TemplateError(ValueError):
    pass


def parse(template: str) -> list[tuple[str, tuple[str, ...]]]:
    """The placeholders of a template as (name, filters); raises TemplateError."""
    out = []
    stripped = PLACEHOLDER_RE.sub("", template)
    if "{" in stripped or "}" in stripped:
        raise TemplateError("unbalanced '{' or '}' (write a placeholder as {name} or {name:filter})")
    for body in PLACEHOLDER_RE.findall(template):
        name, *filters = body.split(":")
        if not NAME_RE.match(name):
            raise TemplateError(f"{{{body}}} is not a placeholder; use {{name}} or {{name:filter}} "
                                f"with a lower-case capture name")
        for f in filters:
            if not FILTER_RE.match(f):
                raise TemplateError(f"unknown filter {f!r} in {{{body}}}; filters: {', '.join(FILTERS)}")
        out.append((name, tuple(filters)))
    return out


def names(template: str) -> set[str]:
    return {name for name, _ in parse(template)}


def _is_plural(phrase: str) -> bool:
    original = phrase.split()
    words = phrase.lower().split()
    if not words:
        return True
    if "and" in words or words[-1] in PLURAL_SUBJECTS:
        return True
    last = words[-1].strip(".,'’")
    if last in SINGULAR_PLURAL_S or last.endswith(("ss", "us", "is")):
        return False
    # a capitalised last word ending in s is a name ("Jonas", "Marcus"), not a plural
    return last.endswith("s") and len(last) > 3 and not original[-1][:1].isupper()


def _conjugate(verb: str, subject: str) -> str:
    if _is_plural(subject):
        return VERB_PLURAL.get(verb, verb)
    if verb in VERB_3SG:
        return VERB_3SG[verb]
    if verb.endswith(("s", "x", "z", "ch", "sh", "o")):
        return verb + "es"
    if verb.endswith("y") and verb[-2:-1] not in ("a", "e", "i", "o", "u"):
        return verb[:-1] + "ies"
    return verb + "s"


def _pronoun_case(word: str) -> str:
    """A pronoun captured at the start of a sentence ("They're wrong") is lower case mid-template."""
    low = word.lower()
    return word if low == "i" else low if low in PRONOUNS else word


def _phrase_case(phrase: str) -> str:
    """A noun phrase captured at the start of a sentence ("The platform team is...") keeps no capital mid-template."""
    first, _, rest = phrase.partition(" ")
    if rest and first.lower() in LEADING_WORDS and first[:1].isupper() and not first.isupper():
        return f"{first.lower()} {rest}"
    return phrase


def _apply(value: str, f: str) -> str:
    if f == "subject":
        words = value.split()
        if len(words) == 1:
            return _pronoun_case(SUBJECT.get(value.lower(), value))
        return _phrase_case(" ".join(SUBJECT.get(w.lower(), w) if w.lower() in ("him", "her", "them", "me", "us") and
                                     (i == len(words) - 1 or words[i + 1].lower() == "and") else w
                                     for i, w in enumerate(words)))
    if f == "object":
        return _pronoun_case(OBJECT.get(value.lower(), value)) if " " not in value else _phrase_case(value)
    if f in ("base", "ing"):
        first, _, rest = value.partition(" ")
        word = base_form(first)
        if f == "ing":
            word = gerund(word)
        return f"{word} {rest}" if rest else word
    if f == "lower":
        return value.lower()
    raise TemplateError(f)  # verb= is handled by the caller


def fill(template: str, values: dict[str, str]) -> str | None:
    """Fill a template; None when a placeholder has no value for this match."""
    parts = []
    pos = 0
    for m in PLACEHOLDER_RE.finditer(template):
        parts.append(template[pos:m.start()])
        name, *filters = m.group(1).split(":")
        value = values.get(name)
        if value is None or not value.strip():
            return None
        value = " ".join(value.split())
        for f in filters:
            value = _conjugate(f[5:], value) if f.startswith("verb=") else _apply(value, f)
        parts.append(value)
        pos = m.end()
    parts.append(template[pos:])
    text = "".join(parts)
    return text[:1].upper() + text[1:] if text else text
