"""Email reader: RFC 5322 messages (``.eml``, MIME) and pasted plain-text emails.

What is prose: the Subject header's value (``Re:``/``Fwd:`` prefixes blanked) and the new text of
the chosen body part (text/plain preferred, else text/html through the HTML reader). Not prose:
all other headers, quoted ``>`` lines, attribution lines ("On ... wrote:", also wrapped over two
lines and in a few languages), Outlook-style "From:/Sent:/To:/Subject:" blocks and
"-----Original Message-----" (everything after is quoted), forwarded-message blocks (to the end)
and the signature after a "-- " line. ``winlint: ...`` directive lines are parsed and blanked.

Bodies sent as 7bit/8bit are blanked in place, so positions are exact. Quoted-printable and
base64 bodies (and RFC 2047-encoded subjects) do not exist verbatim in the source: they are
decoded, filtered and returned as :class:`DecodedPart` anchored at the part's first body line
(or the Subject line), whose ``note`` says so.
"""

from __future__ import annotations

import email
import email.parser
import email.policy
import re
from dataclasses import dataclass

from .base import (
    Canvas,
    DecodedPart,
    ProseView,
    Suppression,
    blank_urls,
    iter_lines,
    make_view,
    shift_suppressions,
    split_lines,
)
from .suppress import parse_line

# --- header detection --------------------------------------------------------------------------

_HEADER_RE = re.compile(r"^[!-9;-~]+:")
_KNOWN_HEADERS = frozenset(
    {
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "content-type",
        "received", "return-path", "reply-to", "delivered-to", "in-reply-to", "references",
        "sender", "content-transfer-encoding", "x-mailer", "user-agent",
    }
)  # fmt: skip


