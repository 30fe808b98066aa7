"""The red team's reader findings (../shared/reports/redteam.md), each reproduced as reported.

Issue 11 §3 / report #6: plain-text drafts that are emails. H1: unknown charsets. M5: parser
recursion. L5: zero-length anchors. L12: header bombs. M1: Markdown nesting limit. M6: unclosed
``<!--``. L15: quoted or code directives. M12: Markdown spans, not per-character lists.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import pytest

from winlint.finding import LineIndex
from winlint.readers import read
from winlint.readers import mail, markdown

P = "I need to get them to work harder."
FIRE = "We have to fire them."
MOTTO = '"Make them fear you and they will follow."'


@pytest.fixture(scope="module")
def linter(linter_factory):
    return linter_factory()


def lint(linter, source: str, fmt: str | None = None, path: str = "draft.txt"):
    findings = linter.lint_text(source, path, input_format=fmt).findings
    index = LineIndex(source)
    for f in findings:  # exact offsets, whatever the case
        if f.note is None:
            assert source[f.start:f.end] == f.text, f
        assert f.start < f.end, f
        assert index.position(f.start) == (f.line, f.column)
        assert index.position(f.end) == (f.end_line, f.end_column)
    return findings


def texts(findings) -> list[str]:
    return [f.text for f in findings]


# --- issue 11 §3 / report #6: plain-text drafts that are emails --------------------------------------

SIGNED = f"Hi Sam,\n\nThanks for the notes. {P}\n\n-- \nDana Reyes\n{MOTTO}\n"


@pytest.mark.parametrize("path", ["draft.txt", "<stdin>"])
def test_report_case_6_a_quote_in_a_plain_text_signature_is_not_the_writers(linter, path):
    found = lint(linter, SIGNED, path=path)
    assert texts(found) == ["get them to work harder"]  # the writer's line, not the motto
    f = found[0]
    assert (f.line, SIGNED[f.start:f.end]) == (3, "get them to work harder")
    assert not any(f.start > SIGNED.index("-- \n") for f in found)


def test_the_motto_is_flagged_without_the_signature_delimiter(linter):
    """Control: the same text with no "-- " line is a plain document, the motto is read and linted.
    (In double quotes it is someone else's words, which the stance layer reports rather than flags;
    unquoted it is the writer's.)"""
    source = SIGNED.replace("-- \n", "")
    assert MOTTO in read(source, "plain").text
    found = lint(linter, source.replace(MOTTO, MOTTO.strip('"')))
    assert any("fear" in f.text for f in found)


REPLY = (f"Sounds good, we will review it. {P}\n\n"
         f"On Mon, 1 Jan 2024 at 10:00, Ana Ruiz <ana@example.com> wrote:\n> {FIRE}\n> Bye\n")
OUTLOOK = (f"Thanks, noted. {P}\n\nFrom: Ana Ruiz\nSent: Monday, 1 January 2024 10:00\nTo: Dana\n"
           f"Subject: plan\n\n{FIRE}\n")
ORIGINAL = f"Thanks, noted. {P}\n\n-----Original Message-----\nFrom: Ana\n\n{FIRE}\n"


@pytest.mark.parametrize("source", [REPLY, OUTLOOK, ORIGINAL], ids=["attribution", "outlook", "original"])
@pytest.mark.parametrize("crlf", [False, True])
def test_plain_text_replies_skip_what_the_email_reader_skips(linter, source, crlf):
    if crlf:
        source = source.replace("\n", "\r\n")
    found = lint(linter, source)
    assert texts(found) == ["get them to work harder"]
    # exactly the email reader's view of a pasted email
    assert read(source, "plain").text == read(source, "email").text
    # quoted="include" keeps the quoted words (markers blanked), as for email
    assert read(source, "plain", quoted="include").text == read(source, "email", quoted="include").text


def test_a_plain_text_message_with_headers_reads_as_an_email(linter):
    source = f"From: Dana <d@example.com>\nTo: Sam <s@example.com>\nSubject: {FIRE}\n\nHi Sam,\n\n{P}\n> {FIRE}\n"
    found = lint(linter, source)
    assert texts(found) == ["fire them", "get them to work harder"]  # the subject and the new text
    assert found[0].line == 3


@pytest.mark.parametrize("source", [
    f"A note.\n\n> {FIRE}\n\nMore text.\n",                           # a lone quote: no attribution
    f"Plan -- as agreed -- is this.\n--\n{FIRE}\n" + "line\n" * 12,  # "--" then a long text, not a signature
    f"Notes\n\n-- \n{FIRE}\n" + "x" * 200 + "\n",                      # a "signature" line too long to be one
    f"Date: Monday\nAttendees: Ana\n\n{FIRE}\n",                        # header-like lines without From:
    f"From: the team\n\n{FIRE}\n",                                      # From: alone is no Outlook block
    f"She wrote:\n\n{FIRE}\n",                                          # an attribution with no quote under it
])
def test_plain_documents_without_email_structure_read_exactly_as_before(linter, source):
    assert read(source, "plain").text == source
    assert "fire them" in texts(lint(linter, source))


# --- H1: charsets Python does not know ---------------------------------------------------------------

CHARSETS = ["unknown-8bit", "windows-874", "iso-8859-8-i", "x-user-defined", "utf8mb4", "x-bogus",
            "rot13", "utf-8\0", "base64", "idna"]


def encoded_email(charset: str, cte: str, body: str = P + "\n", *, blank_first: bool = False) -> str:
    data = body.encode("latin-1")
    payload = base64.encodebytes(data).decode() if cte == "base64" else body
    lead = "\n" if blank_first else ""
    return (f"From: a@b.example\nSubject: hi\nMIME-Version: 1.0\nContent-Type: text/plain; charset=\"{charset}\"\n"
            f"Content-Transfer-Encoding: {cte}\n\n{lead}{payload}")


@pytest.mark.parametrize("charset", CHARSETS)
@pytest.mark.parametrize("cte", ["quoted-printable", "base64"])
def test_an_unknown_charset_decodes_with_a_fallback(linter, charset, cte):
    found = lint(linter, encoded_email(charset, cte), "email")
    assert texts(found) == ["get them to work harder"]
    assert found[0].note and cte in found[0].note


def test_an_unknown_8bit_part_falls_back_to_latin_1():
    source = encoded_email("unknown-8bit", "base64", "Caf\xe9 \u2014 we should talk.\n".replace("\u2014", "-"))
    [part] = read(source, "email").decoded
    assert "Café - we should talk." in part.text


# --- M5 and L12: crafted headers, deep nesting --------------------------------------------------------

def header_bomb(field: str, junk: str) -> str:
    return f"From: a@b.c\nSubject: hi\nContent-Type: text/plain\n{field}: {junk}\n\n{P}\n"


def nested_multipart(depth: int) -> str:
    head = "".join(f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n" for i in range(depth))
    tail = "".join(f"--b{i}--\n" for i in reversed(range(depth)))
    return f"From: a@b.c\nSubject: {FIRE}\nMIME-Version: 1.0\n{head}Content-Type: text/plain\n\n{P}\n{tail}"


@pytest.mark.parametrize("source", [
    header_bomb("Content-Transfer-Encoding", "base64 " + "(" * 300),
    header_bomb("Content-Disposition", "inline; " + "(" * 3000),
    f"From: a@b.c\nSubject: hi\nContent-Type: text/plain; {'(' * 3000}\n\n{P}\n",
    f"From: a@b.c\nSubject: hi\nContent-Type: text/plain{'; a=b' * 20000}\n\n{P}\n",
    header_bomb("Content-Disposition", "inline" + "".join(f"; note*{i}*=x" for i in range(20000))),
], ids=["cte-parens", "disposition-parens", "type-parens", "20k-params", "20k-rfc2231"])
def test_crafted_headers_never_crash_and_the_body_is_still_read(linter, source):
    assert texts(lint(linter, source, "email")) == ["get them to work harder"]


def test_header_fields_are_capped_before_the_stdlib_parses_them():
    source = f"From: a@b.c\nContent-Type: text/plain{'; a=b' * 20000}\n\n{P}\n"
    head, body_start = mail._capped_headers(source, 0, len(source))
    assert len(head) < 2100 and source[body_start:] == P + "\n"
    msg, _ = mail._parse(source, 0, len(source))
    assert msg.get_content_type() == "text/plain"


@pytest.mark.parametrize("depth", [25, 1000])
def test_multipart_nested_1000_deep_does_not_crash(linter, depth):
    found = lint(linter, nested_multipart(depth), "email")
    assert texts(found) == ["fire them"]  # the subject; parts nested past 20 levels are not read


def test_a_crafted_email_among_other_files_keeps_them_linted(run_cli, tmp_path):
    (tmp_path / "ok.txt").write_text(FIRE + "\n")
    (tmp_path / "u8.eml").write_text(encoded_email("unknown-8bit", "quoted-printable"))
    (tmp_path / "cte.eml").write_text(header_bomb("Content-Transfer-Encoding", "base64 " + "(" * 300))
    (tmp_path / "deep.eml").write_text(nested_multipart(1000))
    proc = run_cli("check", "--format", "json", *(str(tmp_path / n) for n in ("ok.txt", "u8.eml", "cte.eml", "deep.eml")))
    assert proc.returncode == 1, proc.stderr
    found = {(Path(f["path"]).name, f["text"]) for f in json.loads(proc.stdout)}
    assert found == {("ok.txt", "fire them"), ("u8.eml", "get them to work harder"),
                     ("cte.eml", "get them to work harder"), ("deep.eml", "fire them")}


# --- L5: an encoded body that starts with a blank line --------------------------------------------------

@pytest.mark.parametrize("cte", ["quoted-printable", "base64"])
def test_an_encoded_body_starting_blank_is_anchored_on_its_first_text_line(linter, cte):
    source = encoded_email("utf-8", cte, blank_first=True)
    [f] = lint(linter, source, "email")
    assert f.start < f.end and f.column < f.end_column
    assert source[f.start:f.end].strip() == source[f.start:f.end] != ""
    assert f.line == 8


# --- M1: Markdown nesting ----------------------------------------------------------------------------------

OUTLINE = "".join("  " * i + f"- level {i}\n" for i in range(11)) + f"\n{P}\n"


@pytest.mark.parametrize("source", [
    OUTLINE,
    "".join("  " * i + f"- level {i}\n" for i in range(300)) + f"\n{P}\n",
    f"{P}\n\n- - - - - - - - - - item\n\n{P}\n\n# {P}\n",
    f"{P}\n\n{'1. ' * 200}item\n\n{P}\n\n# {P}\n",
], ids=["outline-11", "outline-300", "dashes-10", "ordered-200"])
def test_deep_markdown_nesting_never_drops_the_rest_of_the_document(linter, source):
    as_md = lint(linter, source, "markdown", "outline.md")
    as_plain = lint(linter, source, "plain")
    assert [f.line for f in as_md] == [f.line for f in as_plain]
    assert as_md


def test_deep_quotes_past_the_nesting_limit_stay_hidden(linter):
    source = f"{'> ' * 150}{FIRE}\n\n{P}\n"
    assert texts(lint(linter, source, "markdown")) == ["get them to work harder"]


# --- M6: unclosed HTML comments ----------------------------------------------------------------------------

def test_unclosed_comments_are_scanned_in_linear_time_and_closed_ones_still_count(linter):
    from winlint.readers.suppress import comment_spans

    source = "<!--" * 40000 + "\n\n" + P + "\n"
    assert list(comment_spans(source)) == []
    lint(linter, source, "markdown")  # an unclosed comment runs to the end, as in CommonMark
    closed = "<!--" * 1000 + " winlint-disable -->\n\n" + P + "\n"
    assert list(comment_spans(closed)) == [(0, len(closed) - len(P) - 3)]


# --- L15: directives that are quoted or code ----------------------------------------------------------------

@pytest.mark.parametrize("source,fmt", [
    (f"> <!-- winlint-disable -->\n\n{P}\n", "markdown"),
    (f"> Ana wrote: <!-- winlint-disable --> ok\n\n{P}\n", "markdown"),
    (f"<code><!-- winlint-disable --></code>\n\n{P}\n", "markdown"),
    (f"<pre>\n<!-- winlint-disable -->\n</pre>\n\n{P}\n", "markdown"),
    (f"Use <code><!-- winlint-disable --></code> to silence it.\n\n{P}\n", "markdown"),
    (f"<blockquote><!-- winlint-disable --></blockquote><p>{P}</p>", "html"),
    (f"<p><code><!-- winlint-disable --></code></p><p>{P}</p>", "html"),
], ids=["md-quote-block", "md-quote-inline", "md-code-block", "md-pre", "md-code-inline", "html-quote", "html-code"])
def test_quoted_or_code_directives_do_not_suppress(linter, source, fmt):
    assert texts(lint(linter, source, fmt)) == ["get them to work harder"]
    assert read(source, fmt).suppressions == ()


@pytest.mark.parametrize("source,fmt", [
    (f"<!-- winlint-disable -->\n\n{P}\n", "markdown"),
    (f"Text <!-- winlint-disable --> here.\n\n{P}\n", "markdown"),
    (f"<div><!-- winlint-disable --></div>\n\n{P}\n", "markdown"),
    (f"<!-- winlint-disable --><p>{P}</p>", "html"),
])
def test_real_directives_still_suppress(linter, source, fmt):
    assert lint(linter, source, fmt) == []


# --- M12: Markdown works on spans ------------------------------------------------------------------------------

def test_a_long_markdown_paragraph_is_walked_as_spans_not_characters():
    para = (P + " We should meet to review **the plan**. ") * 3000
    walker = markdown._Walker(para)
    walker.walk(markdown._children(markdown._parser(), para, {}))
    assert len(walker.visible) <= 2 * 3000 + 1  # a span per run of prose, not an int per character
    view = read(para + "\n", "markdown")
    assert view.text.count("get them to work harder") == 3000
    assert "**" not in view.text


def test_markdown_view_of_escapes_entities_and_links_is_exact():
    source = "Say \\*hi\\* &amp; [get them](http://x.y \"t\") to *work* `code` harder.\n"
    text = read(source, "markdown").text
    assert len(text) == len(source)
    assert " ".join(text.split()) == "Say *hi * get them to work harder."  # escaping backslashes blanked


# --- the fuzz script, small (the full 100,000 runs from benchmarks/fuzz_readers.py) -----------------------------

@pytest.mark.slow
def test_fuzz_readers_a_few_hundred_inputs():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import fuzz_readers
    finally:
        sys.path.pop(0)
    out = fuzz_readers.fuzz(400, jobs=1, seed=7)
    c = out["counts"]
    assert c["inputs"] == 400
    assert (c["crash"], c["offset"], c["nondeterministic"]) == (0, 0, 0), "\n".join(out["failures"])
    assert c["findings"] > 100


def test_markdown_read_in_chunks_equals_the_whole_parse(monkeypatch):
    """Big documents are parsed in chunks; cuts never change the view (fences and raw HTML left
    open at a cut are parsed on, documents with reference definitions are not cut)."""
    blocks = ["```\ncode\n\nX not prose\n```", "<!--\n\nhidden\n-->", "<script>\n\nx\n</script>", "- a\n\n- b",
              "> q\n\n> r", "    code\n\nY", "para\n===", "- ```\n  in\n\nW", "```\nunclosed\n\nV", P,
              f"Text with *emphasis*, `code` and [a link](http://x.y). {FIRE}"]
    doc = "\n\n".join(blocks[i % len(blocks)] for i in range(7 * len(blocks))) + "\n"
    with_refs = doc + "\n[x]: http://a.b\n\nsee [x] now\n"
    for source in (doc, with_refs, doc.replace("\n", "\r\n")):
        monkeypatch.setattr(markdown, "CHUNK_LINES", 10**9)
        whole = read(source, "markdown")
        monkeypatch.setattr(markdown, "CHUNK_LINES", 3)
        lines = [(a, b) for a, b, _ in markdown.iter_lines(source)]
        chunked = read(source, "markdown")
        assert (chunked.text, chunked.suppressions) == (whole.text, whole.suppressions)
        assert len(markdown._chunks(source, lines, 0)) > (1 if source is not with_refs else 0)
    assert len(markdown._chunks(with_refs, [(a, b) for a, b, _ in markdown.iter_lines(with_refs)], 0)) == 1
