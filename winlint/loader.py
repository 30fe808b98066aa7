"""Load rule folders into a RulePack: YAML -> validated Rule objects -> compiled patterns.

Loading is paid once: the compiled pack is saved as plain data (JSON with a version and a
checksum, see "cache" below) in a private cache folder, keyed by the rule files' paths, sizes and
modification times and by the winlint and spaCy versions, so a normal start reads one file and no
YAML.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
import time
from dataclasses import dataclass, field, fields
from pathlib import Path

from . import gate, reframe, regexguard
from .compiler import Compiled, PatternError, compile_pattern
from .errors import WinlintError
from .chunker import Rules, rules_of
from .prefilter import Index, build_index
from .schema import MODEL_PLACEHOLDERS, Example, Rule, check_fields, check_values, make_examples

LISTS_FILE = "lists.yaml"
STANCE_FILE = "stance.yaml"     # context cues (winlint/stance), not a rule
CACHE_VERSION = "11"
# the modules whose code shapes a compiled pack: editing one invalidates the cache
COMPILE_CODE = ("loader.py", "compiler.py", "schema.py", "gate.py", "chunker.py", "prefilter.py",
                "reframe/inflect.py", "reframe/templates.py", "regexguard.py")
CACHE_KEEP = 16          # compiled packs kept; the least recently used beyond that are deleted
MAX_RULE_FILE = 1 << 20  # bytes per rule or list file
BOOL_HINT = ' (quote yes/no/on/off: YAML reads them as true/false)'


def builtin_rules_dir() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "rules"            # inside an installed wheel
    return packaged if packaged.is_dir() else here.parent / "rules"


@dataclass
class RulePack:
    rules: list[Rule]
    patterns: dict[str, list[Compiled]]         # code -> compiled patterns
    unless: dict[str, list[Compiled]]           # code -> compiled exception patterns
    splits: dict[str, tuple[str, ...]] = field(default_factory=dict)  # tokenizer special cases, for the pre-filter
    alphabet: dict[str, str] = field(default_factory=dict)  # word -> character, for the gates (gate.py)
    index: object = None                                  # prefilter.Index over every rule, cached
    tokenizer: object = None                              # chunker.Rules: spaCy's tokenizer as data

    def by_code(self) -> dict[str, Rule]:
        return {r.code: r for r in self.rules}

    def lookup(self, key: str) -> Rule | None:
        key_l = key.lower()
        for rule in self.rules:
            if rule.code.lower() == key_l or rule.name == key_l or key_l in (a.lower() for a in rule.aliases):
                return rule
        return None

    def subset(self, codes) -> "RulePack":
        codes = set(codes)
        return RulePack([r for r in self.rules if r.code in codes],
                        {c: p for c, p in self.patterns.items() if c in codes},
                        {c: p for c, p in self.unless.items() if c in codes}, self.splits, self.alphabet,
                        None, self.tokenizer)


# --- YAML with line numbers -------------------------------------------------

class _LineDict(dict):
    lines: dict


def _yaml_load(text: str, path: str):
    import yaml  # only on a cache miss

    class Loader(yaml.SafeLoader):
        """YAML 1.2 booleans: only true/false. Rules are full of words like on, no and yes."""

    Loader.yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                 list("tTfF"))

    def construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        out = _LineDict()
        out.lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise WinlintError("a mapping key must be a plain value", path=path,
                                   line=key_node.start_mark.line + 1) from None
            if key in out:
                raise WinlintError("duplicate key", path=path, line=key_node.start_mark.line + 1, key=str(key))
            out[key] = loader.construct_object(value_node, deep=True)
            out.lines[key] = key_node.start_mark.line + 1
        return out

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    try:
        return yaml.load(text, Loader=Loader)  # a SafeLoader subclass: no Python objects
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise WinlintError(f"invalid YAML: {err.problem or err}", path=path, line=line) from None
    except yaml.reader.ReaderError as err:   # a NUL or other control character: one line, with its line
        line = text.count("\n", 0, err.position) + 1
        raise WinlintError(f"invalid YAML: unacceptable character {chr(err.character)!r} ({err.reason})",
                           path=path, line=line) from None
    except yaml.YAMLError as err:
        raise WinlintError(f"invalid YAML: {' '.join(str(err).split())}", path=path) from None


def _read(path: Path) -> str:
    """A rule or list file's text. Only a regular file (after following symlinks) of at most
    MAX_RULE_FILE bytes: a FIFO, a device such as /dev/zero or a broken link is an error naming it."""
    where = str(path)
    try:   # O_NONBLOCK: opening a FIFO must not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise WinlintError("cannot read: " + ("broken symbolic link" if path.is_symlink() else "no such file"),
                           path=where) from None
    except OSError as err:
        raise WinlintError(f"cannot read: {err.strerror}", path=where) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise WinlintError("not a regular file (a rule file must be a plain YAML file)", path=where)
        if st.st_size > MAX_RULE_FILE:
            raise WinlintError(f"larger than {MAX_RULE_FILE >> 20} MB; split it", path=where)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_RULE_FILE + 1)
    except OSError as err:
        raise WinlintError(f"cannot read: {err.strerror}", path=where) from None
    finally:
        os.close(fd)
    if len(data) > MAX_RULE_FILE:
        raise WinlintError(f"larger than {MAX_RULE_FILE >> 20} MB; split it", path=where)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise WinlintError(f"not UTF-8 (byte {err.start})", path=where) from None


def _load_lists(folder: Path, lists: dict, shapes: dict) -> None:
    """Every `lists.yaml` in the folder: `lists` (name -> words) and `shapes` (name -> token sequences)."""
    for path in sorted(folder.rglob(LISTS_FILE)):
        _load_list_file(path, lists, shapes)


def _load_list_file(path: Path, lists: dict, shapes: dict) -> None:
    where = str(path)
    data = _yaml_load(_read(path), where) or {}
    if not isinstance(data, dict) or set(data) - {"lists", "shapes"}:
        raise WinlintError("expected a mapping with the keys lists and shapes", path=where, line=1)
    for name, words in (data.get("lists") or {}).items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise WinlintError("expected a list of words" + BOOL_HINT * any(isinstance(w, bool) for w in words or []), path=where, line=data["lists"].lines.get(name),
                               key=f"lists.{name}")
        if name in lists:
            raise WinlintError("word list defined twice (names are shared by all rule folders)",
                               path=where, line=data["lists"].lines.get(name), key=f"lists.{name}")
        lists[name] = [w.lower() for w in words]
    for name, alts in (data.get("shapes") or {}).items():
        line = data["shapes"].lines.get(name)
        if not isinstance(alts, list) or not all(isinstance(a, list) and a and all(isinstance(t, dict) for t in a)
                                                 for a in alts):
            raise WinlintError("a shape is a list of token sequences (lists of token mappings)",
                               path=where, line=line, key=f"shapes.{name}")
        for alt in alts:
            for t in alt:
                if "SHAPE" in t:
                    raise WinlintError("shapes cannot contain other shapes", path=where, line=line,
                                       key=f"shapes.{name}")
        if name in shapes:
            raise WinlintError("shape defined twice (names are shared by all rule folders)",
                               path=where, line=line, key=f"shapes.{name}")
        shapes[name] = alts


def rule_files(folders: list[Path]) -> list[Path]:
    files = []
    for folder in folders:
        if not folder.is_dir():
            raise WinlintError("rule folder not found", path=str(folder))
        files.extend(sorted(p for p in folder.rglob("*.yaml") if p.name not in (LISTS_FILE, STANCE_FILE)))
        files.extend(sorted(p for p in folder.rglob("*.yml")))
    return files


# --- building ---------------------------------------------------------------

def _tokenizer():
    import spacy
    return spacy.blank("en").tokenizer


def _splits(specials: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Letter runs the tokenizer splits by special case (cannot -> can not), for the pre-filter."""
    runs = re.compile(r"[a-z]+")
    out: dict[str, set] = {}
    for key, pieces in specials.items():
        low = key.lower()
        texts = [p.lower() for p in pieces]
        if len(texts) < 2:
            continue
        for run in runs.findall(low):
            extra = {t for t in texts if runs.fullmatch(t) and t != run}
            if extra:
                out.setdefault(run, set()).update(extra)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def build_rule(path: Path, text: str, lists: dict, shapes: dict, tokenize, validate) -> tuple[Rule, list[Compiled], list[Compiled]]:
    where = str(path)
    data = _yaml_load(text, where)
    lines = getattr(data, "lines", {})
    check_fields(data, where, lines)
    check_values(data, where, lines, path.stem)

    def fail(key, msg):
        raise WinlintError(msg, path=where, line=lines.get(key), key=key)

    def compile_all(key):
        out = []
        for i, pattern in enumerate(data.get(key, [])):
            try:
                compiled = compile_pattern(pattern, lists, tokenize, f"{key} -> {i}", shapes)
            except PatternError as err:
                fail(key, str(err))
            for c in compiled:
                problems = validate(c.tokens) if c.kind == "tokens" else []
                if problems:
                    fail(key, f"invalid token pattern {i}: {problems[0]}")
            out.append(compiled)
        return out

    grouped = compile_all("patterns")
    patterns = [c for group in grouped for c in group]
    unless = [c for group in compile_all("unless") for c in group]
    captured = {"match"} | (MODEL_PLACEHOLDERS if data.get("kind") == "model" else set())
    for c in patterns:
        captured |= {name for name in c.captures if name}
    rewrites = data.get("rewrites", [])
    for template in data["suggestions"] + rewrites + [data["message"]]:
        key = "message" if template is data["message"] else "suggestions" if template in data["suggestions"] else "rewrites"
        try:
            used = reframe.names(template)
        except reframe.TemplateError as err:
            fail(key, str(err))
        missing = used - captured - (reframe.SLOTS if key != "message" else set())
        if missing:
            fail(key, f"placeholder {{{sorted(missing)[0]}}} is not captured by any pattern "
                      f"(captured: {', '.join(sorted(captured))})")
    for i, group in enumerate(grouped):
        have = {"match"} | set.intersection(*({n for n in c.captures if n} for c in group))
        if not any(reframe.names(t) <= have for t in data["suggestions"]):
            fail("suggestions", f"no suggestion can be filled from pattern {i} (it captures "
                                f"{', '.join(sorted(have))}); add a template that uses only those")
    model_kind = data.get("kind") == "model"
    if "{" in data["message"] and reframe.names(data["message"]) - {"match"} - (MODEL_PLACEHOLDERS if model_kind else set()):
        fail("message", "the message may only use {match}" + ", {category}, {score}, {words}" * model_kind)
    rule = Rule(
        code=data["code"], name=data["name"], category=data["category"], level=data["level"],
        step=data["step"], message=data["message"].strip(), why=" ".join(data["why"].split()),
        patterns=data.get("patterns", []), suggestions=data["suggestions"], rewrites=rewrites,
        bad=make_examples(data["examples"]["bad"]), good=make_examples(data["examples"]["good"]),
        unless=data.get("unless", []), negatable=data.get("negatable", True),
        aliases=data.get("aliases", []), status=data.get("status", "active"), kind=data.get("kind", "patterns"),
        path=where, lines=dict(lines),
    )
    return rule, patterns, unless


