"""The rule reference, generated from the rule files (docs/rules.md and `winlint explain`)."""
from __future__ import annotations

import re

from .schema import CATEGORIES, STEP_NUMBER, STEPS

HEADER = """# winlint rule reference

<!-- Generated from rules/ by `python -m winlint docs > docs/rules.md`; do not edit by hand. -->

Every rule names the step of the Win-Win Management framework its reframe comes from:

| step | apply step |
|---|---|
""" + "".join(f"| `{step}` | {STEP_NUMBER[step]}. {title} |\n" for step, title in STEPS.items())


# What a message's placeholders stand for, where a rule is described rather than a finding reported
# ({match}: a pattern rule's phrase; the rest: a model rule's score and explanation, see learned.py)
PLACEHOLDER_WORDS = {
    "match": "the phrase",
    "category": "the likeliest of the eight categories",
    "score": "from 0 to 1",
    "words": "up to three words or word pairs from the sentence, those that raised the score most",
}


def message_in_words(rule) -> str:
    """The rule's message with each placeholder described in words, starting with a capital."""
    text = rule.message.replace("'{match}'", "{match}")
    text = re.sub(r"\{(\w+)\}", lambda m: PLACEHOLDER_WORDS.get(m.group(1), m.group(1).replace("_", " ")), text)
    return text[:1].upper() + text[1:]


def _good_rewrite(rule) -> str | None:
    """The recommended rewrite: the first bad example's expected suggestion, else a filled example."""
    for ex in rule.bad:
        if ex.suggestion:
            return ex.suggestion
    return None


def explain(rule, examples: dict | None = None) -> str:
    """`examples`: template -> the template filled from a bad example (reframe.template_examples)."""
    lines = [f"## {rule.code} {rule.name}", "",
             f"Category: `{rule.category}` · level: `{rule.level}` · apply step {STEP_NUMBER[rule.step]}: "
             f"**{rule.step_title}** (`{rule.step}`)", "",
             "### What it flags", "", message_in_words(rule),
             "", "### Why", "", rule.why, "", "### Example", ""]
    lines += [f"- ✗ {ex.text}" for ex in rule.bad]
    lines += ["", "### Use instead", ""]
    rewrite = _good_rewrite(rule)
    if rewrite:
        lines.append(f"- ✓ {rewrite}")
    lines += [f"- ✓ {ex.text}" for ex in rule.good if ex.text != rewrite]
    lines += ["", "Reframe templates (a rewrite can replace the flagged sentence; a question is for the writer "
                  "to ask themselves or the other person):", ""]
    for kind, templates in (("rewrite", rule.rewrites), ("question", rule.suggestions)):
        for t in templates:
            lines.append(f"- {kind}: `{t}`")
            if examples and t in examples:
                lines.append(f"  - e.g. {examples[t]}")
    if rule.aliases:
        lines += ["", f"Aliases: {', '.join(rule.aliases)}"]
    return "\n".join(lines) + "\n"


def reference(pack) -> str:
    rules = sorted(pack.rules, key=lambda r: r.code)
    out = [HEADER, "## Index", "", "| code | name | category | level | step |", "|---|---|---|---|---|"]
    for cat in CATEGORIES:
        for r in (r for r in rules if r.category == cat):
            out.append(f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.category} | {r.level} | {r.step} |")
    out.append("")
    for r in rules:
        out.append(explain(r))
    return "\n".join(out).rstrip() + "\n"
