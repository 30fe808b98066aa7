"""Every output format, run through the installed `winlint` command; --quiet, --statistics, exit codes."""
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT
from winlint.render.github import escape_data, escape_property

FIXTURES = Path(__file__).parent / "fixtures"
DRAFT = "# Notes\n\nI need to get them to work harder.\n\nWe made them rewrite the spec.\n"
CLEAN = "How do we help them succeed?\n"
ANSI = "\x1b["
# runs are independent of the CI host: no Actions workspace, no forced colour
ENV = {"GITHUB_WORKSPACE": "", "FORCE_COLOR": "", "NO_COLOR": ""}


@pytest.fixture
def draft(tmp_path):
    (tmp_path / "docs").mkdir()
    path = tmp_path / "docs" / "draft.md"
    path.write_text(DRAFT)
    return path


@pytest.fixture
def cli(run_cli, tmp_path):
    """The installed CLI, run in tmp_path (so relative paths and SARIF URIs are stable)."""
    def run(*args, input=None, env=None):
        return run_cli(*args, input=input, cwd=tmp_path, env={**ENV, **(env or {})})
    return run


# -- line ---------------------------------------------------------------------------

def expected_line(pack, path, line, col, code, match):
    rule = pack.lookup(code)
    return f"{path}:{line}:{col}: {code} [{rule.level}] {rule.message.replace('{match}', match)} ({rule.name})"


def test_line_is_one_greppable_line_per_finding(cli, draft, pack):
    proc = cli("check", "--format", "line", "docs/draft.md")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == [
        expected_line(pack, "docs/draft.md", 3, 11, "WW101", "get them to work harder"),
        expected_line(pack, "docs/draft.md", 5, 4, "WW102", "made them rewrite the spec"),
    ]


def test_line_statistics_follow_the_findings_and_quiet_drops_them(cli, draft):
    stats = cli("check", "--format", "line", "--statistics", "docs/draft.md").stdout.splitlines()
    assert stats[0].startswith("docs/draft.md:3:11: WW101")
    assert "By rule:" in stats and "By category:" in stats
    assert any(re.fullmatch(r"\s+1\s+WW101 getting-someone-to", s) for s in stats)
    assert any(re.fullmatch(r"\s+2\s+control", s) for s in stats)
    assert stats[-1].startswith("Total: 2 finding(s) in 1 file(s)")
    quiet = cli("check", "--format", "line", "--statistics", "--quiet", "docs/draft.md")
    assert len(quiet.stdout.splitlines()) == 2 and quiet.stderr == ""


def test_line_is_the_default_on_a_pipe(cli, draft):
    assert cli("check", "docs/draft.md").stdout == cli("check", "--format", "line", "docs/draft.md").stdout


# -- rich ---------------------------------------------------------------------------

def test_rich_shows_excerpt_reframe_step_and_summary(cli, draft):
    proc = cli("check", "--format", "rich", "--no-color", "docs/draft.md")
    assert proc.returncode == 1
    out = proc.stdout
    assert ANSI not in out
    assert "docs/draft.md:3:11 WW101 [warning]" in out
    assert "│ I need to get them to work harder." in out
    assert "↳ try: I want to find out what would help them work harder." in out
    assert "step: Reframe to shared interests" in out
    assert "Total: 2 finding(s)" in out


def colours(text: str) -> set[str]:
    """The colour codes among the ANSI SGR sequences in `text` (bold or underline are not colours)."""
    found = set()
    for params in re.findall(r"\x1b\[([0-9;]*)m", text):
        for p in params.split(";"):
            if p and (30 <= int(p) <= 49 or 90 <= int(p) <= 107):
                found.add(p)
    return found


def test_rich_on_a_pipe_has_no_escapes(cli, draft):
    proc = cli("check", "--format", "rich", "docs/draft.md")
    assert "WW101" in proc.stdout and ANSI not in proc.stdout


