"""Property tests: any text, in any input format, lints without an exception and with exact offsets.

For every finding: `source[start:end] == text` (findings with a `note` sit on an encoded email
part instead, and their text must come from that part's decoded prose), line/column agree with
the offsets, and linting the same text twice gives the same result. The strategy splices the
rules' own bad examples into hostile Unicode and markup so findings actually occur.

The default run tries a few hundred examples; `--run-slow` (CI) runs the 10,000-example profile.
"""
from __future__ import annotations

import base64
import quopri

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from winlint import loader, readers
from winlint.engine import APOSTROPHES, MAX_RUN, WORD_RUN_RE, Linter, Options
from winlint.finding import LineIndex

FORMATS = readers.FORMATS
FAST_EXAMPLES = 200
SLOW_EXAMPLES = 10_000

settings.register_profile(
    "winlint-fuzz", deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])

# --- the text strategy -------------------------------------------------------------------------

BAD = sorted({ex.text for rule in loader.load().rules for ex in rule.bad})

ODD_CHARS = [
    "😀", "👩‍👩‍👧", "🏳️‍🌈", "👍🏽",                       # emoji, ZWJ sequences, modifiers
    "e\u0301", "\u0301", "a\u0308\u0323", "ﷺ",          # combining marks, a wide ligature
    "שלום", "مرحبا", "\u200f", "\u200e", "\u202e", "\u2067",  # RTL text and bidi controls
    "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060",    # zero-width
    "\x00", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\x7f",  # NUL and odd line breaks
    "\r\n", "\r", "\n", "\n\n", "\r\r", "\t", " ", "\u00a0", "\u3000",
    "’", "‘", "ʼ", "“", "”", "İ", "ß", "ǅ", "ﬁ", "Ⅻ", "𝔤𝔢𝔱",  # case-mapping and width surprises
    "\ud7ff", "\U0010ffff", "\U000e0001",
]
MARKUP = [
    # Markdown
    "# ", "## Title\n", "```\n", "```python\n", "~~~\n", "    ", "> ", ">> ", "* ", "- ", "1. ", "---\n",
    "`", "``", "**", "_", "[", "](", "](http://example.com)", "![alt](x.png)", "<http://x.y/z>",
    "[ref]: http://x.y\n", "| a | b |\n|---|---|\n", "<!-- winlint: disable -->", "<!-- winlint: enable -->",
    "<!-- winlint: disable-next-line WW101 -->", "<!--", "-->", "\\", "&nbsp;", "+++\n", "---\ntitle: x\n---\n",
    # HTML
    "<p>", "</p>", "<div>", "<br>", "<br/>", "<pre>", "</pre>", "<code>", "<script>", "</script>", "<style>",
    "<blockquote>", "</blockquote>", "<a href='http://e.com'>", "</a>", "&amp;", "&#x27;", "&#0;", "&bogus;",
    "<![CDATA[", "]]>", "<!DOCTYPE html>", "<", ">", "</", "<p class=\"x", "<textarea>", "<?xml ?>",
    # email
    "From: a@b.example\n", "To: c@d.example\n", "Subject: ", "Subject: =?utf-8?q?get_them_to_work?=\n",
    "Subject: =?utf-8?b?", "MIME-Version: 1.0\n", "Content-Type: text/plain; charset=utf-8\n",
    "Content-Type: text/html\n", "Content-Type: multipart/alternative; boundary=XX\n", "--XX\n", "--XX--\n",
    "Content-Transfer-Encoding: quoted-printable\n", "Content-Transfer-Encoding: base64\n", "=\n", "=E2=80=99",
    "=3D", "=", "On Mon, 1 Jan 2024, Ana <a@b.example> wrote:\n", "-----Original Message-----\n", "-- \n",
    "---------- Forwarded message ---------\n", "Sent: Monday\n", "winlint: disable\n", "winlint: enable WW101\n",
    "winlint: disable-next-line\n", "\n>\n", "Re: ", "Fwd: ",
]
# very long tokens (around engine.MAX_RUN, the longest run treated as prose) and long lines
LONG = st.builds(lambda c, n: c * n, st.sampled_from(["a", "é", "😀", "-", "=", "A\u0301", "ab" * 3 + "\u200b"]),
                 st.integers(100, 2000))

atom = st.one_of(
    st.sampled_from(BAD),
    st.sampled_from(BAD).map(str.upper),
    st.sampled_from(ODD_CHARS),
    st.sampled_from(MARKUP),
    st.text(max_size=20),
    st.text(st.characters(codec="utf-8"), max_size=8),
    LONG,
)
body = st.lists(atom, max_size=30).map("".join)


