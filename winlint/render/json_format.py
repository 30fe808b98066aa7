"""One JSON array of findings, in path then position order, and nothing else (DESIGN.md contract).

`--statistics` goes to stderr, so stdout stays one JSON document.
"""
from __future__ import annotations

import json
from dataclasses import fields
from json.encoder import encode_basestring

from . import shown_path, valid_text
from ..finding import Finding
from ..summary import summary_lines

FIELDS = tuple(f.name for f in fields(Finding))


def finding_dict(f) -> dict:
    """A finding as JSON data, valid Unicode throughout (a file name that is not UTF-8 as `\\xe9`).
    Field by field rather than dataclasses.asdict, whose deep copy cost more than the linting on
    dense text; valid_text builds new lists and dicts anyway."""
    data = {name: valid_text(getattr(f, name)) for name in FIELDS}
    data["path"] = shown_path(f.path)
    return data


def encode(value, out: list, indent: str) -> None:
    """`value` as json.dump(..., ensure_ascii=False, indent=1) writes it, appended to `out`:
    the standard library's indented encoder is its slow pure-Python one."""
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True or value is False:
        out.append("true" if value else "false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = indent + " "
        out.append("[\n" + inner)
        for i, item in enumerate(value):
            if i:
                out.append(",\n" + inner)
            encode(item, out, inner)
        out.append("\n" + indent + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + " "
        out.append("{\n" + inner)
        for i, (key, item) in enumerate(value.items()):
            if i:
                out.append(",\n" + inner)
            out.append(encode_basestring(key) + ": ")
            encode(item, out, inner)
        out.append("\n" + indent + "}")
    else:                             # floats and anything unusual: exactly as json writes them
        out.append(json.dumps(value, ensure_ascii=False))


def write(results, stream, ctx) -> None:
    """One finding at a time, so the output never sits in memory whole."""
    first = True
    for r in results:
        for f in r.findings:
            out = ["[\n " if first else ",\n "]
            encode(finding_dict(f), out, " ")
            stream.write("".join(out))
            first = False
    stream.write("[]\n" if first else "\n]\n")
    write_statistics(results, ctx)


def write_statistics(results, ctx) -> None:
    """The summary on stderr, for formats whose stdout must stay pure JSON."""
    if ctx.statistics and not ctx.quiet:
        err = ctx.stderr
        if err is None:           # stderr closed (`2>&-`): never onto stdout
            return
        for line in summary_lines(results)[1:]:
            err.write(line + "\n")
        err.flush()
