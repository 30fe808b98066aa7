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


def _entity_split(source: str, start: int, end: int) -> tuple[int, int]:
    """``(headers_end, body_start)`` of a MIME entity (headers may be empty)."""
    for ls, le, nxt in iter_lines(source, start, end):
        if ls == le:
            return ls, nxt
    return end, end


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
    sent = to = False
    for s, e in segs[i + 1 : i + 8]:
        line = text[s:e]
        if not line.strip():
            if sent or to:
                break
            continue
        sent = sent or bool(_OL_SENT.match(line))
        to = to or bool(_OL_TO.match(line))
        if sent and to:
            return True
    return False


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
        if _SEPARATOR.match(line):
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
        marker = bool(_MARKER.match(line) or _BEGIN_FWD.match(line))
        outlook = not marker and (_outlook_block(text, segs, i) or bool(_OL_ONE.search(line)))
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
        if i + 1 < n and _ATTR_FIRST.match(st) and not _ATTR_END.search(st):
            s2, e2 = segs[i + 1]
            if _ATTR_END.search(text[s2:e2].strip()):
                hide(s, e)
                hide(s2, e2)
                i += 2
                continue
        if _ATTR_END.search(st):  # "Ana Ruiz <ana@x.com> wrote:" right above a quote
            j = i + 1
            while j < n and not text[segs[j][0] : segs[j][1]].strip():
                j += 1
            if j < n and _QUOTE.match(text[segs[j][0] : segs[j][1]]):
                hide(s, e)
        i += 1
    return canvas.text(), sups, hidden


# --- MIME structure with offsets ---------------------------------------------------------------


@dataclass
class _Leaf:
    msg: email.message.EmailMessage
    body_start: int
    end: int


def _parse(text: str) -> email.message.EmailMessage:
    return email.message_from_string(text, policy=email.policy.default)


def _leaves(source: str, start: int, end: int, msg=None, depth: int = 0) -> list[_Leaf]:
    if msg is None:
        msg = _parse(source[start:end])
    _, body_start = _entity_split(source, start, end)
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
    return [_Leaf(msg, body_start, end)]


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
            if lf.msg.get_content_type() == want:
                return lf
    return None


def _decoded_content(msg) -> str:
    try:
        content = msg.get_content()
        if isinstance(content, str):
            return content
    except Exception:  # unknown charset, broken encoding...
        pass
    payload = msg.get_payload(decode=True) or b""
    return payload.decode(msg.get_content_charset() or "utf-8", errors="replace")


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


def _subject(source: str, headers_end: int, msg, canvas: Canvas, decoded: list, breaks: list) -> None:
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
            value = str(msg["Subject"] or "")
        except Exception:
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
        view, sups, breaks = filter_body(source, quoted)
        return make_view(blank_urls(view), sups, breaks=breaks)

    headers_end, body_start = split
    msg = _parse(source)
    _subject(source, headers_end, msg, canvas, decoded, breaks)
    breaks.append(body_start)

    leaf = _choose(_leaves(source, 0, len(source), msg))
    if leaf is not None:
        is_html = leaf.msg.get_content_type() == "text/html"
        cte = str(leaf.msg.get("Content-Transfer-Encoding", "7bit")).strip().lower()
        bs, be = leaf.body_start, leaf.end
        if cte in ("quoted-printable", "base64"):
            text = _decoded_content(leaf.msg)
            view, _, _ = _body_view(text, is_html, quoted)
            if view.strip():
                first_end = bs
                for ls, le, _ in iter_lines(source, bs, be):
                    first_end = le
                    break
                decoded.append(
                    DecodedPart(
                        text=view,
                        start=bs,
                        end=first_end,
                        note=f"body is {cte}-encoded; position is the part's first line",
                    )
                )
        else:
            view, body_sups, body_breaks = _body_view(source[bs:be], is_html, quoted)
            canvas.paste(bs, view)
            sups += shift_suppressions(body_sups, bs, source)
            breaks += [b + bs for b in body_breaks]
            breaks += [bs, be]
    return make_view(canvas.text(), sups, decoded, breaks)
