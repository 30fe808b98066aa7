"""Inline suppressions end to end through the CLI, in every input format."""
import json

import pytest

HEADERS = ("From: Bob <bob@example.com>\nTo: Ana <ana@example.com>\nSubject: Notes\n"
           "Content-Type: text/plain; charset=utf-8\n\n")

# `@ directive` lines become `<!-- winlint-directive -->` (Markdown, HTML) or `winlint: directive` (text, email)
TEMPLATE = """\
@ disable WW101
I need to get them to work harder.
We made them rewrite the spec.
@ enable
I need to get them to work harder.

@ disable-next-line getting-someone-to
I need to get them to work harder.

@ disable-next-line WW102 -- the reason goes here
I have to fire them.

@ disable control
We made them rewrite the spec.
@ enable WW102
We made them rewrite the spec, and I need to get them to work harder.
@ enable
@ disable-next-line ww3
I have to fire them.
"""
# (line in TEMPLATE, code) of what stays flagged, and the unused suppression
FLAGGED = [(3, "WW102"), (5, "WW101"), (11, "WW301"), (16, "WW102")]
UNUSED = [(10, "WW001")]
NAMES = {"markdown": "notes.md", "html": "notes.html", "plain": "notes.txt", "email": "notes.eml"}


def render(template: str, fmt: str) -> str:
    lines = []
    for line in template.splitlines(keepends=True):
        if line.startswith("@ "):
            body = line[2:].rstrip("\n")
            line = (f"<!-- winlint-{body} -->\n" if fmt in ("markdown", "html") else f"winlint: {body}\n")
        lines.append(line)
    text = "".join(lines)
    return HEADERS + text if fmt == "email" else text


def offset(fmt: str) -> int:
    return HEADERS.count("\n") if fmt == "email" else 0


def flagged(proc) -> list[tuple[int, str]]:
    return [(int(line.split(":")[1]), line.split(": ")[1].split()[0]) for line in proc.stdout.splitlines()]


@pytest.mark.parametrize("ending", ["lf", "crlf"])
@pytest.mark.parametrize("fmt", list(NAMES))
def test_suppressions_work_in_every_format(run_cli, tmp_path, fmt, ending):
    text = render(TEMPLATE, fmt)
    if ending == "crlf":
        text = text.replace("\n", "\r\n")
    (tmp_path / NAMES[fmt]).write_bytes(text.encode("utf-8"))
    proc = run_cli("check", NAMES[fmt], cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert flagged(proc) == [(n + offset(fmt), code) for n, code in FLAGGED]
    assert proc.stderr == ""

    report = run_cli("check", "--report-unused-suppressions", NAMES[fmt], cwd=tmp_path)
    assert flagged(report) == sorted((n + offset(fmt), code) for n, code in FLAGGED + UNUSED)
    unused = [line for line in report.stdout.splitlines() if " WW001 " in line]
    directive = ("<!-- winlint-disable-next-line WW102 -- the reason goes here -->" if fmt in ("markdown", "html")
                 else "winlint: disable-next-line WW102 -- the reason goes here")
    assert unused == [f"{NAMES[fmt]}:{10 + offset(fmt)}:1: WW001 [warning] unused suppression: {directive} "
                      "(unused-suppression)"]


def test_unused_suppressions_are_findings_in_json_with_exact_offsets(run_cli):
    source = "All fine here.\n\n<!-- winlint-disable-next-line WW1O1 -->\nStill fine.\n"
    proc = run_cli("check", "--format", "json", "--report-unused-suppressions", "--stdin-filename", "a.md", "-",
                   input=source)
    [f] = json.loads(proc.stdout)
    assert (f["rule"], f["name"], f["severity"], f["line"], f["column"]) == \
        ("WW001", "unused-suppression", "warning", 3, 1)
    assert source[f["start"]:f["end"]] == f["text"] == "<!-- winlint-disable-next-line WW1O1 -->"
    assert f["message"].endswith("; WW1O1 names no rule or category")


def test_unused_suppressions_set_the_exit_status_only_when_reported(run_cli):
    source = "winlint: disable-next-line WW101\nThanks, this works for both of us.\n"
    quiet = run_cli("check", "-", input=source)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    loud = run_cli("check", "--report-unused-suppressions", "-", input=source)
    assert loud.returncode == 1
    assert loud.stdout == ("<stdin>:1:1: WW001 [warning] unused suppression: winlint: disable-next-line WW101 "
                           "(unused-suppression)\n")
    assert run_cli("check", "--report-unused-suppressions", "--fail-level", "error", "-",
                   input=source).returncode == 0


def test_directives_in_code_email_quotes_and_signatures_are_not_directives(run_cli, tmp_path):
    (tmp_path / "a.md").write_text(
        "```\n<!-- winlint-disable -->\n```\n\nRun `<!-- winlint-disable -->` to see.\n\nI have to fire them.\n")
    (tmp_path / "b.eml").write_text(
        HEADERS + "Hi,\n\n> winlint: disable\n\nI have to fire them.\n-- \nwinlint: disable\nBob\n")
    proc = run_cli("check", "--report-unused-suppressions", "a.md", "b.eml", cwd=tmp_path)
    assert flagged(proc) == [(7, "WW301"), (10, "WW301")]


def test_disable_without_enable_lasts_to_the_end_of_the_file(run_cli):
    source = "<!-- winlint-disable punitive -->\n\nI have to fire them.\n\n# Later\n\nI have to fire them.\n"
    proc = run_cli("check", "--stdin-filename", "a.md", "-", input=source)
    assert (proc.returncode, proc.stdout) == (0, "")


def test_disable_next_line_in_a_trailing_comment_applies_to_the_following_line(run_cli):
    source = "Intro. <!-- winlint-disable-next-line WW301 -->\nI have to fire them.\nI have to fire them.\n"
    proc = run_cli("check", "--stdin-filename", "a.html", "-", input=source)
    assert flagged(proc) == [(3, "WW301")]
