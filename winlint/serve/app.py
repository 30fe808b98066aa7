"""The HTTP server of `winlint serve`: routes, limits and the lint endpoint."""
from __future__ import annotations

import ipaddress
import json
import os
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import parse_qs, urlsplit

from ..config import Resolver
from ..errors import WinlintError
from ..readers import FORMATS, format_for_path
from ..run import CheckRequest, Linters
from .files import Folder, Refused

MAX_REQUEST = 1_000_000          # bytes of a request body
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
STATIC = {"/": ("index.html", "text/html; charset=utf-8"),
          "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
          "/static/app.css": ("app.css", "text/css; charset=utf-8")}
GET_API = ("/api/files", "/api/file", "/api/health")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def utf16_offsets(text: str, offsets) -> dict[int, int]:
    """Code-point offsets -> UTF-16 offsets (JavaScript string indexes)."""
    wanted = sorted(set(offsets))
    if text.isascii():
        return {o: o for o in wanted}
    out, units, pos = {}, 0, 0
    for o in wanted:
        chunk = text[pos:o]
        units += len(chunk) + sum(1 for ch in chunk if ord(ch) > 0xFFFF)
        pos = o
        out[o] = units
    return out


class Engine:
    """Lints texts with the configuration that applies in the start folder (or to an opened file)."""

    def __init__(self, root: str):
        self.root = root
        self.resolver = Resolver()
        self.linters = Linters(CheckRequest(paths=[]))
        self.lock = threading.Lock()

    def lint(self, text: str, fmt: str, rel: str | None) -> dict:
        from ..lsp.actions import questions, rewrites
        from ..summary import counts, per_100

        path = os.path.join(self.root, rel) if rel else None
        with self.lock:
            config = self.resolver.for_path(path) if path else self.resolver.for_folder(self.root)
            _, linter = self.linters.get(config)
            result = linter.lint_text(text, rel or "draft", input_format=fmt)
        spans = [o for f in result.findings for o in (f.start, f.end)]
        spans += [o for f in result.findings for r in rewrites(f) for o in (r[1], r[2])]
        u16 = utf16_offsets(text, spans)
        findings = []
        for f in result.findings:
            item = f.to_dict()
            item["span"] = [u16[f.start], u16[f.end]]
            item["rewrites"] = [{"text": t, "span": [u16[s], u16[e]], "step": step}
                                for t, s, e, step in rewrites(f)]
            item["questions"] = questions(f)
            rule = linter.rules.get(f.rule)
            item["why"] = " ".join((getattr(rule, "why", "") or "").split())
            findings.append(item)
        _, by_category = counts([result])
        return {"findings": findings, "format": fmt, "summary": {
            "findings": len(result.findings), "sentences": result.sentences, "words": result.words,
            "per_100": round(per_100(len(result.findings), result.sentences), 1),
            "by_category": dict(sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0])))}}


