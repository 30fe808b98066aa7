"""The rule reference, generated from the rule files (docs/rules.md and `winlint explain`)."""
from __future__ import annotations

from .schema import CATEGORIES, STEP_NUMBER, STEPS

HEADER = """# winlint rule reference

<!-- Generated from rules/ by `python -m winlint docs > docs/rules.md`; do not edit by hand. -->

Every rule names the step of the Win-Win Management framework its reframe comes from:

| step | apply step |
|---|---|
""" + "".join(f"| `{step}` | {STEP_NUMBER[step]}. {title} |\n" for step, title in STEPS.items())


def _good_rewrite(rule) -> str | None:
    """The recommended rewrite: the first bad example's expected suggestion, else a filled example."""
    for ex in rule.bad:
        if ex.suggestion:
            return ex.suggestion
    return None


def explain(rule) -> str:
    lines = [f"## {rule.code} {rule.name}", "",
             f"Category: `{rule.category}` · level: `{rule.level}` · apply step {STEP_NUMBER[rule.step]}: "
             f"**{rule.step_title}** (`{rule.step}`)", "",
             "### What it flags", "", rule.message.replace("'{match}'", "The phrase").replace("{match}", "the phrase"),
             "", "### Why", "", rule.why, "", "### Example", ""]
    lines += [f"- ✗ {ex.text}" for ex in rule.bad]
    lines += ["", "### Use instead", ""]
    rewrite = _good_rewrite(rule)
    if rewrite:
        lines.append(f"- ✓ {rewrite}")
    lines += [f"- ✓ {ex.text}" for ex in rule.good if ex.text != rewrite]
    lines += ["", "Reframe templates:", ""]
    lines += [f"- `{t}`" for t in rule.suggestions]
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
