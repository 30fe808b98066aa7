"""Output formats. Each module has `write(results, stream, ctx)`; the CLI picks one by name.

`--quiet` prints findings only. `--statistics` adds counts per rule and category and a tone
summary: after the findings for `line` and `rich`, in a collapsed log group for `github`, and on
stderr for `json` and `sarif`, whose stdout stays one JSON document.
"""
from __future__ import annotations

import importlib
import os
import re
import sys
from dataclasses import dataclass, field

from ..finding import SURROGATE_RE

FORMATS = {
    "line": "line",
    "rich": "terminal",
    "json": "json_format",
    "github": "github",
    "sarif": "sarif",
}


@dataclass
class Context:
    pack: object = None               # the RulePack, for formats that describe rules (SARIF)
    statistics: bool = False
    quiet: bool = False
    color: bool = True
    fail_level: str = "warning"
    extra: dict = field(default_factory=dict)
    err: object = None                # where side output goes for pure-JSON formats (default: stderr)

    @property
    def stderr(self):
        return self.err or sys.stderr


def writer(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}").write


def relative_path(path: str) -> str:
    """`path` relative to the repository root (GITHUB_WORKSPACE in Actions, else the current folder)
    when it lies inside it, with / separators; other paths and `<stdin>` are returned unchanged."""
    if path.startswith("<") or not path:
        return path
    base = os.environ.get("GITHUB_WORKSPACE") or os.getcwd()
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    except ValueError:          # another drive on Windows
        return path
    if rel == os.curdir or rel.startswith(os.pardir + os.sep) or rel == os.pardir:
        return path.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


# C0 controls but tab, DEL and C1 controls: ESC/CSI/OSC sequences retitle, clear or write the
# clipboard of a terminal; in text from a document they are shown as \xNN, never sent raw
CONTROL_RE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def for_terminal(text: str) -> str:
    """`text` safe to print to a terminal: control characters (but tab) as `\\xNN`."""
    return CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def shown_path(path: str) -> str:
    """A file name as valid Unicode: os.walk gives bytes that are not UTF-8 as lone surrogates
    ('caf\\udce9.md'), which no UTF-8 output can hold; they are shown as `caf\\xe9.md`."""
    if path.isascii() or not SURROGATE_RE.search(path):
        return path
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:    # a surrogate that no file-name byte became
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def valid_text(value):
    """A JSON-bound value with every lone surrogate replaced by U+FFFD: the output stays valid UTF-8."""
    if isinstance(value, str):
        return value if value.isascii() else SURROGATE_RE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {k: valid_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [valid_text(v) for v in value]
    return value
