"""SARIF 2.1.0: one log with one run, for GitHub code scanning and other SARIF viewers.

The driver describes every rule of the loaded pack (id = code, name, short and full description,
help generated like `winlint explain`, default level, category and apply step); each result points
at its rule by id and index and at the flagged text by a region with line/column pairs and
character offsets (counted in Unicode code points: `columnKind` says so).

The reframes go into `properties.suggestions`, not `fixes`: a SARIF fix is an edit to apply to the
file, and a reframe rewrites the writer's whole sentence ("How do we create conditions where they
want to work harder?"), so pasting it over the flagged words would garble the text. The first
reframe is also appended to the message, which is what viewers show.

stdout stays one JSON document: `--statistics` goes to stderr.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from . import relative_path, valid_text
from .json_format import write_statistics

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
DEFAULT_INFORMATION_URI = "https://pypi.org/project/winlint/"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
# GitHub code scanning reads `problem.severity` from a rule's properties
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
SRCROOT = "%SRCROOT%"
CODE_RE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")


def write(results, stream, ctx) -> None:
    json.dump(valid_text(sarif_log(results, ctx.pack)), stream, ensure_ascii=False, indent=1)
    stream.write("\n")
    write_statistics(results, ctx)


def sarif_log(results, pack=None) -> dict:
    rules = list(pack.rules) if pack is not None else []
    descriptors = [_descriptor(r) for r in rules]
    index = {r.code: i for i, r in enumerate(rules)}
    sarif_results = []
    seen: dict[tuple, int] = {}
    for result in results:
        for f in result.findings:
            if f.rule not in index:      # not from a rule file (e.g. an unused suppression): describe it
                index[f.rule] = len(descriptors)
                descriptors.append(_finding_descriptor(f))
            sarif_results.append(_result(f, index, seen))
    run = {
        "tool": {"driver": _driver(descriptors)},
        "originalUriBaseIds": {SRCROOT: {"uri": _base_uri()}},
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    return {"$schema": SCHEMA_URI, "version": VERSION, "runs": [run]}


# -- the tool and its rules ---------------------------------------------------------

def _driver(descriptors) -> dict:
    name, version, uri = "winlint", _version(), _information_uri()
    return {"name": name, "version": version, "semanticVersion": version, "informationUri": uri,
            "rules": descriptors}


def _finding_descriptor(f) -> dict:
    """A descriptor for a finding that no rule file describes, from the finding itself."""
    return {
        "id": f.rule,
        "name": f.name,
        "shortDescription": {"text": f.name.replace("-", " ").capitalize()},
        "defaultConfiguration": {"level": LEVEL.get(f.severity, "warning")},
        "properties": {"category": f.category, "step": f.step, "stepTitle": f.step_title,
                       "tags": ["writing", f.category]},
    }


def _descriptor(rule) -> dict:
    from ..reference import explain

    markdown = explain(rule)
    descriptor = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _short(rule)},
        "fullDescription": {"text": " ".join(rule.why.split())},
        "help": {"text": _plain(markdown), "markdown": markdown},
        "defaultConfiguration": {"level": LEVEL[rule.level], "enabled": rule.status == "active"},
        "properties": {
            "category": rule.category,
            "step": rule.step,
            "stepTitle": rule.step_title,
            "tags": ["writing", "tone", rule.category, rule.step],
            "problem.severity": PROBLEM_SEVERITY[rule.level],
            "precision": "medium",
        },
    }
    ids = [a for a in rule.aliases if CODE_RE.match(a)]
    names = [a for a in rule.aliases if not CODE_RE.match(a)]
    if ids:
        descriptor["deprecatedIds"] = ids
    if names:
        descriptor["deprecatedNames"] = names
    return descriptor


def _short(rule) -> str:
    from ..reference import message_in_words

    return message_in_words(rule)


def _plain(markdown: str) -> str:
    """The explain text without Markdown markers, for viewers that show plain text."""
    text = re.sub(r"^#+\s*", "", markdown, flags=re.M)
    return text.replace("**", "").replace("`", "")


# -- results ------------------------------------------------------------------------

def _result(f, index: dict, seen: dict) -> dict:
    location = {"physicalLocation": {"artifactLocation": artifact_location(f.path), "region": _region(f)}}
    message = f.message
    if f.suggestions:
        message = message.rstrip() + ("" if message.rstrip().endswith((".", "!", "?")) else ".")
        message += f" Try: {f.suggestions[0]}"
    out = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": LEVEL.get(f.severity, "warning"),
        "message": {"text": message},
        "locations": [location],
        "partialFingerprints": {"winlintPhraseHash/v1": _fingerprint(f, seen)},
        "properties": {"name": f.name, "category": f.category, "step": f.step, "stepTitle": f.step_title,
                       "suggestions": list(f.suggestions)},
    }
    if f.note:
        out["properties"]["note"] = f.note
    return out


def _region(f) -> dict:
    return {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column,
            "charOffset": f.start, "charLength": f.end - f.start, "snippet": {"text": f.text}}


def artifact_location(path: str) -> dict:
    """A relative URI against %SRCROOT% for paths inside the repository, else an absolute file: URI.

    `<stdin>` (or a --stdin-filename) is kept as a relative reference, percent-encoded. A name
    that is not UTF-8 (os.walk gives its bytes as lone surrogates) is percent-encoded byte for byte.
    """
    rel = relative_path(path)
    try:
        raw = os.fsencode(rel)
    except UnicodeEncodeError:      # a surrogate no file-name byte became: its UTF-8 escape
        raw = rel.encode("utf-8", "surrogatepass")
    if rel.startswith("<") or not os.path.isabs(rel):
        return {"uri": quote(raw, safe="/"), "uriBaseId": SRCROOT}
    return {"uri": Path(os.fsdecode(raw)).as_uri()}


def _fingerprint(f, seen: dict) -> str:
    """Stable across edits elsewhere in the file: the rule, the flagged words and which occurrence."""
    words = " ".join(f.text.lower().split())
    key = (f.path, f.rule, words)
    seen[key] = seen.get(key, 0) + 1
    return hashlib.sha256(f"{f.rule}\0{words}\0{seen[key]}".encode()).hexdigest()[:32]


def _base_uri() -> str:
    base = os.environ.get("GITHUB_WORKSPACE") or os.getcwd()
    uri = Path(os.path.abspath(base)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("winlint")
    except PackageNotFoundError:
        return "0.0.0"


def _information_uri() -> str:
    """The project's home page from the package metadata, else its PyPI page."""
    from importlib.metadata import PackageNotFoundError, metadata
    try:
        meta = metadata("winlint")
    except PackageNotFoundError:
        return DEFAULT_INFORMATION_URI
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "documentation", "source", "repository") and url.strip():
            return url.strip()
    return meta.get("Home-page") or DEFAULT_INFORMATION_URI
