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
    `rules`, `builtin`, `model`, `prefilter`), checked as the CLI checks a config file: a wrong type
    or a name in select/ignore/levels that is no rule or category raises WinlintError (with the
    nearest valid name). `path`: the name findings carry (default `<text>`).
    `rules`: extra rule folders for this call (one folder, or a list), on top of the built-in rules
    and `load_rules()`. Lone surrogates in `text` count as U+FFFD (offsets unchanged).
    """
    if not isinstance(text, str):
        raise TypeError(f"lint_text() needs a str, not {type(text).__name__}; decode bytes first or use lint_file()")
    from .finding import without_surrogates

    shown = os.fspath(path) if path is not None else "<text>"
    fmt = _input_format(input_format, path)
    linter = _linter(config, rules)
    # a lone surrogate ("\ud800" from JSON) cannot be tokenized: U+FFFD, one code point for one
    return linter.lint_text(without_surrogates(text), shown, input_format=fmt).findings


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
            values[key] = value
        options = Options(**values)
    else:
        raise TypeError(f"config must be None, a dict or winlint.engine.Options, not {type(config).__name__}")
    _check_types(options)
    extra = [os.path.abspath(os.fspath(r)) for r in options.rules]
    extra += [r for r in _EXTRA_RULES if r not in extra]
    extra += [os.path.abspath(os.fspath(r)) for r in _folders(rules, "rules") if os.path.abspath(os.fspath(r)) not in extra]
    options.rules = extra
    return options


def _folders(value, key: str) -> list:
    """A list option: None is empty, one str (or path) is one item, else a list or tuple of them."""
    if value is None:
        return []
    if isinstance(value, (str, os.PathLike)):
        return [value]
    if not isinstance(value, (list, tuple)):
        raise WinlintError(f"expected a list of strings, found {_kind(value)}", key=key)
    for item in value:
        if not isinstance(item, (str, os.PathLike)) or not os.fspath(item).strip():
            raise WinlintError(f"expected a list of non-empty strings, found an item that is {_kind(item)}", key=key)
    return list(value)


def _kind(value) -> str:
    if isinstance(value, bool):
        return f"a boolean ({value})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"a string ({value!r})"
    return {type(None): "nothing", dict: "a mapping", list: "a list"}.get(type(value), type(value).__name__)


def _check_types(options) -> None:
    """The API's `config` is checked as strictly as a config file: a wrong type is a WinlintError
    naming the option, not a TypeError deep inside (or, worse, silently something else)."""
    from .readers import FORMATS
    from .schema import LEVELS, nearest

    for key in _LIST_FIELDS:
        setattr(options, key, [os.fspath(v) for v in _folders(getattr(options, key), key)])
    if not isinstance(options.levels, Mapping):
        raise WinlintError(f"expected a mapping of rule code, name or category to a level, found "
                           f"{_kind(options.levels)}", key="levels")
    for name, level in options.levels.items():
        if not isinstance(name, str) or not isinstance(level, str) or level not in LEVELS:
            raise WinlintError(f"unknown level {level!r} for {name}; one of: {', '.join(LEVELS)}"
                               + (nearest(level, LEVELS) if isinstance(level, str) else ""), key="levels")
    options.levels = dict(options.levels)
    if options.quoted not in ("skip", "include"):
        raise WinlintError(f"expected skip or include, found {_kind(options.quoted)}", key="quoted")
    if options.input_format is not None and options.input_format not in FORMATS:
        raise WinlintError(f"unknown input format {options.input_format!r}; one of: {', '.join(FORMATS)}",
                           key="input_format")
    import dataclasses

    for key in (f.name for f in dataclasses.fields(options) if isinstance(f.default, bool)):  # builtin, ...
        if not isinstance(getattr(options, key), bool):
            raise WinlintError(f"expected True or False, found {_kind(getattr(options, key))}", key=key)
    if options.model is not None and not isinstance(options.model, (str, os.PathLike)):
        raise WinlintError(f"expected a spaCy pipeline name or path, found {_kind(options.model)}", key="model")
    threshold = options.model_threshold
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, (int, float))
                                  or not 0 <= threshold <= 1):
        raise WinlintError(f"expected a number from 0 to 1 (a WW900 score), found {_kind(threshold)}",
                           key="model_threshold")


def _check_names(linter) -> None:
    """select/ignore/levels name rules of the linter's pack, as the CLI checks them (did-you-mean)."""
    from .config import check_names

    opts = linter.options
    check_names(linter.pack, opts.select, opts.ignore, opts.levels,
                lambda key, value=None: (None, None, "levels" if key.startswith("level.") else key))


def _linter(config, rules):
    import json

    from .engine import Linter

    options = _options(config, rules)
    key = json.dumps(options.__dict__, sort_keys=True, default=str)
    with _LOCK:
        linter = _LINTERS.pop(key, None)
        if linter is None:
            linter = Linter(options)
            _check_names(linter)
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
