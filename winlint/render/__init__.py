"""Output formats. Each module has `write(results, stream, ctx)`; the CLI picks one by name."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

FORMATS = {
    "line": "line",
    "rich": "terminal",
    "json": "json_format",
}


@dataclass
class Context:
    pack: object = None               # the RulePack, for formats that describe rules (SARIF)
    statistics: bool = False
    quiet: bool = False
    color: bool = True
    fail_level: str = "warning"
    extra: dict = field(default_factory=dict)


def writer(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}").write