def _encoded_email(text: str, cte: str) -> str:
    data = text.encode("utf-8", "surrogatepass")
    if cte == "base64":
        payload = base64.encodebytes(data).decode("ascii")
    else:
        payload = quopri.encodestring(data).decode("ascii")
    return (f"From: a@b.example\nSubject: notes\nMIME-Version: 1.0\n"
            f"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: {cte}\n\n{payload}")


def _multipart(plain: str, html: str) -> str:
    return ("From: a@b.example\nSubject: x\nMIME-Version: 1.0\n"
            "Content-Type: multipart/alternative; boundary=XX\n\n"
            f"--XX\nContent-Type: text/plain\n\n{plain}\n--XX\nContent-Type: text/html\n\n{html}\n--XX--\n")


texts = st.one_of(
    body,
    st.tuples(st.sampled_from(["From: a@b.example\nSubject: ", "Subject: ", "---\n", "<html><body>", "\ufeff"]),
              body).map("".join),
    st.builds(_encoded_email, body, st.sampled_from(["base64", "quoted-printable"])),
    st.builds(_multipart, body, body),
    st.builds(lambda t, nl: t.replace("\n", nl), body, st.sampled_from(["\r\n", "\r"])),
)

# --- the properties ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def linters():
    return Linter(Options()), Linter(Options(quoted="include"))


def _compact(text: str) -> str:
    return " ".join(text.split()).translate(APOSTROPHES)


def check_text(linter: Linter, source: str, fmt: str) -> None:
    result = linter.lint_text(source, "fuzz", input_format=fmt)
    again = linter.lint_text(source, "fuzz", input_format=fmt)
    assert [f.to_dict() for f in result.findings] == [f.to_dict() for f in again.findings], "not deterministic"
    assert (result.sentences, result.words) == (again.sentences, again.words)
    index = LineIndex(source)
    view = readers.read(source, fmt, quoted=linter.options.quoted) if result.findings else None
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(source), f
        assert f.text, f
        if f.note is None:
            assert source[f.start:f.end] == f.text, f
            # a run too long to be prose (base64, minified text) is skipped, never matched across
            assert all(len(m.group()) <= MAX_RUN for m in WORD_RUN_RE.finditer(view.text, f.start, f.end)), f
        else:
            # positioned on the encoded part: its decoded prose must contain the flagged words
            assert all(len(m.group()) <= MAX_RUN for m in WORD_RUN_RE.finditer(f.text)), f
            parts = [p for p in view.decoded if (p.start, p.end, p.note) == (f.start, f.end, f.note)]
            assert parts, f
            assert any(_compact(f.text) in _compact(p.text) for p in parts), f
        assert index.position(f.start) == (f.line, f.column), f
        assert index.position(f.end) == (f.end_line, f.end_column), f
        assert f.suggestions, f
    assert result.findings == sorted(result.findings, key=lambda f: (f.start, f.end, f.rule))


@pytest.mark.parametrize("fmt", FORMATS)
@settings(settings.get_profile("winlint-fuzz"), max_examples=FAST_EXAMPLES // len(FORMATS) * 2)
@given(source=texts)
def test_any_text_lints_with_exact_offsets(linters, fmt, source):
    check_text(linters[0], source, fmt)


@settings(settings.get_profile("winlint-fuzz"), max_examples=FAST_EXAMPLES // 2)
@given(source=texts, fmt=st.sampled_from(FORMATS))
def test_quoted_include_lints_with_exact_offsets(linters, source, fmt):
    check_text(linters[1], source, fmt)


def test_strategy_produces_findings(linters):
    """Guard against a strategy that never reaches the rules: the bad examples it splices in flag.

    (Each rule's own examples are tested in test_rule_examples; this only checks the fuzz input.)"""
    hits = sum(bool(linters[0].lint_text(t, "x", input_format="plain").findings) for t in BAD)
    assert hits >= 0.8 * len(BAD), f"only {hits} of {len(BAD)} bad examples flag"
    spliced = "\u200b\r\n".join(["👩‍👩‍👧 שלום", *BAD[:5], "e\u0301" * 3])
    for fmt in FORMATS:
        assert linters[0].lint_text(spliced, "x", input_format=fmt).findings, fmt


@pytest.mark.slow
@settings(settings.get_profile("winlint-fuzz"), max_examples=SLOW_EXAMPLES)
@given(source=texts, fmt=st.sampled_from(FORMATS), quoted=st.booleans())
def test_fuzz_10000_examples_in_every_format(linters, source, fmt, quoted):
    check_text(linters[int(quoted)], source, fmt)
