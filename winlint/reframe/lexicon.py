"""lemminflect with its lookup tables read word by word instead of whole.

lemminflect parses its two tables (70k lemma lines, 100k inflection lines) into dicts on first use:
0.45 s of CPU, more than the rest of a one-finding run after spaCy's import. A reframe looks up a
handful of words. Both files are sorted by their first field, so each lookup here is a binary search
over the decompressed bytes (a few ms to inflate, once), parsing only that word's lines with
lemminflect's own codecs and merging them exactly as its loaders do. Everything else — overrides,
upos filters, capitalisation, the out-of-vocabulary models — is lemminflect's unchanged code.
"""
from __future__ import annotations

import gzip

_ready = False


class SortedTable:
    """The dict lemminflect would load from a sorted `word,...` CSV, looked up on demand (`.get`
    is all lemminflect asks of it)."""

    def __init__(self, path: str, entry, fixed: dict | None = None):
        self.path = path
        self.entry = entry            # (merged value or None, line) -> merged value
        self.data: bytes | None = None
        self.memo: dict[str, object] = dict(fixed or {})   # entries the loader sets after reading

    def _first(self, key: bytes) -> int:
        """Offset of the first line whose word is >= key (lines before lo are < key, from hi on >=)."""
        data = self.data
        lo, hi = 0, len(data)
        while lo < hi:
            mid = (lo + hi) // 2
            nl = data.rfind(b"\n", lo, mid)
            start = lo if nl < 0 else nl + 1
            comma = data.find(b",", start)
            if data[start:comma] < key:
                lo = data.index(b"\n", start) + 1
            else:
                hi = start
        return lo

    def get(self, word, default=None):
        if word in self.memo:
            value = self.memo[word]
            return default if value is None else value
        if self.data is None:
            with gzip.open(self.path, "rb") as f:
                self.data = f.read()
            if not self.data.endswith(b"\n"):
                self.data += b"\n"
        key = word.encode("utf-8")
        value = None
        at = self._first(key)
        while at < len(self.data):
            end = self.data.index(b"\n", at)
            line = self.data[at:end + 1]
            if line[:line.find(b",")] != key:
                break
            value = self.entry(value, line.decode())
            at = end + 1
        self.memo[word] = value
        return default if value is None else value


def _lemma_entry(value, line):
    from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
    from lemminflect.core.LexicalUtils import categoryToUPos

    word, category, forms = LemmaLUCodec.fromString(line)
    if value is None:
        return {categoryToUPos(category): forms}
    value.update({categoryToUPos(category): forms})
    return value


def _infl_entry(value, line):
    from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec

    word, _, forms = InflectionLUCodec.fromString(line)
    if value is None:
        return forms
    value.update(forms)
    return value


def lemminflect():
    """The lemminflect module, its singletons given the lazy tables (unless already loaded)."""
    global _ready
    import lemminflect as module

    if not _ready:
        from lemminflect.core.Inflections import Inflections
        from lemminflect.core.Lemmatizer import Lemmatizer

        lem, infl = Lemmatizer(), Inflections()
        if not hasattr(lem, "lemma_dict"):
            lem.lemma_dict = SortedTable(lem.lemma_lu_fn, _lemma_entry)
        if not hasattr(infl, "infl_dict"):
            from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
            infl.infl_dict = SortedTable(infl.infl_lu_fn, _infl_entry, InflectionLUCodec.updateForAuxMod({}))
        _ready = True
    return module


def getLemma(*args, **kw):
    return lemminflect().getLemma(*args, **kw)


def getInflection(*args, **kw):
    return lemminflect().getInflection(*args, **kw)


def getAllLemmas(*args, **kw):
    return lemminflect().getAllLemmas(*args, **kw)
