"""Suggestion templates: "How do we create conditions where {who:subject} {who:verb=want} to {action}?"

Templates are parsed by this module, never by str.format, so a rule file
cannot reach Python attributes (`{who.__class__}` is simply a syntax error).
A placeholder is `{name}` or `{name:filter:filter...}`; the name is a capture
of the rule's patterns, `{match}` (the whole flagged text), or a slot the
generator reads from the flagged sentence (SLOTS).
"""
from __future__ import annotations

import re
from functools import lru_cache

PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
NAME_RE = re.compile(r"^[a-z][a-z_]*$")
FILTER_RE = re.compile(r"^(subject|object|possessive|name|base|ing|lower|event|before|after|verb=[a-z]+)$")
# name: only a person's name fills it ("{who:name}, this keeps happening"), never a pronoun or a group
# event: only a noun phrase naming an occasion fills it ("the roadmap review", "this cycle"), for a
# template that goes into or comes through it ("I want to go into {topic:event} with ..."), never "our RFC"
# before, after: only a topic read before (after) the match fills it ("deliver the assets or we walk": what
# is demanded comes before the threat; "until they cave on the price": what they gave in on comes after)
FILTERS = ("subject", "object", "possessive", "name", "base", "ing", "lower", "event", "before", "after", "verb=WORD")
# read from the flagged sentence when a pattern does not capture them (generate.slots):
# who: the other party; topic: a noun phrase outside the match; rest: the sentence without the
# match (when the match is an aside at its start or end); thing: a noun phrase inside the match;
# me: the writer, "I" or "we"; to: the name of the person written to ("Hi Gemma," before it);
# noun: as thing, an indefinite one too ("win an argument" -> "an argument"); act: the match itself
# when it is one verb phrase of the writer's own ("get revenge"), for "Instead of {act:ing}, ..."
# demand: what an either/or ultimatum asks for, an imperative verb phrase ("pay the original rate")
# inside: a definite noun phrase inside the match that names what the sentence is about, never the party,
# the verdict, the penalty or where it happened ("anyone who skips the compliance training loses ...": the
# compliance training); {topic} falls back to it when the sentence names nothing outside the match
SLOTS = frozenset({"who", "topic", "thing", "noun", "rest", "me", "to", "act", "demand", "inside"})
KINDS = ("rewrite", "question")


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


@lru_cache(maxsize=4096)
def names(template: str) -> frozenset[str]:
    return frozenset(name for name, _ in parse(template))


@lru_cache(maxsize=4096)
def pieces(template: str) -> tuple:
    """Literal text and placeholders in order: str, or (name, filters). A rule pack's templates
    are a few hundred strings filled thousands of times: each is split once."""
    return tuple(_pieces(template))


def _pieces(template: str):
    pos = 0
    for m in PLACEHOLDER_RE.finditer(template):
        if m.start() > pos:
            yield template[pos:m.start()]
        name, *filters = m.group(1).split(":")
        yield name, tuple(filters)
        pos = m.end()
    if pos < len(template):
        yield template[pos:]
