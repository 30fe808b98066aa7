"""The red-team findings about the compiled-rule cache and rule loading (../shared/reports/redteam.md,
issue 11 §1), each reproduced as the report describes it. Named after the finding: #1-#4 are the
summary table's cache rows, M4/M7/M8 and L9-L19 the full report's."""
from __future__ import annotations

import json
import os
import pickle
import random
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import SAMPLE_RULE, winlint_cmd
from winlint import gate, loader, regexguard
from winlint.errors import WinlintError

PHRASE = "I need to get them to work harder.\n"          # WW101 at 1:11
RULE = SAMPLE_RULE.replace("force", "zorch")             # a verb no built-in rule knows
FORCE = "We zorch them every week.\n"                    # XX101 at 1:4


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("WINLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("WINLINT_NO_CACHE", raising=False)
    loader._told.clear()
    return folder


def rules_folder(tmp_path, name="rules", text=RULE, stem="sample-rule"):
    folder = tmp_path / name
    (folder / "control").mkdir(parents=True, exist_ok=True)
    (folder / "control" / f"{stem}.yaml").write_text(text)
    return folder


def run(args, cwd, cache_dir, timeout=120, env=None):
    full = dict(os.environ, WINLINT_CACHE_DIR=str(cache_dir), **(env or {}))
    full.pop("WINLINT_NO_CACHE", None)
    return subprocess.run(winlint_cmd() + list(args), cwd=cwd, env=full, capture_output=True, text=True,
                          timeout=timeout)


def one_error(proc) -> str:
    """The one error line on stderr (the run may repeat it, never add another)."""
    lines = set(proc.stderr.splitlines())
    assert len(lines) == 1, proc.stderr
    (line,) = lines
    assert line.startswith("winlint: error: ") and "internal error" not in line, line
    return line


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("rules-*" + loader.CACHE_SUFFIX))


def key_of(folders) -> str:
    return loader._cache_key([Path(f).resolve() for f in folders])


# --- cache: #1 / M4 code execution --------------------------------------------------------------

class _Marker:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (Path.write_text, (Path(self.path), "code ran"))


def test_1_crafted_cache_file_cannot_run_code(tmp_path, cache):
    """A pickle whose __reduce__ writes a marker, planted under every name winlint reads (the old
    `.pickle` one and the current one, raw and behind a valid header): no code runs."""
    rules = rules_folder(tmp_path)
    (tmp_path / "f.txt").write_text(FORCE)
    marker = tmp_path / "marker"
    evil = pickle.dumps(_Marker(str(marker)))
    cache.mkdir(mode=0o700)
    key = key_of([loader.builtin_rules_dir(), rules])
    (cache / f"rules-{key}.pickle").write_bytes(evil)
    header = b"%s %s %s %d\n" % (loader.CACHE_MAGIC, loader.CACHE_VERSION.encode(),
                                 __import__("hashlib").sha256(evil).hexdigest().encode(), len(evil))
    (cache / f"rules-{key}{loader.CACHE_SUFFIX}").write_bytes(header + evil)
    proc = run(["check", "--rules", str(rules), "f.txt"], tmp_path, cache)
    assert not marker.exists()
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("f.txt:1:4: XX101 ")
    assert "internal error" not in proc.stderr
    assert entries(cache)[0].read_bytes().startswith(loader.CACHE_MAGIC + b" ")   # rebuilt
    pickle.loads(evil)                      # the planted payload really was live
    assert marker.exists()


def test_1_cache_file_is_plain_json_data(tmp_path, cache):
    loader.load([rules_folder(tmp_path)])
    (entry,) = entries(cache)
    header, payload = entry.read_bytes().split(b"\n", 1)
    magic, version, digest, length = header.split(b" ")
    assert (magic, version, int(length)) == (loader.CACHE_MAGIC, loader.CACHE_VERSION.encode(), len(payload))
    assert digest.decode() == __import__("hashlib").sha256(payload).hexdigest()
    assert json.loads(payload)["rules"][0][0] == "XX101"
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_1_builtin_pack_survives_the_cache_exactly(cache):
    """The built-in rules round-trip through the cache format unchanged (a pack that did not would
    silently go uncached: every start would compile the rules)."""
    built = loader.build([loader.builtin_rules_dir()])
    data = loader._serialize(built)
    assert data is not None
    assert loader._decode(loader._payload(data)) == built