def _header_end(source: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """``(headers_end, body_start)`` if ``source[start:end]`` begins with an RFC 5322 header block.

    ``headers_end`` is the offset of the empty line ending the headers; ``body_start`` the offset
    of the line after it. ``None`` if the text does not look like a message with headers.
    """
    names = set()
    first = True
    for ls, le, nxt in iter_lines(source, start, end):
        line = source[ls:le]
        if line == "":
            break
        if first and line.startswith("From "):  # mbox separator
            pass
        elif line[:1] in (" ", "\t") and not first:
            pass
        elif _HEADER_RE.match(line):
            names.add(line.split(":", 1)[0].lower())
        else:
            return None
        first = False
    else:
        if not names & _KNOWN_HEADERS:
            return None
        e = len(source) if end is None else end
        return e, e
    if not names & _KNOWN_HEADERS:
        return None
    return ls, nxt


# --- body filtering ----------------------------------------------------------------------------

_VERB = r"(?:wrote|writes|a\s+écrit|schrieb|escribió|escreveu|schreef|ha\s+scritto|napisał|skrev|kirjoitti)"
_ATTR_START = r"(?:On|Le|Am|El|Em|Op|Il\s+giorno|W\s+dniu|Den|Dne)"
_ATTR_ONE = re.compile(rf"^{_ATTR_START}\s.*\b{_VERB}\b[^:]{{0,40}}:\s*$")
_ATTR_FIRST = re.compile(rf"^{_ATTR_START}\s")
_ATTR_END = re.compile(rf"\b{_VERB}\b[^:]{{0,40}}:\s*$")
_QUOTE = re.compile(r"^[ \t]*>")
_QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_MARKER = re.compile(
    r"^\s*(?:-{2,}|_{2,}|={2,})\s*(?:Original\s+Message|Forwarded\s+message|Message\s+d'origine|"
    r"Message\s+transféré|Ursprüngliche\s+Nachricht|Weitergeleitete\s+Nachricht|Mensaje\s+original|"
    r"Mensaje\s+reenviado|Mensagem\s+original|Mensagem\s+encaminhada|Messaggio\s+originale|"
    r"Messaggio\s+inoltrato)\s*(?:-{2,}|_{2,}|={2,})?\s*$",
    re.I,
)
_BEGIN_FWD = re.compile(r"^\s*(?:Begin\s+forwarded\s+message|Forwarded\s+message)\s*:\s*$", re.I)
_OL_FROM = re.compile(r"^\s*\*?(?:From|De|Von|Van|Da|Från|Fra)\s*:\*?\s*\S", re.I)
_OL_SENT = re.compile(r"^\s*\*?(?:Sent|Date|Envoyé|Gesendet|Enviado|Verzonden|Inviato|Skickat|Sendt)\s*:", re.I)
_OL_TO = re.compile(r"^\s*\*?(?:To|Subject|À|An|Para|Aan|A|Objet|Betreff|Asunto|Onderwerp|Oggetto|Ämne|Emne)\s*:", re.I)
_OL_ONE = re.compile(r"\bFrom:.*\b(?:Sent|Date):.*\b(?:To|Subject):", re.I)
_RULE_CHARS = frozenset("-_=*~")  # first characters of separator and marker lines
_SEPARATOR = re.compile(r"^\s*(?:_{5,}|-{5,}|={5,}|\*{5,}|~{5,})\s*$")
_HEADERISH = re.compile(r"^\s*\*?[A-Za-zÀ-ÿ-]{1,20}\s*:\*?(\s|$)")


def _segments(text: str, breaks=()) -> list[tuple[int, int]]:
    """Lines of ``text`` (without terminators), further cut at ``breaks`` offsets."""
    cuts = sorted(set(breaks))
    out = []
    k = 0
    for ls, le, _ in iter_lines(text):
        while k < len(cuts) and cuts[k] <= ls:
            k += 1
        s = ls
        j = k
        while j < len(cuts) and cuts[j] < le:
            if cuts[j] > s:
                out.append((s, cuts[j]))
                s = cuts[j]
            j += 1
        out.append((s, le))
    return out


def _outlook_block(text: str, segs, i: int) -> bool:
    """Does an Outlook-style From:/Sent:/To:/Subject: header block start at segment i?"""
    if not _OL_FROM.match(text[segs[i][0] : segs[i][1]]):
        return False
    lines = [text[s:e] for s, e in segs[i : i + 8]]
    return _outlook_lines(lines, 0, len(lines))


def filter_body(
    text: str, quoted: str = "skip", breaks=()
) -> tuple[str, list[Suppression], list[int]]:
    """Blank what is not the writer's own words in an email body (or an HTML body's view).

    ``breaks`` (offsets in ``text``) cut lines into separate segments, as HTML block tags do.
    Returns the filtered text (same length), the suppression directives found (offsets relative
    to ``text``; their lines blanked) and the offsets of the blanked lines' edges (paragraph
    breaks: a hidden line between two prose lines must not join them into one sentence).
    """
    canvas = Canvas(text, visible=True)
    segs = _segments(text, breaks)
    hidden: list[int] = []
    _hide = canvas.hide

    def hide(a: int, b: int) -> None:
        hidden.extend((a, b))
        _hide(a, b)

    sups: list[Suppression] = []
    n = len(segs)
    in_headers = False  # hiding a quoted message's header block (quoted="include")
    i = 0
    while i < n:
        s, e = segs[i]
        line = text[s:e]
        st = line.strip()
        if in_headers:
            if not st:
                in_headers = False
            elif _HEADERISH.match(line) or line[:1] in (" ", "\t"):
                hide(s, e)
            else:
                in_headers = False
                continue
            i += 1
            continue
        lead = st[:1]
        if lead in _RULE_CHARS and _SEPARATOR.match(line):
            hide(s, e)
            i += 1
            continue
        if st == "--":  # signature delimiter ("-- " by the standard, "--" by accident)
            hide(s, len(text))
            break
        if "winlint" in line:
            parsed = parse_line(line)
            if parsed is not None:
                action, codes = parsed
                sups.append(Suppression(action, codes, text.count("\n", 0, s) + 1, s, e))
                hide(s, e)
                i += 1
                continue
        colon = ":" in line  # every remaining test but a marker line needs one here or next line
        if not colon and not (lead in _RULE_CHARS and _MARKER.match(line)):
            if not (i + 1 < n and ":" in text[segs[i + 1][0] : segs[i + 1][1]]) and not _QUOTE.match(line):
                i += 1
                continue
        marker = bool(_MARKER.match(line) or (colon and _BEGIN_FWD.match(line)))
        outlook = not marker and colon and (_outlook_block(text, segs, i) or _one_line_outlook(line))
        if marker or outlook:
            if quoted == "skip":
                hide(s, len(text))
                break
            if marker:
                hide(s, e)
                i += 1
            in_headers = True
            continue
        if _QUOTE.match(line):
            if quoted == "skip":
                hide(s, e)
            else:
                m = _QUOTE_MARKS.match(line)
                _hide(s, s + m.end())  # markers only: the quoted paragraph stays whole
            i += 1
            continue
        if _ATTR_ONE.match(st):
            hide(s, e)
            i += 1
            continue
        if i + 1 < n and _ATTR_FIRST.match(st) and not (st.endswith(":") and _ATTR_END.search(st)):
            s2, e2 = segs[i + 1]
            if _ATTR_END.search(text[s2:e2].strip()):
                hide(s, e)
                hide(s2, e2)
                i += 2
                continue
        if st.endswith(":") and _ATTR_END.search(st):  # "Ana Ruiz <ana@x.com> wrote:" above a quote
            j = i + 1
            while j < n and not text[segs[j][0] : segs[j][1]].strip():
                j += 1
            if j < n and _QUOTE.match(text[segs[j][0] : segs[j][1]]):
                hide(s, e)
        i += 1
    return canvas.text(), sups, hidden


# --- email structure in plain text ---------------------------------------------------------------

_SIGNATURE_LINES = 8  # a signature is a short block that ends the text
_SIGNATURE_WIDTH = 120


def email_structure(source: str) -> str | None:
    """Whether a plain-text document is an email: "message" (it starts with a header block that
    has From: and To:/Subject:/Date:/Sent:), "reply" (its body has a real signal: a "-- "
    signature block ending the text, an attribution line right above quoted lines, an Outlook
    From:/Sent:/To: block or an "Original Message"/forwarded marker), or None.

    Conservative on purpose: a lone ">" line, or "--" inside prose, is no signal.
    """
    split = _header_end(source)
    if split is not None:
        names = {line.split(":", 1)[0].strip().lower() for line in split_lines(source[: split[0]])}
        if "from" in names and names & {"to", "subject", "date", "sent"}:
            return "message"
    lines = split_lines(source)
    n = len(lines)
    while n and not lines[n - 1].strip():
        n -= 1
    for i in (k for k, line in enumerate(lines[:n]) if "--" in line):
        line = lines[i]
        if line.strip() == "--":  # the first delimiter is where the email reader cuts
            tail = lines[i + 1 : n]
            if line in ("--", "-- ") and 0 < len(tail) <= _SIGNATURE_LINES and all(
                len(t) <= _SIGNATURE_WIDTH for t in tail
            ):
                return "reply"
            break
    for i in range(n):
        line = lines[i]
        colon = ":" in line  # every signal below but a marker line needs one
        if not colon and line.lstrip()[:1] not in _RULE_CHARS:
            continue
        st = line.strip()
        if _MARKER.match(line) or (colon and (_BEGIN_FWD.match(line) or _one_line_outlook(line))):
            return "reply"
        if not colon:
            continue
        if _OL_FROM.match(line) and _outlook_lines(lines, i, n):
            return "reply"
        if st.endswith(":") and _ATTR_END.search(st):
            j = i + 1
            while j < n and j <= i + 2 and not lines[j].strip():
                j += 1
            if j < n and _QUOTE.match(lines[j]):
                return "reply"
    return None


def _one_line_outlook(line: str) -> bool:
    """"From: … Sent: … To: …" on one line (a header block someone unwrapped); a long line is prose."""
    return len(line) <= 2000 and bool(_OL_ONE.search(line))


def _outlook_lines(lines: list[str], i: int, n: int) -> bool:
    """_outlook_block over a list of lines."""
    sent = to = False
    for line in lines[i + 1 : min(i + 8, n)]:
        if not line.strip():
            if sent or to:
                break
            continue
        sent = sent or bool(_OL_SENT.match(line))
        to = to or bool(_OL_TO.match(line))
        if sent and to:
            return True
    return False


def read_pasted(source: str, quoted: str = "skip") -> ProseView:
    """A pasted email without headers: its body as the email reader reads it."""
    view, sups, breaks = filter_body(source, quoted)
    return make_view(blank_urls(view), sups, breaks=breaks)


# --- MIME structure with offsets ---------------------------------------------------------------


@dataclass
class _Leaf:
    msg: email.message.Message  # headers only (compat32)
    start: int  # the entity's first header line
    body_start: int
    end: int
    ctype: str = "text/plain"


# Structured headers are parsed by the stdlib, whose header parser is superlinear in a field's
# length and recursive in its comments: fields are capped before parsing (real ones are far
# shorter), and a parse that still fails falls back to reading the message without MIME.
_FIELD_CAP = {"content-type": 2000, "content-transfer-encoding": 200, "content-disposition": 2000,
              "subject": 16000}
# Structure (types, boundaries, charsets) is read with compat32's plain string splitting: it does
# not recurse and costs a fraction of the header registry, which only decodes (get_content, an
# RFC 2047 subject).
_PARSER = email.parser.Parser(policy=email.policy.compat32)
_DECODER = email.parser.Parser(policy=email.policy.default)


def _capped_headers(source: str, start: int, end: int) -> tuple[str, int]:
    """The header block of the entity at ``source[start:end]`` with over-long fields cut, and
    the offset where its body starts."""
    out: list[str] = []
    cap = None
    for ls, le, nxt in iter_lines(source, start, end):
        line = source[ls:le]
        if line == "":
            return "\n".join(out) + "\n\n", nxt
        if line[:1] in (" ", "\t") and out:  # a folded continuation of the last field
            if cap is None:
                out.append(line)
            elif len(out[-1]) < cap:
                out[-1] = (out[-1] + "\n" + line)[:cap].rstrip()
            continue
        cap = _FIELD_CAP.get(line.split(":", 1)[0].strip().lower())
        out.append(line[:cap] if cap is not None else line)
    return "\n".join(out) + "\n\n", end


def _parse(source: str, start: int, end: int, body: bool = False, parser=_PARSER):
    """``(message, body_start)``: the headers of the entity at ``source[start:end]`` (and its raw
    body when ``body``) and the offset where its body starts. Multiparts are never parsed whole:
    their parts are split here."""
    head, body_start = _capped_headers(source, start, end)
    text = head + source[body_start:end] if body else head
    return parser.parsestr(text, headersonly=True), body_start


def _leaves(source: str, start: int, end: int, depth: int = 0) -> list[_Leaf]:
    msg, body_start = _parse(source, start, end)
    ctype = msg.get_content_type()
    if ctype.startswith("multipart/"):
        boundary = msg.get_boundary()
        if not boundary or depth > 20:
            return []
        out = []
        for ps, pe in _split_multipart(source, body_start, end, boundary):
            out += _leaves(source, ps, pe, depth=depth + 1)
        return out
    if ctype == "message/rfc822":  # a forwarded message: someone else's words
        return []
    return [_Leaf(msg, start, body_start, end, ctype)]


def _split_multipart(source: str, start: int, end: int, boundary: str) -> list[tuple[int, int]]:
    delim = "--" + boundary
    parts = []
    cur = None
    for ls, le, nxt in iter_lines(source, start, end):
        line = source[ls:le].rstrip(" \t")
        if line == delim or line == delim + "--":
            if cur is not None:
                pe = ls
                if pe >= 2 and source[pe - 2 : pe] == "\r\n":
                    pe -= 2
                elif pe >= 1 and source[pe - 1] in "\r\n":
                    pe -= 1
                parts.append((cur, max(pe, cur)))
            if line == delim + "--":
                return parts
            cur = nxt
    if cur is not None and cur < end:
        parts.append((cur, end))
    return parts


def _choose(leaves: list[_Leaf]) -> _Leaf | None:
    usable = [
        lf
        for lf in leaves
        if lf.msg.get_content_disposition() != "attachment" and not lf.msg.get_filename()
    ]
    for want in ("text/plain", "text/html"):
        for lf in usable:
            if lf.ctype == want:
                return lf
    return None


def _decoded_content(source: str, leaf: _Leaf) -> str:
    """The decoded text of a quoted-printable/base64 part, whatever its charset says."""
    try:
        content = _parse(source, leaf.start, leaf.end, body=True, parser=_DECODER)[0].get_content()
        if isinstance(content, str):
            return content
    except Exception:  # noqa: BLE001 - unknown or bogus charset ("unknown-8bit", "utf-8\0"), crafted header
        pass
    msg = _parse(source, leaf.start, leaf.end, body=True)[0]
    payload = msg.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = b""
    try:
        return payload.decode(msg.get_content_charset() or "utf-8", errors="replace")
    except Exception:  # noqa: BLE001 - not a text codec Python knows
        pass
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("latin-1")  # "unknown-8bit" is mostly a legacy 8-bit charset


def _body_view(text: str, is_html: bool, quoted: str) -> tuple[str, list[Suppression], list[int]]:
    """Filtered view of a body text (same length) with its suppressions and breaks (relative)."""
    sups: list[Suppression] = []
    breaks: list[int] = []
    if is_html:
        from .html_reader import read_html

        hv = read_html(text, quoted, email=True)
        sups += list(hv.suppressions)
        breaks += list(hv.breaks)
        view, more, hidden = filter_body(hv.text, quoted, breaks)
        sups += more
    else:
        view, sups, hidden = filter_body(text, quoted)
    breaks += hidden
    return blank_urls(view), sups, breaks


# --- subject -----------------------------------------------------------------------------------

_SUBJECT_RE = re.compile(r"^Subject:[ \t]*", re.I | re.M)
_PREFIX_RE = re.compile(r"^(?:[ \t]*(?:re|fwd?|aw|wg|sv|antw|rv|tr|r)[ \t]*(?:\[\d+\])?[ \t]*:)+", re.I)
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


def _subject(source: str, headers_end: int, canvas: Canvas, decoded: list, breaks: list) -> None:
    m = _SUBJECT_RE.search(source, 0, headers_end)
    if not m:
        return
    vs = m.end()
    ve = vs
    for ls, le, nxt in iter_lines(source, m.start(), headers_end):
        if ls != m.start() and source[ls : ls + 1] not in (" ", "\t"):
            break
        ve = le
    raw = source[vs:ve]
    breaks += [m.start(), ve]
    if _ENCODED_WORD.search(raw):
        try:
            value = str(_parse(source, 0, headers_end, parser=_DECODER)[0]["Subject"] or "")
        except Exception:  # noqa: BLE001 - a bogus charset or encoding in the subject
            value = raw
        p = _PREFIX_RE.match(value)
        if p:
            value = " " * p.end() + value[p.end() :]
        first_end = source.find("\n", vs, ve)
        first_end = ve if first_end < 0 else first_end
        if source[first_end - 1 : first_end] == "\r":
            first_end -= 1
        if value.strip():
            decoded.append(
                DecodedPart(
                    text=value,
                    start=vs,
                    end=max(first_end, vs),
                    note="subject is RFC 2047-encoded; position is the Subject line",
                )
            )
        return
    canvas.show(vs, ve)
    p = _PREFIX_RE.match(raw)
    if p:
        canvas.hide(vs, vs + p.end())


# --- entry point -------------------------------------------------------------------------------


def read_email(source: str, quoted: str = "skip") -> ProseView:
    canvas = Canvas(source)
    sups: list[Suppression] = []
    decoded: list[DecodedPart] = []
    breaks: list[int] = []

    split = _header_end(source)
    if split is None:  # a pasted email: all body
        return read_pasted(source, quoted)

    headers_end, body_start = split
    try:
        leaf = _choose(_leaves(source, 0, len(source)))
        body = None
        if leaf is not None:
            cte = str(leaf.msg.get("Content-Transfer-Encoding", "7bit")).strip().lower()
            body = (leaf, leaf.ctype == "text/html", cte)
    except Exception:  # noqa: BLE001 - the stdlib's parser gave up (crafted header)
        body = _plain_body(source, headers_end, body_start)
    _subject(source, headers_end, canvas, decoded, breaks)
    breaks.append(body_start)

    if body is not None:
        leaf, is_html, cte = body
        bs, be = leaf.body_start, leaf.end
        if cte in ("quoted-printable", "base64"):
            text = _decoded_content(source, leaf)
            view, _, _ = _body_view(text, is_html, quoted)
            if view.strip():
                anchor = _first_text_line(source, bs, be)
                decoded.append(
                    DecodedPart(
                        text=view,
                        start=anchor[0],
                        end=anchor[1],
                        note=f"body is {cte}-encoded; position is the part's first line",
                    )
                )
        else:
            view, body_sups, body_breaks = _body_view(source[bs:be], is_html, quoted)
            sups += shift_suppressions(body_sups, bs, source)
            breaks += [b + bs for b in body_breaks]
            breaks += [bs, be]
            head = canvas.text()  # the body is hidden in it: its view goes in as it is
            return make_view(head[:bs] + view + head[bs + len(view) :], sups, decoded, breaks)
    return make_view(canvas.text(), sups, decoded, breaks)


def _first_text_line(source: str, start: int, end: int) -> tuple[int, int]:
    """The first non-blank line of ``source[start:end]`` (stripped), where an encoded part's
    findings are anchored; the part's start when it has none."""
    for ls, le, _ in iter_lines(source, start, end):
        line = source[ls:le]
        if line.strip():
            lead = len(line) - len(line.lstrip())
            return ls + lead, ls + len(line.rstrip())
    return start, start


_MULTIPART_RE = re.compile(r"^content-type:[ \t]*multipart/", re.I | re.M)
_ENCODED_RE = re.compile(r"^content-transfer-encoding:[ \t]*(?!7bit|8bit|binary)\S", re.I | re.M)


def _plain_body(source: str, headers_end: int, body_start: int):
    """When MIME parsing fails: the body as one plain 7-bit part, unless the headers say it is
    multipart or encoded (then it is not read)."""
    headers = source[:headers_end]
    if _MULTIPART_RE.search(headers) or _ENCODED_RE.search(headers):
        return None
    return _Leaf(None, 0, body_start, len(source)), False, "7bit"