def build(folders: list[Path]) -> RulePack:
    from spacy.schemas import validate_token_pattern

    tokenizer = _tokenizer()

    def tokenize(phrase):
        return [t.text for t in tokenizer(phrase)]

    lists: dict = {}
    shapes: dict = {}
    for folder in folders:
        _load_lists(folder, lists, shapes)
    rules, patterns, unless = [], {}, {}
    seen: dict[str, str] = {}
    seen_names: dict[str, str] = {}
    for path in rule_files(folders):
        rule, pats, exc = build_rule(path, _read(path), lists, shapes, tokenize, validate_token_pattern)
        if rule.code in seen:
            raise WinlintError(f"duplicate code {rule.code}, also used in {seen[rule.code]}",
                               path=str(path), line=rule.lines.get("code"), key="code")
        if rule.name in seen_names:
            raise WinlintError(f"duplicate name {rule.name}, also used in {seen_names[rule.name]}",
                               path=str(path), line=rule.lines.get("name"), key="name")
        seen[rule.code] = str(path)
        seen_names[rule.name] = str(path)
        rules.append(rule)
        patterns[rule.code] = pats
        unless[rule.code] = exc
    rules.sort(key=lambda r: r.code)
    # a phrase is matched on LOWER, token by token: for its gate it is the token pattern of its words
    specs = [(c, c.tokens if c.kind == "tokens" else [{"LOWER": w.lower()} for w in tokenize(c.phrase)])
             for pats in patterns.values() for c in pats]
    chars = gate.alphabet(tokens for _, tokens in specs)
    for c, tokens in specs:
        c.gate = gate.pattern_regex(tokens, chars)
        if c.kind == "tokens":   # equal patterns, equal keys (a digest: it names a Matcher label)
            c.key = "t" + hashlib.sha256(json.dumps([c.tokens, c.captures], sort_keys=True).encode()).hexdigest()[:32]
    _share([c for pats in (*patterns.values(), *unless.values()) for c in pats])
    rules_of_tokenizer = rules_of(tokenizer)
    return RulePack(rules, patterns, unless, _splits(rules_of_tokenizer.specials), chars,
                    build_index(patterns), rules_of_tokenizer)