# --- #2 / M4: no symlink clobbering ----------------------------------------------------------

def test_2_planted_symlinks_at_temporary_names_are_not_followed(tmp_path, cache):
    """The report's repro: symlinks `rules-<key>.<pid>.tmp -> victim` for the coming PIDs."""
    rules = rules_folder(tmp_path)
    (tmp_path / "f.txt").write_text(FORCE)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    cache.mkdir(mode=0o700)
    key = key_of([loader.builtin_rules_dir(), rules])
    start = os.getpid()
    for pid in range(start, start + 3000):
        os.symlink(victim, cache / f"rules-{key}.{pid}.tmp")
        os.symlink(victim, cache / f"rules-{key}{loader.CACHE_SUFFIX}.{pid}.tmp")
    proc = run(["check", "--rules", str(rules), "f.txt"], tmp_path, cache)
    assert proc.returncode == 1, proc.stderr
    assert victim.read_text() == "precious"
    assert len(entries(cache)) == 1 and not entries(cache)[0].is_symlink()


def test_2_temporary_file_is_created_exclusively(tmp_path, cache, monkeypatch):
    """Even a symlink planted at the exact name mkstemp picks first is never opened."""
    import tempfile

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    names = iter(["planted", "fresh1", "fresh2"])
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: names)
    rules = rules_folder(tmp_path)
    cache.mkdir(mode=0o700)
    name = f"rules-{key_of([rules])}{loader.CACHE_SUFFIX}"
    os.symlink(victim, cache / f"{name}.planted.tmp")
    loader.load([rules])
    assert victim.read_text() == "precious"
    assert (cache / name).is_file() and not (cache / name).is_symlink()


def test_2_symlinked_cache_entry_is_not_read(tmp_path, cache):
    rules = rules_folder(tmp_path)
    loader.load([rules])
    (entry,) = entries(cache)
    elsewhere = tmp_path / "elsewhere"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert loader._read_cache(entry) is None


# --- #3 / M4: damaged, truncated, foreign or old cache files ---------------------------------

