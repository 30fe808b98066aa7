"""One JSON array of findings, in path then position order, and nothing else (DESIGN.md contract).

`--statistics` goes to stderr, so stdout stays one JSON document.
"""
from __future__ import annotations

import json

from ..summary import summary_lines


def write(results, stream, ctx) -> None:
    findings = [f.to_dict() for r in results for f in r.findings]
    json.dump(findings, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
    write_statistics(results, ctx)


def write_statistics(results, ctx) -> None:
    """The summary on stderr, for formats whose stdout must stay pure JSON."""
    if ctx.statistics and not ctx.quiet:
        err = ctx.stderr
        for line in summary_lines(results)[1:]:
            err.write(line + "\n")
        err.flush()