def _share(compiled: list[Compiled]) -> None:
    """Make equal parts of compiled patterns one object (word lists expanded from the same $list or
    SHAPE recur in hundreds of patterns): a built pack takes a third of the memory."""
    memo: dict = {}

    def one(o):
        if isinstance(o, str):
            return memo.setdefault(o, o)
        if isinstance(o, list):
            o = [one(x) for x in o]
            return memo.setdefault(("list", json.dumps(o, sort_keys=True)), o)
        if isinstance(o, dict):
            o = {one(k): one(v) for k, v in o.items()}
            return memo.setdefault(("dict", json.dumps(o, sort_keys=True)), o)
        if isinstance(o, (tuple, frozenset)):
            o = type(o)(one(x) for x in o)
            return memo.setdefault(o, o)
        return o

    for c in compiled:
        for name in ("tokens", "captures", "anchors", "requires", "key"):
            setattr(c, name, one(getattr(c, name)))


# --- cache ------------------------------------------------------------------
#
# A cache file is one header line, `winlint-rules <CACHE_VERSION> <sha256 of the payload> <length>`,
# then the payload: the pack as JSON (plain data: reading it can never run code, unlike a pickle).
# Anything that is not exactly such a file, or does not decode into a pack of the right shape, is
# discarded and rebuilt. The folder must be private: one another user can write to is not used.

