"""The Python API: winlint.lint_text / lint_file / load_rules, Finding, WinlintError."""
import json
import subprocess
import sys
import textwrap

import pytest

import winlint
from conftest import ROOT
from winlint.engine import Options

ADVERSARIAL = "I need to get them to work harder.\n"
CONTRACT = ("path", "rule", "name", "category", "severity", "step", "message", "line", "column",
            "end_line", "end_column", "start", "end", "text", "suggestions")


@pytest.fixture(autouse=True)
def fresh_api_state():
    """load_rules() changes process-wide state: give every test a clean slate and restore it."""
    saved = list(winlint._EXTRA_RULES)
    winlint._EXTRA_RULES.clear()
    yield
    winlint._EXTRA_RULES[:] = saved
    winlint._LINTERS.clear()


def run_python(code: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=ROOT.parent, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_import_winlint_does_not_import_spacy_until_linting_starts():
    run_python("import winlint; winlint.load_rules()")     # compiled rules cached (a cache miss uses spaCy)
    proc = run_python("""
        import sys, json
        import winlint
        heavy = lambda: sorted(m for m in ("spacy", "thinc", "numpy", "yaml", "rich", "click") if m in sys.modules)
        before = heavy()
        winlint.lint_text("")          # a Linter is built (rules from the cache), no text needs spaCy
        middle = heavy()
        findings = winlint.lint_text("I need to get them to work harder.")
        print(json.dumps([before, middle, heavy(), [f.rule for f in findings]]))
    """)
    before, middle, after, rules = json.loads(proc.stdout)
    assert before == [] and "spacy" not in middle
    assert "spacy" in after and rules == ["WW101"]


def test_lint_text_returns_findings_with_the_json_contract_fields():
    (f,) = winlint.lint_text(ADVERSARIAL)
    assert isinstance(f, winlint.Finding)
    d = f.to_dict()
    assert all(key in d for key in CONTRACT)
    assert (f.rule, f.line, f.column, f.end_line, f.end_column) == ("WW101", 1, 11, 1, 34)
    assert ADVERSARIAL[f.start:f.end] == f.text == "get them to work harder"
    assert f.suggestions[0] == "I want to find out what would help them work harder."   # rewrites first (issue 13)
    assert "How do we create conditions where they want to work harder?" in f.suggestions
    assert f.path == "<text>"


def test_lint_text_agrees_with_the_cli_json(run_cli):
    text = "# Plan\n\nWe made them rewrite the spec.\n\n```\nget them to work harder\n```\n"
    cli = json.loads(run_cli("check", "--format", "json", "--stdin-filename", "plan.md", "-", input=text).stdout)
    api = [f.to_dict() for f in winlint.lint_text(text, input_format=None, path="plan.md")]
    assert api == cli and [f["rule"] for f in api] == ["WW102"]


def test_input_format_decides_what_is_prose():
    text = "# Plan\n\n`get them to work harder`\n"
    assert [f.rule for f in winlint.lint_text(text, input_format="plain")] == ["WW101"]
    assert winlint.lint_text(text, input_format="markdown") == []
    assert winlint.lint_text(text, input_format=None, path="notes.md") == []


def test_unknown_input_format_is_a_winlint_error():
    with pytest.raises(winlint.WinlintError, match="unknown input format 'docx'"):
        winlint.lint_text("text", input_format="docx")


def test_lint_text_refuses_bytes():
    with pytest.raises(TypeError, match="lint_file"):
        winlint.lint_text(ADVERSARIAL.encode())


def test_config_as_a_dict_selects_ignores_and_overrides_levels():
    text = "We made them rewrite the spec. I need to get them to work harder."
    assert [f.rule for f in winlint.lint_text(text)] == ["WW102", "WW101"]
    assert [f.rule for f in winlint.lint_text(text, config={"select": "WW101"})] == ["WW101"]
    assert [f.rule for f in winlint.lint_text(text, config={"ignore": ["making-someone"]})] == ["WW101"]
    (f,) = winlint.lint_text(text, config={"select": ["WW101"], "levels": {"WW101": "error"}})
    assert f.severity == "error"


def test_config_as_options():
    (f,) = winlint.lint_text(ADVERSARIAL, config=Options(levels={"control": "info"}))
    assert f.severity == "info"


def test_unknown_config_key_names_the_nearest_one():
    with pytest.raises(winlint.WinlintError, match=r"selct: unknown option \(did you mean 'select'\?\)"):
        winlint.lint_text(ADVERSARIAL, config={"selct": ["WW101"]})


def test_bad_level_in_config_is_a_winlint_error():
    with pytest.raises(winlint.WinlintError, match="unknown level 'loud'"):
        winlint.lint_text(ADVERSARIAL, config={"levels": {"WW101": "loud"}})


def test_linters_are_cached_per_configuration():
    winlint._LINTERS.clear()
    winlint.lint_text(ADVERSARIAL)
    winlint.lint_text("Another text.")
    assert len(winlint._LINTERS) == 1
    first = next(iter(winlint._LINTERS.values()))
    winlint.lint_text(ADVERSARIAL, config={"select": ["WW1"]})
    winlint.lint_text(ADVERSARIAL, config=Options(select=["WW1"]))
    assert len(winlint._LINTERS) == 2
    assert first in winlint._LINTERS.values()
    for i in range(winlint._MAX_LINTERS + 3):
        winlint.lint_text("x", config={"select": [f"WW{i + 1}"]})   # real code prefixes: names are checked
    assert len(winlint._LINTERS) == winlint._MAX_LINTERS


def test_lint_file_reads_by_extension_and_keeps_offsets(tmp_path):
    path = tmp_path / "draft.md"
    source = "\ufeff# Notes\r\n\r\n```\r\nget them to work harder\r\n```\r\n\r\nWe made them rewrite the spec.\r\n"
    path.write_text(source, encoding="utf-8", newline="")
    (f,) = winlint.lint_file(path)
    assert f.rule == "WW102" and f.path == str(path)
    text = source[1:]                        # the BOM is not part of the text
    assert text[f.start:f.end] == f.text and f.line == 7
    assert winlint.lint_file(path, input_format="plain")[0].rule == "WW101"


def test_lint_file_encoding(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Zoë: I need to get them to work harder.\n".encode("latin-1"))
    with pytest.raises(winlint.WinlintError, match="not valid utf-8"):
        winlint.lint_file(path)
    (f,) = winlint.lint_file(path, encoding="latin-1")
    assert f.column == 16


def test_lint_file_errors_are_winlint_errors(tmp_path):
    with pytest.raises(winlint.WinlintError, match="no such file"):
        winlint.lint_file(tmp_path / "missing.md")
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"\x00\x01\x02")
    with pytest.raises(winlint.WinlintError, match="binary"):
        winlint.lint_file(blob)


def custom_rules(tmp_path):
    """A rule folder with one new rule (WW199), reusing the built-in shared lists."""
    folder = tmp_path / "team-rules"
    (folder / "control").mkdir(parents=True)
    (folder / "control" / "steamrolling-someone.yaml").write_text(textwrap.dedent("""\
        code: WW199
        name: steamrolling-someone
        category: control
        level: error
        step: goals
        message: "'{match}' treats the other person as an obstacle to flatten"
        why: Steamrolling wins the meeting and loses the colleague; asking what they need finds a plan both can back.
        patterns:
          - steamroll the design team
        suggestions:
          - "What does the design team need from this plan?"
        examples:
          bad:
            - "We will steamroll the design team tomorrow."
            - "Let's just steamroll the design team."
          good:
            - "What does the design team need from this plan?"
            - "We agreed the plan with the design team."
        """))
    return folder


def test_rules_argument_adds_a_rule_folder_for_one_call(tmp_path):
    folder = custom_rules(tmp_path)
    text = "We will steamroll the design team tomorrow."
    assert winlint.lint_text(text) == []
    (f,) = winlint.lint_text(text, rules=[folder])
    assert (f.rule, f.severity) == ("WW199", "error")
    # the rule's own question, after a rewrite from its apply step (every finding has one: issue 13)
    assert f.suggestions[-1] == "What does the design team need from this plan?"
    assert f.reframes[0]["kind"] == "rewrite" and f.reframes[0]["text"] == f.suggestions[0]
    assert winlint.lint_text(text) == []


def test_load_rules_adds_folders_for_every_later_call(tmp_path):
    folder = custom_rules(tmp_path)
    before = winlint.load_rules()
    rules = winlint.load_rules(folder)
    assert "WW199" not in {r.code for r in before} and "WW199" in {r.code for r in rules}
    assert [f.rule for f in winlint.lint_text("Let's just steamroll the design team.")] == ["WW199"]
    again = [r.code for r in winlint.load_rules(folder)]                  # loading twice adds nothing
    assert again.count("WW199") == 1 and len(winlint._EXTRA_RULES) == 1


def test_load_rules_validates_at_once(tmp_path):
    folder = custom_rules(tmp_path)
    bad = folder / "control" / "steamrolling-someone.yaml"
    bad.write_text(bad.read_text().replace("level: error", "levle: error"))
    with pytest.raises(winlint.WinlintError, match=r"steamrolling-someone\.yaml:4: levle: unknown key"):
        winlint.load_rules(folder)
    assert winlint._EXTRA_RULES == []          # nothing half-added
    with pytest.raises(winlint.WinlintError, match="rule folder not found"):
        winlint.load_rules(tmp_path / "nope")


def test_public_names():
    assert set(winlint.__all__) >= {"lint_text", "lint_file", "load_rules", "Finding", "WinlintError"}
    assert winlint.WinlintError is __import__("winlint.errors").errors.WinlintError
    assert isinstance(winlint.__version__, str) and winlint.__version__[0].isdigit()
