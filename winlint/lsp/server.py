"""`winlint lsp`: the pygls wiring. Buffers are linted off the event loop, debounced per buffer, and
published only while still current; a message the server cannot read gets a JSON-RPC error response.

initializationOptions (all optional): {"debounce": milliseconds after a change [150],
"maxDocumentSize": characters above which a buffer is not linted [2000000]}.
"""
from __future__ import annotations

import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest, JsonRpcParseError
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from ..errors import WinlintError
from . import actions
from .session import Linted, Session, input_format, uri_path
from .text import Positions

DEBOUNCE_MS = 150
MAX_DOCUMENT = 2_000_000
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}
KINDS = {"quickfix": types.CodeActionKind.QuickFix, "suppress-line": types.CodeActionKind.QuickFix,
         "suppress-file": types.CodeActionKind.QuickFix}

log = logging.getLogger("winlint.lsp")


class _Unreadable(JsonRpcException):
    """A request that parsed as JSON but not as its method's params: answered with its id."""

    def __init__(self, msg_id, cause: JsonRpcException):
        super().__init__(cause.message, cause.code)
        self.msg_id = msg_id


class Protocol(LanguageServerProtocol):
    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "method" in data and data.get("id") is not None:
                raise _Unreadable(data["id"], exc) from exc
            raise


class WinlintServer(LanguageServer):
    def __init__(self):
        from .. import __version__

        super().__init__("winlint", __version__, protocol_cls=Protocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.session = Session()
        self.debounce = DEBOUNCE_MS / 1000
        self.max_document = MAX_DOCUMENT
        self.pending: dict[str, asyncio.Task] = {}
        self.linted: dict[str, Linted] = {}
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="winlint-lint")

    # -- errors the read loop meets: answer them instead of only logging ------------------------
    def report_server_error(self, error, source):
        if source is JsonRpcException:          # from the read loop: the message itself is bad
            if isinstance(error, _Unreadable):
                self._error_response(error.msg_id, error.code, f"invalid params: {error.message}")
            elif isinstance(error, json.JSONDecodeError):
                self._error_response(None, JsonRpcParseError.CODE, f"parse error: {error}")
            else:
                self._error_response(None, JsonRpcInvalidRequest.CODE,
                                     f"invalid request: {type(error).__name__}: {error}")
            return
        super().report_server_error(error, source)

    def _error_response(self, msg_id, code: int, message: str):
        self.protocol._send_data({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}})

    # -- linting ------------------------------------------------------------------------------
    def encoding(self) -> str:
        enc = self.workspace.position_encoding
        enc = getattr(enc, "value", enc) or "utf-16"
        return str(enc)

    def schedule(self, uri: str, delay: float):
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float):
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            doc = self.workspace.get_text_document(uri)
            text, version = doc.source, doc.version
            fmt = input_format(doc.language_id, uri_path(uri))
            if fmt is None:
                return
            if len(text) > self.max_document:
                self.linted.pop(uri, None)
                self.publish(uri, version, [])
                self.window_show_message(types.ShowMessageParams(
                    types.MessageType.Warning,
                    f"winlint: {uri_path(uri) or uri} has {len(text):,} characters, more than the "
                    f"{self.max_document:,} it lints in an editor; run `winlint check` on it instead"))
                return
            loop = asyncio.get_running_loop()
            try:
                linted = await loop.run_in_executor(self.pool, self.session.lint, uri, version, text, fmt)
            except WinlintError as err:        # a broken config or rule file: say so, keep serving
                self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"winlint: {err}"))
                return
            current = self.workspace.get_text_document(uri)
            if current.version != version or current.source != text:
                return                          # edited meanwhile: a newer lint is scheduled
            self.linted[uri] = linted
            self.publish(uri, version, self.diagnostics(linted))
        except asyncio.CancelledError:
            pass
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    def publish(self, uri, version, diagnostics):
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics))

    def range(self, pos: Positions, start: int, end: int) -> types.Range:
        sl, sc = pos.position(start)
        el, ec = pos.position(end)
        return types.Range(types.Position(sl, sc), types.Position(el, ec))

    def diagnostics(self, linted: Linted) -> list[types.Diagnostic]:
        pos = Positions(linted.text, self.encoding())
        out = []
        for f in linted.findings:
            out.append(types.Diagnostic(
                range=self.range(pos, f.start, f.end), message=f.message, source="winlint",
                severity=SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning), code=f.rule,
                data={"name": f.name, "start": f.start, "end": f.end}))
        return out

    def findings_in(self, uri: str, rng: types.Range):
        linted = self.linted.get(uri)
        if linted is None:
            return None, []
        doc = self.workspace.get_text_document(uri)
        if doc.source != linted.text:
            return linted, []                   # stale: the next publish brings fresh findings
        pos = Positions(linted.text, self.encoding())
        a = pos.offset(rng.start.line, rng.start.character)
        b = pos.offset(rng.end.line, rng.end.character)
        return linted, [f for f in linted.findings if f.start <= b and a <= f.end]


