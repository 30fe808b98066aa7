"""Output formats. Each module has `write(results, stream, ctx)`; the CLI picks one by name.

`--quiet` prints findings only. `--statistics` adds counts per rule and category and a tone
summary: after the findings for `line` and `rich`, in a collapsed log group for `github`, and on
stderr for `json` and `sarif`, whose stdout stays one JSON document.
"""
from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field

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
    import os

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