def run_on_a_terminal(args, cwd, env) -> str:
    """Run the CLI with stdout on a pseudo-terminal (where rich output is the default) and read it."""
    import os
    import pty
    import subprocess

    from conftest import winlint_cmd

    master, slave = pty.openpty()
    full_env = {**os.environ, **ENV, "TERM": "xterm-256color", "COLUMNS": "200", **env}
    proc = subprocess.Popen(winlint_cmd() + args, stdout=slave, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, cwd=cwd, env=full_env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:          # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait(timeout=300)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("how", ["flag", "env"])
def test_rich_on_a_terminal_is_coloured_unless_no_color(draft, tmp_path, how):
    coloured = run_on_a_terminal(["check", "docs/draft.md"], tmp_path, {})
    assert "WW101" in coloured and colours(coloured)
    args, env = (["--no-color"], {}) if how == "flag" else ([], {"NO_COLOR": "1"})
    plain = run_on_a_terminal(["check", *args, "docs/draft.md"], tmp_path, env)
    assert "WW101" in plain and "↳ try:" in plain and not colours(plain)


def test_rich_quiet_prints_findings_only(cli, draft):
    out = cli("check", "--format", "rich", "--no-color", "--quiet", "docs/draft.md").stdout
    assert "WW101" in out and "Total:" not in out and "Tone summary" not in out


# -- json ---------------------------------------------------------------------------

def test_json_stays_pure_with_statistics_which_go_to_stderr(cli, draft):
    proc = cli("check", "--format", "json", "--statistics", "docs/draft.md")
    assert proc.returncode == 1
    findings = json.loads(proc.stdout)
    assert [f["rule"] for f in findings] == ["WW101", "WW102"]
    assert findings[0]["path"] == "docs/draft.md"
    assert "By category:" in proc.stderr and "Total: 2 finding(s)" in proc.stderr
    quiet = cli("check", "--format", "json", "--statistics", "--quiet", "docs/draft.md")
    assert json.loads(quiet.stdout) == findings and quiet.stderr == ""


# -- github -------------------------------------------------------------------------

def test_github_prints_one_workflow_command_per_finding(cli, draft, pack):
    proc = cli("check", "--format", "github", str(draft))      # absolute path inside the workspace
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 2
    head, message = lines[0].split("::", 2)[1:]
    assert head == ("warning file=docs/draft.md,line=3,col=11,endLine=3,endColumn=34,"
                    "title=WW101 getting-someone-to")
    assert message.startswith(pack.lookup("WW101").message.replace("{match}", "get them to work harder"))
    assert "%0Atry: I want to find out what would help them work harder." in message
    assert "%0Astep: Reframe to shared interests" in message
    assert "\n" not in message and "\r" not in message


def test_github_uses_the_workspace_for_relative_paths(cli, draft, tmp_path):
    proc = cli("check", "--format", "github", str(draft), env={"GITHUB_WORKSPACE": str(tmp_path / "docs")})
    assert proc.stdout.startswith("::warning file=draft.md,line=3,")


def test_github_levels_map_to_error_warning_notice(cli, tmp_path):
    rules = levelled_rules(tmp_path, {"getting-someone-to": "error", "making-someone": "info"})
    proc = cli("check", "--format", "github", "--no-builtin", "--rules", str(rules), "-",
               input="I need to get them to work harder. We made them rewrite the spec.\n")
    assert [line.split(" ", 1)[0] for line in proc.stdout.splitlines()] == ["::error", "::notice"]


def test_github_escapes_properties_and_data(cli, tmp_path):
    weird = tmp_path / "notes, v2: 100%.md"
    weird.write_text("I need to get them to work harder.\n")
    proc = cli("check", "--format", "github", weird.name)
    assert proc.stdout.startswith("::warning file=notes%2C v2%3A 100%25.md,line=1,col=11,")


def test_github_escaping_follows_the_actions_toolkit():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext%3A a%2C b"


def test_github_statistics_are_a_collapsed_group(cli, draft):
    lines = cli("check", "--format", "github", "--statistics", "docs/draft.md").stdout.splitlines()
    assert lines[2] == "::group::winlint statistics" and lines[-1] == "::endgroup::"
    assert any(line.startswith("Total: 2 finding(s)") for line in lines)
    quiet = cli("check", "--format", "github", "--statistics", "--quiet", "docs/draft.md").stdout
    assert "::group::" not in quiet and len(quiet.splitlines()) == 2


# -- sarif --------------------------------------------------------------------------

URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def format_checker():
    """Draft-4 formats, plus uri and uri-reference (RFC 3986 characters, a scheme for `uri`)."""
    checker = jsonschema.FormatChecker(jsonschema.Draft4Validator.FORMAT_CHECKER.checkers)
    checker.checks("uri-reference")(lambda v: not isinstance(v, str) or bool(URI_CHARS.match(v)))
    checker.checks("uri")(lambda v: not isinstance(v, str)
                          or bool(URI_CHARS.match(v) and re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", v)))
    return checker


def validate_sarif(log):
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=format_checker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_vendored_schema_is_the_official_one():
    import hashlib
    data = (FIXTURES / "sarif-schema-2.1.0.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() in (FIXTURES / "SOURCES.md").read_text()
    assert json.loads(data)["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")


def test_the_schema_check_rejects_broken_logs():
    """The validator used below can fail: a result without a message is not SARIF."""
    log = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "winlint"}}, "results": [{"ruleId": "X"}]}]}
    with pytest.raises(AssertionError, match="message"):
        validate_sarif(log)
    with pytest.raises(AssertionError, match="uri"):
        validate_sarif({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "w", "informationUri": "not a uri"}}}]})


