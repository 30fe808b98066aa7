"""Red-team findings about the CLI, output formats, config and API (../shared/reports/redteam.md),
each reproduced as the report gives it: M2, M3, M10, L1-L3, L6-L8c, L13, L14, L17, L18."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import winlint_cmd

import winlint

P = "I need to get them to work harder."        # WW101 at column 11


def _run(args, cwd, *, env=None, shell=None, preexec=None, timeout=300) -> subprocess.CompletedProcess:
    """The installed CLI with stdout/stderr as bytes (so invalid UTF-8 shows, not a decode error)."""
    full_env = dict(os.environ, **(env or {}))
    if shell is not None:          # bash redirections: `>&-`, `> /dev/full`, `2>&-`
        cmd = " ".join(map(_quote, winlint_cmd() + list(args))) + " " + shell
        return subprocess.run(["bash", "-c", cmd], cwd=cwd, capture_output=True, env=full_env, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    return subprocess.run(winlint_cmd() + list(args), cwd=cwd, capture_output=True, env=full_env,
                          timeout=timeout, preexec_fn=preexec, stdin=subprocess.DEVNULL)


def _quote(arg: str) -> str:
    import shlex
    return shlex.quote(arg)


def _stderr_lines(proc) -> list[str]:
    return proc.stderr.decode("utf-8").splitlines()


# -- M3: file names that are not UTF-8 --------------------------------------------------------------

@pytest.fixture
def latin1_name(tmp_path) -> Path:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.md")).write_text(P + "\n", encoding="utf-8")
    return tmp_path


def test_m3_non_utf8_file_name_in_sarif(latin1_name):
    proc = _run(["check", "--format", "sarif", "d/"], latin1_name)
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout.decode("utf-8"))          # valid UTF-8 and valid JSON
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "d/caf%E9.md"


@pytest.mark.parametrize("fmt", ["line", "json", "github", "sarif", "rich"])
def test_m3_non_utf8_file_name_under_a_strict_utf8_stdout(latin1_name, fmt):
    proc = _run(["check", "--format", fmt, "d/"], latin1_name, env={"PYTHONIOENCODING": "utf-8:strict"})
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.decode("utf-8")                       # strict: raises on a raw 0xE9
    if fmt in ("line", "rich", "github"):
        assert "caf\\xe9.md" in out
    if fmt == "json":
        (finding,) = json.loads(out)
        assert finding["path"] == "d/caf\\xe9.md"
        assert (finding["line"], finding["column"]) == (1, 11)


def test_m3_json_is_valid_utf8_with_the_default_stdout(latin1_name):
    proc = _run(["check", "--format", "json", "--statistics", "d/"], latin1_name)
    (finding,) = json.loads(proc.stdout.decode("utf-8"))
    assert finding["path"] == "d/caf\\xe9.md"
    assert "caf\\xe9.md" in proc.stderr.decode("utf-8")     # the statistics name it the same way


def test_m3_sarif_uri_of_an_absolute_non_utf8_path(latin1_name, monkeypatch):
    from winlint.render.sarif import artifact_location

    monkeypatch.setenv("GITHUB_WORKSPACE", str(latin1_name / "elsewhere"))    # the file lies outside it
    uri = artifact_location(os.path.join(str(latin1_name), "d", os.fsdecode(b"caf\xe9.md")))["uri"]
    assert uri.startswith("file:///") and uri.endswith("/d/caf%E9.md")


# -- M10: escape sequences from the document -------------------------------------------------------

ESC_MD = 'I need to get <span title="\x1b]0;PWNED\x07\x1b[2J">them</span> to work harder.\n'
ESC_TXT = P + " \x1b]52;c;ZWNobyBwd25lZA==\x1b\\\n"


@pytest.mark.parametrize("fmt", ["line", "rich", "github"])
def test_m10_escape_sequences_never_reach_the_terminal(tmp_path, fmt):
    (tmp_path / "esc.md").write_text(ESC_MD, encoding="utf-8")
    (tmp_path / "esc.txt").write_text(ESC_TXT, encoding="utf-8")
    (tmp_path / "name\x1b[2Jx.txt").write_text(P + "\n", encoding="utf-8")
    args = ["check", "--format", fmt, "--statistics", "esc.md", "esc.txt", "name\x1b[2Jx.txt"]
    proc = _run(args + (["--no-color"] if fmt == "rich" else []), tmp_path)
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.decode("utf-8")
    controls = [c for c in out if (ord(c) < 32 and c not in "\t\n") or 0x7f <= ord(c) <= 0x9f]
    assert controls == []
    assert "\\x1b]0;PWNED\\x07\\x1b[2J" in out            # the message's text, shown escaped
    assert "name\\x1b[2Jx.txt" in out
    if fmt == "rich":
        assert "\\x1b]52;c;ZWNobyBwd25lZA==\\x1b\\" in out   # the excerpt line, escaped


def test_m10_escape_sequences_in_stderr_notices(tmp_path):
    proc = _run(["check", "missing\x1b]0;x\x07.md"], tmp_path)
    assert proc.returncode == 2
    assert b"\x1b" not in proc.stderr and b"\x07" not in proc.stderr
    assert "missing\\x1b]0;x\\x07.md: no such file" in proc.stderr.decode()


def test_m10_escape_sequences_in_the_one_line_error(tmp_path):
    (tmp_path / "ok.txt").write_text(P + "\n")
    proc = _run(["check", "--config", "x\x1b]0;t\x07.yaml", "ok.txt"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "winlint: error: x\\x1b]0;t\\x07.yaml: --config: config file not found\n"


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_m10_json_formats_keep_the_exact_text(tmp_path, fmt):
    (tmp_path / "esc.md").write_text(ESC_MD, encoding="utf-8")
    proc = _run(["check", "--format", fmt, "esc.md"], tmp_path)
    data = json.loads(proc.stdout)
    text = data[0]["text"] if fmt == "json" else \
        data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
    assert "\x1b]0;PWNED\x07\x1b[2J" in text
    assert b"\x1b" not in proc.stdout                      # escaped by JSON as \u001b


# -- L3: the rich excerpt splits lines as positions do ---------------------------------------------

def test_l3_rich_excerpt_uses_the_line_of_the_position(tmp_path):
    (tmp_path / "ff.txt").write_text(f"Chapter 1\x0c\nWe are fine.\n{P}\n", encoding="utf-8", newline="")
    (tmp_path / "sep.txt").write_text(f"One\u2028two\x85three\x1cfour\n{P}\n", encoding="utf-8", newline="")
    proc = _run(["check", "--format", "rich", "--no-color", "ff.txt", "sep.txt"], tmp_path)
    out = proc.stdout.decode("utf-8").splitlines()
    for name in ("ff.txt", "sep.txt"):
        head = next(i for i, line in enumerate(out) if line.startswith(f"{name}:"))
        assert out[head].startswith(f"{name}:{3 if name == 'ff.txt' else 2}:11 WW101")
        assert out[head + 1] == f"  │ {P}"


# -- L6: deeply nested config ----------------------------------------------------------------------

@pytest.mark.parametrize("name,text", [
    (".winlint.yaml", "select: " + "[" * 20000 + "]" * 20000 + "\n"),
    ("pyproject.toml", "[tool.winlint]\nselect = " + "[" * 5000 + "]" * 5000 + "\n"),
], ids=["yaml", "toml"])
def test_l6_deeply_nested_config_is_a_one_line_error(tmp_path, name, text):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / name).write_text(text, encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text(P + "\n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text(P + "\n", encoding="utf-8")
    proc = _run(["check", "sub/a.txt", "ok.txt"], tmp_path)
    assert proc.returncode == 2
    (line,) = _stderr_lines(proc)
    assert line.startswith("winlint: error: ") and f"sub/{name}" in line and "nested too deeply" in line
    assert proc.stdout.decode().startswith("ok.txt:1:11: WW101 ")      # the other file is still linted


def test_l6_explicit_nested_config(tmp_path):
    (tmp_path / "deep.yaml").write_text("ignore: " + "[" * 20000 + "]" * 20000 + "\n")
    (tmp_path / "ok.txt").write_text(P + "\n")
    proc = _run(["check", "--config", "deep.yaml", "ok.txt"], tmp_path)
    assert proc.returncode == 2
    (line,) = _stderr_lines(proc)
    assert "deep.yaml" in line and "internal error" not in line


# -- L7: exclude globs that would backtrack ------------------------------------------------------------

def test_l7_exclude_globs_with_many_stars_do_not_backtrack(tmp_path):
    deep = tmp_path.joinpath(*["d"] * 40)
    deep.mkdir(parents=True)
    (deep / "x.txt").write_text(P + "\n")             # not excluded: no folder z
    (deep / "z").mkdir()
    (deep / "z" / "y.txt").write_text(P + "\n")       # excluded: `**/…/z` matches its folder
    (tmp_path / ("a" * 60 + ".txt")).write_text(P + "\n")     # not excluded: does not end in b
    (tmp_path / ("a" * 59 + "b")).mkdir()
    (tmp_path / ("a" * 59 + "b") / "w.txt").write_text(P + "\n")   # excluded: its folder ends in b
    (tmp_path / ".winlint.yaml").write_text(
        'exclude: ["' + "*" * 21 + 'b", "' + "**/" * 15 + 'z"]\n')
    proc = _run(["check", "."], tmp_path, timeout=120)
    assert proc.returncode == 1, proc.stderr
    shown = sorted(line.split(":")[0] for line in proc.stdout.decode().splitlines())
    assert shown == sorted(["./" + "a" * 60 + ".txt", "./" + "/".join(["d"] * 40) + "/x.txt"])


def test_l7_glob_semantics_are_kept():
    from winlint.config import _compile_glob, _glob_matches

    def m(glob, path):
        return _glob_matches(_compile_glob(glob), path.split("/"))

    assert m("*.eml", "a/b/c.eml") and m("*.eml", "a/b.eml/c.md") and not m("*.eml", "a/b/c.md")
    assert m("docs/**", "docs/a/b.md") and not m("docs/**", "other/docs/a.md")
    assert m("**/z", "z/a.md") and m("**/z", "a/b/z/c.md") and not m("**/z", "a/bz/c.md")
    assert m("***/a", "x/a/f.md") and not m("***/a", "a/f.md")        # `***` is `.*`, then "/a"
    assert m("a/**/b/", "a/b/f.md") and m("a/**/b/", "a/x/y/b/f.md") and not m("a/**/b/", "a/x/b")
    assert m("[ab]?.md", "b1.md") and not m("[!a]x", "a/x") and m("*" * 30 + "b", "a" * 40 + "b")
    assert not m("*" * 30 + "b", "a" * 60) and not m("**/" * 20 + "z", "/".join(["d"] * 60))


# -- L8: closed or full standard streams ----------------------------------------------------------

@pytest.fixture
def ok_file(tmp_path) -> Path:
    (tmp_path / "ok.txt").write_text(P + "\n")
    (tmp_path / "clean.txt").write_text("Thanks for the review.\n")
    return tmp_path


@pytest.mark.parametrize("fmt", ["line", "json", "rich", "sarif"])
def test_l8_closed_stdout_is_a_reader_gone(ok_file, fmt):
    proc = _run(["check", "--format", fmt, "ok.txt"], ok_file, shell=">&-")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == b""
    proc = _run(["check", "--format", fmt, "clean.txt"], ok_file, shell=">&-")
    assert (proc.returncode, proc.stderr) == (0, b"")


@pytest.mark.parametrize("args", [["check", "ok.txt"], ["check", "--format", "json", "ok.txt"], ["rules"],
                                  ["explain", "WW101"], ["config"]], ids=lambda a: "-".join(a))
def test_l8b_stdout_on_a_full_disk_is_one_line_exit_2(ok_file, args):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    proc = _run(args, ok_file, shell="> /dev/full")
    assert proc.returncode == 2, proc.stderr
    (line,) = _stderr_lines(proc)
    assert line == "winlint: error: <stdout>: cannot write the output: No space left on device"


def test_l8b_closed_stdout_for_the_other_commands(ok_file):
    for args in (["rules"], ["explain", "WW101"], ["config"]):
        proc = _run(args, ok_file, shell=">&-")
        assert (proc.returncode, proc.stderr) == (0, b""), args


def test_l8c_closed_stderr_never_leaks_notices_into_stdout(ok_file):
    (ok_file / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    proc = _run(["check", "--format", "json", "--statistics", "missing.md", "ok.txt", "photo.png"], ok_file,
                shell="2>&-")
    assert proc.returncode == 2
    (finding,) = json.loads(proc.stdout)
    assert finding["path"] == "ok.txt"
    proc = _run(["check", "--format", "sarif", "missing.md", "ok.txt"], ok_file, shell="2>&-")
    assert proc.returncode == 2 and len(json.loads(proc.stdout)["runs"][0]["results"]) == 1


# -- L13: an unreadable subfolder ------------------------------------------------------------------

def test_l13_unreadable_subfolder_is_reported(tmp_path):
    from test_hostile import _drop_read_override, _root_can_drop_caps

    preexec = None
    if os.geteuid() == 0:
        if not _root_can_drop_caps():
            pytest.skip("root cannot drop CAP_DAC_READ_SEARCH here")
        preexec = _drop_read_override
    locked = tmp_path / "p" / "locked"
    locked.mkdir(parents=True)
    (locked / "x.md").write_text(P + "\n")
    (tmp_path / "p" / "y.md").write_text(P + "\n")
    locked.chmod(0)
    try:
        proc = _run(["check", "p"], tmp_path, preexec=preexec)
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 2
    assert proc.stdout.decode().startswith("p/y.md:1:11: WW101 ")
    (line,) = _stderr_lines(proc)
    assert line == "winlint: error: p/locked: cannot read folder: Permission denied"


# -- L14: pyproject.toml discovery -----------------------------------------------------------------

@pytest.mark.parametrize("toml", [
    'tool.winlint.select = ["WW999"]\n',
    '[project]\nname = "x"\n\n[tool]\nwinlint.select = ["WW999"]\n',
    'tool = {winlint = {select = ["WW999"]}}\n',
    '[tool]\nwinlint = { select = ["WW999"] }\n',
], ids=["dotted", "dotted-in-tool", "inline", "inline-in-tool"])
def test_l14_pyproject_config_without_a_table_header_applies(tmp_path, toml):
    (tmp_path / "pyproject.toml").write_text(toml)
    (tmp_path / "a.txt").write_text(P + "\n")
    proc = _run(["check", "a.txt"], tmp_path)
    assert proc.returncode == 2
    (line,) = _stderr_lines(proc)
    assert "pyproject.toml" in line and "'WW999' names no rule or category" in line


def test_l14_pyproject_dotted_key_changes_findings(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["winlint"]\n\n'
                                             '[tool]\nwinlint.ignore = ["WW101"]\n')
    (tmp_path / "a.txt").write_text(P + "\n")
    proc = _run(["check", "a.txt"], tmp_path)
    assert (proc.returncode, proc.stdout) == (0, b""), proc.stderr


def test_l14_table_header_inside_a_multiline_string_is_not_a_config(tmp_path):
    (tmp_path / ".winlint.yaml").write_text('ignore: ["WW101"]\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\ndescription = """\n[tool.winlint]\n'
                                        'select = ["WW999"]\n"""\n')
    (sub / "a.txt").write_text(P + "\n")
    proc = _run(["check", "sub/a.txt"], tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")
    proc = _run(["config", "sub", "--format", "json"], tmp_path)
    assert json.loads(proc.stdout)["config"] == str(tmp_path / ".winlint.yaml")


def test_l14_pyproject_mentioning_winlint_elsewhere_is_not_a_config(tmp_path):
    (tmp_path / ".winlint.yaml").write_text('ignore: ["WW101"]\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\ndependencies = ["winlint>=0.1"]\n[tool.other]\nwinlint = 1\n')
    (sub / "a.txt").write_text(P + "\n")
    assert _run(["check", "sub/a.txt"], tmp_path).returncode == 0


# -- L17: one broken config does not empty the output -------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "sarif", "line"])
def test_l17_one_broken_config_does_not_empty_the_output(tmp_path, fmt):
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(P + "\n")
    (tmp_path / "b" / "y.txt").write_text(P + "\n")
    (tmp_path / "b" / ".winlint.yaml").write_text("selec: [x]\n")
    (tmp_path / "c" / ".winlint.yaml").write_text('select: ["WW1"]\n')
    proc = _run(["check", "--format", fmt, "a", "b", "c"], tmp_path)
    assert proc.returncode == 2
    (line,) = _stderr_lines(proc)          # once, however many files it concerns
    assert line.startswith("winlint: error: ") and "b/.winlint.yaml:1: selec: unknown key" in line
    out = proc.stdout.decode()
    if fmt == "json":
        assert [f["path"] for f in json.loads(out)] == ["a/x.txt", "c/x.txt"]
    elif fmt == "sarif":
        uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in json.loads(out)["runs"][0]["results"]]
        assert uris == ["a/x.txt", "c/x.txt"]
    else:
        assert [ln.split(":")[0] for ln in out.splitlines()] == ["a/x.txt", "c/x.txt"]


