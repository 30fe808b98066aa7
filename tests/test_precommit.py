"""The real pre-commit, with this checkout as the hook repository (.pre-commit-hooks.yaml)."""
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT

# what a hook repository needs to build and install winlint (pre-commit runs `pip install .`)
HOOK_REPO_FILES = ("winlint", "rules", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
GIT = ["git", "-c", "user.name=winlint tests", "-c", "user.email=tests@winlint.invalid",
       "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def git(*args, cwd):
    return subprocess.run(GIT + list(args), cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def test_hook_manifest_matches_the_documented_file_types():
    import re
    hook = next(h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text()) if h["id"] == "winlint")
    assert hook["id"] == "winlint" and hook["language"] == "python" and hook["entry"] == "winlint check"
    files = re.compile(hook["files"])
    for name in ("draft.md", "NOTES.MARKDOWN", "reply.eml", "notes.txt", "guide.rst", "page.html", "page.htm"):
        assert files.search(name), name
    for name in ("main.py", "README", "data.json", "draft.md.orig"):
        assert not files.search(name), name


def hook_repository(tmp_path) -> tuple[str, str]:
    """The working tree (which may have uncommitted changes) as a one-commit git repository."""
    repo = tmp_path / "hook-repo"
    repo.mkdir()
    for name in HOOK_REPO_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, repo / name)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "winlint hook repository for tests", cwd=repo)
    return str(repo), git("rev-parse", "HEAD", cwd=repo)


@pytest.mark.slow
def test_real_pre_commit_fails_on_adversarial_phrasing_and_passes_clean_text(tmp_path):
    repo, rev = hook_repository(tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    git("init", "-q", cwd=project)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: winlint\n")
    (project / "draft.md").write_text("# Notes for my 1:1\n\nI need to get them to work harder.\n")
    (project / "script.py").write_text("# get them to work harder  (not a text file: the hook skips it)\n")
    git("add", "-A", cwd=project)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PRE_COMMIT_COLOR="never")

    def pre_commit(*args):
        return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=project, env=env,
                              capture_output=True, text=True, timeout=1500)

    failing = pre_commit("run", "--all-files")
    out = failing.stdout + failing.stderr
    assert failing.returncode == 1, out
    assert "winlint" in out and "Failed" in out and "exit code: 1" in out
    assert "draft.md:3:11: WW101 [warning]" in out
    assert "script.py" not in out

    (project / "draft.md").write_text("# Notes for my 1:1\n\nHow do we create conditions where they want to "
                                      "work harder?\n")
    git("add", "-A", cwd=project)
    passing = pre_commit("run", "--all-files")
    out = passing.stdout + passing.stderr
    assert passing.returncode == 0, out
    assert "winlint" in out and "Passed" in out
