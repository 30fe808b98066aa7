"""Commit messages: `winlint commit-msg FILE` and the `winlint-commit-msg` pre-commit hook, the latter
run by the real pre-commit from a real `git commit` (including `git commit -v`)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT
from test_precommit import GIT, git, hook_repository

from winlint.commitmsg.message import SCISSORS, message_view

VERBOSE_FILE = f"""Add the release notes

Per my last email, the cache key is wrong.
# Please enter the commit message for your changes. I need to get them to work harder.
# {SCISSORS}
# Do not modify or remove the line above.
diff --git a/notes.md b/notes.md
+I need to get them to work harder.
"""


def winlint(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "winlint", *args], capture_output=True, text=True, cwd=cwd)


def test_message_view_blanks_comments_and_the_diff():
    view = message_view(VERBOSE_FILE)
    assert len(view) == len(VERBOSE_FILE) and view.count("\n") == VERBOSE_FILE.count("\n")
    assert "Per my last email" in view and "Add the release notes" in view
    assert "work harder" not in view and "diff" not in view
    assert view.splitlines()[3].strip() == ""
    crlf = "Title\r\n; a comment\r\n# kept\r\n"
    assert message_view(crlf, ";") == "Title\r\n           \r\n# kept\r\n"
    # a scissors line written with another comment char is text, as git treats it
    assert "diff" in message_view(VERBOSE_FILE, ";")


def test_cli_lints_only_the_message(tmp_path):
    msg = tmp_path / "COMMIT_EDITMSG"
    msg.write_text(VERBOSE_FILE)
    res = winlint("commit-msg", str(msg))
    assert res.returncode == 1, res.stderr
    lines = res.stdout.splitlines()
    assert lines == [l for l in lines if l.startswith(f"{msg}:")] and len(lines) == 1
    assert lines[0].startswith(f"{msg}:3:1: WW701 [warning]")
    msg.write_text(VERBOSE_FILE.replace("Per my last email, the cache key is wrong.", "The cache key was wrong."))
    res = winlint("commit-msg", str(msg))
    assert res.returncode == 0 and res.stdout == "", res.stdout + res.stderr
    res = winlint("commit-msg", "--fail-level", "error", "--format", "json", str(tmp_path / "missing"))
    assert res.returncode == 2 and "missing" in res.stderr


def test_cli_uses_the_repository_config(tmp_path):
    (tmp_path / ".winlint.yaml").write_text("ignore: [WW701]\n")
    (tmp_path / ".git").mkdir()
    msg = tmp_path / ".git" / "COMMIT_EDITMSG"
    msg.write_text(VERBOSE_FILE)
    res = winlint("commit-msg", str(msg))
    assert res.returncode == 0, res.stdout + res.stderr


def test_hook_manifest():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    hook = hooks["winlint-commit-msg"]
    assert hook["stages"] == ["commit-msg"] and hook["entry"] == "winlint commit-msg"
    assert hook["language"] == "python"
    assert "commit-msg" not in hooks["winlint"].get("stages", [])


@pytest.mark.slow
def test_real_pre_commit_commit_msg_hook(tmp_path):
    repo, rev = hook_repository(tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    git("init", "-q", cwd=project)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: winlint-commit-msg\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PRE_COMMIT_COLOR="never")
    install = subprocess.run([sys.executable, "-m", "pre_commit", "install", "--hook-type", "commit-msg"],
                             cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr

    def commit(*args, extra_env=None):
        return subprocess.run(GIT + ["commit", *args], cwd=project, env={**env, **(extra_env or {})},
                              capture_output=True, text=True, timeout=1500)

    (project / "notes.md").write_text("# Notes\n\nI need to get them to work harder.\n")
    subprocess.run(GIT + ["add", "-A"], cwd=project, check=True, env=env)
    failing = commit("-m", "Add notes\n\nPer my last email, these are the notes.")
    out = failing.stdout + failing.stderr
    assert failing.returncode != 0, out
    assert "winlint (commit message)" in out and "Failed" in out and "WW701" in out
    assert "COMMIT_EDITMSG:3:1: WW701" in out
    assert subprocess.run(GIT + ["rev-parse", "--verify", "-q", "HEAD"], cwd=project, env=env,
                          capture_output=True).returncode != 0          # nothing was committed

    # `git commit -v`: the hook sees git's comments and the staged diff (which has the phrase) below
    # the scissors line; only the message the editor wrote counts
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\np = sys.argv[1]\ntext = open(p).read()\n"
                      "assert '>8' in text and 'work harder' in text, text\n"
                      "open(p, 'w').write('Add the notes for the 1:1\\n\\n# I need to get them to work harder.\\n' + text)\n")
    verbose = commit("-v", extra_env={"GIT_EDITOR": f"{sys.executable} {editor}"})
    out = verbose.stdout + verbose.stderr
    assert verbose.returncode == 0, out
    assert "winlint (commit message)" in out and "Passed" in out
    log = subprocess.run(GIT + ["log", "-1", "--format=%B"], cwd=project, env=env, capture_output=True,
                         text=True).stdout
    assert log.strip() == "Add the notes for the 1:1"
