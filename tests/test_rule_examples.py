"""Every rule's own examples run as tests, with only that rule enabled (proselint/sqlfluff style)."""
import pytest

from winlint import loader

PACK = loader.load()
BAD = [pytest.param(r, ex, id=f"{r.code}-bad-{i}") for r in PACK.rules for i, ex in enumerate(r.bad)]
GOOD = [pytest.param(r, ex, id=f"{r.code}-good-{i}") for r in PACK.rules for i, ex in enumerate(r.good)]


@pytest.mark.parametrize("rule,example", BAD)
def test_bad_example_is_flagged(linter_factory, rule, example):
    findings = linter_factory(select=[rule.code], model_stage=rule.kind == "model").lint_text(example.text, "example.txt").findings
    assert [f.rule for f in findings] == [rule.code], f"{rule.code} should flag: {example.text!r}"
    if example.match is not None:
        assert findings[0].text == example.match
    if example.suggestion is not None:
        assert example.suggestion in findings[0].suggestions, findings[0].suggestions


@pytest.mark.parametrize("rule,example", GOOD)
def test_good_example_is_quiet(linter_factory, rule, example):
    findings = linter_factory(select=[rule.code], model_stage=rule.kind == "model").lint_text(example.text, "example.txt").findings
    assert findings == [], f"{rule.code} should stay quiet on: {example.text!r}"


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.code)
def test_every_rule_has_enough_examples(rule):
    assert len(rule.bad) >= 2, f"{rule.path}: needs at least 2 bad examples"
    assert len(rule.good) >= 2, f"{rule.path}: needs at least 2 good examples"


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.code)
def test_every_bad_example_gets_a_suggestion(linter_factory, rule):
    for ex in rule.bad:
        findings = linter_factory(select=[rule.code], model_stage=rule.kind == "model").lint_text(ex.text, "example.txt").findings
        assert findings and findings[0].suggestions, f"{rule.code}: no reframe for {ex.text!r}"