server = WinlintServer()


@server.feature(types.INITIALIZE)
def on_initialize(ls: WinlintServer, params: types.InitializeParams):
    opts = params.initialization_options if isinstance(params.initialization_options, dict) else {}
    if isinstance(opts.get("debounce"), (int, float)) and opts["debounce"] >= 0:
        ls.debounce = opts["debounce"] / 1000
    if isinstance(opts.get("maxDocumentSize"), int) and opts["maxDocumentSize"] > 0:
        ls.max_document = opts["maxDocumentSize"]
    folders = params.workspace_folders or []
    root = uri_path(folders[0].uri) if folders else (uri_path(params.root_uri) if params.root_uri else None)
    ls.session.root = root


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: WinlintServer, params: types.DidOpenTextDocumentParams):
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: WinlintServer, params: types.DidChangeTextDocumentParams):
    ls.schedule(params.text_document.uri, ls.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: WinlintServer, params: types.DidSaveTextDocumentParams):
    if ls.session.config_changed(uri_path(params.text_document.uri)):
        for uri in list(ls.workspace.text_documents):
            ls.schedule(uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: WinlintServer, params: types.DidCloseTextDocumentParams):
    uri = params.text_document.uri
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.linted.pop(uri, None)
    ls.publish(uri, None, [])


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
def code_action(ls: WinlintServer, params: types.CodeActionParams):
    uri = params.text_document.uri
    linted, found = ls.findings_in(uri, params.range)
    if not found:
        return []
    pos = Positions(linted.text, ls.encoding())
    out = []
    for f in found:
        diag = next((d for d in params.context.diagnostics if d.code == f.rule and d.source == "winlint"), None)
        for act in actions.actions_for(f, linted.text, linted.fmt):
            edit = types.TextEdit(range=ls.range(pos, act.edit.start, act.edit.end), new_text=act.edit.text)
            doc_edit = types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=linted.version),
                edits=[edit])
            out.append(types.CodeAction(
                title=act.title, kind=KINDS[act.kind], is_preferred=act.preferred or None,
                diagnostics=[diag] if diag else None,
                edit=types.WorkspaceEdit(changes={uri: [edit]}, document_changes=[doc_edit])))
    return out


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: WinlintServer, params: types.HoverParams):
    at = types.Range(params.position, params.position)
    linted, found = ls.findings_in(params.text_document.uri, at)
    if not found:
        return None
    pos = Positions(linted.text, ls.encoding())
    parts = [actions.hover_markdown(f, linted.rules.get(f.rule)) for f in found]
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
                       range=ls.range(pos, found[0].start, found[0].end))


@server.feature(types.INITIALIZED)
def on_initialized(ls: WinlintServer, params: types.InitializedParams):
    # load spaCy now, off the event loop, so the first buffer opened does not wait for it
    asyncio.get_running_loop().run_in_executor(ls.pool, ls.session.warm)


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="winlint lsp: %(levelname)s %(message)s")
    # a malformed message is answered with an error response (report_server_error): no traceback
    for handler in logging.getLogger().handlers:
        handler.addFilter(lambda record: record.getMessage() != "Unable to handle message")
    server.start_io()
    return 0
