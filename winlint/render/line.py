"""`path:line:col: CODE [level] message (name)`: one grep-able line per finding.

The line is meant for a terminal: control characters from the document or the file name are
shown as `\\xNN` (an ESC in a draft must not reach the terminal), undecodable name bytes likewise.
"""
from __future__ import annotations

from . import for_terminal, shown_path
from ..summary import summary_lines


def format_finding(f) -> str:
    return for_terminal(f"{shown_path(f.path)}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message} ({f.name})")


def write(results, stream, ctx) -> None:
    for result in results:
        for f in result.findings:
            stream.write(format_finding(f) + "\n")
    if ctx.statistics and not ctx.quiet:
        for line in summary_lines(results):
            stream.write(for_terminal(line) + "\n")
