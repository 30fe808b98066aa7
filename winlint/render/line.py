"""`path:line:col: CODE [level] message (name)`: one grep-able line per finding."""
from __future__ import annotations

from ..summary import summary_lines


def format_finding(f) -> str:
    return f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message} ({f.name})"


def write(results, stream, ctx) -> None:
    for result in results:
        for f in result.findings:
            stream.write(format_finding(f) + "\n")
    if ctx.statistics and not ctx.quiet:
        for line in summary_lines(results):
            stream.write(line + "\n")
