"""`winlint check` as a plain function: request in, exit status out."""
from __future__ import annotations

import errno
import gc
import io
import os
import sys
from dataclasses import dataclass, field

from . import sources
from .config import Config, Resolver
from .engine import Linter, Options, Result
from .errors import WinlintError
from .finding import Finding, LineIndex, without_surrogates
from .schema import LEVEL_RANK

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USER = 0, 1, 2
# writing the output failed for a reason the user can fix (a full disk, a quota): one line, exit 2
OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}


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
    model_stage: bool | None = None       # --with-model / --no-model; None: the config's `model: on|off`
    model_threshold: float | None = None


def notice(message: str) -> None:
    """One line on stderr, safe for a terminal. With stderr closed (`2>&-`) nothing: print() would
    fall back to stdout and break its JSON."""
    from .render import for_terminal, shown_path

    err = sys.stderr
    if err is None:
        return
    try:
        err.write(for_terminal(shown_path(f"winlint: {message}")) + "\n")
        err.flush()
    except (OSError, ValueError):
        pass


def run_check(req: CheckRequest, stdout=None) -> int:
    # Starting up (imports, the rule pack, spaCy's tables) makes about a million objects that live
    # until exit, and each pass of the cyclic GC on the way walks all of them: about 10 % of a cold
    # start on a short file. Linting itself makes no cycles worth collecting. So the GC waits until
    # the first file is linted; then what exists is frozen (later passes skip it) and it resumes.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _check(req, stdout, lambda: paused and not gc.isenabled() and (gc.freeze(), gc.enable()))
    finally:
        if paused:
            gc.enable()


def _check(req: CheckRequest, stdout, started) -> int:
    from .render import Context, writer

    stdout = stdout or sys.stdout
    closed = stdout is None              # `>&-`: lint and exit as for a reader that went away
    if closed:
        stdout = io.StringIO()
    if req.paths.count("-") > 1:
        raise WinlintError("stdin (-) can be given only once", key="PATHS")
    sources.check_encoding(req.encoding)
    configs = Resolver(req.config_path)
    fmt = req.fmt or ("rich" if _isatty(stdout) else "line")
    linters = Linters(req, reframes=fmt != "line")     # the line format shows no suggestions
    fail_levels: list[str] = []        # per result: its config's fail-level (or --fail-level)
    results: list[Result] = []
    errors = 0
    reported: set[str] = set()          # config errors, told once however many files they concern
    texts: dict[str, str] = {}

    def config_error(err: WinlintError, config: Config | None = None) -> None:
        """A config file's own error (its keys, names or rule folders) stops only the files under it;
        one from the command line (--select, --rules) stops the run, as no file could be linted."""
        nonlocal errors
        if config is not None and not _blames(err, config):
            raise err
        errors += 1
        if str(err) not in reported:
            reported.add(str(err))
            notice(f"error: {err}")

    def excluded(p: str) -> bool:
        try:
            return configs.for_path(p).excludes(p)
        except WinlintError:
            return False                # its config is broken: reported when the file comes up

    def unreadable_folder(err: OSError) -> None:
        nonlocal errors
        errors += 1
        notice(f"error: {WinlintError(f'cannot read folder: {err.strerror or err}', path=err.filename)}")

    for path in sources.expand(req.paths, exclude=excluded, onerror=unreadable_folder):
        shown = (req.stdin_filename or "<stdin>") if path == "-" else path
        try:
            found = configs.for_stdin(req.stdin_filename) if path == "-" else configs.for_path(path)
        except WinlintError as err:     # one broken config file: its files are not linted, the others are
            config_error(err)
            continue
        try:
            config, linter = linters.get(found)
        except WinlintError as err:
            config_error(err, found)
            continue
        try:
            src = sources.read(path, encoding=req.encoding, stdin_name=shown)
        except WinlintError as err:
            notice(f"error: {err}")
            errors += 1
            continue
        if src.text is None:
            if not req.quiet:       # --quiet: findings (and errors) only
                notice(f"{shown}: {src.notice}")
            continue
        fmt_path = req.stdin_filename if path == "-" else path
        src.text = without_surrogates(src.text)
        result = linter.lint_text(src.text, shown, input_format=req.input_format or _format(fmt_path))
        if req.report_unused_suppressions and result.unused_suppressions:
            result.findings = sorted(result.findings + unused_findings(result, src.text),
                                     key=lambda f: (f.start, f.end, f.rule))
        results.append(result)
        started()
        fail_levels.append(config.fail_level)
        texts[shown] = src.text
    if not linters.linters:             # nothing was linted: the rules still describe the run (SARIF)
        try:
            linters.get(configs.for_stdin(req.stdin_filename))
        except WinlintError as err:     # a broken config here: the defaults describe the run
            try:
                linters.get(Config())
            except WinlintError:
                raise err from None     # the command line's own error
            config_error(err)
    for message in dict.fromkeys(m for linter in linters.linters for m in linter.notices):
        notice(message)
    fail_level = req.fail_level or (fail_levels[0] if fail_levels else "warning")
    ctx = Context(pack=linters.pack(), statistics=req.statistics, quiet=req.quiet,
                  color=req.color and _isatty(stdout), fail_level=fail_level, extra={"sources": texts})
    try:
        writer(fmt)(results, stdout, ctx)
        stdout.flush()
    except BrokenPipeError:     # `winlint check big.md | head -1`: the status below still holds
        _reader_gone(stdout)
    except OSError as err:
        if err.errno not in OUTPUT_ERRNOS and err.errno != errno.EBADF:
            raise
        _reader_gone(stdout)    # what is still buffered cannot be written either
        if err.errno != errno.EBADF:    # EBADF: stdout closed under us, as `>&-`
            raise WinlintError(f"cannot write the output: {err.strerror or err}", path="<stdout>") from None
    if errors:
        return EXIT_USER
    failed = any(LEVEL_RANK[f.severity] >= LEVEL_RANK.get(level, 99)
                 for r, level in zip(results, fail_levels) for f in r.findings)
    return EXIT_FINDINGS if failed else EXIT_CLEAN