def test_l17_config_naming_an_unknown_rule_only_stops_its_folder(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(P + "\n")
    (tmp_path / "b" / ".winlint.yaml").write_text('ignore: ["WW999"]\n')
    proc = _run(["check", "--format", "json", "a", "b"], tmp_path)
    assert proc.returncode == 2
    assert [f["path"] for f in json.loads(proc.stdout)] == ["a/x.txt"]
    assert "b/.winlint.yaml:1: ignore: 'WW999' names no rule" in proc.stderr.decode()


def test_l17_command_line_errors_still_stop_the_run(tmp_path):
    (tmp_path / "x.txt").write_text(P + "\n")
    proc = _run(["check", "--format", "json", "--select", "WW999", "x.txt"], tmp_path)
    assert (proc.returncode, proc.stdout) == (2, b"")
    assert "--select: 'WW999' names no rule" in proc.stderr.decode()


# -- L2: the API's config is validated ----------------------------------------------------------

L2_CASES = [
    ({"select": ["getting-someone-too"]}, r"select: 'getting-someone-too' names no rule or category "
                                          r"\(did you mean 'getting-someone-to'\?\)"),
    ({"ignore": ["WW999"]}, r"ignore: 'WW999' names no rule or category"),
    ({"levels": {"controll": "error"}}, r"levels: 'controll' is not a rule code, rule name or category "
                                        r"\(did you mean 'control'\?\)"),
    ({"select": 5}, r"select: expected a list of strings, found a number \(5\)"),
    ({"select": [5]}, r"select: expected a list of non-empty strings"),
    ({"levels": None}, r"levels: expected a mapping"),
    ({"levels": ["WW101"]}, r"levels: expected a mapping"),
    ({"quoted": None}, r"quoted: expected skip or include, found nothing"),
    ({"quoted": "yes"}, r"quoted: expected skip or include"),
    ({"model_stage": True, "model_threshold": 5}, r"model_threshold: expected a number from 0 to 1"),
    ({"model_threshold": -1}, r"model_threshold: expected a number from 0 to 1"),
    ({"model_threshold": "x"}, r"model_threshold: expected a number from 0 to 1"),
    ({"model_threshold": True}, r"model_threshold: expected a number from 0 to 1"),
    ({"model_threshold": float("nan")}, r"model_threshold: expected a number from 0 to 1"),
    ({"builtin": "no"}, r"builtin: expected True or False, found a string \('no'\)"),
    ({"prefilter": 1}, r"prefilter: expected True or False"),
    ({"model_stage": "off"}, r"model_stage: expected True or False"),
    ({"input_format": "docx"}, r"input_format: unknown input format 'docx'"),
    ({"model": 3}, r"model: expected a spaCy pipeline name or path"),
]


@pytest.mark.parametrize("config,message", L2_CASES, ids=[str(c) for c, _ in L2_CASES])
def test_l2_api_config_is_validated(config, message):
    with pytest.raises(winlint.WinlintError, match=message):
        winlint.lint_text(P, config=config)


def test_l2_api_options_object_is_validated_too():
    from winlint.engine import Options

    with pytest.raises(winlint.WinlintError, match="select: 'getting-someone-too' names no rule"):
        winlint.lint_text(P, config=Options(select=["getting-someone-too"]))
    with pytest.raises(winlint.WinlintError, match="builtin: expected True or False"):
        winlint.lint_text(P, config=Options(builtin="no"))


def test_l2_api_valid_configs_still_work():
    assert [f.rule for f in winlint.lint_text(P, config={"select": ["control"]})] == ["WW101"]
    assert winlint.lint_text(P, config={"ignore": "getting-someone-to"}) == []
    assert winlint.lint_text(P, config={"select": None, "model_threshold": 1, "model_stage": False})
    (f,) = winlint.lint_text(P, config={"levels": {"control": "error"}})
    assert f.severity == "error"


def test_l2_api_rules_as_one_folder_string(tmp_path):
    from conftest import SAMPLE_RULE

    folder = tmp_path / "team-rules"
    folder.mkdir()
    (folder / "sample-rule.yaml").write_text(SAMPLE_RULE)
    assert [f.rule for f in winlint.lint_text("We force them.", rules=str(folder))] == ["XX101"]
    assert [f.rule for f in winlint.lint_text("We force them.", config={"rules": str(folder)})] == ["XX101"]
    assert [f.rule for f in winlint.lint_text("We force them.", rules=folder)] == ["XX101"]


# -- L1: lone surrogates ---------------------------------------------------------------------------

def test_l1_lone_surrogates_in_api_text_are_replaced_keeping_offsets():
    text = "\ud800 " + P + " \udce9"
    (f,) = winlint.lint_text(text)
    assert (f.start, f.end, f.column) == (12, 35, 13)
    assert f.text == "get them to work harder"
    assert winlint.lint_text("\udfff" * 3) == []
    (f,) = winlint.lint_text("I need \ud83d to get them to work harder.", config={"select": ["WW101"]})
    assert f.text == "get them to work harder"


@pytest.mark.parametrize("encoding,data", [
    ("unicode_escape", b"\\ud800 " + P.encode() + b"\n"),
    ("utf-7", b"+2AA- " + P.encode() + b"\n"),
])
def test_l1_lone_surrogates_from_an_encoding_in_the_cli(tmp_path, encoding, data):
    (tmp_path / "e.txt").write_bytes(data)
    proc = _run(["check", "--encoding", encoding, "--format", "json", "e.txt"], tmp_path,
                env={"PYTHONIOENCODING": "utf-8:strict"})
    assert proc.returncode == 1, proc.stderr
    (f,) = json.loads(proc.stdout.decode("utf-8"))
    assert (f["line"], f["column"], f["text"]) == (1, 13, "get them to work harder")
    proc = _run(["check", "--encoding", encoding, "--format", "rich", "--no-color", "e.txt"], tmp_path)
    assert proc.returncode == 1 and "\ufffd " + P in proc.stdout.decode("utf-8")


# -- L18 and M2: the engine's suppressions sweep and block cuts ------------------------------------

def test_l18_many_suppressions_and_findings(linter_factory):
    n = 2000
    source = "".join(f"<!-- winlint-disable WW999 -->\n\n{P}\n\n" for _ in range(n))
    result = linter_factory().lint_text(source, "many.md", input_format="markdown")
    assert len(result.findings) == n
    assert len(result.unused_suppressions) == n
    lines = [f.line for f in result.findings]
    assert lines == list(range(3, 4 * n, 4))


def test_l18_sweep_keeps_disable_enable_semantics(linter_factory):
    source = "\n\n".join([
        P,                                              # 1: reported
        "<!-- winlint-disable WW101 -->", P,            # 5: suppressed by line 3
        "<!-- winlint-disable -->", P,                  # 9: suppressed by line 7 (all)
        "<!-- winlint-enable WW101 -->", P,             # 13: reported (enabled again)
        "<!-- winlint-disable-next-line WW101 -->", P,  # 17: suppressed by line 15
        "<!-- winlint-enable -->", P,                   # 21: reported
        "<!-- winlint-disable control -->", P,          # 25: suppressed by line 23
        "<!-- winlint-disable-next-line WW102 -->", P,  # 29: suppressed by line 23, not 27 (unused)
        "<!-- winlint-enable control -->", P,           # 33: reported
    ]) + "\n"
    result = linter_factory().lint_text(source, "s.md", input_format="markdown")
    assert [f.line for f in result.findings] == [1, 13, 21, 33]
    assert [u.line for u in result.unused_suppressions] == [27]


def test_m2_long_paragraph_of_lines_ending_in_a_period_loses_no_finding(linter_factory):
    source = (P + "\n") * 600                        # one 21 KB paragraph, over the 20,000 block limit
    result = linter_factory().lint_text(source, "cut.txt", input_format="plain")
    assert [f.line for f in result.findings] == list(range(1, 601))
    # lines ending in '."' too: the writer's own quoted words (someone else's would be reported speech)
    source = (P + "\r\n") * 1300 + ('I wrote: "' + P + '"\n') * 700
    result = linter_factory().lint_text(source, "cut.txt", input_format="plain")
    assert len(result.findings) == 2000


def test_m2_cut_points():
    from winlint.engine import MAX_BLOCK, _cut

    view = ("We are here.\n" + "x " * 20) * 2000
    spans = list(_cut(view, 0, len(view)))
    assert spans[0][0] == 0 and spans[-1][1] == len(view)
    assert all(b - a <= MAX_BLOCK for a, b in spans)
    assert all(view[b - 1] == "." for a, b in spans[:-1])
    words = "word " * 8000 + "end"                  # no sentence end: the last space
    spans = list(_cut(words, 0, len(words)))
    assert all(words[b - 1] == " " for a, b in spans[:-1])
