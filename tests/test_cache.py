"""The compiled-rule cache: a hit skips YAML and compiling, an edit invalidates it, a broken or
unwritable cache only costs a rebuild, and the cache cannot grow without bound."""
import os

import pytest

from conftest import SAMPLE_RULE
from winlint import loader

RULE = SAMPLE_RULE


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("WINLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("WINLINT_NO_CACHE", raising=False)
    return folder


def rules_folder(tmp_path, name="rules", message="'{match}' is flagged"):
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    (folder / "sample-rule.yaml").write_text(RULE.replace("'{match}' is flagged", message))
    return folder


def test_hit_skips_building(tmp_path, cache, monkeypatch):
    folder = rules_folder(tmp_path)
    first = loader.load([folder])
    assert len(list(cache.glob("rules-*.cache"))) == 1
    monkeypatch.setattr(loader, "build", lambda folders: pytest.fail("a cache hit rebuilt the pack"))
    assert [r.code for r in loader.load([folder]).rules] == [r.code for r in first.rules]


def test_edit_invalidates(tmp_path, cache):
    folder = rules_folder(tmp_path)
    assert loader.load([folder]).rules[0].message == "'{match}' is flagged"
    path = folder / "sample-rule.yaml"
    path.write_text(RULE.replace("is flagged", "was changed"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert loader.load([folder]).rules[0].message == "'{match}' was changed"


def test_corrupt_entry_is_rebuilt(tmp_path, cache):
    folder = rules_folder(tmp_path)
    loader.load([folder])
    (entry,) = cache.glob("rules-*.cache")
    entry.write_bytes(b"not a cache")
    assert [r.code for r in loader.load([folder]).rules] == ["XX101"]
    assert entry.read_bytes() != b"not a cache"


def test_unwritable_cache_still_loads(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("WINLINT_CACHE_DIR", str(blocker / "cache"))   # a path under a regular file
    assert [r.code for r in loader.load([rules_folder(tmp_path)]).rules] == ["XX101"]


def test_cache_is_bounded(tmp_path, cache, monkeypatch):
    folders = [rules_folder(tmp_path, f"rules{i}") for i in range(loader.CACHE_KEEP + 4)]
    for i, folder in enumerate(folders):
        loader.load([folder])
        for entry in cache.glob("rules-*.cache"):     # make the order of use unambiguous
            os.utime(entry, (entry.stat().st_atime, entry.stat().st_mtime - 1))
    assert len(list(cache.glob("rules-*.cache"))) == loader.CACHE_KEEP
    assert not list(cache.glob("*.tmp"))
    monkeypatch.setattr(loader, "build", lambda folders: pytest.fail("the newest entry was pruned"))
    loader.load([folders[-1]])
