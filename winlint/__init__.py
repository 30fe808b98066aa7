"""winlint: flag adversarial, zero-sum phrasing in workplace writing and suggest win-win reframes.

The Python API::

    import winlint

    for f in winlint.lint_text("I need to get them to work harder."):
        print(f.line, f.column, f.rule, f.message, f.suggestions)

    winlint.lint_file("draft.md")                       # input format by extension
    winlint.lint_text(text, config={"select": ["control"], "levels": {"WW101": "error"}})
    winlint.load_rules("team-rules/")                   # extra rule folders, for every later call

Importing this package is cheap: spaCy is imported the first time some text needs it. Linters are
cached per configuration for the life of the process, so repeated calls pay the set-up once.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping

from .errors import WinlintError
from .finding import Finding

__all__ = ["lint_text", "lint_file", "load_rules", "Finding", "WinlintError", "__version__"]

_LINTERS: dict = {}              # options (as JSON) -> Linter, oldest first
_MAX_LINTERS = 8
_EXTRA_RULES: list[str] = []
_LOCK = threading.RLock()
_LIST_FIELDS = ("select", "ignore", "rules")


def lint_text(text: str, *, input_format: str | None = "plain", config=None, path: str | None = None,
              rules: Iterable | None = None) -> list[Finding]:
    """Lint `text` and return its findings, in position order.

    `input_format`: plain, markdown, email or html; None picks it by `path`'s extension.
    `config`: an `engine.Options`, or a dict of its fields (`select`, `ignore`, `levels`, `quoted`,
    `rules`, `builtin`, `model`, `prefilter`). `path`: the name findings carry (default `<text>`).
    `rules`: extra rule folders for this call, on top of the built-in rules and `load_rules()`.
    """
    if not isinstance(text, str):
        raise TypeError(f"lint_text() needs a str, not {type(text).__name__}; decode bytes first or use lint_file()")
    shown = os.fspath(path) if path is not None else "<text>"
    fmt = _input_format(input_format, path)
    linter = _linter(config, rules)
    return linter.lint_text(text, shown, input_format=fmt).findings


def lint_file(path, *, input_format: str | None = None, config=None, encoding: str = "utf-8") -> list[Finding]:
    """Read `path` (BOM and newlines kept exact) and lint it; the input format is picked by extension
    unless given. An unreadable, undecodable or binary file raises WinlintError."""
    from . import sources

    shown = os.fspath(path)
    src = sources.read(shown, encoding=encoding)
    if src.text is None:
        raise WinlintError(src.notice or "cannot be read as text", path=shown)
    return lint_text(src.text, input_format=input_format, config=config, path=shown)


def load_rules(*folders) -> list:
    """Add rule folders to every later `lint_text`/`lint_file` call in this process.

    The folders are loaded and validated now, so a broken rule raises WinlintError naming its file
    and line here rather than at the first lint. Returns the rules that are now in use (Rule objects:
    code, name, category, level, step, message, why, ...). With no folders, just returns them.
    """
    from . import loader

    new = [os.path.abspath(os.fspath(f)) for f in folders]
    with _LOCK:
        wanted = _EXTRA_RULES + [f for f in new if f not in _EXTRA_RULES]
        from pathlib import Path
        pack = loader.load([loader.builtin_rules_dir(), *map(Path, wanted)])
        _EXTRA_RULES[:] = wanted
        _LINTERS.clear()
    return list(pack.rules)


# -- internals ----------------------------------------------------------------------

def _input_format(input_format, path) -> str | None:
    """None lets the linter choose: the config's input_format, else by the path's extension."""
    from .readers import FORMATS

    if input_format is None:
        return None
    if input_format not in FORMATS:
        raise WinlintError(f"unknown input format {input_format!r}; one of: {', '.join(FORMATS)}",
                           key="input_format")
    return input_format


def _options(config, rules):
    """An Options from None, an Options or a dict of its fields, plus the extra rule folders."""
    import dataclasses

    from .engine import Options

    if config is None:
        options = Options()
    elif isinstance(config, Options):
        options = dataclasses.replace(config)
    elif isinstance(config, Mapping):
        names = [f.name for f in dataclasses.fields(Options)]
        values = {}
        for key, value in config.items():
            if key not in names:
                from .schema import nearest
                raise WinlintError(f"unknown option{nearest(str(key), names)}; valid options: {', '.join(names)}",
                                   key=str(key))
            if key in _LIST_FIELDS:
                value = [value] if isinstance(value, (str, os.PathLike)) else list(value or [])
            values[key] = value
        options = Options(**values)
    else:
        raise TypeError(f"config must be None, a dict or winlint.engine.Options, not {type(config).__name__}")
    extra = [os.path.abspath(os.fspath(r)) for r in options.rules]
    extra += [r for r in _EXTRA_RULES if r not in extra]
    extra += [os.path.abspath(os.fspath(r)) for r in (rules or []) if os.path.abspath(os.fspath(r)) not in extra]
    options.rules = extra
    return options


def _linter(config, rules):
    import json

    from .engine import Linter

    options = _options(config, rules)
    key = json.dumps(options.__dict__, sort_keys=True, default=str)
    with _LOCK:
        linter = _LINTERS.pop(key, None)
        if linter is None:
            linter = Linter(options)
            while len(_LINTERS) >= _MAX_LINTERS:
                _LINTERS.pop(next(iter(_LINTERS)))
        _LINTERS[key] = linter          # most recently used last
    return linter


def __getattr__(name):
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version
        try:
            return version("winlint")
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
