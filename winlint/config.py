"""Configuration files: `.winlint.yaml`, `.winlint.yml` or `[tool.winlint]` in `pyproject.toml`.

Discovery (as ruff does): for each linted file, walk up from its folder (for stdin: from the
folder of --stdin-filename, else the working directory) to the filesystem root; the first folder
that has a config file wins and no other file is merged in. In one folder `.winlint.yaml` beats
`.winlint.yml` beats `pyproject.toml`, and a `pyproject.toml` counts only when its TOML has a
`tool.winlint` table (a header, dotted keys or an inline table). `--config PATH` skips discovery
and applies to every input. The walk is stat calls, cached per folder; YAML and tomllib are
imported only when a file is found. A broken config file is an error for the files under it only
(`winlint check` lints the others and exits 2).

Validation is strict, like the rule loader: an unknown key or a bad value is a WinlintError
naming the file, the line (exact for YAML; for TOML the line of the key in the table), the key,
what was expected and the nearest valid choice. Names in `select`, `ignore` and `level` are checked
against the loaded rules (`check_names`) once the rule pack, with the config's own `rules`, exists.

Precedence: command line > config file > defaults. `--select` replaces the file's `select`;
`--ignore` and `--rules` add to the file's `ignore` and `rules`; `--fail-level`, `--quoted`,
`--with-model`/`--no-model` and `--model-threshold` replace the file's values.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field

from .errors import WinlintError
from .schema import CATEGORIES, LEVELS, nearest

CONFIG_NAMES = (".winlint.yaml", ".winlint.yml", "pyproject.toml")
FAIL_LEVELS = ("info", "warning", "error", "never")
QUOTED = ("skip", "include")
MODEL = ("on", "off")
DEFAULTS: dict = {
    "select": [],          # empty: every active rule
    "ignore": [],
    "level": {},
    "rules": [],
    "exclude": [],
    "fail-level": "warning",
    "quoted": "skip",
    "model": "off",
    "model-threshold": None,   # None: the threshold chosen when the model was trained
}
KEYS = tuple(DEFAULTS)
DEFAULT_SOURCE = "default"
CLI_SOURCE = "command line"
TOOL_TABLE_RE = re.compile(rb"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*winlint[ \t]*[\].]", re.M)
TOML_ERROR_LINE_RE = re.compile(r"at line (\d+)")


# --- the configuration object -------------------------------------------------------------------

@dataclass
class Config:
    """Validated settings, each with where it came from (`default`, `path:line`, `command line`)."""
    path: str | None = None                       # the config file; None: defaults only
    values: dict = field(default_factory=lambda: {k: _copy(v) for k, v in DEFAULTS.items()})
    sources: dict = field(default_factory=lambda: dict.fromkeys(DEFAULTS, DEFAULT_SOURCE))
    lines: dict = field(default_factory=dict)     # key (and "level.KEY") -> line in the file
    file_values: dict = field(default_factory=dict)   # what the file itself set, for blaming
    _exclude_res: list = field(default_factory=list, repr=False)

    # convenient names for the values
    select = property(lambda self: self.values["select"])
    ignore = property(lambda self: self.values["ignore"])
    level = property(lambda self: self.values["level"])
    rules = property(lambda self: self.values["rules"])
    exclude = property(lambda self: self.values["exclude"])
    fail_level = property(lambda self: self.values["fail-level"])
    quoted = property(lambda self: self.values["quoted"])
    model = property(lambda self: self.values["model"])   # on|off, for the learned stage
    model_threshold = property(lambda self: self.values["model-threshold"])   # a number in [0, 1] or None

    @property
    def base(self) -> str:
        """The folder that relative `rules` and `exclude` entries are relative to."""
        return os.path.dirname(os.path.abspath(self.path)) if self.path else os.getcwd()

    def key(self) -> str:
        return self.path or "<defaults>"

    def override(self, *, select=None, ignore=(), rules=(), fail_level=None, quoted=None) -> "Config":
        """A copy with command-line values applied: `select` replaces, `ignore`/`rules` add."""
        out = Config(self.path, {k: _copy(v) for k, v in self.values.items()}, dict(self.sources),
                     dict(self.lines), self.file_values, self._exclude_res)
        if select:
            out._set("select", list(select), CLI_SOURCE)
        if ignore:
            out._add("ignore", list(ignore))
        if rules:
            out._add("rules", [os.path.abspath(r) for r in rules])
        if fail_level:
            out._set("fail-level", fail_level, CLI_SOURCE)
        if quoted:
            out._set("quoted", quoted, CLI_SOURCE)
        return out

    def _set(self, key, value, source):
        self.values[key] = value
        self.sources[key] = source

    def _add(self, key, extra):
        self.values[key] = self.values[key] + [v for v in extra if v not in self.values[key]]
        src = self.sources[key]
        self.sources[key] = CLI_SOURCE if src == DEFAULT_SOURCE else f"{src}, {CLI_SOURCE}"

    def where(self, key: str, value=None) -> tuple[str | None, int | None, str]:
        """(path, line, key) to blame for a bad `value` of `key`: the file when it has that value, else
        the command line (path None, key `--select`)."""
        top = key.split(".")[0]
        from_file = self.file_values.get(top)
        if from_file is not None and (value is None or value in from_file):
            return self.path, self.lines.get(key) or self.lines.get(top), key
        return None, None, f"--{top}"

    # -- exclude ----------------------------------------------------------------------------------
    def excludes(self, path: str) -> bool:
        """Does an `exclude` glob match `path` (a file)? Patterns are relative to the config's folder."""
        if not self.exclude or path == "-":
            return False
        if not self._exclude_res:
            self._exclude_res[:] = [_compile_glob(p) for p in self.exclude]
        rel = os.path.relpath(os.path.abspath(path), self.base)
        if rel == os.curdir or rel.split(os.sep)[0] == os.pardir:
            return False          # outside the config's folder (only with --config)
        parts = rel.split(os.sep)
        return any(_glob_matches(g, parts) for g in self._exclude_res)

    # -- names against the loaded rules ----------------------------------------------------------
    def check_names(self, pack) -> None:
        """Every `select`/`ignore` entry must name a rule or category; `level` keys a rule or category."""
        check_names(pack, self.values["select"], self.values["ignore"], self.level, self.where)

    # -- showing ----------------------------------------------------------------------------------
    def describe(self) -> list[str]:
        """`key = value  # source` lines (values as JSON), for `winlint config`."""
        head = f"# config file: {self.path}" if self.path else "# config file: none found (defaults)"
        return [head] + [f"{k} = {json.dumps(self.values[k], ensure_ascii=False)}  # {self.sources[k]}"
                         for k in KEYS]

    def to_json(self) -> dict:
        return {"config": self.path,
                "settings": {k: {"value": self.values[k], "source": self.sources[k]} for k in KEYS}}


