"""The local web page: `winlint serve`, a small HTTP server (stdlib) for one person on this machine.

In: a draft pasted into the page (POST /api/lint, JSON {"text", "format"}), or a text file chosen
from the folder the server was started in (GET /api/files, GET /api/file?path=...).
Out: the page and its script and style (static/, shipped in the package: no CDN, no framework),
and for each lint the findings with their reframes and rewrites (offsets in UTF-16 units, as the
page's JavaScript counts) and a tone summary.

Rules it keeps: binds 127.0.0.1 unless --host says otherwise (with a warning), answers only to
its own Host name, caps request bodies (1 MB by default), answers bad requests with 4xx, and never
reads a file outside its folder (`files.py`: no `..`, no absolute paths, no symlinks out).
"""
