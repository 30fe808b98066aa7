"""Tests for winlint.readers: prose views with exact offsets for every input format."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # allow running without an installed package
    sys.path.insert(0, str(ROOT))

from winlint.readers import (  # noqa: E402
    FORMATS,
    DecodedPart,
    ProseView,
    Suppression,
    format_for_path,
    is_text_path,
    read,
)
from winlint.readers.suppress import parse_comment_body, parse_line  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "readers"
FIXTURE_FILES = sorted(p for p in FIXTURES.iterdir() if p.is_file())


def load(name: str, crlf: bool = False) -> str:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return text.replace("\n", "\r\n") if crlf else text


def visible(view_or_text) -> str:
    text = view_or_text.text if isinstance(view_or_text, (ProseView, DecodedPart)) else view_or_text
    return " ".join(text.split())


def line_col(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def assert_view_ok(source: str, view: ProseView) -> None:
    assert isinstance(view, ProseView)
    assert len(view.text) == len(source)
    for i, (v, s) in enumerate(zip(view.text, source)):
        if s in "\r\n":
            assert v == s, f"line terminator changed at {i}"
        else:
            assert v == s or v == " ", f"char {i}: {s!r} became {v!r}"
    for sup in view.suppressions:
        assert isinstance(sup, Suppression)
        assert 0 <= sup.start < sup.end <= len(source)
        assert "winlint" in source[sup.start : sup.end]
        assert sup.line == source.count("\n", 0, sup.start) + 1
        assert sup.action in ("disable", "enable", "disable-next-line")
        assert view.text[sup.start : sup.end].strip() == ""
    for part in view.decoded:
        assert 0 <= part.start <= part.end <= len(source)
        assert "\n" not in source[part.start : part.end]
        assert part.note
    assert list(view.breaks) == sorted(set(view.breaks))
    assert all(0 < b < len(source) for b in view.breaks)


def find_in_view(source: str, view: ProseView, phrase: str) -> int:
    """Offset of ``phrase`` in the view; it must be the same text at that offset in the source."""
    i = view.text.find(phrase)
    assert i >= 0, f"{phrase!r} not visible in {visible(view)!r}"
    assert source[i : i + len(phrase)] == phrase
    return i


# --- invariants on every fixture, every format, both quote modes, LF and CRLF ---------------


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
@pytest.mark.parametrize("quoted", ["skip", "include"])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_view_invariants(path, fmt, quoted, crlf):
    source = load(path.name, crlf)
    assert_view_ok(source, read(source, fmt, quoted=quoted))


@pytest.mark.parametrize(
    "source",
    [
        "",
        "\n",
        "\r\n\r\n",
        "just text",
        "\ufeffBOM first\n",
        "a\rb\rc",
        "*unclosed **emphasis\n\n[broken](link\n\n`unclosed code\n",
        "<p>unclosed <b>tags <blockquote>quote",
        "> > nested\n> quote\n",
        "- [x] task\n  - nested `code`\n\t- tab item\n",
        "| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n",
        "From: a@b.c\nSubject: only headers",
        "=?utf-8?b?w6k=?=\n",
        "text &amp; &nbsp; &#169; &bogus; \\* \\\\ done\n",
    ],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_view_invariants_edge_cases(source, fmt):
    for quoted in ("skip", "include"):
        assert_view_ok(source, read(source, fmt, quoted=quoted))


# --- API ------------------------------------------------------------------------------------


def test_format_for_path():
    assert format_for_path("notes/Feedback.MD") == "markdown"
    for ext in (".md", ".markdown", ".mdown", ".mkd"):
        assert format_for_path("x" + ext) == "markdown"
    for ext in (".eml", ".email"):
        assert format_for_path("x" + ext) == "email"
    for ext in (".html", ".htm", ".xhtml"):
        assert format_for_path("x" + ext) == "html"
    assert format_for_path("x.txt") == "plain"
    assert format_for_path("x.text", default="email") == "email"
    assert format_for_path("x.rst") == "plain"
    assert format_for_path("x.mbox") == "plain"
    assert format_for_path(None, default="markdown") == "markdown"
    assert format_for_path("noext") == "plain"


def test_is_text_path():
    for name in ("a.md", "a.markdown", "a.txt", "a.text", "a.rst", "a.eml", "a.email", "a.html", "A.HTM"):
        assert is_text_path(name), name
    for name in ("a.py", "a.png", "Makefile", "a.mbox", "a.md.bak"):
        assert not is_text_path(name), name
    assert is_text_path(Path("dir/x.md"))


def test_read_rejects_unknown_format_and_mode():
    with pytest.raises(ValueError):
        read("x", "docx")
    with pytest.raises(ValueError):
        read("x", "plain", quoted="maybe")


# --- plain ----------------------------------------------------------------------------------


def test_plain_keeps_everything_but_directives():
    source = "We need to **force** them.\n  winlint: disable-next-line WW101, WW102\n> kept too\n"
    view = read(source, "plain")
    assert visible(view) == "We need to **force** them. > kept too"
    (sup,) = view.suppressions
    start = source.index("  winlint")
    end = source.index("\n", start)
    assert sup == Suppression("disable-next-line", frozenset({"WW101", "WW102"}), 2, start, end)


# --- markdown -------------------------------------------------------------------------------

MD_SKIP = (
    "Feedback for the 🚀 café team Intro paragraph: I need to get them to work harder, honestly . "
    "Run only in tests. See the shared plan and or , also . first item: we win together "
    "second item with emphasis numbered step Ignored for a while. Inline directive. "
    "Who What Ana ship it"
)


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_markdown_fixture(crlf):
    source = load("feedback.md", crlf)
    view = read(source, "markdown")
    assert visible(view) == MD_SKIP
    assert "force" not in view.text  # code, inline code, URLs, link targets, front matter, quote
    i = find_in_view(source, view, "get them")
    assert line_col(source, i) == (8, 30)
    include = read(source, "markdown", quoted="include")
    assert visible(include) == MD_SKIP.replace(
        "numbered step ", "numbered step we need to force them to comply "
    )
    j = find_in_view(source, include, "force them to comply")
    assert line_col(source, j) == (26, 14)
    sups = [(s.action, s.codes, s.line) for s in view.suppressions]
    assert sups == [
        ("disable", frozenset({"WW101", "WW205"}), 28),
        ("enable", frozenset(), 30),
        ("disable-next-line", frozenset({"getting-someone-to"}), 32),
    ]


def test_markdown_front_matter_yaml_and_toml():
    for fm in ("---\ntitle: force them\n---\n", "+++\ntitle = 'force them'\n+++\n"):
        source = fm + "\nBody text.\n"
        assert visible(read(source, "markdown")) == "Body text."
    # a thematic break later in the file is not front matter
    assert visible(read("Intro\n\n---\n\nMore\n", "markdown")) == "Intro More"


def test_markdown_code_is_skipped():
    source = (
        "Before.\n\n```\nforce them to comply\n```\n\n~~~text\nforce them\n~~~\n\n"
        "    force them to comply\n\nUse ``force `them` `` and `x`.\n"
    )
    assert visible(read(source, "markdown")) == "Before. Use and ."


def test_markdown_links_and_urls():
    source = (
        "Read [the **plan**](https://x.io/force \"force title\") and [ref][r], [short], "
        "<https://x.io/force> www.x.io/force https://x.io/force?a=1 ![force alt](f.png).\n\n"
        "[r]: https://x.io/force\n[short]: https://x.io/force\n"
    )
    view = read(source, "markdown")
    assert visible(view) == "Read the plan and ref , short , ."
    assert source[view.text.index("plan") :].startswith("plan**]")


def test_markdown_emphasis_keeps_offsets():
    source = "I need to **get them** to _work_ ~~harder~~ \\*now\\* &amp; ok\n"
    view = read(source, "markdown")
    assert visible(view) == "I need to get them to work harder *now * ok"  # escapes blanked
    i = find_in_view(source, view, "get them")
    assert i == source.index("get them")


def test_markdown_lists_and_headings_with_breaks():
    source = "# Title #\n\nSetext\n======\n\n- one\n- two\n  continued\n3. three\n"
    view = read(source, "markdown")
    assert visible(view) == "Title Setext one two continued three"
    for word in ("Title", "Setext", "one", "two", "three"):
        assert source.index(word) in view.breaks, word
    assert view.text.index("one") == source.index("one")
    assert source.index("continued") not in view.breaks


def test_markdown_blockquote_skip_and_include():
    source = "Mine.\n\n> Theirs: force them\n> to comply.\n\n> > nested\n"
    assert visible(read(source, "markdown")) == "Mine."
    inc = read(source, "markdown", quoted="include")
    assert visible(inc) == "Mine. Theirs: force them to comply. nested"
    assert ">" not in inc.text


def test_markdown_html_comment_suppressions():
    source = (
        "<!-- winlint-disable -->\nA\n<!-- winlint-enable WW101 -->\n\n"
        "Text <!-- winlint-disable-next-line WW101, getting-someone-to --> here.\n\n"
        "```\n<!-- winlint-disable -->\n```\n\n<!-- just a comment -->\n"
    )
    view = read(source, "markdown")
    got = [(s.action, s.codes, s.line, source[s.start : s.end]) for s in view.suppressions]
    assert got == [
        ("disable", frozenset(), 1, "<!-- winlint-disable -->"),
        ("enable", frozenset({"WW101"}), 3, "<!-- winlint-enable WW101 -->"),
        (
            "disable-next-line",
            frozenset({"WW101", "getting-someone-to"}),
            5,
            "<!-- winlint-disable-next-line WW101, getting-someone-to -->",
        ),
    ]
    assert visible(view) == "A Text here."


def test_markdown_multibyte_before_phrase():
    source = "Ça va 👩‍💻 — naïve: we must **force them** to comply.\n"
    view = read(source, "markdown")
    i = find_in_view(source, view, "force them")
    assert line_col(source, i) == (1, source.index("force") + 1)


def test_markdown_table_cells():
    source = "| Who | What \\| why |\n|---|---|\n| Ana | `code` ship |\n"
    view = read(source, "markdown")
    assert visible(view) == "Who What | why Ana ship"
    assert "|" not in view.text.replace("| why", "")


# --- email ----------------------------------------------------------------------------------


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_email_reply_quoted_phrase_not_visible(crlf):
    source = load("reply.eml", crlf)
    view = read(source, "email")
    assert visible(view) == "Rollout plan Thanks, this plan works for both of us."
    assert view.decoded == ()
    assert "force" not in view.text  # quoted reply and signature


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_email_reply_swapped_phrase_visible_at_right_line(crlf):
    source = load("reply_swapped.eml", crlf)
    view = read(source, "email")
    assert visible(view) == "Rollout plan Héllo Ana 👋, we need to force them to comply."
    i = find_in_view(source, view, "force them to comply")
    assert line_col(source, i) == (10, 25)
    # the wrapped two-line attribution and the quoted text are hidden
    assert "wrote" not in view.text and "Thanks" not in view.text


def test_email_subject_in_place_and_prefix_blanked():
    source = load("reply.eml")
    view = read(source, "email")
    i = find_in_view(source, view, "Rollout plan")
    assert line_col(source, i) == (3, 14)
    assert "Re:" not in view.text


def test_email_quoted_include():
    view = read(load("reply.eml"), "email", quoted="include")
    assert visible(view) == (
        "Rollout plan Thanks, this plan works for both of us. "
        "Here is the plan. We need to force them to comply."
    )


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_email_multipart_alternative_prefers_plain(crlf):
    source = load("alternative.eml", crlf)
    view = read(source, "email")
    assert visible(view) == (
        "Weekly update Plain part: let us find a way that works for both teams. Second plain line."
    )
    (sup,) = view.suppressions
    assert (sup.action, sup.codes, sup.line) == ("disable-next-line", frozenset({"WW101"}), 14)
    i = find_in_view(source, view, "Second plain line")
    assert line_col(source, i) == (15, 1)
    # the directive line between the two prose lines forces a break
    assert any(source.index("Plain part") < b <= i for b in view.breaks)


def test_email_html_only_multipart_uses_html_reader():
    source = load("html_only.eml")
    view = read(source, "email")
    assert visible(view) == "Newsletter Hello welcome, team . Second block"
    i = find_in_view(source, view, "Second block")
    assert i in view.breaks or any(b <= i for b in view.breaks)
    inc = read(source, "email", quoted="include")
    assert visible(inc) == "Newsletter Hello welcome, team . Second block force them to comply"


@pytest.mark.parametrize(
    "name,cte", [("qp.eml", "quoted-printable"), ("base64.eml", "base64")]
)
@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_email_encoded_bodies_are_decoded_parts(name, cte, crlf):
    source = load(name, crlf)
    view = read(source, "email")
    body = [d for d in view.decoded if d.note.startswith("body")]
    assert len(body) == 1
    part = body[0]
    assert visible(part) == "Héllo 👋 team, we need to force them to comply."
    assert cte in part.note and "first line" in part.note
    assert line_col(source, part.start) == (11, 1)
    assert part.end > part.start
    assert "force" not in view.text
    inc = read(source, "email", quoted="include")
    assert [visible(d) for d in inc.decoded if d.note.startswith("body")] == [
        "Héllo 👋 team, we need to force them to comply. quoted: do it now"
    ]


def test_email_encoded_subject_is_decoded_part():
    source = load("base64.eml")
    view = read(source, "email")
    (subj,) = [d for d in view.decoded if d.note.startswith("subject")]
    assert subj.text.strip() == "Café plan: force them"
    assert line_col(source, subj.start) == (3, 10)
    assert source[subj.start : subj.end].startswith("=?utf-8?q?")
    assert visible(view) == ""


def test_email_plain_subject_in_qp_message():
    view = read(load("qp.eml"), "email")
    assert visible(view) == "Plain subject"


def test_pasted_email_forwarded_block_and_directives():
    source = load("pasted.txt")
    view = read(source, "email")
    assert visible(view) == "Hi Ana, Let's agree on a plan that works for both of us. Temporarily off."
    assert [(s.action, s.codes, s.line) for s in view.suppressions] == [
        ("disable", frozenset({"WW101", "WW102"}), 4),
        ("enable", frozenset(), 6),
    ]
    inc = read(source, "email", quoted="include")
    assert visible(inc) == (
        "Hi Ana, Let's agree on a plan that works for both of us. Temporarily off. "
        "we need to force them to comply Forwarded text: force them to comply."
    )


def test_pasted_email_outlook_block_and_original_message():
    source = load("outlook.txt")
    assert visible(read(source, "email")) == "Sounds good, let's talk tomorrow. Regards, Bob"
    inc = read(source, "email", quoted="include")
    assert visible(inc) == (
        "Sounds good, let's talk tomorrow. Regards, Bob We need to force them to comply."
    )


@pytest.mark.parametrize(
    "attribution",
    [
        "On Tue, 3 Mar 2026 at 10:02, Ana Ruiz <ana@x.com> wrote:",
        "On Tue, 3 Mar 2026 at 10:02, Ana Ruiz <ana@x.com>\nwrote:",
        "On 03/03/2026 10:02, Ana Ruiz wrote:",
        "Ana Ruiz <ana@x.com> wrote:",
        "Le mar. 3 mars 2026 à 10:02, Ana Ruiz <ana@x.com> a écrit :",
        "Am Di., 3. März 2026 um 10:02 Uhr schrieb Ana Ruiz <ana@x.com>:",
        "El mar, 3 mar 2026 a las 10:02, Ana Ruiz (<ana@x.com>) escribió:",
    ],
)
def test_pasted_email_attribution_lines(attribution):
    source = f"My answer: sounds fair.\n\n{attribution}\n> force them to comply\n"
    view = read(source, "email")
    assert visible(view) == "My answer: sounds fair."
    inc = read(source, "email", quoted="include")
    assert visible(inc) == "My answer: sounds fair. force them to comply"


def test_pasted_email_signature_variants():
    for delim in ("-- ", "--"):
        source = f"Fine by me.\n{delim}\nBob\nforce them to comply\n"
        assert visible(read(source, "email")) == "Fine by me."
    # "--" inside a line is not a signature
    assert visible(read("a -- b\nc\n", "email")) == "a -- b c"


def test_email_crlf_multibyte_offsets():
    source = "Héllo 👋🏽 Ana,\r\n\r\nwinlint: disable-next-line WW101\r\nWe must force them.\r\n> quoted\r\n"
    view = read(source, "email")
    assert visible(view) == "Héllo 👋🏽 Ana, We must force them."
    i = find_in_view(source, view, "force them")
    assert line_col(source, i) == (4, 9)
    (sup,) = view.suppressions
    assert sup.line == 3 and source[sup.start : sup.end] == "winlint: disable-next-line WW101"


# --- html -----------------------------------------------------------------------------------

HTML_SKIP = (
    "Team café ☕ update We want a plan that works for both of us them. Second paragraph "
    "Use carefully. New line one two read more"
)


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_html_fixture(crlf):
    source = load("page.html", crlf)
    view = read(source, "html")
    assert visible(view) == HTML_SKIP
    assert "force" not in view.text  # title, style, script, attributes, pre, code, quote, href
    i = find_in_view(source, view, "works for")
    assert line_col(source, i) == (10, 24)
    # block tags force boundaries between adjacent paragraphs on one line
    assert source.index("<p>Second") in view.breaks
    assert source.index("<br>") in view.breaks
    assert source.index("<li>two") in view.breaks
    (sup,) = view.suppressions
    assert (sup.action, sup.codes, sup.line) == ("disable-next-line", frozenset({"WW101"}), 11)
    inc = read(source, "html", quoted="include")
    assert visible(inc) == HTML_SKIP.replace("New line ", "New line we need to force them to comply ")


def test_html_entities_and_inline_tags():
    source = "<p>I need to <b>get them</b> to work &amp; caf&eacute; &#8212; ok</p>"
    view = read(source, "html")
    assert visible(view) == "I need to get them to work caf ok"
    assert find_in_view(source, view, "get them") == source.index("get them")


# --- suppression syntax ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "line,expected",
    [
        ("winlint: disable", ("disable", frozenset())),
        ("winlint: enable", ("enable", frozenset())),
        ("  winlint:disable WW101", ("disable", frozenset({"WW101"}))),
        ("winlint: enable WW101,WW102", ("enable", frozenset({"WW101", "WW102"}))),
        (
            "winlint: disable-next-line WW101 WW102",
            ("disable-next-line", frozenset({"WW101", "WW102"})),
        ),
        (
            "\twinlint: disable-next-line getting-someone-to, WW205 ",
            ("disable-next-line", frozenset({"getting-someone-to", "WW205"})),
        ),
        ("winlint: disable WW101 -- the customer asked", ("disable", frozenset({"WW101"}))),
        ("winlint: disabled", None),
        ("winlint: disable-next", None),
        ("# winlint: disable", None),
        ("text winlint: disable", None),
        ("winlint disable", None),
    ],
)
def test_parse_line(line, expected):
    assert parse_line(line) == expected


@pytest.mark.parametrize(
    "body,expected",
    [
        (" winlint-disable ", ("disable", frozenset())),
        (" winlint-enable ", ("enable", frozenset())),
        (" winlint-disable WW101, WW205 ", ("disable", frozenset({"WW101", "WW205"}))),
        (" winlint-enable WW101 ", ("enable", frozenset({"WW101"}))),
        (" winlint-disable-next-line WW101 ", ("disable-next-line", frozenset({"WW101"}))),
        ("\nwinlint-disable\n  WW101\n", ("disable", frozenset({"WW101"}))),
        (" winlint: disable WW101 ", ("disable", frozenset({"WW101"}))),
        (" winlint-disabled ", None),
        (" not winlint-disable ", None),
        (" todo ", None),
    ],
)
def test_parse_comment_body(body, expected):
    assert parse_comment_body(body) == expected


def test_html_comment_suppressions_in_html_reader():
    source = "<p>a</p>\n<!-- winlint-disable WW101 -->\n<p>b</p>\n<!--winlint-enable-->\n"
    view = read(source, "html")
    assert [(s.action, s.codes, s.line) for s in view.suppressions] == [
        ("disable", frozenset({"WW101"}), 2),
        ("enable", frozenset(), 4),
    ]


def test_email_folded_subject_and_mbox_line():
    source = (
        "From bob@x.com Tue Mar  3 10:05:00 2026\n"
        "From: Bob <bob@x.com>\n"
        "Subject: RE: Fwd: a long subject that\n"
        " keeps going\n"
        "\n"
        "Body.\n"
    )
    view = read(source, "email")
    assert visible(view) == "a long subject that keeps going Body."
    assert line_col(source, find_in_view(source, view, "keeps going")) == (4, 2)


def test_email_html_outlook_reply_and_gmail_signature():
    source = (
        "From: Bob <bob@x.com>\nSubject: x\nContent-Type: text/html; charset=utf-8\n\n"
        '<div dir="ltr">New text here.<div class="gmail_signature">Bob, force them</div></div>'
        '<hr><div id="divRplyFwdMsg"><b>From:</b> Ana<br><b>Sent:</b> Mon</div>'
        "<div>old: force them</div>\n"
    )
    view = read(source, "email")
    assert visible(view) == "x New text here."
    assert find_in_view(source, view, "New text") == source.index("New text")


def test_pasted_email_is_not_mistaken_for_headers():
    source = "Note: this is prose.\nThanks again: more prose.\n"
    assert visible(read(source, "email")) == "Note: this is prose. Thanks again: more prose."


@pytest.mark.parametrize("source", [
    "Plain words here.\nA second line\n\n# Heading\n\nMore words *here*.\n",
    "---\ntitle: x\n---\nFirst paragraph after front matter.\n\n- a list\n\nLast line",
    "Trailing no-break space\u00a0\n\nSee [ref] now.\n\n[ref]: http://example.com\n",
    "Line\r\nnext line\r\n\r\n```\ncode\n```\n\nWord\\\nhard break\n",
    "\ufeffBOM first line\n\na | b\n--|--\n\nSetext\n===\n",
    '"Quoted first," she said\n(an aside)\n1999 was a year\n-- A. Writer\n\n1. a list\n\n1.5 million\n2) item\n',
    "-- Name\n--\n\n-- B\n---\n\n(1) one\n10. ten\n\n\u201cCurly\u201d start\n```\nfence\n",
])
def test_markdown_plain_paragraph_shortcut_equals_the_full_parse(monkeypatch, source):
    """Plain paragraphs skip markdown-it's block rules: the view must be the full parse's."""
    from winlint.readers import markdown as md_reader

    fast = read(source, "markdown")
    monkeypatch.setattr(md_reader, "_plain_paragraphs", lambda *args: [])
    full = read(source, "markdown")
    assert fast.text == full.text
