"""Code actions and hovers from findings: plain data (offsets and strings), no LSP types.

A rewrite replaces a range of the buffer: each reframe of kind "rewrite" (`finding.reframes`, with
`start`/`end` offsets), or, for findings without reframes, the first suggestion in place of the
flagged span. Suppressions add an inline comment (winlint/readers/suppress.py syntax): a
`disable-next-line` above the finding's line, or a file-wide `disable` at the top.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import Positions, comment, file_directive_offset

INDENT_RE = re.compile(r"[ \t]*")
LINE_REASON = "TODO: why this wording is intended here"
FILE_REASON = "TODO: why this file may use it"


@dataclass
class Edit:
    start: int
    end: int
    text: str


@dataclass
class Action:
    title: str
    kind: str             # "quickfix" | "suppress-line" | "suppress-file"
    edit: Edit
    rule: str
    preferred: bool = False


def rewrites(finding) -> list[tuple[str, int, int, str]]:
    """(replacement, start, end, step) for each rewrite a finding offers."""
    reframes = getattr(finding, "reframes", None) or []
    out = []
    for r in reframes:
        if not isinstance(r, dict) or r.get("kind") != "rewrite":
            continue
        start, end, text = r.get("start"), r.get("end"), r.get("text")
        if isinstance(start, int) and isinstance(end, int) and isinstance(text, str) and 0 <= start <= end:
            out.append((text, start, end, r.get("step") or finding.step))
    if not out and not reframes and finding.suggestions:
        out.append((finding.suggestions[0], finding.start, finding.end, finding.step))
    return out


def questions(finding) -> list[str]:
    """The reframes to think about rather than paste: questions, or every suggestion."""
    reframes = getattr(finding, "reframes", None) or []
    if reframes:
        return [r["text"] for r in reframes if isinstance(r, dict) and r.get("kind") == "question" and r.get("text")]
    return list(finding.suggestions)


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def actions_for(finding, text: str, fmt: str) -> list[Action]:
    pos = Positions(text)
    out = []
    for i, (new, start, end, _) in enumerate(rewrites(finding)):
        if end > len(text) or text[start:end] == new:
            continue
        out.append(Action(f"winlint: rewrite as “{_short(new)}”", "quickfix", Edit(start, end, new),
                          finding.rule, preferred=i == 0))
    if fmt == "gitcommit":
        return out              # a suppression comment would become part of the commit message
    nl = pos.newline()
    line_start = pos.line_start(finding.start)
    indent = INDENT_RE.match(text, line_start).group(0)
    directive = comment(fmt, "disable-next-line", finding.rule, LINE_REASON)
    out.append(Action(f"winlint: ignore {finding.rule} ({finding.name}) on this line",
                      "suppress-line", Edit(line_start, line_start, indent + directive + nl), finding.rule))
    at = file_directive_offset(text, fmt)
    directive = comment(fmt, "disable", finding.rule, FILE_REASON)
    out.append(Action(f"winlint: ignore {finding.rule} ({finding.name}) in this file",
                      "suppress-file", Edit(at, at, directive + nl), finding.rule))
    return out


def hover_markdown(finding, rule) -> str:
    """The rule's explanation, its apply step and the reframes, as Markdown."""
    lines = [f"**{finding.rule} {finding.name}** · {finding.category} · {finding.severity}", "", finding.message]
    why = getattr(rule, "why", "") if rule is not None else ""
    if why:
        lines += ["", " ".join(why.split())]
    step = finding.step_title or finding.step
    if step:
        lines += ["", f"**Apply step:** {step}"]
    if getattr(finding, "reframes", None):
        found = [r[0] for r in rewrites(finding)]
        lines += ["", "**Rewrites:**"] + [f"- {r}" for r in found] if found else []
    asks = questions(finding)
    if asks:
        lines += ["", "**Reframes:**"] + [f"- {q}" for q in asks]
    lines += ["", f"`winlint explain {finding.rule}` for examples."]
    return "\n".join(lines)
