"""The `winlint` command: a thin layer that turns arguments into calls and results into exit codes.

Exit status: 0 clean, 1 findings at or above --fail-level, 2 a problem the user
can fix (usage, config, rule file, unreadable input), 3 an internal error,
130 interrupted.
"""
from __future__ import annotations

import os
import sys

import click

from .errors import WinlintError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USER, EXIT_INTERNAL, EXIT_INTERRUPT = 0, 1, 2, 3, 130
LEVEL_CHOICES = ["info", "warning", "error", "never"]


def _err(message: str) -> None:
    """One line on stderr (nothing when stderr is closed), with no raw control characters or
    undecodable file-name bytes: a path or value in it can come from a hostile file."""
    from .render import for_terminal, shown_path
    click.echo(for_terminal(shown_path(f"winlint: {message}")), err=True)


class Group(click.Group):
    """Turns WinlintError into one line + exit 2, anything unexpected into one line + exit 3."""

    def invoke(self, ctx):
        debug = "--debug" in sys.argv or os.environ.get("WINLINT_DEBUG")
        try:
            return super().invoke(ctx)
        except WinlintError as err:
            _err(f"error: {err}")
            ctx.exit(EXIT_USER)
        except KeyboardInterrupt:
            _err("interrupted")
            ctx.exit(EXIT_INTERRUPT)
        except BrokenPipeError:
            _quiet_broken_pipe()
            ctx.exit(EXIT_FINDINGS if getattr(ctx, "_winlint_findings", False) else EXIT_CLEAN)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Exception as err:  # noqa: BLE001 - the one place that catches everything
            from .run import OUTPUT_ERRNOS
            if isinstance(err, OSError) and err.errno in OUTPUT_ERRNOS:   # `winlint rules > /dev/full`
                _quiet_broken_pipe()
                _err(f"error: <stdout>: cannot write the output: {err.strerror or err}")
                ctx.exit(EXIT_USER)
            if debug:
                import traceback
                traceback.print_exc()
            _err(f"internal error: {type(err).__name__}: {err} (run with --debug for the traceback)")
            ctx.exit(EXIT_INTERNAL)


