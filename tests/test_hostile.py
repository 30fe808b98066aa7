"""Hostile inputs through the installed `winlint` command, one table row each.

Every row runs the hostile input *and* a good file with an adversarial phrase in the same call:
the hostile one gets its message (or none) and exit code, and the good one is still linted.
"""
from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from conftest import winlint_cmd

# Each call starts winlint (and spaCy): the default run keeps one representative of each kind of
# case, the rest run with --run-slow (as CI does).
FAST = {"invalid-utf8", "binary", "bom", "unreadable", "fifo-and-broken-link-in-folder", "symlink-loop-folder",
        "unknown key", "(a|aa)+$", "unknown-key", "nul-byte"}


def params(items, ids):
    """pytest params, marked slow unless their id is in FAST."""
    return [pytest.param(*(item if isinstance(item, tuple) else (item,)), id=i,
                         marks=() if i in FAST else pytest.mark.slow) for item, i in zip(items, ids)]


PHRASE = "I need to get them to work harder.\n"
GOOD_FINDING = "good.txt:1:11: WW101 "
MADE = "We made them rewrite the spec.\n"      # WW102 at column 4


def _bytes(name: str, data: bytes):
    def make(d: Path) -> list[str]:
        (d / name).write_bytes(data)
        return [name]
    return make


def _big_line(d: Path) -> list[str]:
    (d / "line.txt").write_text("word " * 200_000 + MADE.strip())      # 1 MB, one line, no newline
    return ["line.txt"]


def _unreadable(d: Path) -> list[str]:
    (d / "secret.txt").write_text(PHRASE)
    (d / "secret.txt").chmod(0)
    return ["secret.txt"]


def _fifo_in_folder(d: Path) -> list[str]:
    (d / "notes").mkdir()
    os.mkfifo(d / "notes" / "pipe.txt")            # opening it would block: a folder walk skips it
    (d / "notes" / "real.md").write_text(MADE)
    os.symlink("missing.txt", d / "notes" / "dangling.txt")
    return ["notes"]


def _symlink_loop(d: Path) -> list[str]:
    sub = d / "loop" / "sub"
    sub.mkdir(parents=True)
    (sub / "inside.md").write_text(MADE)
    os.symlink("..", sub / "up")                   # loop/sub/up -> loop
    os.symlink("../../loop", sub / "again")
    os.symlink("self.txt", sub / "self.txt")       # a file that is a loop: skipped in a folder walk
    return ["loop"]


def _file_loop(d: Path) -> list[str]:
    os.symlink("self.txt", d / "self.txt")
    return ["self.txt"]


def _many_files(d: Path) -> list[str]:
    folder = d / "many"
    for i in range(30):
        sub = folder / f"d{i:02}"
        sub.mkdir(parents=True)
        for j in range(100):
            (sub / f"n{j:03}.md").write_text(f"# Note {i}-{j}\n\nThanks for the review, see you Monday.\n")
    (folder / "d17" / "n042.md").write_text(MADE)
    return ["many"]


def _folder_as_file(d: Path) -> list[str]:
    (d / "plain.txt").write_text(MADE)
    return ["plain.txt/child.md"]                  # a path through a file: not a folder


@dataclass
class Case:
    id: str
    make: Callable[[Path], list[str]]
    stderr: str | None            # a fragment of stderr; "" means stderr must be empty
    code: int                     # exit code with the good file (which has a warning) in the same call
    stdout: tuple[str, ...] = ()  # more lines expected on stdout (the hostile file's own findings)
    args: tuple[str, ...] = ()
    preexec: Callable | None = None
    linted: bool = True           # False: a usage error stops the run before any file is read


