"""One JSON array of findings, in path then position order, and nothing else (DESIGN.md contract).

`--statistics` goes to stderr, so stdout stays one JSON document.
"""
from __future__ import annotations

import json

from . import shown_path, valid_text
from ..summary import summary_lines


def finding_dict(f) -> dict:
    """A finding as JSON data, valid Unicode throughout (a file name that is not UTF-8 as `\\xe9`)."""
    data = valid_text(f.to_dict())
    data["path"] = shown_path(f.path)
    return data


def write(results, stream, ctx) -> None:
    findings = [finding_dict(f) for r in results for f in r.findings]
    json.dump(findings, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
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
