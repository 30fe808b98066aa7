"""What a rule is: the fields of a rule file, their types, and the Rule object.

Validation is strict (unknown keys are errors, with the nearest valid key
suggested) because a typo in a rule silently disables it otherwise.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .errors import WinlintError

CATEGORIES = ("control", "zero_sum", "punitive", "power_struggle", "dismissive",
              "ultimatum", "passive_aggressive", "manipulation")
# hundreds digit of the code per category (WW1xx control, WW2xx zero-sum, ...)
CATEGORY_HUNDREDS = {cat: i + 1 for i, cat in enumerate(CATEGORIES)}
LEVELS = ("error", "warning", "info")
LEVEL_RANK = {"info": 1, "warning": 2, "error": 3}
STEPS = {
    "notice": "Notice adversarial framing",
    "goals": "Ask about their goals",
    "shared-interests": "Reframe to shared interests",
    "might-be-wrong": "Acknowledge when you might be wrong",
    "explicit": "Make the reframe explicit",
}
STEP_NUMBER = {step: i + 1 for i, step in enumerate(STEPS)}

CODE_RE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
CAPTURE_RE = re.compile(r"^[a-z][a-z_]*$")

# key -> (python types, required)
FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "code": ((str,), True),
    "name": ((str,), True),
    "category": ((str,), True),
    "level": ((str,), True),
    "step": ((str,), True),
    "message": ((str,), True),
    "why": ((str,), True),
    "patterns": ((list,), True),
    "suggestions": ((list,), True),
    "rewrites": ((list,), False),      # templates in the writer's voice that can replace the sentence
    "examples": ((dict,), True),
    "unless": ((list,), False),
    "negatable": ((bool,), False),
    "aliases": ((list,), False),
    "status": ((str,), False),
    "kind": ((str,), False),
}
# `kind: model`: a rule whose findings come from the learned stage (winlint/learned.py), not from
# patterns. It has no patterns or unless, its category is `predicted` (each finding carries the
# model's most likely category), and its message may use {category}, {score} and {words}.
KINDS = ("patterns", "model")
PREDICTED = "predicted"
MODEL_PLACEHOLDERS = frozenset({"category", "score", "words"})
EXAMPLE_KEYS = ("bad", "good")
BAD_EXAMPLE_KEYS = ("text", "match", "suggestion")
STATUSES = ("active", "deprecated")


def nearest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class Example:
    text: str
    match: str | None = None
    suggestion: str | None = None


@dataclass
class Rule:
    code: str
    name: str
    category: str
    level: str
    step: str
    message: str
    why: str
    patterns: list
    suggestions: list[str]
    bad: list[Example]
    good: list[Example]
    unless: list = field(default_factory=list)
    negatable: bool = True
    aliases: list[str] = field(default_factory=list)
    status: str = "active"
    kind: str = "patterns"
    path: str = ""
    lines: dict = field(default_factory=dict)   # key -> line in the rule file
    rewrites: list[str] = field(default_factory=list)   # templates of rewrites (questions: suggestions)

    @property
    def step_title(self) -> str:
        return STEPS.get(self.step, self.step)

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key) or self.lines.get("code")


def _type_names(types: tuple[type, ...]) -> str:
    names = {str: "a string", list: "a list", dict: "a mapping", bool: "true or false"}
    return " or ".join(names.get(t, t.__name__) for t in types)


def check_fields(data, path: str, lines: dict) -> None:
    """Reject unknown keys, missing keys and wrong types, naming the key and line."""
    if not isinstance(data, dict):
        raise WinlintError("a rule file must be a mapping of keys to values", path=path, line=1)
    for key in data:
        if key not in FIELDS:
            raise WinlintError(f"unknown key{nearest(str(key), FIELDS)}; valid keys: {', '.join(FIELDS)}",
                               path=path, line=lines.get(key), key=str(key))
    kind = data.get("kind", "patterns")
    if kind not in KINDS:       # before the required keys: a typo here changes which keys are required
        raise WinlintError(f"unknown kind {kind!r}; one of: {', '.join(map(str, KINDS))}", path=path,
                           line=lines.get("kind"), key="kind")
    for key, (types, required) in FIELDS.items():
        if key not in data:
            if required and not (key == "patterns" and kind == "model"):
                raise WinlintError("required key is missing", path=path, line=1, key=key)
            continue
        value = data[key]
        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
            raise WinlintError(f"expected {_type_names(types)}, found {type(value).__name__}",
                               path=path, line=lines.get(key), key=key)


def check_values(data: dict, path: str, lines: dict, stem: str) -> None:
    def bad(key, msg):
        raise WinlintError(msg, path=path, line=lines.get(key), key=key)

    if not CODE_RE.match(data["code"]):
        bad("code", f"{data['code']!r} is not a rule code like WW101")
    if not NAME_RE.match(data["name"]):
        bad("name", f"{data['name']!r} is not kebab-case")
    if data["name"] != stem:
        bad("name", f"{data['name']!r} must equal the file name {stem!r}")
    kind = data.get("kind", "patterns")
    if kind == "model":
        for key in ("patterns", "unless"):
            if key in data:
                bad(key, f"a rule of kind model has no {key}: the learned stage finds its sentences")
        if data["category"] != PREDICTED:
            bad("category", f"a rule of kind model has category {PREDICTED!r} (the model predicts one per finding)")
    elif data["category"] not in CATEGORIES:
        bad("category", f"unknown category {data['category']!r}{nearest(data['category'], CATEGORIES)}; "
                        f"one of: {', '.join(CATEGORIES)}")
    if data["level"] not in LEVELS:
        bad("level", f"unknown level {data['level']!r}; one of: {', '.join(LEVELS)}")
    if data["step"] not in STEPS:
        bad("step", f"unknown step {data['step']!r}{nearest(data['step'], STEPS)}; one of: {', '.join(STEPS)}")
    if data.get("status", "active") not in STATUSES:
        bad("status", f"unknown status {data['status']!r}; one of: {', '.join(STATUSES)}")
    if kind != "model" and not data["patterns"]:
        bad("patterns", "at least one pattern is required")
    if not data["suggestions"] or not all(isinstance(s, str) and s.strip() for s in data["suggestions"]):
        bad("suggestions", "expected a non-empty list of template strings")
    if not all(isinstance(s, str) and s.strip() for s in data.get("rewrites", [])):
        bad("rewrites", "expected a list of template strings")
    for alias in data.get("aliases", []):
        if not isinstance(alias, str):
            bad("aliases", "expected a list of strings")
    examples = data["examples"]
    for key in examples:
        if key not in EXAMPLE_KEYS:
            bad("examples", f"unknown key {key!r} in examples{nearest(str(key), EXAMPLE_KEYS)}; use bad and good")
    for key in EXAMPLE_KEYS:
        items = examples.get(key)
        if not isinstance(items, list):
            bad("examples", f"examples.{key} must be a list")
        for item in items:
            if isinstance(item, str):
                continue
            if key == "bad" and isinstance(item, dict) and isinstance(item.get("text"), str):
                extra = set(item) - set(BAD_EXAMPLE_KEYS)
                if extra:
                    bad("examples", f"unknown key {sorted(extra)[0]!r} in a bad example; use text, match, suggestion")
                continue
            bad("examples", f"each examples.{key} item must be a string"
                            + (" or a mapping with text, match, suggestion" if key == "bad" else ""))


def make_examples(items: list) -> list[Example]:
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(Example(item))
        else:
            out.append(Example(item["text"], item.get("match"), item.get("suggestion")))
    return out
