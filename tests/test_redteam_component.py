"""Red-team findings on the spaCy component (../shared/reports/redteam.md): H2, M9, M11/L4."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT


def run_python(code: str, cwd, env=None) -> dict:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=cwd, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_h2_unless_matchers_run_once_per_doc_not_once_per_hit(monkeypatch):
    """Thousands of hits in one unsplit 'sentence': each rule's exception matchers run once."""
    import winlint
    from winlint import component

    calls = []
    real = component.WinlintRuler._unless

    def counting(self, code):
        calls.append(code)
        return real(self, code)

    monkeypatch.setattr(component.WinlintRuler, "_unless", counting)
    text = "fire them, " * 400
    findings = winlint.lint_text(text)
    assert len(findings) == 400
    assert len(calls) <= 10 * len({f.rule for f in findings})


def test_h2_unless_still_excepts_the_hit_it_overlaps():
    """The once-per-Doc check keeps the old meaning: an exception overlapping a hit removes it."""
    import winlint

    assert [f.rule for f in winlint.lint_text("I need to get them to work harder.")] == ["WW101"]
    assert winlint.lint_text("Could you get the catering team to set up in the atrium instead?") == []


def test_m9_docs_serialize_and_pipe_with_two_processes(tmp_path):
    out = run_python("""
        import json
        import spacy
        from spacy.tokens import DocBin
        nlp = spacy.blank("en")
        nlp.add_pipe("winlint")
        doc = nlp("I need to get them to work harder.")
        data = doc.to_bytes()
        bin = DocBin(store_user_data=True); bin.add(doc); bin.to_bytes()
        docs = list(nlp.pipe(["I need to get them to work harder."] * 20, n_process=2, batch_size=5))
        labels = sorted({s.label_ for d in docs for s in d.spans["winlint"]})
        print(json.dumps({"bytes": len(data) > 0, "labels": labels, "n": len(docs),
                          "data": doc.spans["winlint"][0]._.winlint}))
    """, tmp_path)
    assert out["bytes"] and out["n"] == 20 and out["labels"] == ["WW101"]
    assert out["data"]["rule"] == "WW101" and out["data"]["suggestions"]


def test_m9_saved_pipeline_loads_after_its_rule_folder_moved(tmp_path):
    rules = tmp_path / "team-rules" / "control"
    rules.mkdir(parents=True)
    (rules / "steamrolling.yaml").write_text(textwrap.dedent("""\
        code: XX101
        name: steamrolling
        category: control
        level: warning
        step: goals
        message: "'{match}' runs over the people it concerns"
        why: Steamrolling wins the meeting and loses the team.
        patterns: ["steamroll the design team"]
        suggestions: ["What does the design team need from this?"]
        examples:
          bad: ["Let's just steamroll the design team."]
          good: ["Let's ask the design team what they need."]
        """))
    out = run_python(f"""
        import json, shutil
        import spacy
        nlp = spacy.blank("en")
        nlp.add_pipe("winlint", config={{"rules": [{str(tmp_path / "team-rules")!r}], "builtin": False}})
        nlp.to_disk({str(tmp_path / "p")!r})
        shutil.move({str(tmp_path / "team-rules")!r}, {str(tmp_path / "moved")!r})
        loaded = spacy.load({str(tmp_path / "p")!r})
        doc = loaded("Let's just steamroll the design team.")
        print(json.dumps([s.label_ for s in doc.spans["winlint"]]))
    """, tmp_path)
    assert out == ["XX101"]


@pytest.mark.slow
def test_m11_output_is_the_same_under_every_hash_seed(tmp_path):
    draft = tmp_path / "h.txt"
    draft.write_text("TAKE BEFORE Y NOTICE on or lose>business us vs them\n"
                     "I need data to shut down Bogdan's argument completely on Thursday.\n")
    outputs = set()
    for seed in range(6):
        env = dict(os.environ, PYTHONHASHSEED=str(seed))
        for extra in ([], ["--no-prefilter"]):
            proc = subprocess.run([sys.executable, "-m", "winlint", "check", "--format", "json", *extra, str(draft)],
                                  capture_output=True, text=True, env=env, timeout=300)
            assert proc.returncode == 1, proc.stderr
            outputs.add(proc.stdout)
    assert len(outputs) == 1
