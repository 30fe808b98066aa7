"""Reframes on the labelled corpora match tests/golden/reframes.jsonl, which a person has read.

When output changes on purpose: `python -m winlint.reframe.golden --update`, read the diff, commit.
"""
import pytest

from winlint.reframe import golden


@pytest.mark.parametrize("source", sorted(golden.available()))
def test_reframes_match_the_golden_file(source):
    records = golden.read()
    assert any(r["source"] == source for r in records), f"no golden records for {source}; run --update"
    lines = golden.drift(source, golden.produce(source, golden.SOURCES[source]), records)
    assert not lines, "reframes drifted from tests/golden/reframes.jsonl " \
                      "(python -m winlint.reframe.golden --update, then read it):\n" + "\n".join(lines[:60])


def test_every_finding_in_the_golden_file_has_a_rewrite_first():
    records = golden.read()
    assert records
    for r in records:
        kinds = [x["kind"] for x in r["reframes"]]
        assert kinds and kinds[0] == "rewrite", r
        assert kinds == sorted(kinds, key=lambda k: k != "rewrite"), r
