"""Positions are exact: source[start:end] == text, and line/column agree with the offsets."""
import json

import pytest

from conftest import ROOT, SHARED
from winlint.finding import LineIndex

DEV = SHARED / "corpus" / "dev.jsonl"


def texts():
    out = [
        "I need to get them to work harder.",
        "Héllo 👋 Zoë — I need to get them to work harder.\r\nAnd\rwe made them rewrite the spec.",
        "We made them\nrewrite   the spec, and\r\nI have to fire\nthem.",
        "I need to **get them** to work harder.",
    ]
    if DEV.exists():
        out += [json.loads(line)["text"] for line in DEV.read_text().splitlines() if line.strip()]
    for path in sorted((ROOT / "training" / "data").glob("*.jsonl")):
        out += [json.loads(line)["text"] for line in path.read_text().splitlines()[:400] if line.strip()]
    return out


def check_finding(source, f):
    assert source[f.start:f.end] == f.text
    index = LineIndex(source)
    assert (f.line, f.column) == index.position(f.start)
    assert (f.end_line, f.end_column) == index.position(f.end)
    lines = source.splitlines(keepends=True)
    line_text = lines[f.line - 1]
    assert line_text[f.column - 1:].startswith(f.text.splitlines()[0] if f.text.splitlines() else "")


@pytest.mark.parametrize("fmt", ["plain", "markdown", "email", "html"])
def test_every_finding_points_at_its_text(linter_factory, fmt):
    linter = linter_factory()
    checked = 0
    for source in texts():
        for f in linter.lint_text(source, f"x.{fmt}", input_format=fmt).findings:
            if f.note:          # a decoded email part: positioned at the part, by design
                continue
            check_finding(source, f)
            checked += 1
    assert checked > 0


def test_line_and_column_are_counted_in_characters_over_all_newline_kinds():
    index = LineIndex("ab\r\ncd\ref\ngh")
    assert index.position(0) == (1, 1)
    assert index.position(4) == (2, 1)
    assert index.position(7) == (3, 1)
    assert index.position(10) == (4, 1)


def test_multibyte_characters_before_a_finding(linter_factory):
    source = "Zoë 👋 said: I need to get them to work harder."
    (f,) = linter_factory().lint_text(source).findings
    assert f.column == source.index("get") + 1
    assert f.text == "get them to work harder"


def test_phrase_wrapped_over_lines_and_inside_emphasis(linter_factory):
    source = "# Notes\n\nI need to **get them**\nto work harder.\n"
    (f,) = linter_factory().lint_text(source, "notes.md").findings
    assert (f.line, f.column, f.end_line) == (3, 13, 4)
    assert f.text == "get them**\nto work harder"
