"""The installed `winlint` command, run as users run it."""
import json

from conftest import ROOT

ADVERSARIAL = "I need to get them to work harder.\n"


def test_stdin_finding_exits_1_and_shows_the_reframe(run_cli):
    proc = run_cli("check", "-", input=ADVERSARIAL)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("<stdin>:1:11: WW101 [warning] ")
    assert "(getting-someone-to)" in proc.stdout


def test_no_paths_with_piped_input_reads_stdin(run_cli):
    proc = run_cli("check", input=ADVERSARIAL)
    assert proc.returncode == 1
    assert "WW101" in proc.stdout


def test_clean_text_exits_0_with_no_output(run_cli):
    proc = run_cli("check", "-", input="How do we help them succeed?\n")
    assert proc.returncode == 0
    assert proc.stdout == ""


def test_json_is_the_documented_contract(run_cli):
    proc = run_cli("check", "--format", "json", "-", input=ADVERSARIAL)
    assert proc.returncode == 1
    findings = json.loads(proc.stdout)
    assert len(findings) == 1
    f = findings[0]
    for key in ("path", "rule", "name", "category", "severity", "step", "message", "line", "column",
                "end_line", "end_column", "start", "end", "text", "suggestions"):
        assert key in f, key
    assert f["text"] == ADVERSARIAL[f["start"]:f["end"]] == "get them to work harder"
    assert f["suggestions"][0] == "I want to find out what would help them work harder."   # rewrites first
    assert "How do we create conditions where they want to work harder?" in f["suggestions"]
    assert (f["line"], f["column"], f["end_line"], f["end_column"]) == (1, 11, 1, 34)


def test_json_with_no_findings_is_an_empty_array(run_cli):
    proc = run_cli("check", "--format", "json", "-", input="Thanks for the help!\n")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == []


def test_stdin_filename_names_the_input(run_cli):
    proc = run_cli("check", "--stdin-filename", "draft.txt", "-", input=ADVERSARIAL)
    assert proc.stdout.startswith("draft.txt:1:11:")


def test_files_and_folders(run_cli, tmp_path):
    (tmp_path / "a.txt").write_text("Fine words.\n")
    sub = tmp_path / "notes"
    sub.mkdir()
    (sub / "b.md").write_text("# Plan\n\nWe made them rewrite the spec.\n")
    (sub / "image.png").write_bytes(b"\x89PNG\x00\x00")
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{sub / 'b.md'}:3:4: WW102")


def test_missing_file_is_exit_2_and_other_files_are_still_linted(run_cli, tmp_path):
    good = tmp_path / "draft.txt"
    good.write_text(ADVERSARIAL)
    proc = run_cli("check", str(tmp_path / "nope.txt"), str(good))
    assert proc.returncode == 2
    assert "nope.txt: no such file" in proc.stderr
    assert "WW101" in proc.stdout


def test_fail_level_error_lets_warnings_pass(run_cli):
    proc = run_cli("check", "--fail-level", "error", "-", input=ADVERSARIAL)
    assert proc.returncode == 0
    assert "WW101" in proc.stdout


def test_broken_rule_folder_is_exit_2_one_line(run_cli, tmp_path):
    (tmp_path / "bad-rule.yaml").write_text("code: nope\n")
    proc = run_cli("check", "--rules", str(tmp_path), "-", input=ADVERSARIAL)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "bad-rule.yaml:1:" in proc.stderr


def test_usage_error_is_exit_2(run_cli):
    proc = run_cli("check", "--format", "nope", "-", input="")
    assert proc.returncode == 2


def test_rules_lists_every_rule(run_cli, pack):
    proc = run_cli("rules")
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == len(pack.rules)


def test_explain_by_code_and_name(run_cli):
    by_code = run_cli("explain", "WW101")
    by_name = run_cli("explain", "getting-someone-to")
    assert by_code.returncode == 0 and by_code.stdout == by_name.stdout
    for heading in ("What it flags", "Why", "Example", "Use instead", "Reframe to shared interests"):
        assert heading in by_code.stdout


def test_explain_unknown_rule_suggests_nearest(run_cli):
    proc = run_cli("explain", "WW10")
    assert proc.returncode == 2
    assert "did you mean" in proc.stderr


def test_python_dash_m_works(tmp_path):
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "winlint", "check", "-"], input=ADVERSARIAL, text=True,
                          capture_output=True, cwd=ROOT)
    assert proc.returncode == 1 and "WW101" in proc.stdout