class Linters:
    """One Linter per distinct effective configuration: files under different config files may differ."""

    def __init__(self, req: CheckRequest, reframes: bool = True):
        self.req = req
        self.reframes = reframes        # False: findings without suggestions, for an output that shows none
        self._effective: dict[str, Config] = {}   # config file -> with the command line applied
        self._by_options: dict[str, Linter] = {}
        self._checked: set[str] = set()

    @property
    def linters(self) -> list[Linter]:
        return list(self._by_options.values())

    def get(self, config: Config) -> tuple[Config, Linter]:
        req = self.req
        key = config.key()
        if key not in self._effective:
            self._effective[key] = config.override(select=req.select, ignore=req.ignore, rules=req.rule_dirs,
                                                   fail_level=req.fail_level, quoted=req.quoted)
        eff = self._effective[key]
        options = Options(input_format=req.input_format, quoted=eff.quoted, select=eff.select, ignore=eff.ignore,
                          levels=eff.level, rules=eff.rules, builtin=req.builtin, model=req.model,
                          prefilter=req.prefilter,
                          model_stage=req.model_stage if req.model_stage is not None else eff.model == "on",
                          model_threshold=(req.model_threshold if req.model_threshold is not None else eff.model_threshold),
                          reframes=self.reframes)
        okey = repr(options)
        if okey not in self._by_options:
            self._by_options[okey] = Linter(options)
        linter = self._by_options[okey]
        if key not in self._checked:
            eff.check_names(linter.pack)
            self._checked.add(key)
        return eff, linter

    def pack(self):
        """The rules of every linter used (one pack when all files share a configuration)."""
        packs = [linter.pack for linter in self.linters]
        if len(packs) == 1:
            return packs[0]
        from .loader import RulePack
        rules = {}
        for pack in packs:
            for rule in pack.rules:
                rules.setdefault(rule.code, rule)
        return RulePack(sorted(rules.values(), key=lambda r: r.code), {}, {})


UNUSED_CODE, UNUSED_NAME = "WW001", "unused-suppression"


def unused_findings(result: Result, source: str) -> list[Finding]:
    """--report-unused-suppressions: each suppression that suppressed nothing as a finding (like ruff's
    RUF100), so it shows in every output format and counts as a warning for --fail-level."""
    index = LineIndex(source)
    out = []
    for u in result.unused_suppressions:
        end_line, end_column = index.position(u.end)
        why = f"; {', '.join(u.unknown)} names no rule or category" if u.unknown else ""
        out.append(Finding(
            path=result.path, rule=UNUSED_CODE, name=UNUSED_NAME, category="suppression", severity="warning",
            step="", message=f"unused suppression: {u.text}{why}", line=u.line, column=u.column,
            end_line=end_line, end_column=end_column, start=u.start, end=u.end, text=source[u.start:u.end],
            suggestions=["Remove the comment, or name the rule it is meant to suppress."],
            step_title="Remove suppressions that suppress nothing"))
    return out


def _blames(err: WinlintError, config: Config) -> bool:
    """Is `err` about the config file itself or a rule folder that only it names?"""
    if not err.path or not config.path:
        return False
    if os.path.abspath(err.path) == os.path.abspath(config.path):
        return True
    own = config.file_values.get("rules") or ()      # its folders (absolute), not those of --rules
    return any(os.path.abspath(err.path).startswith(os.path.join(folder, "")) for folder in own)


def _format(path: str | None) -> str | None:
    if not path:
        return None
    from .readers import format_for_path
    return format_for_path(path)


def _reader_gone(stdout) -> None:
    """stdout's reader went away: send what is still buffered to /dev/null, without a traceback."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
