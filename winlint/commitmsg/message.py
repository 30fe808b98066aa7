"""What of a commit-message file is the message: git's comment lines and the verbose-mode diff
(after the scissors line) are blanked to spaces, keeping every offset."""
from __future__ import annotations

import re

SCISSORS = "------------------------ >8 ------------------------"
LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")


def message_view(text: str, comment_char: str = "#") -> str:
    """`text` with comment lines and everything from the scissors line on turned into spaces."""
    out = []
    for m in LINE_RE.finditer(text):
        line = m.group(0)
        if not line:
            break
        body = line.rstrip("\r\n")
        if body == f"{comment_char} {SCISSORS}":
            out.append(_blank(text[m.start():]))
            break
        out.append(_blank(line) if body.startswith(comment_char) else line)
    return "".join(out)


def _blank(chunk: str) -> str:
    return re.sub(r"[^\r\n]", " ", chunk)
