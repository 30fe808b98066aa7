"""A minimal LSP client over a child process's stdio (Content-Length framing), for the end-to-end
tests and the latency benchmark: it speaks to `winlint lsp` exactly as an editor would."""
from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time


class Client:
    def __init__(self, cmd=None, cwd=None, env=None):
        cmd = cmd or [sys.executable, "-m", "winlint", "lsp"]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     cwd=cwd, env=env)
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        self.backlog: list[dict] = []       # messages no wait_for has taken yet, oldest first
        self.stderr = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    # -- framing ------------------------------------------------------------------------------
    def send_raw(self, body: bytes):
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, message: dict):
        self.send_raw(json.dumps(message).encode("utf-8"))

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            body = out.read(length)
            self.messages.put(json.loads(body))

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self.stderr += line

    # -- messages -----------------------------------------------------------------------------
    def request(self, method: str, params=None) -> int:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method: str, params=None):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, match, timeout: float = 240.0) -> dict:
        """The oldest message `match` accepts, waiting for it; others stay in `self.backlog`.
        Requests from the server (e.g. client/registerCapability) are answered with a null result."""
        for i, msg in enumerate(self.backlog):
            if match(msg):
                return self.backlog.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no matching message in {timeout}s; stderr: {self.stderr.decode()[-2000:]}")
            try:
                msg = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if msg is None:
                raise EOFError(f"server closed its output; stderr: {self.stderr.decode()[-2000:]}")
            if "method" in msg and "id" in msg:
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            if match(msg):
                return msg
            self.backlog.append(msg)

    def call(self, method: str, params=None, timeout: float = 240.0) -> dict:
        """Send a request and return its whole response (result or error)."""
        msg_id = self.request(method, params)
        return self.wait_for(lambda m: m.get("id") == msg_id and "method" not in m, timeout)

    def diagnostics(self, uri: str, version=None, timeout: float = 240.0) -> list:
        msg = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri
                            and (version is None or m["params"].get("version") == version), timeout)
        return msg["params"]["diagnostics"]

    def initialize(self, root_uri=None, options=None) -> dict:
        resp = self.call("initialize", {"processId": None, "rootUri": root_uri, "capabilities": {},
                                        "initializationOptions": options or {}})
        self.notify("initialized", {})
        return resp

    def close(self, timeout: float = 20.0) -> int:
        try:
            self.call("shutdown", None, timeout=timeout)
            self.notify("exit", None)
            return self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
