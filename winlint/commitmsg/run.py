"""`winlint commit-msg FILE`: lint the message as plain text, with the configuration that applies to
the repository (found from the message file, as `check` finds it), and print it as `check` does."""
from __future__ import annotations

import sys

from .. import sources
from ..config import Resolver
from ..errors import WinlintError
from ..run import CheckRequest, Linters
from ..schema import LEVEL_RANK
from .message import message_view


def run(path: str, *, fmt: str | None = None, fail_level: str | None = None, config_path: str | None = None,
        comment_char: str = "#", encoding: str = "utf-8", quiet: bool = False, stdout=None) -> int:
    from ..render import Context, writer

    stdout = stdout or sys.stdout
    src = sources.read(path, encoding=encoding)
    if src.text is None:
        raise WinlintError(src.notice or "cannot be read as text", path=path)
    req = CheckRequest(paths=[path], fmt=fmt, input_format="plain", fail_level=fail_level, config_path=config_path,
                       encoding=encoding, quiet=quiet)
    config, linter = Linters(req).get(Resolver(config_path).for_path(path))
    result = linter.lint_text(message_view(src.text, comment_char), path, input_format="plain")
    level = fail_level or config.fail_level
    ctx = Context(pack=linter.pack, quiet=quiet, color=False, fail_level=level, extra={"sources": {path: src.text}})
    writer(fmt or "line")([result], stdout, ctx)
    stdout.flush()
    failed = any(LEVEL_RANK[f.severity] >= LEVEL_RANK.get(level, 99) for f in result.findings)
    return 1 if failed else 0