def _damaged_variants(good: bytes):
    header, payload = good.split(b"\n", 1)
    rnd = random.Random(3)
    yield "garbage", b"\x80\x04garbage"
    yield "empty", b""
    yield "truncated", good[: len(good) // 2]
    yield "pickle of a string", pickle.dumps("str")
    yield "pickle of a dict", pickle.dumps({})
    yield "old version", good.replace(b" " + loader.CACHE_VERSION.encode() + b" ", b" 1 ", 1)
    for label, body in (("json dict", b"{}"), ("json string", b'"str"'), ("json list", b"[1,2]"),
                        ("wrong shape", json.dumps({**json.loads(payload), "rules": [[1]]}).encode()),
                        ("bad index", json.dumps({**json.loads(payload), "patterns": {"XX101": [[0]]}}).encode())):
        digest = __import__("hashlib").sha256(body).hexdigest().encode()
        yield label, b"%s %s %s %d\n" % (loader.CACHE_MAGIC, loader.CACHE_VERSION.encode(), digest, len(body)) + body
    for i in range(150):       # the report's mutations: byte flips, truncations, random bytes
        data = bytearray(good)
        kind = i % 3
        if kind == 0:
            for _ in range(rnd.randint(1, 4)):
                pos = rnd.randrange(len(data))
                data[pos] ^= 1 << rnd.randrange(8)
        elif kind == 1:
            data = data[: rnd.randrange(len(data))]
        else:
            pos = rnd.randrange(len(data))
            data[pos:pos + 16] = bytes(rnd.randrange(256) for _ in range(16))
        yield f"mutation {i}", bytes(data)


def test_3_damaged_cache_file_is_rebuilt_never_a_crash(tmp_path, cache, monkeypatch):
    rules = rules_folder(tmp_path)
    built = loader.load([rules])
    (entry,) = entries(cache)
    good = entry.read_bytes()
    for label, data in _damaged_variants(good):
        entry.write_bytes(data)
        entry.chmod(0o600)
        pack = loader.load([rules])
        assert pack == built, label
        assert entry.read_bytes() == good, label        # rewritten whole


def test_3_damaged_cache_file_through_the_cli(tmp_path, cache):
    """The report's repro: garbage bytes, then a valid pickle of a string, then of a dict."""
    rules = rules_folder(tmp_path)
    (tmp_path / "f.txt").write_text(FORCE)
    first = run(["check", "--rules", str(rules), "f.txt"], tmp_path, cache)
    assert first.returncode == 1, first.stderr
    for data in (b"\x80garbage", pickle.dumps("str"), pickle.dumps({})):
        for entry in entries(cache):
            entry.write_bytes(data)
        proc = run(["check", "--rules", str(rules), "f.txt"], tmp_path, cache)
        assert (proc.returncode, proc.stdout, proc.stderr) == (1, first.stdout, ""), proc.stderr


# --- #4: ten processes at once on an empty cache ------------------------------------------------

def test_4_ten_processes_on_an_empty_cache_agree(tmp_path, cache):
    (tmp_path / "f.txt").write_text(PHRASE + FORCE)
    rules = rules_folder(tmp_path)
    env = dict(os.environ, WINLINT_CACHE_DIR=str(cache))
    procs = [subprocess.Popen(winlint_cmd() + ["check", "--format", "json", "--rules", str(rules), "f.txt"],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(10)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [1] * 10, outs[0][1]
    assert all(err == b"" for _, err in outs), outs[0][1]
    assert len({out for out, _ in outs}) == 1
    found = json.loads(outs[0][0])
    assert {f["rule"] for f in found} >= {"WW101", "XX101"}
    assert len(entries(cache)) == 1 and not list(cache.glob("*.tmp"))
    assert loader._read_cache(entries(cache)[0]) is not None


# --- M4: a cache folder others can write to is not used ------------------------------------------

@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777])
def test_m4_cache_folder_writable_by_others_is_not_used(tmp_path, cache, mode):
    rules = rules_folder(tmp_path)
    (tmp_path / "f.txt").write_text(FORCE)
    cache.mkdir()
    cache.chmod(mode)
    proc = run(["check", "--rules", str(rules), "f.txt"], tmp_path, cache)
    assert proc.returncode == 1 and proc.stdout.startswith("f.txt:1:4: XX101 "), proc.stderr
    notices = proc.stderr.splitlines()
    assert len(notices) == 1 and "writable by other users" in notices[0] and str(cache) in notices[0]
    assert os.listdir(cache) == []                  # nothing written there either


def test_m4_planted_entry_in_a_shared_folder_is_not_read(tmp_path, cache, monkeypatch):
    rules = rules_folder(tmp_path)
    loader.load([rules])
    cache.chmod(0o775)
    monkeypatch.setattr(loader, "_read_cache", lambda path: pytest.fail("read a cache in a shared folder"))
    assert [r.code for r in loader.load([rules]).rules] == ["XX101"]


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the folder to another user")
def test_m4_cache_folder_owned_by_another_user_is_not_used(tmp_path, cache, capsys):
    rules = rules_folder(tmp_path)
    cache.mkdir(mode=0o700)
    os.chown(cache, 65534, 65534)
    assert [r.code for r in loader.load([rules]).rules] == ["XX101"]
    assert "not yours" in capsys.readouterr().err
    assert os.listdir(cache) == []


def test_m4_cache_file_writable_by_others_is_not_used(tmp_path, cache, monkeypatch, capsys):
    rules = rules_folder(tmp_path)
    loader.load([rules])
    (entry,) = entries(cache)
    entry.chmod(0o666)
    built = []
    real_build = loader.build
    monkeypatch.setattr(loader, "build", lambda folders: built.append(1) or real_build(folders))
    loader.load([rules])
    assert built == [1]
    assert capsys.readouterr().err.count("writable by other users") == 1


def test_m4_new_cache_folder_is_private(tmp_path, cache):
    loader.load([rules_folder(tmp_path)])
    assert stat.S_IMODE(cache.stat().st_mode) & 0o077 == 0


# --- L9: temporary files never left behind --------------------------------------------------------

def test_l9_failed_write_leaves_no_temporary_file(tmp_path, cache, monkeypatch):
    rules = rules_folder(tmp_path)

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(loader.os, "replace", full)
    assert [r.code for r in loader.load([rules]).rules] == ["XX101"]
    assert os.listdir(cache) == []


def test_l9_interrupted_write_leaves_no_temporary_file(tmp_path, cache, monkeypatch):
    rules = rules_folder(tmp_path)

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(loader.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        loader.load([rules])
    assert os.listdir(cache) == []


def test_l9_full_disk_through_the_cli(tmp_path, cache):
    """RLIMIT_FSIZE stands in for the report's 1 MB tmpfs: every write of the cache fails."""
    rules = rules_folder(tmp_path)
    (tmp_path / "f.txt").write_text(FORCE)
    limit = "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); " \
            "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)); "
    env = dict(os.environ, WINLINT_CACHE_DIR=str(cache))
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", limit + "from winlint.cli import main; sys.argv[0] = "
                               "'winlint'; main()", "check", "--rules", str(rules), "f.txt"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 1 and proc.stdout.startswith("f.txt:1:4: XX101 "), proc.stderr
    assert os.listdir(cache) == []


def test_l9_stale_temporary_files_and_old_pickles_are_pruned(tmp_path, cache):
    cache.mkdir(mode=0o700)
    stale = cache / "rules-0123.cache.abcd.tmp"
    fresh = cache / "rules-0123.cache.efgh.tmp"       # another process may be writing it right now
    old = cache / "rules-0123.pickle"
    for p in (stale, fresh, old):
        p.write_bytes(b"x")
    past = time.time() - 2 * loader.STALE_TMP
    os.utime(stale, (past, past))
    loader.load([rules_folder(tmp_path)])
    assert not stale.exists() and not old.exists() and fresh.exists()


# --- M7: the catastrophic-regex guard --------------------------------------------------------------

HOSTILE = RULE.replace("{LEMMA: zorch, CAPTURE: verb}, {LOWER: them, CAPTURE: who}",
                              "{LEMMA: zorch}, {LOWER: them, CAPTURE: who}, "
                              "{TEXT: {REGEX: 'REGEX_HERE'}, OP: '?'}")


def hostile(regex: str) -> str:
    return HOSTILE.replace("REGEX_HERE", regex)


def test_m7_non_ascii_class_catastrophic_regex_is_refused(tmp_path, cache):
    """The report's rule: `[à-ÿ]*` nine times, then X; `'à'*40` took 98 s."""
    rules = rules_folder(tmp_path, text=hostile("[à-ÿ]*" * 9 + "X"))
    (tmp_path / "t.txt").write_text("We have to zorch them " + "à" * 40 + " today.\n")
    start = time.monotonic()
    proc = run(["check", "--rules", str(rules), "t.txt"], tmp_path, cache, timeout=120)
    assert proc.returncode == 2, proc.stderr
    line = one_error(proc)
    assert str(rules / "control" / "sample-rule.yaml") in line and "REGEX" in line
    assert time.monotonic() - start < 100


@pytest.mark.parametrize("regex", [r"\w*\w*\w*\w*\w*!", r"[à-ÿ]+a?[à-ÿ]+!", r"(?i)[A-Z]*[a-z]*!",
                                   r"(?:\w+\s?)+$", r"\w{0,200}\w{0,200}!"])
def test_m7_adjacent_unbounded_repeats_are_refused_statically(regex):
    assert regexguard._Shape(regex).problem


@pytest.mark.parametrize("regex", [r"^[a-z]+(-[a-z]+)?$|^-$", r"^[a-z]+ing$", r"\w+\s+\w+", r"[A-Z][a-z]+",
                                   r"(?:x{1000}){1000}", r"^https?://\S+$", r"\d+[.,]\d+"])
def test_m7_ordinary_regexes_pass_the_static_check(regex):
    assert regexguard._Shape(regex).problem is None


def test_m7_probe_uses_the_patterns_own_characters(monkeypatch):
    """With the static check out of the way, the timed probe still catches the non-ASCII class:
    its strings now come from the pattern's own classes."""
    if not regexguard.can_probe():
        pytest.skip("the probe needs SIGALRM in the main thread")
    assert any(s.startswith("àà") for s in regexguard._probe_strings("[à-ÿ]*[à-ÿ]*X"))
    monkeypatch.setattr(regexguard._Shape, "problem", None, raising=False)
    monkeypatch.setattr(regexguard._Shape, "__init__", _no_shape_check)
    problem = regexguard.backtracks("[à-ÿ]*" * 9 + "X")
    assert problem and "backtracks catastrophically" in problem


def _no_shape_check(self, pattern):
    self.problem = None
    self.samples = {ch: None for ch in "àÿ" if ch in pattern}


THREAD_SCRIPT = """
import sys, threading
from winlint import loader, regexguard
from winlint.errors import WinlintError

class Blind:           # a regex that slips past the static check: only the timed probe sees it
    def __init__(self, pattern):
        self.problem, self.samples = None, {}
regexguard._Shape = Blind
folders = [sys.argv[1]]
out = []
t = threading.Thread(target=lambda: out.append(loader.load(folders)))
t.start(); t.join()
assert out and out[0].rules, "the thread's load failed"
try:
    loader.load(folders)
except WinlintError as err:
    print("refused:", err)
else:
    print("used the unprobed pack")
"""


def test_m7_pack_compiled_without_the_probe_is_not_reused_by_the_main_thread(tmp_path, cache):
    rules = rules_folder(tmp_path, text=hostile(r"\w*\w*\w*\w*\w*!"))
    proc = subprocess.run([sys.executable, "-c", THREAD_SCRIPT, str(rules)], capture_output=True, text=True,
                          env=dict(os.environ, WINLINT_CACHE_DIR=str(cache)), timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("refused:") and "backtracks catastrophically" in proc.stdout, proc.stdout
    assert len(entries(cache)) == 1         # the thread's (unprobed) pack, under its own key


def test_m7_cache_key_records_whether_the_probe_ran(tmp_path):
    rules = rules_folder(tmp_path)
    keys = []
    t = threading.Thread(target=lambda: keys.append(key_of([rules])))
    t.start()
    t.join()
    assert regexguard.can_probe() and keys[0] != key_of([rules])


# --- M8: what a rules folder may hold ---------------------------------------------------------------

def _check_rules_folder(tmp_path, cache, make):
    rules = rules_folder(tmp_path)
    bad = rules / "control" / "evil.yaml"
    make(bad)
    (tmp_path / "ok.txt").write_text(PHRASE)
    proc = run(["check", "--rules", str(rules), "ok.txt"], tmp_path, cache, timeout=60)
    assert proc.returncode == 2, proc.stderr
    line = one_error(proc)
    assert line.startswith(f"winlint: error: {bad}: "), line
    assert "internal error" not in line
    return line


def test_m8_broken_symlink_in_rules_folder_is_exit_2(tmp_path, cache):
    line = _check_rules_folder(tmp_path, cache, lambda p: p.symlink_to("/nonexistent"))
    assert "broken symbolic link" in line


def test_m8_dev_zero_in_rules_folder_is_exit_2(tmp_path, cache):
    line = _check_rules_folder(tmp_path, cache, lambda p: p.symlink_to("/dev/zero"))
    assert "not a regular file" in line


def test_m8_fifo_in_rules_folder_is_exit_2(tmp_path, cache):
    line = _check_rules_folder(tmp_path, cache, lambda p: os.mkfifo(p))
    assert "not a regular file" in line


def test_m8_huge_rule_file_is_exit_2(tmp_path, cache):
    line = _check_rules_folder(tmp_path, cache,
                               lambda p: p.write_text("# padding\n" * (loader.MAX_RULE_FILE // 10 + 1)))
    assert "larger than 1 MB" in line


def test_m8_folder_named_like_a_rule_file_is_exit_2(tmp_path, cache):
    line = _check_rules_folder(tmp_path, cache, lambda p: p.mkdir())
    assert "not a regular file" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_m8_unreadable_rule_file_is_exit_2(tmp_path, cache):
    def make(p):
        p.write_text(RULE)
        p.chmod(0)
    assert "permission denied" in _check_rules_folder(tmp_path, cache, make).lower()


def test_m8_symlink_to_a_regular_rule_file_still_loads(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (tmp_path / "sample-rule.yaml").write_text(RULE)
    (rules / "sample-rule.yaml").symlink_to(tmp_path / "sample-rule.yaml")
    assert [r.code for r in loader.load([rules], use_cache=False).rules] == ["XX101"]


def test_m8_cache_key_survives_a_broken_link(tmp_path):
    rules = rules_folder(tmp_path)
    (rules / "gone.yaml").symlink_to(tmp_path / "nowhere")
    assert len(key_of([rules])) == 32


# --- L10: more words than the gate alphabet holds ------------------------------------------------

def test_l10_more_distinct_words_than_gate_characters(tmp_path, monkeypatch):
    """The report's rule (200,000 words in one IN list) with the alphabet's size scaled down, so the
    test runs in a second: the words beyond it make that token "any token", never an error."""
    monkeypatch.setattr(gate, "CAPACITY", 50)
    words = ", ".join(f"w{i}" for i in range(200)) + ", zorch"
    rules = rules_folder(tmp_path, text=RULE.replace("{LEMMA: zorch, CAPTURE: verb}",
                                                     "{LOWER: {IN: [" + words + "]}}"))
    from winlint.engine import Linter, Options

    linter = Linter(Options(rules=[str(rules)], builtin=False))
    assert len(linter.pack.alphabet) == 50
    found = linter.lint_text("We zorch them now. Then w150 them too.\n", "t.txt").findings
    assert [(f.rule, f.text) for f in found] == [("XX101", "zorch them"), ("XX101", "w150 them")]


def test_l10_full_size_alphabet_overflows_without_error():
    words = [f"w{i}" for i in range(gate.CAPACITY + 5000)]
    chars = gate.alphabet([[{"LOWER": {"IN": words}}]])
    assert len(chars) == gate.CAPACITY
    regex = gate.pattern_regex([{"LOWER": {"IN": words}}, {"LOWER": "them"}], chars)
    assert __import__("re").search(regex, gate.OTHER * 2)      # words without a character: any token
    assert gate.pattern_regex([{"LOWER": {"NOT_IN": words}}], chars).startswith("(?s)[^")


# --- L11: huge repeats and custom extensions --------------------------------------------------------

def test_l11_huge_repeat_op_is_refused_at_load(tmp_path, cache):
    rules = rules_folder(tmp_path, text=RULE.replace("{LOWER: them, CAPTURE: who}",
                                                            "{LOWER: them, CAPTURE: who, OP: '{0,1000000}'}"))
    (tmp_path / "ok.txt").write_text(PHRASE)
    proc = run(["check", "--rules", str(rules), "ok.txt"], tmp_path, cache, timeout=60)
    assert proc.returncode == 2, proc.stderr
    line = one_error(proc)
    assert "sample-rule.yaml:8: patterns: " in line and "OP: '{0,1000000}' repeats a token more than" in line


def test_l11_custom_extension_key_is_refused_at_load(tmp_path, cache):
    rules = rules_folder(tmp_path, text=RULE.replace("{LOWER: them, CAPTURE: who}",
                                                            "{_: {winlint: {REGEX: x}}, CAPTURE: who}"))
    (tmp_path / "ok.txt").write_text(PHRASE)
    proc = run(["check", "--rules", str(rules), "ok.txt"], tmp_path, cache, timeout=60)
    assert proc.returncode == 2, proc.stderr
    line = one_error(proc)
    assert "sample-rule.yaml:8: patterns: " in line and "custom attributes (_)" in line


def test_l11_ordinary_bounded_repeats_still_load(tmp_path):
    rules = rules_folder(tmp_path, text=RULE.replace("{LOWER: them, CAPTURE: who}",
                                                            "{LOWER: really, OP: '{,100}'}, {LOWER: them, CAPTURE: who}"))
    assert loader.load([rules], use_cache=False).patterns["XX101"]


# --- L16: a config's rules stay inside its tree ------------------------------------------------------

SECRET_RULE = RULE.replace("code: XX101", 'code: "AKIA-SECRET-TOKEN-12345"').replace("sample-rule", "creds")


def test_l16_config_rules_outside_its_tree_are_refused_without_echoing_them(tmp_path, cache):
    write = lambda p, text: (p.parent.mkdir(parents=True, exist_ok=True), p.write_text(text))
    write(tmp_path / "secret" / "creds.yaml", SECRET_RULE)
    repo = tmp_path / "repo"
    write(repo / ".winlint.yaml", "rules: ['../secret']\n")
    write(repo / "a.txt", PHRASE)
    proc = run(["check", "a.txt"], repo, cache)
    assert proc.returncode == 2
    assert "AKIA" not in proc.stderr + proc.stdout
    line = one_error(proc)
    assert f"{repo / '.winlint.yaml'}:1: rules: " in line and "outside the config file's folder" in line
    write(repo / ".winlint.yaml", "rules: ['/']\n")
    proc = run(["check", "a.txt"], repo, cache, timeout=60)
    assert proc.returncode == 2 and "outside the config file's folder" in proc.stderr


def test_l16_symlink_out_of_the_tree_is_refused(tmp_path, cache):
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "creds.yaml").write_text(SECRET_RULE)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "rules").symlink_to(tmp_path / "secret")
    (repo / ".winlint.yaml").write_text("rules: [rules]\n")
    (repo / "a.txt").write_text(PHRASE)
    proc = run(["check", "a.txt"], repo, cache)
    assert proc.returncode == 2 and "AKIA" not in proc.stderr and "outside" in proc.stderr


def test_l16_cli_rules_stay_free(tmp_path, cache):
    rules = rules_folder(tmp_path, "elsewhere")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "f.txt").write_text(FORCE)
    proc = run(["check", "--rules", str(rules), "f.txt"], repo, cache)
    assert proc.returncode == 1 and proc.stdout.startswith("f.txt:1:4: XX101 "), proc.stderr


# --- L19: no raw UserWarning next to winlint's notice --------------------------------------------

def test_l19_pos_rule_gives_the_notice_without_a_userwarning(tmp_path, cache):
    rules = rules_folder(tmp_path, text=RULE.replace("{LOWER: them, CAPTURE: who}",
                                                            "{LOWER: them, CAPTURE: who, POS: PRON}"))
    (tmp_path / "ok.txt").write_text(PHRASE)
    proc = run(["check", "--rules", str(rules), "ok.txt"], tmp_path, cache)
    assert proc.returncode == 1, proc.stderr
    assert "UserWarning" not in proc.stderr and "warnings.warn" not in proc.stderr
    assert "XX101" in proc.stderr and "skipped" in proc.stderr