def test_sarif_validates_and_describes_every_rule(cli, draft):
    from winlint import loader

    proc = cli("check", "--format", "sarif", "docs/draft.md", "-", input="We made them rewrite the spec.\n")
    pack = loader.load()                   # the rules as the run saw them
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout)
    validate_sarif(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "winlint" and re.match(r"\d+\.\d+", driver["version"])
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in pack.rules]
    by_code = {r.code: r for r in pack.rules}
    for descriptor in rules:
        rule = by_code[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] and "{match}" not in descriptor["shortDescription"]["text"]
        assert descriptor["fullDescription"]["text"] == " ".join(rule.why.split())
        assert descriptor["help"]["markdown"].startswith(f"## {rule.code} {rule.name}")
        assert "What it flags" in descriptor["help"]["text"] and "##" not in descriptor["help"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == {"info": "note"}.get(rule.level, rule.level)
        assert descriptor["properties"]["category"] == rule.category
        assert descriptor["properties"]["step"] == rule.step
    assert run["columnKind"] == "unicodeCodePoints"

    results = run["results"]
    assert [r["ruleId"] for r in results] == ["WW101", "WW102", "WW102"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] == "warning"
        assert r["message"]["text"] and r["properties"]["suggestions"]
        assert r["message"]["text"].endswith(r["properties"]["suggestions"][0])
    first = results[0]
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "docs/draft.md", "uriBaseId": "%SRCROOT%"}
    region = loc["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (3, 11, 3, 34)
    assert DRAFT[region["charOffset"]:region["charOffset"] + region["charLength"]] == "get them to work harder"
    assert region["snippet"]["text"] == "get them to work harder"
    assert first["properties"]["suggestions"][0] == "I want to find out what would help them work harder."
    assert "How do we create conditions where they want to work harder?" in first["properties"]["suggestions"]
    assert results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "%3Cstdin%3E"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")


def test_sarif_paths_outside_the_folder_are_file_uris(run_cli, tmp_path, draft):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = run_cli("check", "--format", "sarif", str(draft), cwd=elsewhere, env=ENV)
    log = json.loads(proc.stdout)
    validate_sarif(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == draft.as_uri()


def test_sarif_with_no_findings_is_a_valid_empty_run(cli):
    proc = cli("check", "--format", "sarif", "-", input=CLEAN)
    assert proc.returncode == 0
    log = json.loads(proc.stdout)
    validate_sarif(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"]


def test_sarif_statistics_go_to_stderr(cli, draft):
    proc = cli("check", "--format", "sarif", "--statistics", "docs/draft.md")
    json.loads(proc.stdout)
    assert "Total: 2 finding(s)" in proc.stderr


def test_sarif_fingerprints_survive_edits_elsewhere(cli, tmp_path):
    a = cli("check", "--format", "sarif", "--stdin-filename", "d.txt", "-", input="I need to get them to work harder.\n")
    b = cli("check", "--format", "sarif", "--stdin-filename", "d.txt", "-",
            input="New first line.\n\nNow I need to get them to work harder.\n")
    fp = [json.loads(p.stdout)["runs"][0]["results"][0]["partialFingerprints"] for p in (a, b)]
    assert fp[0] == fp[1]


# -- exit codes and --fail-level ----------------------------------------------------

def levelled_rules(tmp_path, levels: dict) -> Path:
    """A rule folder with copies of built-in rules at other levels."""
    folder = tmp_path / "levelled"
    src = ROOT / "rules"
    folder.mkdir(exist_ok=True)
    for lists in src.rglob("lists.yaml"):       # shared word lists and shapes, wherever they live
        dest = folder / lists.relative_to(src)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(lists, dest)
    for name, level in levels.items():
        (path,) = src.rglob(f"{name}.yaml")
        (folder / path.parent.name).mkdir(exist_ok=True)
        text = re.sub(r"(?m)^level: \w+$", f"level: {level}", path.read_text())
        (folder / path.parent.name / path.name).write_text(text)
    return folder


@pytest.mark.parametrize("fail_level, expected", [
    ("info", 1), ("warning", 1), ("error", 0), ("never", 0), (None, 1),
])
def test_fail_level_with_a_warning(cli, fail_level, expected):
    args = ["--fail-level", fail_level] if fail_level else []
    proc = cli("check", *args, "-", input="I need to get them to work harder.\n")
    assert proc.returncode == expected
    assert "WW101" in proc.stdout          # findings are shown whatever the exit code


@pytest.mark.parametrize("fail_level, expected", [("info", 1), ("warning", 0), ("never", 0)])
def test_fail_level_with_an_info_finding(cli, tmp_path, fail_level, expected):
    rules = levelled_rules(tmp_path, {"getting-someone-to": "info"})
    proc = cli("check", "--no-builtin", "--rules", str(rules), "--fail-level", fail_level, "-",
               input="I need to get them to work harder.\n")
    assert proc.returncode == expected and "[info]" in proc.stdout


def test_fail_level_error_fails_on_an_error(cli, tmp_path):
    rules = levelled_rules(tmp_path, {"getting-someone-to": "error"})
    proc = cli("check", "--no-builtin", "--rules", str(rules), "--fail-level", "error", "-",
               input="I need to get them to work harder.\n")
    assert proc.returncode == 1 and "[error]" in proc.stdout


@pytest.mark.parametrize("fmt", ["line", "rich", "json", "github", "sarif"])
def test_exit_codes_are_the_same_in_every_format(cli, fmt):
    assert cli("check", "--format", fmt, "-", input=CLEAN).returncode == 0
    assert cli("check", "--format", fmt, "-", input="I need to get them to work harder.\n").returncode == 1
    assert cli("check", "--format", fmt, "missing.md").returncode == 2


def test_unknown_fail_level_is_a_usage_error(cli):
    proc = cli("check", "--fail-level", "sometimes", "-", input=CLEAN)
    assert proc.returncode == 2 and "sometimes" in proc.stderr


def test_quiet_hides_skip_notices_but_not_errors(cli, tmp_path):
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01binary")
    loud = cli("check", "blob.txt")
    assert "binary file, skipped" in loud.stderr
    quiet = cli("check", "--quiet", "blob.txt", "missing.md")
    assert "binary" not in quiet.stderr and "missing.md: no such file" in quiet.stderr
    assert quiet.returncode == 2


def test_internal_error_is_exit_3_with_one_line(monkeypatch):
    from click.testing import CliRunner

    import winlint.run
    from winlint.cli import cli as command

    def boom(request, stdout=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(winlint.run, "run_check", boom)
    monkeypatch.delenv("WINLINT_DEBUG", raising=False)
    result = CliRunner().invoke(command, ["check", "-"], input="text\n")
    assert result.exit_code == 3
    assert result.stderr.strip() == "winlint: internal error: RuntimeError: boom (run with --debug for the traceback)"

    monkeypatch.setenv("WINLINT_DEBUG", "1")
    result = CliRunner().invoke(command, ["check", "-"], input="text\n")
    assert result.exit_code == 3 and "Traceback" in result.stderr


def test_sarif_describes_findings_that_no_rule_file_defines(cli):
    text = "<!-- winlint-disable-next-line WW101 -->\nFine words.\n\nI need to get them to work harder.\n"
    proc = cli("check", "--format", "sarif", "--report-unused-suppressions", "--stdin-filename", "n.md", "-",
               input=text)
    log = json.loads(proc.stdout)
    validate_sarif(log)
    run = log["runs"][0]
    ids = [d["id"] for d in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids))
    assert sorted(r["ruleId"] for r in run["results"]) == ["WW001", "WW101"]
    for r in run["results"]:
        assert ids[r["ruleIndex"]] == r["ruleId"]


def test_the_line_format_makes_no_suggestions_and_prints_the_same(tmp_path, monkeypatch):
    """The line format shows no suggestions, so it does not pay for them (most of a finding's
    cost on a dense draft); its lines are the ones it printed when they were made."""
    import io

    import winlint.component
    from winlint.run import CheckRequest, run_check

    path = tmp_path / "draft.md"
    path.write_text(DRAFT)
    made = []
    real = winlint.component.suggestions
    monkeypatch.setattr(winlint.component, "suggestions",
                        lambda hit, doc, *rest: made.append(hit) or real(hit, doc, *rest))

    def run(fmt):
        out = io.StringIO()
        assert run_check(CheckRequest(paths=[str(path)], fmt=fmt), out) == 1
        return out.getvalue()

    line = run("line")
    assert made == [] and line.count("\n") == 2
    data = json.loads(run("json"))
    assert len(made) == 2 and all(f["suggestions"] for f in data)
    monkeypatch.setattr(winlint.component, "suggestions", lambda hit, doc, *rest: [])
    assert run("line") == line
