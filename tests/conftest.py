import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# a small valid rule file, for tests that write rule folders
SAMPLE_RULE = textwrap.dedent("""\
    code: XX101
    name: sample-rule
    category: control
    level: warning
    step: goals
    message: "'{match}' is flagged"
    why: Because.
    patterns:
      - [{LEMMA: force, CAPTURE: verb}, {LOWER: them, CAPTURE: who}]
    suggestions:
      - "What do {who:subject} want?"
    examples:
      bad: ["we force them", "forcing them now"]
      good: ["force push the branch", "nothing to see"]
    """)


@pytest.fixture(scope="session")
def linter_factory():
    from winlint.engine import Linter, Options

    cache = {}

    def make(**kwargs):
        key = repr(sorted(kwargs.items()))
        if key not in cache:
            cache[key] = Linter(Options(**kwargs))
        return cache[key]

    return make


@pytest.fixture(scope="session")
def pack():
    from winlint import loader
    return loader.load()


def winlint_cmd():
    """The installed console script (what users run), falling back to `python -m winlint`."""
    exe = shutil.which("winlint")
    return [exe] if exe else [sys.executable, "-m", "winlint"]


@pytest.fixture
def run_cli():
    def run(*args, input=None, cwd=None, env=None):
        full_env = dict(os.environ, **(env or {}))
        return subprocess.run(winlint_cmd() + list(args), input=input, capture_output=True, text=True,
                              cwd=cwd, env=full_env, timeout=300)
    return run


def pytest_configure(config):
    # compiled rule packs go to a cache of the run's own, not the user's ~/.cache (subprocesses inherit it)
    if "WINLINT_CACHE_DIR" not in os.environ:
        import tempfile
        os.environ["WINLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="winlint-test-cache-")


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="also run slow tests (fuzzing, real pre-commit)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow (CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
