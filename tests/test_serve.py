"""`winlint serve` over plain HTTP: the lint endpoint, the static page, and the security rules
(loopback only by default, Host check, request size cap, 4xx for bad requests, no file outside the
start folder)."""
from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
from urllib.parse import quote

import pytest

from winlint.serve.app import Server, utf16_offsets

SECRET = "top secret words outside the folder"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("serve")
    root = base / "root"
    (root / "sub").mkdir(parents=True)
    (root / "draft.md").write_text("# Plan\n\nI need to get them to work harder.\n", encoding="utf-8")
    (root / "sub" / "note.txt").write_text("All fine here.\n", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "latin1.txt").write_bytes(b"caf\xe9\n")
    (base / "outside.md").write_text(SECRET, encoding="utf-8")
    (base / "outdir").mkdir()
    (base / "outdir" / "inner.md").write_text(SECRET, encoding="utf-8")
    os.symlink(base / "outside.md", root / "link-out.md")
    os.symlink(base / "outdir", root / "dir-out")
    os.symlink(root / "draft.md", root / "link-in.md")
    server = Server("127.0.0.1", 0, str(root), max_request=200_000)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def request(server, method, path, body=None, headers=None, host=True):
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=60)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    hdrs = {"Host": f"127.0.0.1:{server.server_address[1]}"} if host is True else ({"Host": host} if host else {})
    hdrs.update(headers or {})
    if body is not None and "Content-Length" not in hdrs and "Transfer-Encoding" not in hdrs:
        hdrs["Content-Length"] = str(len(body))
    for k, v in hdrs.items():
        conn.putheader(k, v)
    conn.endheaders()
    if body is not None:
        try:
            conn.send(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp, data


def lint(server, payload, **kw):
    body = json.dumps(payload).encode() if not isinstance(payload, bytes) else payload
    return request(server, "POST", "/api/lint", body, {"Content-Type": "application/json", **kw.pop("headers", {})}, **kw)


def test_page_and_static_files(site):
    resp, data = request(site, "GET", "/")
    assert resp.status == 200 and b"<textarea" in data and resp.getheader("Content-Type").startswith("text/html")
    assert "default-src 'self'" in resp.getheader("Content-Security-Policy")
    assert resp.getheader("X-Content-Type-Options") == "nosniff"
    for path, ctype in (("/static/app.js", "text/javascript"), ("/static/app.css", "text/css")):
        resp, data = request(site, "GET", path)
        assert resp.status == 200 and resp.getheader("Content-Type").startswith(ctype) and data
    assert b"http" not in request(site, "GET", "/")[1].split(b"<body>")[0].replace(b"http-equiv", b"")


def test_lint_returns_findings_reframes_and_summary(site):
    resp, data = lint(site, {"text": "😀 I need to get them to work harder.", "format": "plain"})
    assert resp.status == 200
    out = json.loads(data)
    [f] = out["findings"]
    assert f["rule"] == "WW101" and f["text"] == "get them to work harder"
    text = "😀 I need to get them to work harder."
    assert f["span"] == [f["start"] + 1, f["end"] + 1]          # UTF-16: the emoji is two units
    assert f["rewrites"][0]["text"] in f["suggestions"] and f["step_title"]
    assert out["summary"]["findings"] == 1 and out["summary"]["by_category"] == {"control": 1}
    assert text[f["start"]:f["end"]] == f["text"]


def test_lint_uses_the_config_of_the_folder(site, tmp_path):
    cfg = os.path.join(site.folder.root, "sub", ".winlint.yaml")
    with open(cfg, "w") as fh:
        fh.write("ignore: [WW101]\n")
    try:
        text = "I need to get them to work harder."
        assert json.loads(lint(site, {"text": text, "path": "sub/note.txt"})[1])["findings"] == []
        assert json.loads(lint(site, {"text": text, "path": "draft.md"})[1])["findings"]
    finally:
        os.remove(cfg)


def test_files_listed_and_read_inside_only(site):
    resp, data = request(site, "GET", "/api/files")
    files = json.loads(data)["files"]
    assert "draft.md" in files and "sub/note.txt" in files and "link-in.md" in files
    assert "link-out.md" not in files and not any(f.startswith("dir-out") for f in files)
    assert SECRET.encode() not in data
    resp, data = request(site, "GET", "/api/file?path=draft.md")
    assert resp.status == 200 and json.loads(data)["format"] == "markdown"
    assert json.loads(request(site, "GET", "/api/file?path=link-in.md")[1])["text"].startswith("# Plan")


@pytest.mark.parametrize("path,status", [
    ("../outside.md", 403),
    ("sub/../../outside.md", 403),
    ("..%2foutside.md", 403),
    ("%2e%2e/outside.md", 403),
    ("..\\outside.md", 403),
    ("link-out.md", 403),                 # a symlink out of the folder
    ("dir-out/inner.md", 403),            # through a symlinked folder
    ("/etc/passwd", 400),
    ("%2fetc%2fpasswd", 400),
    ("C:/Windows/win.ini", 400),
    ("draft.md%00.txt", 400),
    ("", 400),
    ("missing.md", 404),
    ("image.png", 415),
    ("latin1.txt", 415),
])
def test_no_file_outside_the_folder(site, path, status):
    raw = path if "%" in path else quote(path, safe="/:")
    resp, data = request(site, "GET", f"/api/file?path={raw}")
    assert resp.status == status, data
    assert SECRET.encode() not in data
    assert "error" in json.loads(data)


def test_lint_path_outside_is_refused(site):
    resp, data = lint(site, {"text": "hello", "path": "../outside.md"})
    assert resp.status == 403


@pytest.mark.parametrize("body,headers,status", [
    (b"{not json", {}, 400),
    (b'"just a string"', {}, 400),
    (b'{"text": 5}', {}, 400),
    (b'{"text": "x", "format": "pdf"}', {}, 400),
    (b'{"text": "x", "path": 5}', {}, 400),
    (b"\xff\xfe", {}, 400),
    (b'{"text": "x"}', {"Content-Type": "text/plain"}, 415),
    (b'{"text": "x"}', {"Content-Length": "abc"}, 400),
    (b'{"text": "x"}', {"Content-Length": "-1"}, 400),
])
def test_bad_lint_requests_get_4xx(site, body, headers, status):
    hdrs = {"Content-Type": "application/json", **headers}
    resp, data = request(site, "POST", "/api/lint", body, hdrs)
    assert resp.status == status, data
    assert json.loads(data)["status"] == status


def test_missing_length_and_chunked_bodies_are_refused(site):
    resp, _ = request(site, "POST", "/api/lint", None, {"Content-Type": "application/json"})
    assert resp.status == 411
    resp, _ = request(site, "POST", "/api/lint", b"5\r\nhello\r\n0\r\n\r\n",
                      {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
    assert resp.status == 411


def test_request_size_cap(site):
    big = json.dumps({"text": "word " * 50_000}).encode()        # 250 KB, over this server's 200 KB cap
    resp, data = lint(site, big)
    assert resp.status == 413 and "200,000" in json.loads(data)["error"]
    # a lie about the length is refused before anything is read
    resp, _ = request(site, "POST", "/api/lint", b"{}", {"Content-Type": "application/json",
                                                         "Content-Length": str(10 ** 12)})
    assert resp.status == 413
    assert lint(site, {"text": "still serving"})[0].status == 200


def test_routes_methods_and_host(site):
    assert request(site, "GET", "/nope")[0].status == 404
    assert request(site, "GET", "/static/../app.py")[0].status == 404
    assert request(site, "PUT", "/api/lint", b"{}")[0].status == 405
    assert request(site, "DELETE", "/")[0].status == 405
    assert request(site, "POST", "/api/files", b"{}", {"Content-Type": "application/json"})[0].status == 405
    assert request(site, "GET", "/api/file")[0].status == 400
    assert request(site, "GET", "/api/file?path=a&path=b")[0].status == 400
    # DNS rebinding: a page on another name that resolves to 127.0.0.1 gets nothing
    resp, data = request(site, "GET", "/api/files", host="evil.example:80")
    assert resp.status == 421 and b"draft.md" not in data
    assert request(site, "GET", "/", host=None)[0].status in (400, 421)
    assert request(site, "GET", "/", host=f"localhost:{site.server_address[1]}")[0].status == 200


def test_utf16_offsets():
    text = "a😀b𝄞c"
    assert utf16_offsets(text, [0, 1, 2, 3, 4, 5]) == {0: 0, 1: 1, 2: 3, 3: 4, 4: 6, 5: 7}


def _start(args, cwd):
    proc = subprocess.Popen([sys.executable, "-m", "winlint", "serve", "--port", "0", *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = []
    for _ in range(3):
        line = proc.stderr.readline()
        lines.append(line)
        if "http://" in line or not line:
            break
    return proc, "".join(lines)


def test_cli_binds_loopback_by_default(tmp_path):
    proc, out = _start([], tmp_path)
    try:
        assert re.search(r"http://127\.0\.0\.1:\d+/", out), out
        assert "warning" not in out
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_cli_other_address_only_with_host_and_a_warning(tmp_path):
    proc, out = _start(["--host", "0.0.0.0"], tmp_path)
    try:
        assert "warning: listening on 0.0.0.0" in out and "http://0.0.0.0:" in out
    finally:
        proc.terminate()
        proc.wait(timeout=10)
