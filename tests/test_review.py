"""`winlint review FILE`, driven in a real pseudo-terminal (pexpect)."""
import os
import sys

import pytest

pexpect = pytest.importorskip("pexpect")

DRAFT = "Hello team.\nI need to get them to work harder. Per my last email, the report is due Friday.\nThanks.\n"
PROMPT = "quit without saving"
WAIT = 120       # the machine may be busy: this is a ceiling, not a timing


def spawn(path, *args):
    env = dict(os.environ, NO_COLOR="1", TERM="dumb", COLUMNS="200")
    child = pexpect.spawn(sys.executable, ["-m", "winlint", "review", str(path), *args], env=env,
                          encoding="utf-8", timeout=WAIT, dimensions=(50, 200))
    return child


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


@pytest.fixture
def draft(tmp_path):
    p = tmp_path / "draft.txt"
    p.write_bytes(DRAFT.encode())
    return p


def test_accepting_rewrites_saves_them_with_a_backup(draft):
    child = spawn(draft)
    child.expect("get them to work harder")
    child.expect("1. I want to find out what would help them work harder.")
    child.expect(PROMPT)
    child.sendline("1")
    child.expect(r"Per my last email\]")
    child.expect(PROMPT)
    child.sendline("1")
    child.expect(r"save 2 change\(s\)")
    child.sendline("y")
    child.expect("saved 2 change")
    assert finish(child) == 0
    text = draft.read_text()
    assert "I want to find out what would help them work harder." in text
    assert "get them to work harder" not in text and "Per my last email" not in text
    assert text.startswith("Hello team.\n") and text.endswith("\nThanks.\n")
    assert (draft.parent / "draft.txt.bak").read_bytes() == DRAFT.encode()


def test_quitting_without_saving_leaves_the_file_untouched(draft):
    before = os.stat(draft)
    child = spawn(draft)
    child.expect(PROMPT)
    child.sendline("1")                  # a change is pending...
    child.expect(PROMPT)
    child.sendline("q")                  # ...and thrown away
    child.expect("not changed")
    assert finish(child) == 0
    assert draft.read_bytes() == DRAFT.encode()
    assert os.stat(draft).st_mtime_ns == before.st_mtime_ns
    assert not (draft.parent / "draft.txt.bak").exists()
    assert sorted(p.name for p in draft.parent.iterdir()) == ["draft.txt"]     # no temporary file left


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(draft):
    child = spawn(draft)
    child.expect(PROMPT)
    changed = DRAFT.replace("Thanks.", "Thanks, and see you Monday.")
    draft.write_text(changed)            # someone else saves the file during the review
    child.sendline("1")
    child.expect(PROMPT)
    child.sendline("s")
    child.expect(r"save 1 change\(s\)")
    child.sendline("y")
    child.expect("changed on disk")
    assert finish(child) == 2
    assert draft.read_text() == changed
    assert not (draft.parent / "draft.txt.bak").exists()


def test_suppressing_with_a_reason_and_editing(draft, tmp_path):
    child = spawn(draft, "--no-backup")
    child.expect(PROMPT)
    child.sendline("x")
    child.expect("reason")
    child.sendline("quoting the manager's request")
    child.expect(PROMPT)
    child.sendline("e")
    child.expect("your sentence")
    child.sendline("The report is due Friday.")
    child.expect(r"save 2 change\(s\)")
    child.sendline("y")
    child.expect("saved 2 change")
    assert finish(child) == 0
    text = draft.read_text()
    assert "winlint: disable-next-line WW101 -- quoting the manager's request\n" in text
    assert "The report is due Friday." in text and "Per my last email" not in text
    assert not (tmp_path / "draft.txt.bak").exists()
    import winlint
    assert [f.rule for f in winlint.lint_text(text)] == []


def test_nothing_to_review(tmp_path):
    p = tmp_path / "fine.txt"
    p.write_text("Thanks for the quick turnaround on the report.\n")
    child = spawn(p)
    child.expect("nothing to review")
    assert finish(child) == 0
