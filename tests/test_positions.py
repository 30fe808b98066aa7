"""Exact positions through the CLI: a fixture per input format, LF and CRLF.

Each fixture also hides adversarial phrases where they must not be flagged (code, front matter,
HTML attributes/script/style, quoted replies, the signature), so the exact list of findings below
is also the list of everything that must stay quiet.
"""
import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
POSITIONS = FIXTURES / "positions"
READERS = FIXTURES / "readers"

# (line, column, end_line, end_column, rule, text as written in the file, LF)
EXPECTED = {
    "draft.md": [
        (7, 27, 7, 50, "WW101", "get them to work harder"),            # after ß, 🚀
        (9, 32, 9, 60, "WW102", "made them** rewrite the spec"),       # inside emphasis
        (11, 20, 12, 15, "WW101", "get them\nto work harder"),         # wrapped over two lines
        (24, 23, 24, 46, "WW401", "push back on my manager"),          # in a list item
    ],
    "page.html": [
        (10, 32, 10, 60, "WW101", "get them</em> to work harder"),     # across an <em>, after ï, 👋
        (14, 24, 14, 33, "WW301", "fire them"),
    ],
    "reply.eml": [
        (3, 17, 3, 43, "WW102", "made them rewrite the spec"),         # the Subject, after "Re:"
        (9, 24, 9, 47, "WW101", "get them to work harder"),            # new text, after é, 👋
    ],
    "note.txt": [
        (3, 18, 3, 41, "WW101", "get them to work harder"),
        (4, 11, 4, 37, "WW102", "made them rewrite the spec"),         # after «, —, Zoë 🎉 lines
    ],
}


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


@pytest.fixture(params=["lf", "crlf"])
def fixture_copies(request, tmp_path):
    """All position fixtures copied into tmp_path, with LF or CRLF line ends (bytes exact)."""
    out = {}
    for name in EXPECTED:
        text = (POSITIONS / name).read_text(encoding="utf-8")
        if request.param == "crlf":
            text = crlf(text)
        (tmp_path / name).write_bytes(text.encode("utf-8"))
        out[name] = text
    return request.param, out


def test_every_format_reports_exact_line_and_column(run_cli, tmp_path, fixture_copies):
    ending, sources = fixture_copies
    proc = run_cli("check", "--format", "json", *sorted(sources), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    found = json.loads(proc.stdout)
    for name, source in sources.items():
        mine = [f for f in found if f["path"] == name]
        expected = [(a, b, c, d, rule, crlf(text) if ending == "crlf" else text)
                    for a, b, c, d, rule, text in EXPECTED[name]]
        assert [(f["line"], f["column"], f["end_line"], f["end_column"], f["rule"], f["text"]) for f in mine] \
            == expected, name
        lines = source.splitlines(keepends=True)
        for f in mine:
            # the JSON contract: offsets are characters of the decoded file
            assert source[f["start"]:f["end"]] == f["text"]
            # and line/column point at the same character (columns count characters, not bytes)
            start_of_line = sum(len(x) for x in lines[:f["line"] - 1])
            assert f["start"] == start_of_line + f["column"] - 1


def test_line_format_uses_the_same_positions(run_cli, tmp_path, fixture_copies):
    _, sources = fixture_copies
    proc = run_cli("check", "--format", "line", *sorted(sources), cwd=tmp_path)
    got = [":".join(line.split(":")[:3]) + " " + line.split(": ")[1].split()[0] for line in proc.stdout.splitlines()]
    assert got == [f"{name}:{f[0]}:{f[1]} {f[4]}" for name in sorted(sources) for f in EXPECTED[name]]


def test_stdin_with_a_filename_reads_like_the_file(run_cli):
    source = (POSITIONS / "page.html").read_text(encoding="utf-8")
    proc = run_cli("check", "--format", "json", "--stdin-filename", "page.html", "-", input=source)
    assert [(f["line"], f["column"], f["rule"]) for f in json.loads(proc.stdout)] == \
        [(f[0], f[1], f[4]) for f in EXPECTED["page.html"]]


def test_byte_order_mark_does_not_shift_columns(run_cli, tmp_path):
    source = (POSITIONS / "note.txt").read_text(encoding="utf-8")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + source.encode("utf-8"))
    proc = run_cli("check", "--format", "json", "bom.txt", cwd=tmp_path)
    assert [(f["line"], f["column"]) for f in json.loads(proc.stdout)] == [(3, 18), (4, 11)]


# --- the bar: a reply's quoted part is someone else's words ---------------------------

def test_reply_quoting_the_adversarial_text_gives_no_finding(run_cli):
    proc = run_cli("check", "--format", "json", str(READERS / "reply.eml"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_reply_whose_new_text_is_adversarial_gives_one_finding_at_its_line(run_cli):
    path = READERS / "reply_swapped.eml"
    source = path.read_text(encoding="utf-8")
    proc = run_cli("check", "--format", "json", str(path))
    findings = json.loads(proc.stdout)
    assert len(findings) == 1, findings
    f = findings[0]
    assert f["line"] == f["end_line"] == 10
    assert "force them" in f["text"] and source[f["start"]:f["end"]] == f["text"]
    assert f["column"] == source.splitlines()[9].index(f["text"]) + 1 == 25     # after é and 👋
    assert proc.returncode == 1


@pytest.mark.parametrize("ending", ["lf", "crlf"])
def test_reply_swapped_with_a_flagged_phrase_points_at_the_new_text(run_cli, tmp_path, ending):
    """The same bar with a phrase the current rules flag, quoted vs. written, LF and CRLF."""
    template = (READERS / "reply_swapped.eml").read_text(encoding="utf-8")
    mine = template.replace("we need to force them to comply.", "I have to fire them.")
    theirs = (READERS / "reply.eml").read_text(encoding="utf-8").replace(
        "We need to force them to comply.", "I have to fire them.").replace(
        "We need to force them to comply (sig)", "I have to fire them (sig)")
    for name, text in (("mine.eml", mine), ("theirs.eml", theirs)):
        (tmp_path / name).write_bytes((crlf(text) if ending == "crlf" else text).encode("utf-8"))
    proc = run_cli("check", "--format", "json", "mine.eml", "theirs.eml", cwd=tmp_path)
    assert [(f["path"], f["line"], f["column"], f["rule"]) for f in json.loads(proc.stdout)] == [
        ("mine.eml", 10, 24, "WW301")]
