"""Data lints on rules/ (codespell-style): the rule files agree with each other and with the schema."""
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import ROOT
from winlint import loader, reframe
from winlint.reference import reference
from winlint.schema import CATEGORIES, CATEGORY_HUNDREDS, STEPS

PACK = loader.load()
RULES = PACK.rules


def test_codes_and_names_are_unique():
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_file_sits_in_its_category_folder_and_is_named_after_it(rule):
    path = Path(rule.path)
    assert path.stem == rule.name
    assert path.parent.name == rule.category


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_code_hundred_matches_category(rule):
    if rule.kind == "model":     # the learned stage (WW9xx): its findings carry the predicted category
        assert rule.category == "predicted" and rule.code[2] == "9" and rule.step in STEPS
        return
    assert rule.category in CATEGORIES and rule.step in STEPS
    assert int(rule.code[2]) == CATEGORY_HUNDREDS[rule.category], f"{rule.code} is not in the {rule.category} hundred"


def test_no_phrase_pattern_is_duplicated_across_rules():
    owners = defaultdict(set)
    for rule in RULES:
        for p in rule.patterns:
            if isinstance(p, str):
                owners[" ".join(p.lower().split())].add(rule.code)
    dupes = {phrase: codes for phrase, codes in owners.items() if len(codes) > 1}
    assert not dupes


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_placeholder_is_captured(rule):
    captured = {"match"} | reframe.SLOTS | {n for c in PACK.patterns[rule.code] for n in c.captures if n}
    for template in rule.suggestions + rule.rewrites:
        assert reframe.names(template) <= captured


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_a_bad_example_pins_the_match_and_the_reframe(rule):
    assert any(ex.match and ex.suggestion for ex in rule.bad), \
        f"{rule.path}: give one bad example with match: and suggestion:"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_suggestions_do_not_repeat_the_flagged_words(linter_factory, rule):
    for ex in rule.bad:
        for f in linter_factory(select=[rule.code], model_stage=rule.kind == "model").lint_text(ex.text).findings:
            for s in f.suggestions:
                assert f.text.lower() not in s.lower(), f"{rule.code}: reframe repeats {f.text!r}: {s!r}"


def test_reference_doc_is_generated_from_the_rules():
    doc = ROOT / "docs" / "rules.md"
    assert doc.exists(), "run: python -m winlint docs > docs/rules.md"
    assert doc.read_text() == reference(PACK), "docs/rules.md is stale; run: python -m winlint docs > docs/rules.md"


def test_explain_shows_the_reference_text(run_cli):
    from winlint.reference import explain
    rule = RULES[0]
    proc = run_cli("explain", rule.code)
    # the reference text, with an example of each template filled from the rule's own bad examples
    examples = reframe.template_examples(rule, PACK)
    assert examples and proc.stdout == explain(rule, examples)
    assert all(f"e.g. {text}" in proc.stdout for text in examples.values())


def test_explain_fills_every_template_for_the_person_written_to():
    """A `{to}` template needs a greeting, which no bad example has: explain fills it from the
    examples after one ("Hi Alex,"), so each of these templates shows an example too."""
    with_to = [(rule, t) for rule in RULES for t in [*rule.rewrites, *rule.suggestions] if "{to}" in t]
    assert with_to
    examples = {rule.code: reframe.template_examples(rule, PACK) for rule, _ in with_to}
    assert [t for rule, t in with_to if t not in examples[rule.code]] == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_explain_fills_every_template(rule):
    """`winlint explain` shows an example of each rewrite and question, filled from the rule's own
    bad examples: a template that none of them fills (and passes the reframe checks) needs a bad
    example that does, e.g. one naming a party and a topic for `{who:object} ... {topic}`."""
    examples = reframe.template_examples(rule, PACK)
    missing = [t for t in [*rule.rewrites, *rule.suggestions] if t not in examples]
    assert missing == [], f"{rule.path}: no bad example fills {missing}"