def check_names(pack, select, ignore, level, where) -> None:
    """Names in select/ignore (rules, code prefixes, categories) and level keys against a rule pack;
    `where(key, value)` gives the (path, line, key) to blame, as `Config.where` does."""
    from .selection import matches_any

    choices = [r.code for r in pack.rules] + [r.name for r in pack.rules] + list(CATEGORIES)
    for key, values in (("select", select), ("ignore", ignore)):
        for value in values:
            if value in CATEGORIES or any(matches_any(r, [value]) for r in pack.rules):
                continue
            path, line, where_key = where(key, value)
            raise WinlintError(
                f"{value!r} names no rule or category{nearest(value, choices)}; use a code (WW101), "
                f"a code prefix (WW1), a rule name or a category", path=path, line=line, key=where_key)
    names = {k for r in pack.rules for k in (r.code, r.name, *r.aliases)} | set(CATEGORIES)
    for name in level:
        if name not in names:
            path, line, where_key = where(f"level.{name}", None)
            hint = nearest(name, choices)
            if any(matches_any(r, [name]) for r in pack.rules):
                hint = " (code prefixes work in select and ignore, not in level)"
            raise WinlintError(f"{name!r} is not a rule code, rule name or category{hint}",
                               path=path, line=line, key=where_key)


def _copy(value):
    return list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value


