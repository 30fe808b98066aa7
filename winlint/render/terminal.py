"""Rich output for a person at a terminal: excerpt, underline, the reframe and the apply step.

Everything printed from the document (message, excerpt, suggestions) and the file name goes
through `for_terminal`: an ESC or OSC sequence in a draft is shown as `\\x1b`, never obeyed. The
excerpt's lines are split as positions count them (only \\r\\n, \\r and \\n end a line).
"""
from __future__ import annotations

from . import for_terminal, shown_path
from ..finding import NEWLINE_RE
from ..summary import summary_lines

STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}


def write(results, stream, ctx) -> None:
    from rich.console import Console
    from rich.text import Text

    safe = for_terminal
    console = Console(file=stream, no_color=not ctx.color, highlight=False, soft_wrap=True,
                      force_terminal=ctx.color or None)
    for result in results:
        if not result.findings:
            continue
        source_lines = NEWLINE_RE.split(ctx.extra.get("sources", {}).get(result.path) or "")
        for f in result.findings:
            head = Text()
            head.append(safe(f"{shown_path(f.path)}:{f.line}:{f.column}"), style="bold")
            head.append(f" {safe(f.rule)} ", style=STYLE.get(f.severity, "bold"))
            head.append(f"[{safe(f.severity)}] ", style=STYLE.get(f.severity, ""))
            head.append(safe(f.message))
            head.append(f" ({safe(f.name)})", style="dim")
            console.print(head)
            if f.note:
                console.print(Text(f"  note: {safe(f.note)}", style="dim"))
            elif 0 < f.line <= len(source_lines):
                line = source_lines[f.line - 1].expandtabs(1)
                excerpt = Text("  │ ", style="dim")
                start = f.column - 1
                stop = f.end_column - 1 if f.end_line == f.line else len(line)
                excerpt.append(safe(line[:start]))
                excerpt.append(safe(line[start:stop]), style="bold underline")
                excerpt.append(safe(line[stop:]))
                console.print(excerpt)
            for s in f.suggestions[:2]:
                console.print(Text("  ↳ try: ", style="green") + Text(safe(s), style="green"))
            console.print(Text(f"  step: {safe(f.step_title)}", style="dim"))
            console.print()
    if not ctx.quiet:
        for line in summary_lines(results)[1:] if any(r.findings for r in results) or ctx.statistics else []:
            console.print(Text(safe(line), style="dim" if line.startswith("  ") else "bold"))
