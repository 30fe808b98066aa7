"""Config files: discovery, validation with file:line errors, precedence, `winlint config`."""
import json
import subprocess
import sys
import textwrap

import pytest

from winlint.config import Config, Resolver, load
from winlint.errors import WinlintError

GET = "I need to get them to work harder.\n"            # WW101 getting-someone-to (control)
MADE = "We made them rewrite the spec.\n"                # WW102 making-someone (control)
FIRE = "I have to fire them.\n"                          # WW301 firing-someone (punitive)
ALL3 = GET + MADE + FIRE

CUSTOM_RULE = """\
code: ACM201
name: zorching-them
category: zero_sum
level: error
step: explicit
message: "'{match}' frames the other team as an opponent to beat"
why: Zorching a colleague's team means someone loses; say what both teams get instead.
patterns:
  - zorch them
suggestions:
  - "What would a result that works for both teams look like?"
examples:
  bad:
    - "We will zorch them in the review."
    - "Let's zorch them."
  good:
    - "Let's find a result that works for both teams."
    - "We zorched the deadline."
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def codes(proc):
    return [line.split(": ")[1].split()[0] for line in proc.stdout.splitlines()]


def error_of(tmp_path, name, text, explicit=False):
    path = write(tmp_path / name, text)
    with pytest.raises(WinlintError) as info:
        load(str(path), explicit=explicit)
    return str(info.value)


# --- discovery ---------------------------------------------------------------------------------

def test_nearest_config_wins_and_is_not_merged_with_parents(tmp_path):
    write(tmp_path / ".winlint.yaml", "select: [WW1]\nfail-level: error\n")
    write(tmp_path / "team" / ".winlint.yml", "ignore: [punitive]\n")
    resolver = Resolver()
    top = resolver.for_path(str(tmp_path / "a.md"))
    team = resolver.for_path(str(tmp_path / "team" / "deep" / "b.md"))
    assert top.select == ["WW1"] and top.fail_level == "error"
    assert team.path == str(tmp_path / "team" / ".winlint.yml")
    assert team.select == [] and team.ignore == ["punitive"] and team.fail_level == "warning"


def test_pyproject_counts_only_with_a_tool_winlint_table(tmp_path):
    write(tmp_path / ".winlint.yaml", "select: [WW3]\n")
    write(tmp_path / "pkg" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert Resolver().for_path(str(tmp_path / "pkg" / "a.md")).select == ["WW3"]
    write(tmp_path / "pkg" / "pyproject.toml", "[project]\nname = 'x'\n\n[tool.winlint]\nselect = ['WW1']\n")
    assert Resolver().for_path(str(tmp_path / "pkg" / "a.md")).select == ["WW1"]


def test_winlint_yaml_beats_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.winlint]\nselect = ['WW1']\n")
    write(tmp_path / ".winlint.yaml", "select: [WW3]\n")
    assert Resolver().for_folder(str(tmp_path)).path == str(tmp_path / ".winlint.yaml")


def test_no_config_found_gives_the_defaults(tmp_path):
    config = Resolver().for_folder(str(tmp_path))
    assert config.path is None
    assert (config.select, config.fail_level, config.quoted, config.model) == ([], "warning", "skip", "off")
    assert set(config.sources.values()) == {"default"}


def test_discovery_imports_neither_yaml_nor_tomllib_when_no_config_applies(tmp_path):
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")     # no [tool.winlint]: not a config
    code = ("import sys; from winlint.config import Resolver; "
            f"c = Resolver().for_path({str(tmp_path / 'a.md')!r}); "
            "print(c.path, 'yaml' in sys.modules, 'tomllib' in sys.modules, 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["None", "False", "False", "False"]


def test_config_file_discovered_for_each_file_gives_each_its_own_rules(run_cli, tmp_path):
    write(tmp_path / "control" / ".winlint.yaml", "select: [control]\n")
    write(tmp_path / "punitive" / "pyproject.toml", "[tool.winlint]\nselect = ['punitive']\n")
    write(tmp_path / "control" / "a.txt", ALL3)
    write(tmp_path / "punitive" / "b.txt", ALL3)
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 1, proc.stderr
    assert codes(proc) == ["WW101", "WW102", "WW301"]
    assert proc.stdout.splitlines()[2].startswith(str(tmp_path / "punitive" / "b.txt"))


def test_stdin_uses_the_working_directory_or_the_stdin_filename_folder(run_cli, tmp_path):
    write(tmp_path / ".winlint.yaml", "select: [punitive]\n")
    write(tmp_path / "notes" / ".winlint.yaml", "select: [WW102]\n")
    assert codes(run_cli("check", "-", input=ALL3, cwd=tmp_path)) == ["WW301"]
    assert codes(run_cli("check", "--stdin-filename", "notes/x.txt", "-", input=ALL3, cwd=tmp_path)) == ["WW102"]


def test_config_option_overrides_discovery(run_cli, tmp_path):
    write(tmp_path / ".winlint.yaml", "select: [punitive]\n")
    other = write(tmp_path / "elsewhere" / "strict.yaml", "select: [WW101]\nlevel: {WW101: error}\n")
    proc = run_cli("check", "--config", str(other), "-", input=ALL3, cwd=tmp_path)
    assert proc.stdout.splitlines() == [
        "<stdin>:1:11: WW101 [error] 'get them to work harder' treats a colleague as something to move, "
        "not someone with their own reasons (getting-someone-to)"]


def test_missing_config_option_file_is_exit_2(run_cli, tmp_path):
    proc = run_cli("check", "--config", str(tmp_path / "nope.yaml"), "-", input=GET)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"winlint: error: {tmp_path / 'nope.yaml'}: --config: config file not found"


# --- what each key does -------------------------------------------------------------------------

def test_select_ignore_and_level_from_the_file(run_cli, tmp_path):
    write(tmp_path / ".winlint.yaml", """\
        select: [control, firing-someone]
        ignore: [WW102]
        level:
          WW101: error
          punitive: info
    """)
    proc = run_cli("check", "-", input=ALL3, cwd=tmp_path)
    assert [(c, line.split()[2]) for c, line in zip(codes(proc), proc.stdout.splitlines())] == [
        ("WW101", "[error]"), ("WW301", "[info]")]


def test_command_line_select_replaces_and_ignore_adds(run_cli, tmp_path):
    write(tmp_path / ".winlint.yaml", "select: [punitive]\nignore: [WW102]\n")
    assert codes(run_cli("check", "--select", "control", "-", input=ALL3, cwd=tmp_path)) == ["WW101"]
    assert codes(run_cli("check", "--select", "WW1,WW3", "--ignore", "WW101", "-", input=ALL3,
                         cwd=tmp_path)) == ["WW301"]


def test_fail_level_from_the_file_and_the_command_line_wins(run_cli, tmp_path):
    write(tmp_path / ".winlint.yaml", "fail-level: error\n")
    assert run_cli("check", "-", input=GET, cwd=tmp_path).returncode == 0
    assert run_cli("check", "--fail-level", "warning", "-", input=GET, cwd=tmp_path).returncode == 1


def test_quoted_include_lints_quoted_replies(run_cli, tmp_path):
    reply = "Sounds good.\n\n> " + FIRE
    assert codes(run_cli("check", "--stdin-filename", "r.md", "-", input=reply, cwd=tmp_path)) == []
    write(tmp_path / ".winlint.yaml", "quoted: include\n")
    assert codes(run_cli("check", "--stdin-filename", "r.md", "-", input=reply, cwd=tmp_path)) == ["WW301"]


def test_rules_folders_are_relative_to_the_config_file(run_cli, tmp_path):
    write(tmp_path / "style" / "house-rules" / "zorching-them.yaml", CUSTOM_RULE)
    write(tmp_path / "style" / "pyproject.toml", "[tool.winlint]\nrules = ['house-rules']\n")
    write(tmp_path / "style" / "docs" / "a.txt", "We will zorch them in the review.\n" + GET)
    proc = run_cli("check", "docs/a.txt", cwd=tmp_path / "style")
    assert codes(proc) == ["ACM201", "WW101"]
    assert proc.stdout.startswith("docs/a.txt:1:9: ACM201 [error] 'zorch them' frames")


def test_user_rules_are_validated_like_builtin_ones(run_cli, tmp_path):
    write(tmp_path / "mine" / "zorching-them.yaml", CUSTOM_RULE.replace("level: error", "level: eror"))
    write(tmp_path / ".winlint.yaml", "rules: [mine]\n")
    proc = run_cli("check", "-", input=GET, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"winlint: error: {tmp_path / 'mine' / 'zorching-them.yaml'}:4: level: "
                                   "unknown level 'eror'; one of: error, warning, info")


def test_exclude_applies_when_recursing_and_to_explicit_paths(run_cli, tmp_path):
    write(tmp_path / ".winlint.yaml", "exclude: ['drafts/', 'archive/**/*.md', '*.eml']\n")
    for name in ("keep.md", "drafts/a.md", "notes/drafts/b.md", "archive/2024/old.md", "archive/old.txt",
                 "mail/x.eml"):
        write(tmp_path / name, GET)
    proc = run_cli("check", ".", cwd=tmp_path)
    assert sorted(line.split(":")[0] for line in proc.stdout.splitlines()) == [
        "./archive/old.txt", "./keep.md"]
    explicit = run_cli("check", "drafts/a.md", "mail/x.eml", "keep.md", cwd=tmp_path)
    assert [line.split(":")[0] for line in explicit.stdout.splitlines()] == ["keep.md"]


@pytest.mark.parametrize("pattern, path, excluded", [
    ("drafts", "drafts/a.md", True),
    ("drafts", "x/drafts/a.md", True),           # no slash: any folder or file name, at any depth
    ("drafts", "drafts.md", False),
    ("drafts/", "x/drafts", False),              # trailing slash: folders only
    ("*.eml", "deep/er/m.eml", True),
    ("/notes.md", "notes.md", True),
    ("/notes.md", "sub/notes.md", False),        # a slash anchors at the config's folder
    ("docs/*.md", "docs/a.md", True),
    ("docs/*.md", "docs/sub/a.md", False),       # * stays inside one part
    ("docs/**/*.md", "docs/sub/deep/a.md", True),
    ("docs/**/*.md", "docs/a.md", True),
    ("**/tmp", "a/b/tmp/c.md", True),
    ("draft-[0-9].md", "draft-7.md", True),
    ("draft-[!0-9].md", "draft-7.md", False),
    ("draft-?.md", "draft-ab.md", False),
])
def test_exclude_glob_semantics(tmp_path, pattern, path, excluded):
    config = Config(path=str(tmp_path / ".winlint.yaml"))
    config.values["exclude"] = [pattern]
    assert config.excludes(str(tmp_path / path)) is excluded


def test_exclude_never_reaches_outside_the_config_folder(tmp_path):
    config = Config(path=str(tmp_path / "sub" / ".winlint.yaml"))
    config.values["exclude"] = ["*.md"]
    assert config.excludes(str(tmp_path / "sub" / "a.md"))
    assert not config.excludes(str(tmp_path / "a.md"))


def test_model_is_accepted_and_kept_for_the_learned_stage(tmp_path):
    assert load(str(write(tmp_path / ".winlint.yaml", "model: on\n"))).model == "on"
    assert load(str(write(tmp_path / "pyproject.toml", "[tool.winlint]\nmodel = false\n"))).model == "off"


def test_model_threshold_is_a_number_kept_for_the_learned_stage(tmp_path):
    assert Config().model_threshold is None              # the model's own
    yaml = load(str(write(tmp_path / "a" / ".winlint.yaml", "model: on\nmodel-threshold: 0.9\n")))
    assert (yaml.model_threshold, yaml.sources["model-threshold"]) == (0.9, f"{tmp_path / 'a' / '.winlint.yaml'}:2")
    toml = load(str(write(tmp_path / "b" / "pyproject.toml", "[tool.winlint]\nmodel-threshold = 1\n")))
    assert toml.model_threshold == 1.0 and isinstance(toml.model_threshold, float)


# --- errors: file, line, key, what was expected, did you mean ----------------------------------

def test_unknown_yaml_key_names_file_line_and_nearest_key(tmp_path):
    message = error_of(tmp_path, ".winlint.yaml", "select: [WW1]\nfail_level: error\n")
    assert message.startswith(f"{tmp_path / '.winlint.yaml'}:2: fail_level: unknown key (did you mean 'fail-level'?)")
    assert "valid keys: select, ignore, level, rules, exclude, fail-level, quoted, model, model-threshold" in message


def test_unknown_toml_key_is_found_on_its_line(tmp_path):
    message = error_of(tmp_path, "pyproject.toml", """\
        [project]
        name = "x"

        [tool.winlint]
        select = ["WW1"]
        qouted = "include"
    """)
    assert message.startswith(f"{tmp_path / 'pyproject.toml'}:6: qouted: unknown key (did you mean 'quoted'?)")


@pytest.mark.parametrize("text, expected", [
    ("quoted: inclde\n", "1: quoted: expected one of skip, include, found 'inclde' (did you mean 'include'?)"),
    ("fail-level: off\n", "1: fail-level: expected one of info, warning, error, never, found 'off'"),
    ("model: maybe\n", "1: model: expected one of on, off, found 'maybe'"),
    ("model: on\nmodel-threshold: 1.5\n",
     "2: model-threshold: expected a number from 0 to 1 (a WW900 score), found 1.5"),
    ("model-threshold: -0.1\n", "1: model-threshold: expected a number from 0 to 1 (a WW900 score), found -0.1"),
    ("model-threshold: high\n", "1: model-threshold: expected a number from 0 to 1 (a WW900 score), found 'high'"),
    ("model-threshold: '0.9'\n", "1: model-threshold: expected a number from 0 to 1 (a WW900 score), found '0.9'; "
                                  "write 0.9 without quotes"),
    ("model-threshold: true\n", "1: model-threshold: expected a number from 0 to 1 (a WW900 score), found true"),
    ("model-threshold:\n", "1: model-threshold: expected a number from 0 to 1 (a WW900 score), found nothing"),
    ("model-threshold: [0.9]\n", "1: model-threshold: expected a number from 0 to 1 (a WW900 score), found a list"),
    ("model_threshold: 0.9\n", "1: model_threshold: unknown key (did you mean 'model-threshold'?)"),
    ("select: WW101\n", "1: select: expected a list of strings, found a string; write [WW101]"),
    ("ignore: [WW101, 3]\n", "1: ignore: expected a list of non-empty strings, found an item that is a number (3)"),
    ("level: error\n", "1: level: expected a mapping of rule code, name or category to a level, found a string"),
    ("x: 1\nlevel:\n  WW101: warning\n  control: loud\n",
     "1: x: unknown key"),
    ("level:\n  WW101: warning\n  control: loud\n",
     "3: level.control: expected one of error, warning, info, found 'loud'"),
    ("rules: [no-such-folder]\n", "1: rules: rule folder 'no-such-folder' not found"),
    ("- select\n", "1: a config file must be a mapping of keys to values"),
    ("select: [WW1\n", "2: invalid YAML:"),
])
def test_bad_yaml_values_are_reported_with_the_line(tmp_path, text, expected):
    assert error_of(tmp_path, ".winlint.yaml", text).startswith(f"{tmp_path / '.winlint.yaml'}:{expected}")


@pytest.mark.parametrize("text, expected", [
    ('[tool.winlint]\nselect = ["WW1"]\n\n[tool.winlint.level]\nWW101 = "eror"\n',
     "5: level.WW101: expected one of error, warning, info, found 'eror' (did you mean 'error'?)"),
    ('[tool.winlint]\nlevel = { control = "info", WW101 = 3 }\n',
     "2: level.WW101: expected one of error, warning, info, found 3"),
    ('[tool.winlint]\nselect = [\n  "WW1",\n  4,\n]\n', "2: select: expected a list of non-empty strings"),
    ('[tool.winlint]\nselect = ["WW1"\n', "2: invalid TOML: Unclosed array"),
    ('[tool.winlint]\nquoted = "include"\nquoted = "skip"\n', "3: invalid TOML:"),
    ('[tool.winlint]\nmodel = "on"\nmodel-threshold = "0.9"\n',
     "3: model-threshold: expected a number from 0 to 1 (a WW900 score), found '0.9'; write 0.9 without quotes"),
])
def test_bad_toml_values_are_reported_with_the_line(tmp_path, text, expected):
    assert error_of(tmp_path, "pyproject.toml", text).startswith(f"{tmp_path / 'pyproject.toml'}:{expected}")


def test_explicit_pyproject_without_the_table_is_an_error(tmp_path):
    message = error_of(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n", explicit=True)
    assert message == f"{tmp_path / 'pyproject.toml'}: --config: no [tool.winlint] table"


def test_names_that_match_no_rule_are_errors_with_did_you_mean(run_cli, tmp_path):
    write(tmp_path / ".winlint.yaml", "select: [control]\nignore:\n  - WW101\n  - firing-somone\n")
    proc = run_cli("check", "-", input=GET, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith(
        f"winlint: error: {tmp_path / '.winlint.yaml'}:2: ignore: 'firing-somone' names no rule or category "
        "(did you mean 'firing-someone'?)")


def test_level_keys_must_be_whole_codes_names_or_categories(run_cli, tmp_path):
    write(tmp_path / ".winlint.yaml", "level:\n  WW1: error\n")
    proc = run_cli("check", "-", input=GET, cwd=tmp_path)
    assert proc.returncode == 2
    assert "2: level.WW1: 'WW1' is not a rule code, rule name or category (code prefixes work in select" \
        in proc.stderr


def test_command_line_names_are_checked_too(run_cli, tmp_path):
    proc = run_cli("check", "--ignore", "contrl", "-", input=GET, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("winlint: error: --ignore: 'contrl' names no rule or category "
                                          "(did you mean 'control'?)")


def test_a_broken_config_stops_only_the_files_under_it(run_cli, tmp_path):
    # red-team L17: one broken config must not empty the output; its files are an error (exit 2)
    write(tmp_path / "a" / "x.txt", GET)
    write(tmp_path / "b" / ".winlint.yaml", "selct: [WW1]\n")
    write(tmp_path / "b" / "y.txt", GET)
    write(tmp_path / "b" / "z.txt", GET)
    proc = run_cli("check", "a", "b", cwd=tmp_path)
    assert proc.returncode == 2
    assert [line.split(": ")[0] for line in proc.stdout.splitlines()] == ["a/x.txt:1:11"]
    assert proc.stderr.strip().splitlines() == [
        f"winlint: error: {tmp_path / 'b' / '.winlint.yaml'}:1: selct: unknown key (did you mean 'select'?); "
        "valid keys: select, ignore, level, rules, exclude, fail-level, quoted, model, model-threshold"]


# --- winlint config ----------------------------------------------------------------------------

def test_config_command_shows_values_and_where_they_came_from(run_cli, tmp_path):
    write(tmp_path / "style" / "zorching-them.yaml", CUSTOM_RULE)
    write(tmp_path / ".winlint.yaml", "select: [WW1, punitive]\nrules: [style]\nlevel:\n  WW101: error\n")
    (tmp_path / "docs").mkdir()
    proc = run_cli("config", "docs", "--ignore", "WW102", "--quoted", "include", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    cfg = tmp_path / ".winlint.yaml"
    assert proc.stdout.splitlines() == [
        f"# config file: {cfg}",
        f'select = ["WW1", "punitive"]  # {cfg}:1',
        'ignore = ["WW102"]  # command line',
        f'level = {{"WW101": "error"}}  # {cfg}:3',
        f'rules = ["{tmp_path / "style"}"]  # {cfg}:2',
        "exclude = []  # default",
        'fail-level = "warning"  # default',
        'quoted = "include"  # command line',
        'model = "off"  # default',
        "model-threshold = null  # default",
    ]


def test_config_command_json(run_cli, tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.winlint]\nignore = ['WW3']\nfail-level = 'error'\n")
    proc = run_cli("config", "--format", "json", "--ignore", "WW102", cwd=tmp_path)
    data = json.loads(proc.stdout)
    cfg = str(tmp_path / "pyproject.toml")
    assert data["config"] == cfg
    assert data["settings"]["ignore"] == {"value": ["WW3", "WW102"], "source": f"{cfg}:2, command line"}
    assert data["settings"]["fail-level"] == {"value": "error", "source": f"{cfg}:3"}
    assert data["settings"]["select"] == {"value": [], "source": "default"}


def test_config_command_reports_a_bad_config_like_check(run_cli, tmp_path):
    write(tmp_path / ".winlint.yaml", "select: [ZZ9]\n")
    proc = run_cli("config", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"winlint: error: {tmp_path / '.winlint.yaml'}:1: select: 'ZZ9' names no rule")
