"""`winlint check` as a plain function: request in, exit status out."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field

from . import sources
from .engine import Linter, Options, Result
from .errors import WinlintError
from .schema import LEVEL_RANK

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USER = 0, 1, 2


@dataclass
class CheckRequest:
    paths: list[str]
    fmt: str | None = None
    input_format: str | None = None
    stdin_filename: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    rule_dirs: list[str] = field(default_factory=list)
    builtin: bool = True
    fail_level: str | None = None
    model: str | None = None
    config_path: str | None = None
    encoding: str = "utf-8"
    quoted: str | None = None
    statistics: bool = False
    quiet: bool = False
    color: bool = True
    report_unused_suppressions: bool = False
    prefilter: bool = True


def notice(message: str) -> None:
    print(f"winlint: {message}", file=sys.stderr)


def run_check(req: CheckRequest, stdout=None) -> int:
    from .render import Context, writer

    stdout = stdout or sys.stdout
    if req.paths.count("-") > 1:
        raise WinlintError("stdin (-) can be given only once", key="PATHS")
    options = Options(input_format=req.input_format, quoted=req.quoted or "skip", select=req.select,
                      ignore=req.ignore, rules=req.rule_dirs, builtin=req.builtin, model=req.model,
                      prefilter=req.prefilter)
    fail_level = req.fail_level or "warning"
    linter = Linter(options)
    results: list[Result] = []
    errors = 0
    texts: dict[str, str] = {}
    for path in sources.expand(req.paths):
        shown = (req.stdin_filename or "<stdin>") if path == "-" else path
        try:
            src = sources.read(path, encoding=req.encoding, stdin_name=shown)
        except WinlintError as err:
            notice(f"error: {err}")
            errors += 1
            continue
        if src.text is None:
            notice(f"{shown}: {src.notice}")
            continue
        fmt_path = req.stdin_filename if path == "-" else path
        result = linter.lint_text(src.text, shown, input_format=req.input_format or _format(fmt_path))
        results.append(result)
        texts[shown] = src.text
        if req.report_unused_suppressions:
            for line, col, text in result.unused_suppressions:
                notice(f"{shown}:{line}:{col}: unused suppression: {text}")
    for message in linter.notices:
        notice(message)
    fmt = req.fmt or ("rich" if _isatty(stdout) else "line")
    ctx = Context(pack=linter.pack, statistics=req.statistics, quiet=req.quiet,
                  color=req.color and _isatty(stdout), fail_level=fail_level, extra={"sources": texts})
    writer(fmt)(results, stdout, ctx)
    stdout.flush()
    if errors:
        return EXIT_USER
    threshold = LEVEL_RANK.get(fail_level, 99)
    failed = any(LEVEL_RANK[f.severity] >= threshold for r in results for f in r.findings)
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def _format(path: str | None) -> str | None:
    if not path:
        return None
    from .readers import format_for_path
    return format_for_path(path)


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