def _drop_read_override():
    """Root reads chmod 000 files: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH for this process."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:       # PR_CAPBSET_DROP: root loses it at exec
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _root_can_drop_caps() -> bool:
    try:
        proc = subprocess.run(["true"], preexec_fn=_drop_read_override, capture_output=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


CASES = [
    Case("invalid-utf8", _bytes("legacy.txt", b"Caf\xe9 notes.\nWe made them rewrite the spec.\n"),
         "winlint: error: legacy.txt:1: not valid utf-8 at byte 3 (0xe9); pass --encoding", 2),
    Case("invalid-utf8-with-encoding", _bytes("legacy.txt", b"Caf\xe9 notes.\nWe made them rewrite the spec.\n"),
         "", 1, ("legacy.txt:2:4: WW102 ",), ("--encoding", "latin-1")),
    Case("invalid-utf8-late", _bytes("late.md", MADE.encode() * 3 + b"ok \xff\xfe end\n"),
         "late.md:4: not valid utf-8 at byte 96 (0xff)", 2),
    Case("binary", _bytes("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
         "winlint: photo.png: binary file, skipped", 1),
    Case("binary-text-extension", _bytes("data.md", b"get them to\x00\x01\x02 work harder"),
         "winlint: data.md: binary file, skipped", 1),
    Case("empty", _bytes("empty.md", b""), "", 1),
    Case("only-whitespace", _bytes("blank.txt", b"\n\r\n \t\r\n\n"), "", 1),
    Case("bom", _bytes("bom.txt", b"\xef\xbb\xbf" + MADE.encode()), "", 1, ("bom.txt:1:4: WW102 ",)),
    Case("utf16-bom", _bytes("wide.txt", MADE.encode("utf-16")), "", 1, ("wide.txt:1:4: WW102 ",)),
    Case("mixed-newlines", _bytes("mixed.txt", b"one\r\ntwo\rthree\n\r\nWe made them rewrite the spec.\r"),
         "", 1, ("mixed.txt:5:4: WW102 ",)),
    Case("one-megabyte-line", _big_line, "", 1, ("line.txt:1:1000004: WW102 ",)),
    Case("unknown-encoding", _bytes("a.txt", b"x"), "winlint: error: --encoding: unknown encoding 'utf-9'", 2,
         args=("--encoding", "utf-9"), linted=False),
    Case("unreadable", _unreadable, "winlint: error: secret.txt: permission denied", 2,
         preexec=_drop_read_override),
    Case("missing", lambda d: ["nowhere.md"], "winlint: error: nowhere.md: no such file", 2),
    Case("path-through-a-file", _folder_as_file, "winlint: error: plain.txt/child.md: cannot read: Not a directory", 2),
    Case("fifo-and-broken-link-in-folder", _fifo_in_folder, "", 1, ("notes/real.md:1:4: WW102 ",)),
    Case("symlink-loop-folder", _symlink_loop, "", 1, ("loop/sub/inside.md:1:4: WW102 ",)),
    Case("symlink-loop-file", _file_loop, "winlint: error: self.txt: cannot read: Too many levels of symbolic links", 2),
    Case("three-thousand-files", _many_files, "", 1, ("many/d17/n042.md:1:4: WW102 ",)),
]


def _run(args, cwd, preexec=None, **kw):
    return subprocess.run(winlint_cmd() + list(args), cwd=cwd, capture_output=True, text=True, timeout=300,
                          preexec_fn=preexec, **kw)


@pytest.mark.parametrize("case", params(CASES, [c.id for c in CASES]))
def test_hostile_input_has_its_message_and_the_good_file_is_still_linted(tmp_path, case):
    if case.preexec is _drop_read_override and os.geteuid() == 0 and not _root_can_drop_caps():
        pytest.skip("running as root without CAP_SETPCAP: cannot make a file unreadable to root")
    (tmp_path / "good.txt").write_text(PHRASE)
    hostile = case.make(tmp_path)
    start = time.monotonic()
    preexec = case.preexec if case.preexec is not _drop_read_override or os.geteuid() == 0 else None
    proc = _run(["check", *case.args, *hostile, "good.txt"], tmp_path, preexec=preexec, stdin=subprocess.DEVNULL)
    elapsed = time.monotonic() - start
    assert "Traceback" not in proc.stderr, proc.stderr
    if case.stderr == "":
        assert proc.stderr == "", proc.stderr
    else:
        assert case.stderr in proc.stderr, proc.stderr
        assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert proc.returncode == case.code, (proc.returncode, proc.stderr)
    lines = proc.stdout.splitlines()
    if case.linted:
        assert lines and lines[-1].startswith(GOOD_FINDING), proc.stdout
    for expected in case.stdout:
        assert sum(line.startswith(expected) for line in lines) == 1, (expected, proc.stdout)
    assert len(lines) == (1 + len(case.stdout) if case.linted else 0), proc.stdout
    assert elapsed < 120, f"{case.id} took {elapsed:.0f}s"


# --- stdin -------------------------------------------------------------------------------------


def test_empty_stdin_is_an_empty_text(tmp_path):
    (tmp_path / "good.txt").write_text(PHRASE)
    proc = _run(["check", "-", "good.txt"], tmp_path, stdin=subprocess.DEVNULL)
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout.startswith(GOOD_FINDING)


def _close_stdin():
    os.close(0)


def test_closed_stdin_reads_as_empty(tmp_path):
    (tmp_path / "good.txt").write_text(PHRASE)
    proc = _run(["check", "-", "good.txt"], tmp_path, preexec=_close_stdin)
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout.startswith(GOOD_FINDING)


def test_closed_stdin_and_no_paths_is_a_usage_error(tmp_path):
    proc = _run(["check"], tmp_path, preexec=_close_stdin)
    assert proc.returncode == 2
    assert "no paths given" in proc.stderr and "Traceback" not in proc.stderr


# --- output into a closed pipe -----------------------------------------------------------------


def _many_findings(path: Path, paragraphs: int) -> None:
    path.write_text("".join(f"Note {i}: I need to get them to work harder.\n\n" for i in range(paragraphs)))


@pytest.mark.parametrize("fmt", ["line", pytest.param("json", marks=pytest.mark.slow)])
def test_output_into_a_closed_pipe_stops_quietly(tmp_path, fmt):
    """`winlint check big.md | head -1`: no traceback, and the exit status still says 'findings'."""
    _many_findings(tmp_path / "big.md", 3000)       # ~500 KB of output, far more than a pipe holds
    proc = subprocess.Popen(winlint_cmd() + ["check", "--format", fmt, "big.md"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    first = proc.stdout.readline()
    proc.stdout.close()                             # what `head -1` does after one line
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=300)
    assert first
    assert err == "", err
    assert code == 1


@pytest.mark.slow
def test_shell_pipeline_into_head(tmp_path):
    _many_findings(tmp_path / "big.md", 3000)
    cmd = " ".join(winlint_cmd()) + " check big.md | head -1; echo \"status=${PIPESTATUS[0]}\""
    proc = subprocess.run(["bash", "-c", cmd], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    out = proc.stdout.splitlines()
    assert out[0].startswith("big.md:1:")
    assert out[-1] == "status=1"
    assert proc.stderr == ""


# --- interrupts --------------------------------------------------------------------------------


@pytest.mark.parametrize("delay", [pytest.param(1.0, marks=pytest.mark.slow), 2.5,
                                   pytest.param(5.0, marks=pytest.mark.slow)])
def test_ctrl_c_exits_130_with_one_line(tmp_path, delay):
    """SIGINT while spaCy loads (about 1 s in) or while linting: exit 130, one line, no traceback."""
    _many_findings(tmp_path / "big.md", 30_000)     # takes far longer than `delay` to lint
    proc = subprocess.Popen(winlint_cmd() + ["check", "big.md"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    time.sleep(delay)
    assert proc.poll() is None, "finished before it could be interrupted: make the input bigger"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.decode() == "winlint: interrupted\n"
    assert out == b""


# --- a 50 MB file ------------------------------------------------------------------------------

PEAK_RSS_LIMIT_MB = 400

MEASURE = """
import resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(proc.stdout)
sys.stderr.write(proc.stderr)
print("peak_rss_kb", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, proc.returncode, file=sys.stderr)
"""


@pytest.mark.slow
def test_fifty_megabyte_file_in_bounded_memory(tmp_path):
    paragraph = ("We went through the roadmap together and agreed on the next steps for the quarter, "
                 "with owners and dates for each of them. ") * 3 + "\n\n"
    count = 50_000_000 // len(paragraph) + 1
    with open(tmp_path / "huge.txt", "w") as f:
        f.write("Intro.\n\n" + MADE + "\n")         # lines 1-4
        f.write(paragraph * count)                    # two lines each
        f.write(MADE)
    size = (tmp_path / "huge.txt").stat().st_size
    assert size > 50_000_000
    (tmp_path / "good.txt").write_text(PHRASE)
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", MEASURE, *winlint_cmd(), "check", "huge.txt", "good.txt"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=900)
    elapsed = time.monotonic() - start
    *messages, last = proc.stderr.splitlines()
    _, peak_kb, code = last.split()
    assert messages == [], messages
    assert int(code) == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 3, lines
    assert lines[0].startswith("huge.txt:3:4: WW102 "), lines
    assert lines[1].startswith(f"huge.txt:{5 + 2 * count}:4: WW102 "), lines
    assert lines[2].startswith(GOOD_FINDING), lines
    peak_mb = int(peak_kb) / 1024
    print(f"50 MB file: {size / 1e6:.0f} MB, peak RSS {peak_mb:.0f} MB, {elapsed:.0f}s")
    assert peak_mb < PEAK_RSS_LIMIT_MB, f"peak RSS {peak_mb:.0f} MB"


# --- broken rule files, through the command line -----------------------------------------------

from test_loader_errors import CASES as RULE_CASES, GOOD as GOOD_RULE  # noqa: E402  (one table for both)


def _rule_dir(tmp_path: Path, text: str, name: str = "sample-rule") -> Path:
    folder = tmp_path / "myrules"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(text)
    return folder


def _assert_one_line_rule_error(proc, prefix: str, message: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith(f"winlint: error: {prefix}"), proc.stderr
    assert message in proc.stderr, proc.stderr


@pytest.mark.parametrize("label,text,line,key,message", params(RULE_CASES, [c[0] for c in RULE_CASES]))
def test_broken_rule_file_is_one_line_exit_2(tmp_path, label, text, line, key, message):
    folder = _rule_dir(tmp_path, text)
    (tmp_path / "good.txt").write_text(PHRASE)
    proc = _run(["check", "--rules", str(folder), "good.txt"], tmp_path, stdin=subprocess.DEVNULL)
    path = folder / "sample-rule.yaml"
    prefix = f"{path}:{line}: {key}: " if line is not None else f"{path}:"
    _assert_one_line_rule_error(proc, prefix, message)


@pytest.mark.slow
def test_duplicate_code_across_rule_files_is_one_line_exit_2(tmp_path):
    folder = _rule_dir(tmp_path, GOOD_RULE)
    _rule_dir(tmp_path, GOOD_RULE.replace("sample-rule", "second-rule"), name="second-rule")
    (tmp_path / "good.txt").write_text(PHRASE)
    proc = _run(["check", "--rules", str(folder), "good.txt"], tmp_path, stdin=subprocess.DEVNULL)
    _assert_one_line_rule_error(proc, str(folder / "second-rule.yaml") + ":1: code: ",
                                f"duplicate code XX101, also used in {folder / 'sample-rule.yaml'}")


def test_rule_reusing_a_builtin_code_is_one_line_exit_2(tmp_path):
    folder = _rule_dir(tmp_path, GOOD_RULE.replace("XX101", "WW101"))
    (tmp_path / "good.txt").write_text(PHRASE)
    proc = _run(["check", "--rules", str(folder), "good.txt"], tmp_path, stdin=subprocess.DEVNULL)
    _assert_one_line_rule_error(proc, str(folder / "sample-rule.yaml") + ":1: code: ", "duplicate code WW101")


@pytest.mark.slow
def test_rules_folder_that_does_not_exist_is_one_line_exit_2(tmp_path):
    (tmp_path / "good.txt").write_text(PHRASE)
    proc = _run(["check", "--rules", "no-such-folder", "good.txt"], tmp_path, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "no-such-folder" in proc.stderr and len(proc.stderr.splitlines()) <= 3


REGEXES = [
    ("(a|aa)+$", True),               # repeated alternatives: exponential on "aaa…a!"
    ("(\\w+\\s?)+$", True),           # nested quantifiers
    ("([a-z]*)*!", True),
    ("\\w*\\w*\\w*\\w*\\w*!", True),     # high polynomial: caught by the timed probe
    ("^[a-z]*[a-z]*x$", True),         # quadratic: adjacent repeats over the same characters are refused
    ("^[a-z]+x$", False),              # linear: allowed, and bounded by the 500-character token
]


@pytest.mark.parametrize("regex,refused", params(REGEXES, [r for r, _ in REGEXES]))
def test_catastrophic_regex_is_refused_or_bounded(tmp_path, regex, refused):
    """A backtracking REGEX is refused when the rule loads (`path:line: patterns: ...`, exit 2);
    what is allowed stays bounded, since it only ever sees one token of at most 500 characters."""
    rule = GOOD_RULE.replace("{LOWER: them, CAPTURE: who}", "{TEXT: {REGEX: '%s'}, CAPTURE: who}" % regex)
    folder = _rule_dir(tmp_path, rule)
    attack = "we force " + "a" * 40 + "b " + "x" * 40 + " " + "w " * 3000 + "a" * 499 + "!\n"
    (tmp_path / "attack.txt").write_text(attack * 3)
    start = time.monotonic()
    proc = _run(["check", "--rules", str(folder), "attack.txt"], tmp_path, stdin=subprocess.DEVNULL)
    elapsed = time.monotonic() - start
    if refused:
        _assert_one_line_rule_error(proc, str(folder / "sample-rule.yaml") + ":8: patterns: ", "REGEX")
    else:
        assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
    assert elapsed < 60, f"{regex}: {elapsed:.0f}s"


# --- broken config files, through the command line ---------------------------------------------

CONFIG_CASES = [
    # id, file name, bytes, expected after "winlint: error: {path}:"
    ("unknown-key", ".winlint.yaml", b"selec: [WW1]\n", "1: selec: unknown key (did you mean 'select'?)"),
    ("wrong-type", ".winlint.yaml", b"select: WW101\n", "1: select: expected a list of strings, found a string"),
    ("bad-value", ".winlint.yaml", b"fail-level: loud\n",
     "1: fail-level: expected one of info, warning, error, never, found 'loud'"),
    ("malformed-yaml", ".winlint.yaml", b"select: [WW1\n", "2: invalid YAML: "),
    ("nul-byte", ".winlint.yaml", b"quoted: skip\nselect: [WW1]\x00\n",
     "2: invalid YAML: unacceptable character '\\x00'"),
    ("python-tag", ".winlint.yaml", b"select: !!python/object/apply:os.system [true]\n",
     "1: invalid YAML: could not determine a constructor"),
    ("not-utf8", ".winlint.yaml", b"select: [WW1]\n# caf\xe9\n", " not UTF-8 (byte 19)"),
    ("invalid-toml", "pyproject.toml", b'[tool.winlint]\nselect = ["WW1"\n', "2: invalid TOML: "),
    ("toml-unknown-key", "pyproject.toml", b'[project]\nname = "x"\n[tool.winlint]\nqouted = "include"\n',
     "4: qouted: unknown key (did you mean 'quoted'?)"),
]


@pytest.mark.parametrize("explicit", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["found", "--config"])
@pytest.mark.parametrize("cid,name,data,expected", params(CONFIG_CASES, [c[0] for c in CONFIG_CASES]))
def test_broken_config_file_is_one_line_exit_2(tmp_path, cid, name, data, expected, explicit):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(PHRASE)
    args = ["check", *(["--config", name] if explicit else []), "good.txt"]
    proc = _run(args, tmp_path, stdin=subprocess.DEVNULL)
    shown = str(tmp_path / name)            # config files are named by their full path
    _assert_one_line_rule_error(proc, f"{shown}:", expected)
    assert proc.stderr.startswith(f"winlint: error: {shown}:{expected}"), proc.stderr


@pytest.mark.slow
def test_unreadable_config_file_is_one_line_exit_2(tmp_path):
    if os.geteuid() == 0 and not _root_can_drop_caps():
        pytest.skip("running as root without CAP_SETPCAP: cannot make a file unreadable to root")
    (tmp_path / ".winlint.yaml").write_text("select: [WW1]\n")
    (tmp_path / ".winlint.yaml").chmod(0)
    (tmp_path / "good.txt").write_text(PHRASE)
    proc = _run(["check", "good.txt"], tmp_path, preexec=_drop_read_override if os.geteuid() == 0 else None,
                stdin=subprocess.DEVNULL)
    _assert_one_line_rule_error(proc, f"{tmp_path / '.winlint.yaml'}: ", "cannot read: Permission denied")


@pytest.mark.slow
def test_empty_config_file_means_the_defaults(tmp_path):
    (tmp_path / ".winlint.yaml").write_bytes(b"")
    (tmp_path / "good.txt").write_text(PHRASE)
    proc = _run(["check", "good.txt"], tmp_path, stdin=subprocess.DEVNULL)
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout.startswith(GOOD_FINDING)


@pytest.mark.slow
@pytest.mark.parametrize("target", ["missing.yaml", "folder"])
def test_config_option_that_is_no_file_is_exit_2(tmp_path, target):
    (tmp_path / "folder").mkdir()
    (tmp_path / "good.txt").write_text(PHRASE)
    proc = _run(["check", "--config", target, "good.txt"], tmp_path, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "Traceback" not in proc.stderr and target in proc.stderr, proc.stderr