def _quiet_broken_pipe() -> None:
    """stdout's reader went away (`winlint check big.md | head -1`): stop without a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):     # AttributeError: stdout closed (`>&-`)
        pass


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="winlint")
def cli():
    """Flag adversarial, zero-sum phrasing in drafts and suggest win-win reframes."""


def _csv(values) -> list[str]:
    out = []
    for v in values or ():
        out += [x.strip() for x in v.split(",") if x.strip()]
    return out


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True, readable=False))  # sources.read reports it
@click.option("-f", "--format", "fmt", type=click.Choice(["line", "rich", "json", "github", "sarif"]),
              help="Output format [default: rich on a terminal, line otherwise].")
@click.option("--input-format", type=click.Choice(["plain", "markdown", "email", "html"]),
              help="Read every input as this format instead of choosing by extension.")
@click.option("--stdin-filename", help="Name to show for stdin (its extension picks the input format).")
@click.option("--select", multiple=True, help="Only these rules: codes, prefixes (WW1), names or categories.")
@click.option("--ignore", multiple=True, help="Skip these rules: codes, prefixes, names or categories.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
              help="An extra folder of YAML rules (repeatable).")
@click.option("--no-builtin", is_flag=True, help="Do not load the built-in rules (use only --rules).")
@click.option("--fail-level", type=click.Choice(LEVEL_CHOICES),
              help="Exit 1 when a finding is at or above this level [default: warning].")
@click.option("--model", help="Load an installed spaCy pipeline (name or path) instead of blank English.")
@click.option("--with-model/--no-model", "model_stage", default=None,
              help="Turn the learned stage (WW900: a sentence classifier for what the rules miss) on or off "
                   "[default: the config's `model: on|off`, else off]. Not the same as --model.")
@click.option("--model-threshold", type=click.FloatRange(0.0, 1.0),
              help="WW900 score threshold [default: the one chosen when the model was trained].")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this config file instead of looking for one.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of input files.")
@click.option("--quoted", type=click.Choice(["skip", "include"]), help="Lint quoted text (email replies, blockquotes).")
@click.option("--statistics", is_flag=True, help="Print counts per rule and category, and a tone summary.")
@click.option("-q", "--quiet", is_flag=True, help="Print only findings.")
@click.option("--no-color", is_flag=True, help="No colour in rich output (NO_COLOR is honoured too).")
@click.option("--report-unused-suppressions", is_flag=True, help="Report inline suppressions that suppress nothing.")
@click.option("--no-prefilter", is_flag=True, hidden=True, help="Tokenize every paragraph (for testing).")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def check(ctx, paths, fmt, input_format, stdin_filename, select, ignore, rule_dirs, no_builtin, fail_level,
          model, config_path, encoding, quoted, statistics, quiet, no_color, report_unused_suppressions,
          no_prefilter, debug, model_stage=None, model_threshold=None):
    """Lint files, folders, or stdin (`-`, or no paths with input piped in)."""
    from .run import CheckRequest, run_check

    if not paths:
        if sys.stdin is None or sys.stdin.isatty():
            raise click.UsageError("no paths given; pass files or folders, or `-` to read stdin")
        paths = ("-",)
    request = CheckRequest(
        paths=list(paths), fmt=fmt, input_format=input_format, stdin_filename=stdin_filename,
        select=_csv(select), ignore=_csv(ignore), rule_dirs=list(rule_dirs), builtin=not no_builtin,
        fail_level=fail_level, model=model, config_path=config_path, encoding=encoding, quoted=quoted,
        statistics=statistics, quiet=quiet, color=not no_color and not os.environ.get("NO_COLOR"),
        report_unused_suppressions=report_unused_suppressions, prefilter=not no_prefilter,
        model_stage=model_stage, model_threshold=model_threshold)
    ctx.exit(run_check(request))


@cli.command("rules")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False))
def rules_cmd(rule_dirs):
    """List the rules: code, name, category, level and apply step."""
    from pathlib import Path

    from . import loader
    pack = loader.load([loader.builtin_rules_dir(), *map(Path, rule_dirs)])
    width = max((len(r.name) for r in pack.rules), default=10)
    for r in pack.rules:
        click.echo(f"{r.code}  {r.name:<{width}}  {r.category:<18}  {r.level:<7}  {r.step}")


@cli.command()
@click.argument("rule")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False))
def explain(rule, rule_dirs):
    """Explain a rule (by code or name): what it flags, why, examples, the apply step."""
    from pathlib import Path

    from . import loader
    from .reference import explain as explain_rule
    pack = loader.load([loader.builtin_rules_dir(), *map(Path, rule_dirs)])
    found = pack.lookup(rule)
    if found is None:
        import difflib
        keys = [r.code for r in pack.rules] + [r.name for r in pack.rules]
        close = difflib.get_close_matches(rule, keys, n=1)
        raise WinlintError(f"no rule {rule!r}" + (f" (did you mean {close[0]}?)" if close else "")
                           + "; `winlint rules` lists them")
    from .reframe import template_examples
    text = explain_rule(found, template_examples(found, pack))
    if sys.stdout is not None and sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown
        Console().print(Markdown(text))
    else:
        click.echo(text, nl=False)


@cli.command("config")
@click.argument("path", default=".", type=click.Path(allow_dash=False))
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this config file instead of looking for one.")
@click.option("--select", multiple=True, help="As for `check`: replaces the file's select.")
@click.option("--ignore", multiple=True, help="As for `check`: adds to the file's ignore.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
              help="As for `check`: adds to the file's rules.")
@click.option("--fail-level", type=click.Choice(LEVEL_CHOICES))
@click.option("--quoted", type=click.Choice(["skip", "include"]))
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def config_cmd(path, config_path, select, ignore, rule_dirs, fail_level, quoted, fmt):
    """Print the configuration used for PATH (default: here) and where each value came from."""
    from .config import effective

    found = effective(path, config_path=config_path, select=_csv(select), ignore=_csv(ignore),
                      rules=list(rule_dirs), fail_level=fail_level, quoted=quoted)
    if fmt == "json":
        import json
        click.echo(json.dumps(found.to_json(), ensure_ascii=False, indent=1))
    else:
        click.echo("\n".join(found.describe()))


@cli.command("train", context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def train_cmd(ctx, args):
    """Retrain the learned stage (WW900) from training/ into winlint/model/ (`--help` for options)."""
    from .train import main as train_main
    ctx.exit(train_main(list(args)))


@cli.command("lsp")
@click.option("--stdio", is_flag=True, help="Talk over stdin/stdout (the default and only transport).")
def lsp_cmd(stdio):
    """Run the language server (LSP over stdio) for editors: diagnostics, rewrites, hovers."""
    from .lsp.server import main as lsp_main
    sys.exit(lsp_main())


@cli.command("serve")
@click.option("--host", default=None, help="Address to listen on [default: 127.0.0.1]; any other is "
                                            "reachable from other machines (a warning is printed).")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="0: any free port.")
@click.option("--max-request-bytes", default=1_000_000, show_default=True, type=click.IntRange(1),
              help="Largest request body accepted (413 above it).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--verbose", is_flag=True, help="Log every request on stderr.")
def serve_cmd(host, port, max_request_bytes, open_browser, verbose):
    """A local web page: paste a draft (or open a file from this folder), see the findings and reframes."""
    from .serve.app import serve

    def ready(server):
        if open_browser:
            import webbrowser
            webbrowser.open(server.url)

    sys.exit(serve(host or "127.0.0.1", port, os.getcwd(), max_request_bytes, explicit_host=host is not None,
                   verbose=verbose, ready=ready))


@cli.command("commit-msg")
@click.argument("path", type=click.Path(allow_dash=True, readable=False))
@click.option("-f", "--format", "fmt", type=click.Choice(["line", "json", "github", "sarif"]), default="line",
              show_default=True)
@click.option("--fail-level", type=click.Choice(LEVEL_CHOICES),
              help="Exit 1 when a finding is at or above this level [default: the config's, else warning].")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this config file instead of looking for one.")
@click.option("--comment-char", default="#", show_default=True, help="git's core.commentChar.")
@click.option("--encoding", default="utf-8", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="Print only findings.")
def commit_msg_cmd(path, fmt, fail_level, config_path, comment_char, encoding, quiet):
    """Lint a commit message file (the commit-msg hook's argument): comment lines and the
    `git commit -v` diff below the scissors line are ignored."""
    from .commitmsg.run import run
    sys.exit(run(path, fmt=fmt, fail_level=fail_level, config_path=config_path, comment_char=comment_char,
                 encoding=encoding, quiet=quiet))


@cli.command("review")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--no-backup", is_flag=True, help="Do not keep FILE.bak when saving.")
def review_cmd(path, no_backup):
    """Go through a file's findings in the terminal: accept or edit a rewrite, skip, or suppress."""
    from pathlib import Path

    from .reframe.review import review
    sys.exit(review(Path(path), backup=not no_backup))


@cli.command(hidden=True)
def docs():
    """Print the generated rule reference (docs/rules.md)."""
    from . import loader
    from .reference import reference
    click.echo(reference(loader.load()), nl=False)


def main() -> None:
    try:
        cli(prog_name="winlint")
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(EXIT_INTERRUPT)
