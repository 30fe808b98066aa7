"""GitHub Actions workflow commands: one annotation per finding on the pull request's diff.

    ::warning file=draft.md,line=3,col=5,endLine=3,endColumn=27,title=WW101 getting-someone-to::message

Levels map to `::error`, `::warning` and `::notice`. Values are escaped as GitHub's toolkit does
(`%`, CR and LF everywhere; `:` and `,` too inside properties). Paths are made relative to
GITHUB_WORKSPACE (or the current folder) so annotations land on the right file.
"""
from __future__ import annotations

from . import for_terminal, relative_path, shown_path
from ..summary import summary_lines

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
MAX_SUGGESTIONS = 2


def escape_data(value) -> str:
    return str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(f) -> str:
    props = {
        "file": shown_path(relative_path(f.path)),
        "line": f.line,
        "col": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
        "title": f"{f.rule} {f.name}",
    }
    message = f.message
    for s in f.suggestions[:MAX_SUGGESTIONS]:
        message += f"\ntry: {s}"
    if f.step_title:
        message += f"\nstep: {f.step_title}"
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
    # the log that shows these is a terminal too: no raw ESC (CR and LF are escaped above)
    return for_terminal(f"::{COMMAND.get(f.severity, 'warning')} {head}::{escape_data(message)}")


def write(results, stream, ctx) -> None:
    for result in results:
        for f in result.findings:
            stream.write(annotation(f) + "\n")
    if ctx.statistics and not ctx.quiet:
        stream.write("::group::winlint statistics\n")
        for line in summary_lines(results)[1:]:
            # a plain log line: a newline in a file name must not start a workflow command
            stream.write(for_terminal(line.replace("\r", " ").replace("\n", " ")) + "\n")
        stream.write("::endgroup::\n")