CACHE_MAGIC = b"winlint-rules"
CACHE_SUFFIX = ".cache"
CACHE_MAX = 256 << 20        # bytes; a bigger file is not a cache winlint wrote
STALE_TMP = 600              # seconds; a temporary file this old belongs to a killed build
_told: set = set()           # notices already printed by this process


def cache_dir() -> Path:
    env = os.environ.get("WINLINT_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "winlint"


def _notice(message: str) -> None:
    if message not in _told:
        _told.add(message)
        print(f"winlint: {message}", file=sys.stderr)


def _private(st) -> bool:
    """Owned by this user and writable by no one else."""
    return st.st_uid == os.geteuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _cache_folder() -> Path | None:
    """The cache folder, made private if new; None when it cannot or must not be used."""
    folder = cache_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(folder)
    except OSError:
        return None            # a read-only home, a path under a file: run uncached, silently
    if not stat.S_ISDIR(st.st_mode):
        return None
    if not _private(st):
        _notice(f"cache folder {folder} is writable by other users or not yours; running without the "
                f"compiled-rule cache (make it private: chmod 700, or set WINLINT_CACHE_DIR)")
        return None
    return folder


def _cache_key(folders: list[Path]) -> str:
    """Changes with the rule files, the code that compiles them, the installed spaCy (whose
    tokenizer splits phrases), and whether regexes could be probed (regexguard: only in the main
    thread): stats only, no package metadata, since start-up pays for this."""
    from importlib.util import find_spec

    h = hashlib.sha256(f"{CACHE_VERSION}:probe={regexguard.can_probe()}\n".encode())
    here = Path(__file__).resolve().parent
    spec = find_spec("spacy")
    spacy_dir = (spec.submodule_search_locations or [""])[0] if spec else ""
    paths = [*(here / n for n in COMPILE_CODE), Path(spacy_dir) / "about.py"]
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            paths.extend(Path(root, name) for name in sorted(files) if name.endswith((".yaml", ".yml")))
    for path in paths:
        try:
            st = os.stat(path)
            h.update(f"{path}:{st.st_size}:{st.st_mtime_ns}\n".encode())
        except (OSError, ValueError):     # a broken link: the build reports it
            h.update(f"{path}:-\n".encode())
    return h.hexdigest()[:32]


def load(folders: list[Path] | None = None, *, use_cache: bool = True) -> RulePack:
    """The rule pack from `folders` (default: the built-in rules), cached."""
    folders = [Path(f).resolve() for f in (folders or [builtin_rules_dir()])]
    for folder in folders:
        if not folder.is_dir():
            raise WinlintError("rule folder not found", path=str(folder))
    folder = None if not use_cache or os.environ.get("WINLINT_NO_CACHE") else _cache_folder()
    if folder is None:
        return build(folders)
    path = folder / f"rules-{_cache_key(folders)}{CACHE_SUFFIX}"
    pack = _read_cache(path)
    if pack is not None:
        _touch(path)
        return pack
    pack = build(folders)
    data = _serialize(pack)
    if data is not None:
        _write_cache(path, data)
        _prune(folder)
    return pack


def _read_cache(path: Path) -> RulePack | None:
    """The pack in a cache file, or None when it is missing, damaged, foreign or not private."""
    try:   # never through a symlink; O_NONBLOCK: a FIFO planted there cannot block the open
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > CACHE_MAX:
            return None
        if not _private(st):
            _notice(f"cache file {path} is writable by other users or not yours; not used")
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(CACHE_MAX + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        return _decode(_payload(data))
    except Exception:          # any damage or foreign content: rebuild
        return None


def _payload(data: bytes):
    header, sep, payload = data.partition(b"\n")
    parts = header.split(b" ")
    if (not sep or len(parts) != 4 or parts[0] != CACHE_MAGIC or parts[1] != CACHE_VERSION.encode()
            or parts[3] != str(len(payload)).encode()
            or parts[2] != hashlib.sha256(payload).hexdigest().encode()):
        raise ValueError("not a winlint cache file of this version")
    return json.loads(payload)


def _serialize(pack: RulePack) -> bytes | None:
    """The cache file's bytes; None when the pack does not survive the round trip exactly (then it
    is simply not cached)."""
    try:
        payload = json.dumps(_encode(pack), ensure_ascii=False, separators=(",", ":"),
                             allow_nan=False).encode("utf-8")
        if _decode(json.loads(payload)) != pack:
            return None
    except Exception:       # a value JSON cannot hold, or a shape _decode does not know
        return None
    digest = hashlib.sha256(payload).hexdigest()
    return b"%s %s %s %d\n" % (CACHE_MAGIC, CACHE_VERSION.encode(), digest.encode(), len(payload)) + payload


def _write_cache(path: Path, data: bytes) -> None:
    """Write atomically: a new private file (O_EXCL, never through a symlink), then a rename. A
    failure leaves nothing behind; a read-only or full disk just means no cache."""
    import tempfile     # only on a cache miss

    try:
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if not isinstance(err, OSError):
            raise


def _touch(path: Path) -> None:
    """Mark a cache entry used (at most once an hour, so a hit costs no write)."""
    try:
        if time.time() - path.stat().st_mtime > 3600:
            os.utime(path)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    """Every distinct set of rule folders (and every edit of them) makes a new entry; keep the most
    recently used CACHE_KEEP so the cache cannot grow without bound. Temporary files of killed
    builds and entries of the old pickle format go too."""
    entries = []
    now = time.time()
    for p in folder.glob("rules-*"):
        try:
            mtime = p.lstat().st_mtime
            if p.name.endswith(".pickle") or (p.name.endswith(".tmp") and now - mtime > STALE_TMP):
                p.unlink()
            elif p.name.endswith(CACHE_SUFFIX):
                entries.append((mtime, p))
        except OSError:
            pass
    for _, p in sorted(entries, reverse=True)[CACHE_KEEP:]:
        try:
            p.unlink()
        except OSError:
            pass


# --- the pack as plain data -----------------------------------------------------

RULE_FIELDS = [f.name for f in fields(Rule)]
RULE_TEXT = ("code", "name", "category", "level", "step", "message", "why", "status", "kind", "path")


def _encode(pack: RulePack) -> dict:
    """The pack as JSON data. Token specs and word sets recur across hundreds of patterns (expanded
    from the same list or SHAPE): each is stored once, in a table, and shared again when read."""
    specs: dict[str, int] = {}
    sets: dict[frozenset, int] = {}
    spec_list: list = []
    set_list: list = []

    def spec(s):
        k = json.dumps(s, sort_keys=True)
        if k not in specs:
            specs[k] = len(spec_list)
            spec_list.append(s)
        return specs[k]

    def word_set(ws):
        if ws not in sets:
            sets[ws] = len(set_list)
            set_list.append(sorted(ws))
        return sets[ws]

    def compiled(c: Compiled):
        requires = [word_set(ws) for ws in c.requires]
        anchors = None if c.anchors is None else word_set(c.anchors)
        return [c.kind, c.phrase, None if c.tokens is None else [spec(t) for t in c.tokens], list(c.captures),
                anchors, sorted(c.needs), requires, c.maxlen, c.gate, c.key]

    def rule(r: Rule):
        out = [getattr(r, name) for name in RULE_FIELDS]
        for i, name in enumerate(RULE_FIELDS):
            if name in ("bad", "good"):
                out[i] = [[e.text, e.match, e.suggestion] for e in out[i]]
        return out

    index, tok = pack.index, pack.tokenizer
    return {
        "rules": [rule(r) for r in pack.rules],
        "patterns": {code: [compiled(c) for c in cs] for code, cs in pack.patterns.items()},
        "unless": {code: [compiled(c) for c in cs] for code, cs in pack.unless.items()},
        "specs": spec_list,
        "sets": set_list,
        "splits": pack.splits,
        "alphabet": pack.alphabet,
        "index": None if index is None else {     # bit masks as their bits' positions (a few each)
            "entries": {w: [[_positions(need), list(p)] for need, p in es] for w, es in index.entries.items()},
            "bits": {w: _positions(b) for w, b in index.bits.items()},
            "always": sorted(index.always), "members": index.members},
        "tokenizer": None if tok is None else {
            "regexes": [tok.prefix, tok.suffix, tok.infix, tok.token_match, tok.url_match],
            "specials": tok.specials, "rejoin": [[list(k), v] for k, v in tok.rejoin.items()]},
    }


def _want(ok: bool) -> None:
    if not ok:
        raise ValueError("cache file of the wrong shape")


def _strs(items) -> tuple:
    items = tuple(items)
    _want(all(type(x) is str for x in items))
    return items


def _decode(data) -> RulePack:
    """A RulePack from `_encode`'s data, checking the shape of every part it rebuilds."""
    _want(type(data) is dict)
    specs = data["specs"]
    _want(type(specs) is list and all(type(s) is dict for s in specs))
    sets = [frozenset(ws) for ws in data["sets"]]
    opt_str = (str, type(None))

    def compiled(c) -> Compiled:
        kind, phrase, tokens, captures, anchors, needs, requires, maxlen, gate_src, key = c
        _want(kind in ("phrase", "tokens") and isinstance(phrase, opt_str) and isinstance(gate_src, opt_str)
              and isinstance(key, opt_str) and (maxlen is None or type(maxlen) is int))
        return Compiled(kind, phrase, None if tokens is None else [specs[i] for i in tokens], tuple(captures),
                        None if anchors is None else sets[anchors], frozenset(needs),
                        tuple(sets[i] for i in requires), maxlen, gate_src, key)

    def compiled_map(m) -> dict:
        _want(type(m) is dict)
        return {code: [compiled(c) for c in cs] for code, cs in m.items()}

    def rule(r) -> Rule:
        _want(type(r) is list and len(r) == len(RULE_FIELDS))
        kw = dict(zip(RULE_FIELDS, r))
        _want(all(type(kw[k]) is str for k in RULE_TEXT) and type(kw["negatable"]) is bool
              and type(kw["lines"]) is dict and type(kw["suggestions"]) is list)
        for k in ("bad", "good"):
            kw[k] = [Example(*_strs_or_none(e)) for e in kw[k]]
        _strs(kw["suggestions"])
        _strs(kw["aliases"])
        return Rule(**kw)

    tok = data["tokenizer"]
    tokenizer = None
    if tok is not None:
        regexes = [None if x is None else (str(x[0]), int(x[1])) for x in tok["regexes"]]
        _want(len(regexes) == 5)
        tokenizer = Rules(*regexes, {k: tuple(v) for k, v in tok["specials"].items()},
                          {_strs(k): v for k, v in tok["rejoin"]})
        _want(all(type(v) is str for v in tokenizer.rejoin.values()))
    ix = data["index"]
    index = None
    if ix is not None:
        patterns = compiled_map(data["patterns"])
        members = [tuple((code, i) for code, i in m) for m in ix["members"]]
        index = Index({w: [(_mask(need), tuple(p)) for need, p in es] for w, es in ix["entries"].items()},
                      {w: _mask(b) for w, b in ix["bits"].items()}, frozenset(ix["always"]), members,
                      [patterns[m[0][0]][m[0][1]].gate for m in members])
    else:
        patterns = compiled_map(data["patterns"])
    alphabet = data["alphabet"]
    _want(type(alphabet) is dict and all(type(v) is str for v in alphabet.values()))
    return RulePack([rule(r) for r in data["rules"]], patterns, compiled_map(data["unless"]), {k: tuple(v) for k, v in data["splits"].items()},
                    alphabet, index, tokenizer)


def _positions(mask: int) -> list[int]:
    return [k for k in range(mask.bit_length()) if mask >> k & 1]


def _mask(positions) -> int:
    return sum(map(_BIT, positions))      # distinct positions: the sum is the OR


_BIT = (1).__lshift__


def _strs_or_none(items) -> tuple:
    items = tuple(items)
    _want(len(items) == 3 and type(items[0]) is str and all(isinstance(x, (str, type(None))) for x in items[1:]))
    return items