# --- discovery ----------------------------------------------------------------------------------

class Resolver:
    """The config for each input: `--config PATH` for all, or the nearest config file, cached."""

    def __init__(self, explicit: str | None = None):
        self._folders: dict[str, str | None] = {}    # folder -> config file that applies (or None)
        self._configs: dict[str | None, Config] = {}
        self.explicit = None
        if explicit:
            if not os.path.isfile(explicit):
                raise WinlintError("config file not found" if not os.path.exists(explicit) else "not a file",
                                   path=explicit, key="--config")
            self.explicit = os.path.abspath(explicit)
            self._configs[self.explicit] = load(self.explicit, explicit=True)

    def for_path(self, path: str) -> Config:
        """The config of a file (its folder is where the walk starts)."""
        return self.for_folder(os.path.dirname(os.path.abspath(path)))

    def for_stdin(self, stdin_filename: str | None = None) -> Config:
        """stdin: from the folder of --stdin-filename when given, else from the working directory."""
        return self.for_path(stdin_filename) if stdin_filename else self.for_folder(os.getcwd())

    def for_folder(self, folder: str) -> Config:
        found = self.explicit or self.find(folder)
        if found not in self._configs:
            try:
                self._configs[found] = load(found) if found else Config()
            except WinlintError as err:     # remembered: every file under it gets the same error
                self._configs[found] = err
        config = self._configs[found]
        if isinstance(config, WinlintError):
            raise config
        return config

    def find(self, folder: str) -> str | None:
        """The nearest config file at or above `folder` (stat calls only, cached per folder)."""
        walked = []
        current = os.path.abspath(folder)
        while True:
            if current in self._folders:
                found = self._folders[current]
                break
            walked.append(current)
            found = config_in(current)
            if found:
                break
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
        for f in walked:
            self._folders[f] = found
        return found


def config_in(folder: str) -> str | None:
    for name in CONFIG_NAMES:
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        if name != "pyproject.toml" or _has_tool_table(path):
            return path
    return None


def _has_tool_table(path: str) -> bool:
    """Does this pyproject.toml configure winlint? Parsed whenever it mentions winlint at all: the
    table can also be written `tool.winlint.select = [...]` or `tool = {winlint = {...}}`, and a
    `[tool.winlint]` line inside a multi-line string is no table."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return False      # an unreadable pyproject.toml somewhere above is not ours to judge
    if b"winlint" not in data:
        return False
    import tomllib

    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        # broken TOML: ours when it has a [tool.winlint] header, so that loading it reports the error
        return TOOL_TABLE_RE.search(data) is not None
    tool = doc.get("tool")
    return isinstance(tool, dict) and "winlint" in tool


# --- loading and validation ----------------------------------------------------------------------

def load(path: str, *, explicit: bool = False) -> Config:
    """Read and validate one config file."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except UnicodeDecodeError as err:
        raise WinlintError(f"not UTF-8 (byte {err.start})", path=path) from None
    except OSError as err:
        raise WinlintError(f"cannot read: {err.strerror or err}", path=path) from None
    name = os.path.basename(path)
    try:
        if name.endswith(".toml"):
            data, lines = _load_toml(text, path, explicit)
        elif name.endswith((".yaml", ".yml")):
            data, lines = _load_yaml(text, path)
        else:
            raise WinlintError("expected a .winlint.yaml, .winlint.yml or pyproject.toml file", path=path,
                               key="--config")
        return validate(data, path, lines)
    except RecursionError:     # `select: [[[[…]]]]` thousands deep: the parsers recurse per level
        raise WinlintError("values nested too deeply to read", path=path) from None


def _load_yaml(text: str, path: str) -> tuple[dict, dict]:
    from .loader import _yaml_load

    data = _yaml_load(text, path)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise WinlintError("a config file must be a mapping of keys to values", path=path, line=1)
    lines = dict(getattr(data, "lines", {}))
    level = data.get("level")
    if isinstance(level, dict):
        lines.update({f"level.{k}": n for k, n in getattr(level, "lines", {}).items()})
    return data, lines


