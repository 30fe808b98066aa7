"""`winlint lsp` end to end: a real client process talking JSON-RPC over stdio to the server process."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from winlint.lsp.actions import actions_for, rewrites
from winlint.lsp.client import Client
from winlint.lsp.text import Positions, file_directive_offset

DRAFT = "# Notes\n\nThanks for the update.\n\nI need to get them to work harder.\n"
PHRASE = "get them to work harder"


def first_rewrite(text: str, fmt: str) -> str:
    """The text after the first rewrite of the first finding, from the engine itself: a reframe of
    kind "rewrite" replaces its range; without reframes, the first suggestion replaces the phrase."""
    import winlint
    f = winlint.lint_text(text, input_format=fmt)[0]
    rewrite = next((r for r in getattr(f, "reframes", None) or [] if r["kind"] == "rewrite"), None)
    if rewrite:
        return text[:rewrite["start"]] + rewrite["text"] + text[rewrite["end"]:]
    return text[:f.start] + f.suggestions[0] + text[f.end:]


def apply_edits(text: str, edits: list[dict]) -> str:
    """Apply LSP TextEdits (UTF-16 columns) as an editor does: from the last to the first."""
    lines = text.splitlines(keepends=True) or [""]

    def offset(p):
        before = sum(len(line) for line in lines[:p["line"]])
        line = lines[p["line"]] if p["line"] < len(lines) else ""
        units, i = 0, 0
        while units < p["character"] and i < len(line):
            units += 2 if ord(line[i]) > 0xFFFF else 1
            i += 1
        return before + i

    spans = sorted(((offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"]) for e in edits),
                   reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def open_doc(client, path: Path, text: str, language: str, version: int = 1):
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language,
                                                            "version": version, "text": text}})
    return uri


def change(client, uri, text, version):
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                             "contentChanges": [{"text": text}]})


def code_actions(client, uri, diag) -> list[dict]:
    resp = client.call("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": diag["range"],
                                                    "context": {"diagnostics": [diag]}})
    return resp["result"]


def edits_of(action, uri):
    return action["edit"]["changes"][uri]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("ws")
    c = Client([sys.executable, "-m", "winlint", "lsp"], cwd=root)
    resp = c.initialize(root.as_uri(), {"debounce": 300})
    caps = resp["result"]["capabilities"]
    assert caps["hoverProvider"] and caps["codeActionProvider"]
    c.root = root
    yield c
    if c.proc.poll() is None:
        c.proc.kill()
        c.proc.wait()


def test_diagnostics_rewrite_and_change(client):
    uri = open_doc(client, client.root / "draft.md", DRAFT, "markdown")
    diags = client.diagnostics(uri, version=1)
    assert [d["code"] for d in diags] == ["WW101"]
    d = diags[0]
    assert d["source"] == "winlint" and d["severity"] == 2
    line = DRAFT.splitlines()[d["range"]["start"]["line"]]
    assert line[d["range"]["start"]["character"]:d["range"]["end"]["character"]] == PHRASE

    actions = code_actions(client, uri, d)
    rewrite = next(a for a in actions if a["title"].startswith("winlint: rewrite"))
    assert rewrite["kind"] == "quickfix" and rewrite["isPreferred"]
    new = apply_edits(DRAFT, edits_of(rewrite, uri))
    assert new == first_rewrite(DRAFT, "markdown") and PHRASE not in new

    change(client, uri, new, 2)
    assert client.diagnostics(uri, version=2) == []


def test_debounce_lints_only_the_latest_version(client):
    uri = open_doc(client, client.root / "debounce.md", "All good here.\n", "markdown")
    assert client.diagnostics(uri, version=1) == []
    change(client, uri, "I need to get them to work harder.\n", 2)
    change(client, uri, "All good.\n\nI have to fire them.\n", 3)       # within the debounce window
    msg = client.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"]["uri"] == uri and m["params"]["version"] == 3)
    stale = [m for m in client.backlog if m.get("method") == "textDocument/publishDiagnostics"
             and m["params"]["uri"] == uri]
    assert stale == []                       # version 2 was superseded before it was linted
    assert [d["code"] for d in msg["params"]["diagnostics"]]
    assert all(d["code"] != "WW101" for d in msg["params"]["diagnostics"])


@pytest.mark.parametrize("name,language,text", [
    ("line.md", "markdown", DRAFT),
    ("line.txt", "plaintext", "Thanks.\nI need to get them to work harder.\n"),
    ("line.html", "html", "<!DOCTYPE html>\n<p>Thanks.</p>\n<p>I need to get them to work harder.</p>\n"),
    ("line.eml", "email", "From: a@example.com\nTo: b@example.com\nSubject: plan\n\n"
                          "Hi,\n\nI need to get them to work harder.\n\nThanks\n"),
])
@pytest.mark.parametrize("which", ["line", "file"])
def test_suppressions_silence_the_finding(client, name, language, text, which):
    path = client.root / f"{which}-{name}"
    uri = open_doc(client, path, text, language)
    diags = client.diagnostics(uri, version=1)
    assert [d["code"] for d in diags] == ["WW101"]
    actions = code_actions(client, uri, diags[0])
    action = next(a for a in actions if a["title"].endswith(f"on this line" if which == "line" else "in this file"))
    new = apply_edits(text, edits_of(action, uri))
    assert "winlint" in new and "--" in new                    # the comment, with a place for the reason
    assert new.replace(new.splitlines(keepends=True)[edits_of(action, uri)[0]["range"]["start"]["line"]], "", 1) == text
    if language == "email":
        assert new.startswith("From: a@example.com\nTo: b@example.com\nSubject: plan\n\n")
    if language == "html":
        assert new.startswith("<!DOCTYPE html>\n")
    change(client, uri, new, 2)
    assert client.diagnostics(uri, version=2) == []


def test_hover_explains_the_rule(client):
    uri = open_doc(client, client.root / "hover.md", DRAFT, "markdown")
    d = client.diagnostics(uri, version=1)[0]
    resp = client.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": d["range"]["start"]})
    value = resp["result"]["contents"]["value"]
    assert resp["result"]["contents"]["kind"] == "markdown"
    assert "WW101" in value and "Apply step:** Reframe to shared interests" in value
    assert "How do we create conditions where they want to work harder?" in value
    outside = client.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
    assert outside["result"] is None


def test_config_of_the_documents_folder_applies(client):
    quiet = client.root / "quiet"
    quiet.mkdir()
    (quiet / ".winlint.yaml").write_text("ignore: [WW101]\n")
    uri = open_doc(client, quiet / "draft.md", DRAFT, "markdown")
    assert client.diagnostics(uri, version=1) == []
    loud = open_doc(client, client.root / "loud.md", DRAFT, "markdown")
    assert [d["code"] for d in client.diagnostics(loud, version=1)] == ["WW101"]


def test_utf16_columns(client):
    text = "😀😀 I need to get them to work harder.\n"
    uri = open_doc(client, client.root / "emoji.txt", text, "plaintext")
    d = client.diagnostics(uri, version=1)[0]
    start = d["range"]["start"]["character"]
    assert start == text.index(PHRASE) + 2          # each emoji is two UTF-16 code units
    action = next(a for a in code_actions(client, uri, d) if a["title"].startswith("winlint: rewrite"))
    assert PHRASE not in apply_edits(text, edits_of(action, uri))
    assert apply_edits(text, edits_of(action, uri)) == first_rewrite(text, "plain")


def test_other_languages_are_left_alone(client):
    uri = open_doc(client, client.root / "code.py", "# I need to get them to work harder.\n", "python")
    marker = open_doc(client, client.root / "after.md", DRAFT, "markdown")
    assert [d["code"] for d in client.diagnostics(marker, version=1)] == ["WW101"]
    published = [m for m in client.backlog if m.get("method") == "textDocument/publishDiagnostics"]
    assert all(m["params"]["uri"] != uri for m in published)    # nothing for the Python file


def test_malformed_messages_get_error_responses(client):
    client.send_raw(b"{this is not json")
    err = client.wait_for(lambda m: "error" in m and m.get("id") is None)
    assert err["error"]["code"] == -32700
    client.send({"jsonrpc": "2.0", "id": 4242, "method": "textDocument/hover", "params": {"textDocument": 7}})
    err = client.wait_for(lambda m: m.get("id") == 4242)
    assert err["error"]["code"] == -32602
    client.send_raw(b"[1, 2, 3]")
    err = client.wait_for(lambda m: "error" in m and m.get("id") is None)
    assert err["error"]["code"] == -32600
    unknown = client.call("winlint/noSuchMethod", {})
    assert unknown["error"]["code"] == -32601
    # still serving
    uri = open_doc(client, client.root / "after-bad.md", DRAFT, "markdown")
    assert [d["code"] for d in client.diagnostics(uri, version=1)] == ["WW101"]


def test_huge_document_is_refused_not_fatal(client):
    huge = ("I need to get them to work harder. " * 60_000)[:2_100_000]
    uri = open_doc(client, client.root / "huge.txt", huge, "plaintext")
    warn = client.wait_for(lambda m: m.get("method") == "window/showMessage")
    assert "huge.txt" in warn["params"]["message"] and "winlint check" in warn["params"]["message"]
    assert client.diagnostics(uri, version=1) == []
    hover = client.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 12}})
    assert hover["result"] is None and "error" not in hover
    small = open_doc(client, client.root / "after-huge.md", DRAFT, "markdown")
    assert [d["code"] for d in client.diagnostics(small, version=1)] == ["WW101"]


def test_shutdown_and_exit(tmp_path):
    c = Client([sys.executable, "-m", "winlint", "lsp"], cwd=tmp_path)
    c.initialize(tmp_path.as_uri())
    uri = open_doc(c, tmp_path / "a.md", DRAFT, "markdown")
    assert c.diagnostics(uri, version=1)
    c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert c.diagnostics(uri) == []
    assert c.close() == 0


# -- the parts, without a process -----------------------------------------------------------------

class _Finding:
    rule, name, step, step_title, category, severity = "WW101", "getting-someone-to", "goals", "Ask", "control", "warning"
    message = "m"

    def __init__(self, start, end, suggestions=(), reframes=None):
        self.start, self.end, self.suggestions = start, end, list(suggestions)
        if reframes is not None:
            self.reframes = reframes


def test_reframes_of_kind_rewrite_are_preferred_over_suggestions():
    text = "I need to get them to work harder."
    reframes = [{"kind": "question", "step": "goals", "text": "What would make them want to?"},
                {"kind": "rewrite", "step": "shared-interests", "text": "I want us to find what helps them work well.",
                 "start": 0, "end": len(text)}]
    f = _Finding(10, 33, ["ignored suggestion"], reframes)
    assert rewrites(f) == [("I want us to find what helps them work well.", 0, len(text), "shared-interests")]
    titles = [a.title for a in actions_for(f, text, "plain")]
    assert titles[0].startswith("winlint: rewrite as “I want us") and "ignored" not in " ".join(titles)
    only_questions = _Finding(10, 33, ["ignored"], [reframes[0]])
    assert rewrites(only_questions) == []
    assert rewrites(_Finding(10, 33, ["first", "second"])) == [("first", 10, 33, "goals")]


def test_positions_round_trip():
    text = "a😀b\r\nsecond\rthird\n"
    for enc in ("utf-16", "utf-8", "utf-32"):
        pos = Positions(text, enc)
        for offset in range(len(text) + 1):
            if text[offset - 1:offset + 1] == "\r\n":
                continue                             # between \r and \n is not a position
            assert pos.offset(*pos.position(offset)) == offset, (enc, offset)
    assert Positions(text).position(text.index("b")) == (0, 3)
    assert Positions(text).position(text.index("third")) == (2, 0)


def test_file_directive_goes_after_front_matter_and_headers():
    md = "---\ntitle: x\n---\nBody\n"
    assert md[file_directive_offset(md, "markdown"):] == "Body\n"
    mail = "Subject: hi\nFrom: a@b\n\nBody\n"
    assert mail[file_directive_offset(mail, "email"):] == "Body\n"
    pasted = "Hi team,\n\nBody\n"
    assert file_directive_offset(pasted, "email") == 0


def test_gitcommit_buffers_lint_the_message_only(client):
    text = ("Per my last email, fix the cache key\n\n# I need to get them to work harder.\n"
            "# ------------------------ >8 ------------------------\n+I have to fire them.\n")
    uri = open_doc(client, client.root / "COMMIT_EDITMSG", text, "gitcommit")
    diags = client.diagnostics(uri, version=1)
    assert [(d["code"], d["range"]["start"]) for d in diags] == [("WW701", {"line": 0, "character": 0})]
    titles = [a["title"] for a in code_actions(client, uri, diags[0])]
    assert titles and all(t.startswith("winlint: rewrite") for t in titles)