class Handler(BaseHTTPRequestHandler):
    server_version = "winlint-serve"
    protocol_version = "HTTP/1.1"
    server: "Server"

    # -- plumbing ----------------------------------------------------------------------------
    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)

    def send(self, status: int, body: bytes, ctype: str):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in SECURITY_HEADERS.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status: int, data):
        self.send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def fail(self, status: int, message: str):
        self.close_connection = True
        self.send_json(status, {"error": message, "status": status})

    def host_ok(self) -> bool:
        """Answer only to the names this server is reached by (no DNS rebinding onto 127.0.0.1)."""
        host = (self.headers.get("Host") or "").strip().lower()
        if not host:
            return False
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        name = name.strip("[]")
        return name in self.server.host_names

    def route(self, method: str):
        try:
            if not self.host_ok():
                raise BadRequest(421, "unknown Host; open the address winlint serve printed")
            url = urlsplit(self.path)
            if method in ("GET", "HEAD"):
                self.get(url)
            elif method == "POST":
                self.post(url)
            else:
                raise BadRequest(405, f"{method} is not supported")
        except BadRequest as err:
            self.fail(err.status, str(err))
        except Refused as err:
            self.fail(err.status, str(err))
        except WinlintError as err:
            self.fail(422, str(err))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as err:  # noqa: BLE001 - a bug answers 500, the server keeps running
            self.fail(500, f"internal error: {type(err).__name__}: {err}")

    def do_GET(self):
        self.route("GET")

    def do_HEAD(self):
        self.route("HEAD")

    def do_POST(self):
        self.route("POST")

    def do_PUT(self):
        self.route("PUT")

    def do_DELETE(self):
        self.route("DELETE")

    def do_PATCH(self):
        self.route("PATCH")

    # -- routes ------------------------------------------------------------------------------
    def get(self, url):
        if url.path in STATIC:
            name, ctype = STATIC[url.path]
            self.send(200, resources.files(__package__).joinpath("static", name).read_bytes(), ctype)
        elif url.path == "/api/files":
            self.send_json(200, {"root": os.path.basename(self.server.folder.root) or "/",
                                 "files": self.server.folder.list()})
        elif url.path == "/api/file":
            rel = self.query(url, "path")
            text = self.server.folder.read(rel)
            self.send_json(200, {"path": rel, "text": text, "format": format_for_path(rel)})
        elif url.path == "/api/health":
            self.send_json(200, {"ok": True})
        else:
            raise BadRequest(404, f"no page {url.path!r}")

    def post(self, url):
        if url.path != "/api/lint":
            raise BadRequest(405 if url.path in STATIC or url.path in GET_API else 404,
                             f"cannot POST to {url.path!r}")
        body = self.body()
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            raise BadRequest(400, 'send a JSON object {"text": "...", "format": "plain|markdown|email|html"}')
        fmt = body.get("format") or "plain"
        if fmt not in FORMATS:
            raise BadRequest(400, f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}")
        rel = body.get("path")
        if rel is not None:
            if not isinstance(rel, str):
                raise BadRequest(400, "path must be a string")
            self.server.folder.resolve(rel)     # the config of a file inside the folder only
        self.send_json(200, self.server.engine.lint(body["text"], fmt, rel))

    def query(self, url, key: str) -> str:
        values = parse_qs(url.query, keep_blank_values=True).get(key)
        if not values or len(values) != 1:
            raise BadRequest(400, f"give exactly one ?{key}=")
        return values[0]

    def body(self):
        if self.headers.get("Transfer-Encoding"):
            raise BadRequest(411, "send the body with a Content-Length, not chunked")
        length = self.headers.get("Content-Length")
        if length is None:
            raise BadRequest(411, "Content-Length required")
        try:
            n = int(length)
        except ValueError:
            raise BadRequest(400, "bad Content-Length") from None
        if n < 0:
            raise BadRequest(400, "bad Content-Length")
        if n > self.server.max_request:
            raise BadRequest(413, f"request body over {self.server.max_request:,} bytes")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise BadRequest(415, "send application/json")
        raw = self.rfile.read(n)
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as err:
            raise BadRequest(400, f"not valid UTF-8 JSON: {err}") from None


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 16

    def __init__(self, host: str, port: int, root: str, max_request: int = MAX_REQUEST, verbose: bool = False):
        self.address_family = _family(host)
        super().__init__((host, port), Handler)
        self.folder = Folder(root)
        self.engine = Engine(self.folder.root)
        self.max_request = max_request
        self.verbose = verbose
        names = {host.lower().strip("[]")}
        if host in LOCAL_HOSTS:
            names |= LOCAL_HOSTS
        elif _unspecified(host):
            names = None                       # 0.0.0.0: any name (the user asked for it)
        self.host_names = names if names is not None else _AnyName()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"


class _AnyName:
    def __contains__(self, item):
        return True


def _family(host: str):
    import socket
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def serve(host: str = "127.0.0.1", port: int = 8765, root: str = ".", max_request: int = MAX_REQUEST,
          explicit_host: bool = False, verbose: bool = False, ready=None) -> int:
    """Run until Ctrl-C. `ready(server)` is called once it listens (tests, --open)."""
    if host not in LOCAL_HOSTS:
        if not explicit_host:
            raise WinlintError(f"refusing to listen on {host}: pass --host {host} to serve other machines")
        print(f"winlint serve: warning: listening on {host}: anyone who can reach it can read the text files "
              f"under {os.path.realpath(root)} and have their drafts linted", file=sys.stderr)
    try:
        server = Server(host, port, root, max_request, verbose)
    except OSError as err:
        raise WinlintError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    print(f"winlint serve: {server.url} (files from {server.folder.root}; Ctrl-C to stop)", file=sys.stderr,
          flush=True)
    if ready:
        ready(server)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