def _load_toml(text: str, path: str, explicit: bool) -> tuple[dict, dict]:
    import tomllib

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = TOML_ERROR_LINE_RE.search(str(err))
        line = int(m.group(1)) if m else (text.count("\n") + (not text.endswith("\n")) or None)
        message = re.sub(r"\s*\(at [^)]*\)", "", str(err))
        raise WinlintError(f"invalid TOML: {message}", path=path, line=line) from None
    tool = doc.get("tool")
    table = tool.get("winlint") if isinstance(tool, dict) else None
    if table is None:
        if explicit:
            raise WinlintError("no [tool.winlint] table", path=path, key="--config")
        return {}, {}
    if not isinstance(table, dict):
        raise WinlintError("tool.winlint must be a table", path=path, line=_toml_lines(text).get(""))
    return table, _toml_lines(text)


TOML_HEADER_RE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
TOML_DOTTED_RE = {"": re.compile(r"""^\s*["']?tool["']?\s*\.\s*["']?winlint["']?\s*\.(?=\s*["'A-Za-z0-9_-])"""),
                  "tool": re.compile(r"""^\s*["']?winlint["']?\s*\.(?=\s*["'A-Za-z0-9_-])""")}
TOML_KEY_RE = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*)?=""")


def _toml_lines(text: str) -> dict:
    """Lines of the keys of [tool.winlint] (and of [tool.winlint.level] / `level.X`), by a simple scan."""
    lines: dict = {}
    table = None          # None: outside; "": [tool.winlint]; "level": [tool.winlint.level]
    section = ""          # the current table's name ("": the top level)
    for n, line in enumerate(text.splitlines(), 1):
        header = TOML_HEADER_RE.match(line)
        if header and not line.lstrip().startswith("[["):
            name = re.sub(r"\s*\.\s*", ".", header.group(1)).replace('"', "").replace("'", "")
            section = name
            if name == "tool.winlint":
                table = ""
                lines.setdefault("", n)
            elif name.startswith("tool.winlint."):
                table = name[len("tool.winlint."):]
                lines.setdefault(table, n)
            else:
                table = None
            continue
        key_table = table
        if table is None:     # dotted keys: `tool.winlint.select = …` on top, `winlint.select = …` in [tool]
            dotted = TOML_DOTTED_RE.get(section)
            m = dotted.match(line) if dotted else None
            if not m:
                continue
            lines.setdefault("", n)
            line, key_table = line[m.end():], ""
        m = TOML_KEY_RE.match(line)
        if not m:
            continue
        first = m.group(1).strip("\"'")
        second = m.group(2).strip("\"'") if m.group(2) else None
        if key_table == "":
            lines.setdefault(first, n)
            if second:
                lines.setdefault(f"{first}.{second}", n)
            elif first == "level":        # an inline table: level = { WW101 = "error" }
                for k in re.findall(r"""["']?([A-Za-z0-9_-]+)["']?\s*=""", line.split("=", 1)[1]):
                    lines.setdefault(f"level.{k}", n)
        else:
            lines.setdefault(f"{key_table}.{first}", n)
    return lines


def validate(data: dict, path: str, lines: dict) -> Config:
    """Check every key and value of a config file's mapping; relative paths become absolute."""
    cfg = Config(path=path, lines=lines)

    def fail(key, message, line_key=None):
        raise WinlintError(message, path=path, line=lines.get(line_key or key) or lines.get(key), key=key)

    for key in data:
        if key not in DEFAULTS:
            fail(str(key), f"unknown key{nearest(str(key), KEYS)}; valid keys: {', '.join(KEYS)}")
    base = cfg.base
    for key, value in data.items():
        if key in ("select", "ignore", "rules", "exclude"):
            if isinstance(value, str):
                fail(key, f"expected a list of strings, found a string; write [{value}]"
                     if key in ("select", "ignore") else "expected a list of strings, found a string")
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                fail(key, f"expected a list of non-empty strings, found {_describe(value)}")
            value = [v.strip() for v in value]
        if key == "rules":
            folders = []
            for entry in value:
                folder = os.path.normpath(os.path.join(base, os.path.expanduser(entry)))
                if not os.path.isdir(folder):
                    fail(key, f"rule folder {entry!r} not found (looked for {folder})")
                # a repository's config may not make winlint read (and echo) files outside it
                real, tree = os.path.realpath(folder), os.path.realpath(base)
                if os.path.commonpath([real, tree]) != tree:
                    fail(key, f"rule folder {entry!r} is outside the config file's folder {tree}; "
                              f"name it on the command line (--rules) instead")
                folders.append(folder)
            value = folders
        elif key == "exclude":
            for pattern in value:
                try:
                    _compile_glob(pattern)
                except re.error as err:
                    fail(key, f"bad glob pattern {pattern!r}: {err}")
        elif key == "level":
            if not isinstance(value, dict):
                fail(key, f"expected a mapping of rule code, name or category to a level, found {_describe(value)}")
            for name, level in value.items():
                if not isinstance(level, str) or level not in LEVELS:
                    fail(f"level.{name}", f"expected one of {', '.join(LEVELS)}, found {_show(level)}"
                         + (nearest(level, LEVELS) if isinstance(level, str) else ""), f"level.{name}")
            value = {str(k): v for k, v in value.items()}
        elif key == "model-threshold":
            # a number, as --model-threshold takes (YAML and TOML read 0.9 and 1 as numbers, not text)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                found = {list: "a list", dict: "a mapping"}.get(type(value)) or _show(value)
                if isinstance(value, str) and re.fullmatch(r"\s*[0-9.]+\s*", value):
                    found += f"; write {value.strip()} without quotes"
                fail(key, f"expected a number from 0 to 1 (a WW900 score), found {found}")
            value = float(value)
        elif key in ("fail-level", "quoted", "model"):
            choices = {"fail-level": FAIL_LEVELS, "quoted": QUOTED, "model": MODEL}[key]
            if key == "model" and isinstance(value, bool):
                value = "on" if value else "off"
            if not isinstance(value, str) or value not in choices:
                fail(key, f"expected one of {', '.join(choices)}, found {_show(value)}"
                     + (nearest(value, choices) if isinstance(value, str) else ""))
        cfg.values[key] = value
        cfg.file_values[key] = _copy(value)
        cfg.sources[key] = f"{path}:{lines[key]}" if lines.get(key) else path
    return cfg


def _describe(value) -> str:
    names = {str: "a string", list: "a list", dict: "a mapping", bool: "a boolean", int: "a number",
             float: "a number", type(None): "nothing"}
    if isinstance(value, list):
        bad = next((v for v in value if not isinstance(v, str) or not v.strip()), None)
        return f"an item that is {names.get(type(bad), type(bad).__name__)}" + (
            f" ({_show(bad)})" if bad is not None and not isinstance(bad, (list, dict)) else "")
    return names.get(type(value), type(value).__name__)


def _show(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else _describe(value) if isinstance(value, (list, dict)) \
        else str(value)


# --- exclude globs ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Glob:
    tokens: tuple      # (kind, data): lit, one (?), class ([a-z]), star (*), any (**), dirs (**/)
    anchored: bool     # contains a "/": matched against the path from the config's folder
    dir_only: bool     # ends with "/": matches folders only

    def accepts(self, text: str, at_slash: bool = False) -> bool:
        """Does the glob match `text` (with `at_slash`: some prefix of it that ends before a "/")?

        A set of states walks the text once (no backtracking), so a contributor's
        `*********b` or `**/**/**/…/z` costs text length x pattern length, never exponential."""
        n = len(self.tokens)
        states = self._closure({0})
        for c in text:
            if at_slash and c == "/" and 2 * n in states:
                return True
            states = self._closure(self._step(states, c))
            if not states:
                return False
        return 2 * n in states

    def _closure(self, states: set) -> set:
        # state 2*i: before token i; 2*i+1: inside the `.*` of a `**/` at token i
        out, todo = set(states), list(states)
        while todo:
            st = todo.pop()
            i = st // 2
            if st % 2 == 0 and i < len(self.tokens) and self.tokens[i][0] in ("star", "any", "dirs"):
                if 2 * i + 2 not in out:
                    out.add(2 * i + 2)
                    todo.append(2 * i + 2)
        return out

    def _step(self, states: set, c: str) -> set:
        out = set()
        for st in states:
            i = st // 2
            if st % 2:                          # inside `**/`: any character, "/" may end it
                out.add(st)
                if c == "/":
                    out.add(2 * i + 2)
                continue
            if i == len(self.tokens):
                continue
            kind, data = self.tokens[i]
            if kind == "lit":
                if c == data:
                    out.add(st + 2)
            elif kind == "one":
                if c != "/":
                    out.add(st + 2)
            elif kind == "class":
                if c != "/" and data.match(c):
                    out.add(st + 2)
            elif kind == "star":
                if c != "/":
                    out.add(st)
            elif kind == "any":
                out.add(st)
            else:                               # dirs
                out.add(st + 1)
                if c == "/":
                    out.add(st + 2)
        return out


def _compile_glob(pattern: str) -> _Glob:
    """gitignore-like globs: `*` and `?` stay inside one path part, `**` crosses parts, `[a-z]` classes.

    A pattern without `/` matches any file or folder name at any depth (`drafts`, `*.eml`); one with
    a `/` is anchored at the config's folder (`docs/archive/**`, `/notes.md`); a trailing `/`
    matches folders only. Matching a folder excludes everything inside it. A run of stars is one
    token, and `**/**/` is one `**/`.
    """
    p = pattern.strip().replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    dir_only = p.endswith("/")
    p = p.rstrip("/")
    anchored = "/" in p
    p = p.lstrip("/")
    out: list = []
    i, n = 0, len(p)
    while i < n:
        if p.startswith("**", i):
            run = len(p) - i - len(p[i:].lstrip("*"))
            i += run
            if p.startswith("/", i) and run % 2 == 0:   # `**/` (`****/` is `.*(.*/)?`: `.*`)
                token = ("dirs", None) if run == 2 else ("any", None)
                i += 1
            else:                                        # `**`, `***` (`.*[^/]*`): `.*`
                token = ("any", None)
        elif p[i] == "*":
            token = ("star", None)
            i += 1
        elif p[i] == "?":
            token = ("one", None)
            i += 1
        elif p[i] == "[" and "]" in p[i + 2:]:
            j = p.index("]", i + 2)
            body = p[i + 1:j]
            token = ("class", re.compile(
                "[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]"))
            i = j + 1
        else:
            token = ("lit", p[i])
            i += 1
        if out and token[0] in ("dirs", "any") and out[-1][0] in ("dirs", "any"):
            out[-1] = ("any", None) if "any" in (token[0], out[-1][0]) else token    # `.*` absorbs `(.*/)?`
            continue
        out.append(token)
    return _Glob(tuple(out), anchored, dir_only)


def _glob_matches(glob: _Glob, parts: list[str]) -> bool:
    last = len(parts) - 1 if glob.dir_only else len(parts)   # the final part is the file itself
    if last < 1:
        return False
    if glob.anchored:        # the path from the config's folder to any of the folders, or the file
        return glob.accepts("/".join(parts[:last]), at_slash=True)
    return any(glob.accepts(parts[k]) for k in range(last))


# --- `winlint config` ---------------------------------------------------------------------------

def effective(path: str = ".", *, config_path: str | None = None, select=(), ignore=(), rules=(),
              fail_level: str | None = None, quoted: str | None = None) -> Config:
    """The configuration `winlint check` would use for `path` (a file or folder), names checked."""
    from pathlib import Path

    from . import loader

    folder = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
    config = Resolver(config_path).for_folder(folder).override(
        select=select, ignore=ignore, rules=rules, fail_level=fail_level, quoted=quoted)
    config.check_names(loader.load([loader.builtin_rules_dir(), *map(Path, config.rules)]))
    return config
