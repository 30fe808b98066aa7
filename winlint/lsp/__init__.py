"""The editor server: `winlint lsp`, a Language Server over stdio (pygls).

In: JSON-RPC messages from an editor (initialize, didOpen/didChange/didSave/didClose of Markdown,
plain-text, email, HTML and gitcommit buffers, codeAction, hover, shutdown/exit).
Out: publishDiagnostics for each buffer (the findings of the configuration that applies to its path,
the same discovery as `winlint check`), code actions (a WorkspaceEdit applying a rewrite, or adding an
inline suppression for the line or the file) and hovers (the rule's explanation, its apply step and
the reframes).

Modules: `text` (offsets <-> LSP positions, where a suppression comment goes), `session` (config
discovery, linters and the last findings per buffer), `actions` (code actions and hover text from
findings), `server` (the pygls wiring: debouncing, size cap, error responses).
"""
