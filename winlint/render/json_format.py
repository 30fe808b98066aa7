"""One JSON array of findings, in path then position order, and nothing else (DESIGN.md contract).

`--statistics` goes to stderr, so stdout stays one JSON document.
"""
from __future__ import annotations

import json
from dataclasses import fields
from json.encoder import encode_basestring

from . import shown_path, valid_text
from ..finding import SURROGATE_RE, Finding
from ..summary import summary_lines

FIELDS = tuple(f.name for f in fields(Finding))


def finding_dict(f) -> dict:
    """A finding as JSON data, valid Unicode throughout (a file name that is not UTF-8 as `\\xe9`).
    Field by field rather than dataclasses.asdict, whose deep copy cost more than the linting on
    dense text; valid_text builds new lists and dicts anyway."""
    data = {name: valid_text(getattr(f, name)) for name in FIELDS}
    data["path"] = shown_path(f.path)
    return data


def _text(value: str) -> str:
    """A string as valid_text() leaves it, JSON-encoded."""
    return encode_basestring(value if value.isascii() else SURROGATE_RE.sub("\ufffd", value))


# the JSON of the plain values a finding holds, by exact type (a subclass takes encode()'s longer way)
_SCALARS = {int: int.__repr__, type(None): lambda v: "null", bool: lambda v: "true" if v else "false"}


def encode(value, out: list, indent: str, clean: bool = False) -> None:
    """`value` as json.dump(..., ensure_ascii=False, indent=1) writes it, appended to `out`:
    the standard library's indented encoder is its slow pure-Python one. `clean`: strings as
    valid_text() makes them, in the strings, lists and dicts it reads (not in tuples, not keys)."""
    if isinstance(value, str):
        out.append(_text(value) if clean else encode_basestring(value))
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
        clean = clean and isinstance(value, list)
        out.append("[\n" + inner + (",\n" + inner).join([_item(item, inner, clean) for item in value])
                   + "\n" + indent + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + " "
        out.append("{\n" + inner + (",\n" + inner).join([encode_basestring(key) + ": " + _item(item, inner, clean)
                                                          for key, item in value.items()])
                   + "\n" + indent + "}")
    else:                             # floats and anything unusual: exactly as json writes them
        out.append(json.dumps(value, ensure_ascii=False))


def _item(value, indent: str, clean: bool) -> str:
    """One member of a list or dict as encode() writes it; plain strings and numbers without a call
    to it (a finding holds dozens of them)."""
    kind = type(value)
    if kind is str:
        return _text(value) if clean else encode_basestring(value)
    scalar = _SCALARS.get(kind)
    if scalar is not None:
        return scalar(value)
    out: list = []
    encode(value, out, indent, clean)
    return "".join(out)


def write(results, stream, ctx) -> None:
    """One finding at a time, so the output never sits in memory whole. Each is written as
    finding_dict() makes it, without making it: the fields straight from the Finding, cleaned as
    they are encoded."""
    first = True
    for r in results:
        for f in r.findings:
            data = {name: getattr(f, name) for name in FIELDS}
            data["path"] = shown_path(f.path)
            out = ["[\n " if first else ",\n "]
            encode(data, out, " ", clean=True)
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
