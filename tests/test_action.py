"""action.yml: the composite GitHub Action's structure, and its steps run locally with bash as a
runner would run them (inputs through env, GITHUB_PATH, RUNNER_TEMP)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
EXPR_RE = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def test_structure():
    assert ACTION["name"] and ACTION["description"]
    inputs = ACTION["inputs"]
    assert {"paths", "args", "fail-level", "version"} <= set(inputs)
    for name, spec in inputs.items():
        assert spec["description"], name
        assert spec.get("required", False) is False and "default" in spec, name
    assert inputs["fail-level"]["default"] == "warning" and inputs["paths"]["default"] == "."
    runs = ACTION["runs"]
    assert runs["using"] == "composite"
    names = [s["name"] for s in runs["steps"]]
    assert names == ["Install winlint", "Run winlint"]
    for step in runs["steps"]:
        assert step["shell"] == "bash"
        assert not EXPR_RE.search(step["run"]), "inputs go through env, never into the script"
    assert "--format github" in runs["steps"][1]["run"]
    readme = (ROOT / "README.md").read_text()
    for name in inputs:
        assert f"`{name}`" in readme, f"input {name} is not documented in the README"


def _env(step, inputs, github):
    """The step's env with ${{ inputs.X }} and ${{ github.X }} evaluated as a runner would."""
    values = {f"inputs.{k}": str(v.get("default", "")) for k, v in ACTION["inputs"].items()}
    values.update({f"inputs.{k}": v for k, v in inputs.items()})
    values.update({f"github.{k}": v for k, v in github.items()})
    return {k: EXPR_RE.sub(lambda m: values[m.group(1)], v) for k, v in step.get("env", {}).items()}


def run_step(name, tmp_path, inputs=None, github=None, path_dirs=()):
    step = next(s for s in ACTION["runs"]["steps"] if s["name"] == name)
    github_path = tmp_path / "GITHUB_PATH"
    github_path.touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(_env(step, inputs or {}, github or {}), RUNNER_TEMP=str(tmp_path / "runner-temp"),
               GITHUB_PATH=str(github_path), GITHUB_WORKSPACE=str(tmp_path / "ws"))
    env["PATH"] = os.pathsep.join([*map(str, path_dirs), env["PATH"]])
    (tmp_path / "runner-temp").mkdir(exist_ok=True)
    res = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],
                         cwd=tmp_path / "ws", env=env, capture_output=True, text=True, timeout=1500)
    return res, github_path.read_text().split()


@pytest.fixture
def workspace(tmp_path):
    ws = tmp_path / "ws"
    (ws / "docs").mkdir(parents=True)
    (ws / "docs" / "plan.md").write_text("# Plan\n\nI need to get them to work harder.\n")
    (ws / "my notes.txt").write_text("Per my last email, the date moved.\n")
    (ws / "clean.md").write_text("# Clean\n\nThanks for the review.\n")
    return ws


def _winlint_bin(tmp_path) -> Path:
    """A `winlint` on PATH that is this checkout's, as the install step would provide."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "winlint"
    shim.write_text(f"#!/bin/sh\nexec {sys.executable} -m winlint \"$@\"\n")
    shim.chmod(0o755)
    return bin_dir


def test_run_step_annotates_and_fails(workspace, tmp_path):
    res, _ = run_step("Run winlint", tmp_path, {"paths": "docs\nmy notes.txt"}, path_dirs=[_winlint_bin(tmp_path)])
    assert res.returncode == 1, res.stderr
    lines = res.stdout.splitlines()
    assert any(l.startswith("::warning file=docs/plan.md,line=3,col=11") and "WW101" in l for l in lines), res.stdout
    # one path per line: "my notes.txt" is one file
    assert any(l.startswith("::warning file=my notes.txt,line=1,col=1") and "WW701" in l for l in lines), res.stdout
    res, _ = run_step("Run winlint", tmp_path, {"paths": "docs my notes.txt"}, path_dirs=[_winlint_bin(tmp_path)])
    assert res.returncode == 2 and "my: no such file" in res.stderr   # on one line, spaces separate paths


def test_run_step_inputs(workspace, tmp_path):
    shim = _winlint_bin(tmp_path)
    res, _ = run_step("Run winlint", tmp_path, {"paths": "docs clean.md", "fail-level": "never"}, path_dirs=[shim])
    assert res.returncode == 0 and "::warning file=docs/plan.md" in res.stdout
    res, _ = run_step("Run winlint", tmp_path, {"paths": "docs", "args": "--ignore WW101"}, path_dirs=[shim])
    assert res.returncode == 0 and "::warning" not in res.stdout, res.stdout + res.stderr
    res, _ = run_step("Run winlint", tmp_path, {"paths": "clean.md"}, path_dirs=[shim])
    assert res.returncode == 0 and "::" not in res.stdout.replace("::group::", "").replace("::endgroup::", "")
    res, _ = run_step("Run winlint", tmp_path, {"paths": "*.md", "fail-level": "never"}, path_dirs=[shim])
    assert res.returncode == 2 and "*.md" in res.stderr           # no shell globbing of inputs
    res, _ = run_step("Run winlint", tmp_path, {"paths": "docs", "args": "; touch pwned"}, path_dirs=[shim])
    assert res.returncode == 2 and not (workspace / "pwned").exists()


@pytest.mark.slow
def test_install_step_installs_from_the_action_path(workspace, tmp_path):
    if not shutil.which("python3"):
        pytest.skip("no python3 on PATH")
    source = tmp_path / "action-src"
    for name in ("winlint", "rules", "pyproject.toml", "README.md", "action.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, source / name)
    res, added = run_step("Install winlint", tmp_path, {"python": sys.executable},
                          github={"action_path": str(source)})
    assert res.returncode == 0, res.stdout + res.stderr
    assert len(added) == 1 and (Path(added[0]) / "winlint").exists()
    res, _ = run_step("Run winlint", tmp_path, {"paths": "docs"}, path_dirs=[Path(added[0])])
    assert res.returncode == 1 and "::warning file=docs/plan.md,line=3" in res.stdout, res.stdout + res.stderr
