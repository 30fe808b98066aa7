"""Load rule folders into a RulePack: YAML -> validated Rule objects -> compiled patterns.

Loading is paid once: the compiled pack is pickled into a cache keyed by the
rule files' paths, sizes and modification times and by the winlint and spaCy
versions, so a normal start reads one pickle and no YAML.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import gate, reframe
from .compiler import Compiled, PatternError, compile_pattern
from .errors import WinlintError
from .chunker import rules_of
from .prefilter import build_index
from .schema import MODEL_PLACEHOLDERS, Rule, check_fields, check_values, make_examples

LISTS_FILE = "lists.yaml"
CACHE_VERSION = "10"
# the modules whose code shapes a compiled pack: editing one invalidates the cache
COMPILE_CODE = ("loader.py", "compiler.py", "schema.py", "gate.py", "chunker.py", "prefilter.py",
                "reframe/inflect.py", "reframe/templates.py", "regexguard.py")
CACHE_KEEP = 16          # compiled packs kept; the least recently used beyond that are deleted
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
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise WinlintError(f"not UTF-8 (byte {err.start})", path=str(path)) from None
    except OSError as err:
        raise WinlintError(f"cannot read: {err.strerror}", path=str(path)) from None


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
        files.extend(sorted(p for p in folder.rglob("*.yaml") if p.name != LISTS_FILE))
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
        if c.kind == "tokens":
            c.key = json.dumps([c.tokens, c.captures], sort_keys=True)
    _share([c for pats in (*patterns.values(), *unless.values()) for c in pats])
    rules_of_tokenizer = rules_of(tokenizer)
    return RulePack(rules, patterns, unless, _splits(rules_of_tokenizer.specials), chars,
                    build_index(patterns), rules_of_tokenizer)


def _share(compiled: list[Compiled]) -> None:
    """Make equal parts of compiled patterns one object (word lists expanded from the same $list or
    SHAPE recur in hundreds of patterns): the cached pack pickles, and loads, in a third the time."""
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

def cache_dir() -> Path:
    env = os.environ.get("WINLINT_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "winlint"


def _cache_key(folders: list[Path]) -> str:
    """Changes with the rule files, the code that compiles them, and the installed spaCy (whose
    tokenizer splits phrases): stats only, no package metadata, since start-up pays for this."""
    from importlib.util import find_spec

    h = hashlib.sha256(CACHE_VERSION.encode())
    here = Path(__file__).resolve().parent
    spec = find_spec("spacy")
    spacy_dir = (spec.submodule_search_locations or [""])[0] if spec else ""
    for path in [*(here / n for n in COMPILE_CODE), Path(spacy_dir) / "about.py"]:
        try:
            st = os.stat(path)
            h.update(f"{path}:{st.st_size}:{st.st_mtime_ns}\n".encode())
        except OSError:
            h.update(f"{path}:-\n".encode())
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".yaml", ".yml")):
                    st = os.stat(os.path.join(root, name))
                    h.update(f"{root}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:32]


def load(folders: list[Path] | None = None, *, use_cache: bool = True) -> RulePack:
    """The rule pack from `folders` (default: the built-in rules), cached."""
    folders = [Path(f).resolve() for f in (folders or [builtin_rules_dir()])]
    for folder in folders:
        if not folder.is_dir():
            raise WinlintError("rule folder not found", path=str(folder))
    if not use_cache or os.environ.get("WINLINT_NO_CACHE"):
        return build(folders)
    path = cache_dir() / f"rules-{_cache_key(folders)}.pickle"
    try:
        with open(path, "rb") as fh:
            pack = pickle.load(fh)
        _touch(path)
        return pack
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        pass
    pack = build(folders)
    try:  # write atomically; a read-only home just means no cache
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(pack, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(path.parent)
    except OSError:
        pass
    return pack


def _touch(path: Path) -> None:
    """Mark a cache entry used (at most once an hour, so a hit costs no write)."""
    try:
        if time.time() - path.stat().st_mtime > 3600:
            os.utime(path)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    """Every distinct set of rule folders (and every edit of them) makes a new entry; keep the most
    recently used CACHE_KEEP so the cache cannot grow without bound."""
    entries = []
    for p in folder.glob("rules-*.pickle"):
        try:
            entries.append((p.stat().st_mtime, p))
        except OSError:
            pass
    for _, p in sorted(entries, reverse=True)[CACHE_KEEP:]:
        try:
            p.unlink()
        except OSError:
            pass
