"""Broken rule files give one line, `path:line: key: message` (codespell-style table of snippets)."""

import pytest

from conftest import SAMPLE_RULE
from winlint import loader
from winlint.errors import WinlintError

GOOD = SAMPLE_RULE



def load_snippet(tmp_path, text, name="sample-rule"):
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(text)
    return loader.load([folder], use_cache=False)


def test_good_snippet_loads(tmp_path):
    pack = load_snippet(tmp_path, GOOD)
    assert [r.code for r in pack.rules] == ["XX101"]


CASES = [
    ("unknown key", GOOD.replace("why:", "whyy:"), 7, "whyy", "unknown key (did you mean 'why'?)"),
    ("wrong type", GOOD.replace("level: warning", "level: [warning]"), 4, "level", "expected a string, found list"),
    ("bad level", GOOD.replace("level: warning", "level: severe"), 4, "level", "unknown level 'severe'"),
    ("bad category", GOOD.replace("category: control", "category: controll"), 3, "category",
     "unknown category 'controll' (did you mean 'control'?)"),
    ("bad step", GOOD.replace("step: goals", "step: goal"), 5, "step", "unknown step 'goal' (did you mean 'goals'?)"),
    ("invalid token pattern", GOOD.replace("{LOWER: them, CAPTURE: who}", "{LOWR: them, CAPTURE: who}"), 8,
     "patterns", "invalid token pattern 0"),
    ("uncaptured placeholder", GOOD.replace("{who:subject}", "{whom}"), 10, "suggestions",
     "placeholder {whom} is not captured by any pattern"),
    ("attribute access in template", GOOD.replace("{who:subject}", "{who.__class__}"), 10, "suggestions",
     "is not a placeholder"),
    ("unknown filter", GOOD.replace("{who:subject}", "{who:upper}"), 10, "suggestions", "unknown filter 'upper'"),
    ("name differs from file", GOOD.replace("name: sample-rule", "name: other-rule"), 2, "name",
     "must equal the file name"),
    ("malformed yaml", GOOD.replace("level: warning", "level: [warning"), None, None, "invalid YAML"),
    ("missing key", GOOD.replace("step: goals\n", ""), 1, "step", "required key is missing"),
    ("unknown list", GOOD.replace("{LOWER: them, CAPTURE: who}", "{LOWER: {IN: $nobody}, CAPTURE: who}"), 8,
     "patterns", "unknown word list '$nobody'"),
    ("regex that does not compile", GOOD.replace("{LOWER: them, CAPTURE: who}", "{LOWER: {REGEX: '(unclosed'}, CAPTURE: who}"),
     8, "patterns", "regex does not compile"),
    ("catastrophic regex", GOOD.replace("{LOWER: them, CAPTURE: who}", "{TEXT: {REGEX: '(a+)+$'}, CAPTURE: who}"),
     8, "patterns", "nested quantifier"),
]


@pytest.mark.parametrize("label,text,line,key,message", CASES, ids=[c[0] for c in CASES])
def test_broken_rule_is_one_line_with_place_and_key(tmp_path, label, text, line, key, message):
    with pytest.raises(WinlintError) as info:
        load_snippet(tmp_path, text)
    err = info.value
    rendered = str(err)
    assert "\n" not in rendered
    assert rendered.startswith(str(tmp_path / "rules" / "sample-rule.yaml") + ":")
    if line is not None:
        assert err.line == line, rendered
    if key is not None:
        assert err.key == key, rendered
    assert message in rendered


def test_duplicate_code_names_both_files(tmp_path):
    load_snippet(tmp_path, GOOD)
    with pytest.raises(WinlintError, match="duplicate code XX101, also used in .*sample-rule.yaml"):
        load_snippet(tmp_path, GOOD.replace("sample-rule", "second-rule"), name="second-rule")


def test_yaml_python_tags_are_refused(tmp_path):
    with pytest.raises(WinlintError, match="invalid YAML"):
        load_snippet(tmp_path, GOOD.replace("Because.", "!!python/object/apply:os.system ['true']"))


def test_yes_and_no_are_words_not_booleans(tmp_path):
    pack = load_snippet(tmp_path, GOOD.replace("{LOWER: them, CAPTURE: who}", "{LOWER: {IN: [them, no, on]}, CAPTURE: who}"))
    assert "no" in pack.patterns["XX101"][0].tokens[1]["LOWER"]["IN"]
