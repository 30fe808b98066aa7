"""`nlp.add_pipe("winlint")` for any spaCy user, through the spacy_factories entry point.

Each test runs in a fresh interpreter, so nothing imported by the test session can make the
factory available by accident: spaCy has to find it through the installed package's entry point.
"""
import json
import subprocess
import sys
import textwrap

from conftest import ROOT


def run_python(code: str, cwd) -> dict:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_add_pipe_winlint_without_importing_winlint(tmp_path):
    out = run_python("""
        import json, sys
        import spacy
        after_import = "winlint" in sys.modules
        nlp = spacy.blank("en")
        nlp.add_pipe("winlint")
        doc = nlp("I need to get them to work harder.")
        spans = [{"text": s.text, "label": s.label_, "id": s.id_, "suggestions": s._.winlint["suggestions"]}
                 for s in doc.spans["winlint"]]
        print(json.dumps({"after_import": after_import, "pipes": nlp.pipe_names, "spans": spans}))
    """, tmp_path)
    assert out["after_import"] is False
    assert out["pipes"] == ["winlint"]
    (span,) = out["spans"]
    assert span["label"] == "WW101" and span["id"] == "getting-someone-to"
    assert span["text"] == "get them to work harder"
    assert span["suggestions"][0] == "I want to find out what would help them work harder."
    assert "How do we create conditions where they want to work harder?" in span["suggestions"]


def test_factory_config_and_the_winlint_ruler_name(tmp_path):
    out = run_python("""
        import json
        import spacy
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("winlint_ruler", config={"ignore": ["WW101"], "spans_key": "tone"})
        doc = nlp("I need to get them to work harder. We made them rewrite the spec.")
        print(json.dumps({"labels": [s.label_ for s in doc.spans["tone"]], "keys": list(doc.spans)}))
    """, tmp_path)
    assert out == {"labels": ["WW102"], "keys": ["tone"]}


def test_pipeline_round_trips_through_disk(tmp_path):
    """to_disk / spacy.load keeps the rules and the config, also when saved back into its own folder."""
    out = run_python(f"""
        import json, shutil
        import spacy
        nlp = spacy.blank("en")
        nlp.add_pipe("winlint", config={{"select": ["control"]}})
        target = {str(tmp_path / "pipeline")!r}
        nlp.to_disk(target)
        loaded = spacy.load(target)
        loaded.to_disk(target)                      # re-save in place: reads its own rule files
        again = spacy.load(target)
        text = "We made them rewrite the spec, and I have to push back on my manager."
        def labels(n):
            doc = n(text)
            return [s.label_ for s in doc.spans["winlint"]]
        rules = lambda n: sorted(r.code for r in n.get_pipe("winlint").pack.rules)
        print(json.dumps({{"original": labels(nlp), "loaded": labels(loaded), "again": labels(again),
                          "same_rules": rules(nlp) == rules(again), "config": again.config["components"]["winlint"]}}))
    """, tmp_path)
    assert out["original"] == out["loaded"] == out["again"] == ["WW102"]
    assert out["same_rules"] is True
    assert out["config"]["factory"] == "winlint" and out["config"]["select"] == ["control"]
    saved = tmp_path / "pipeline" / "winlint" / "rules"
    assert (saved / "control" / "getting-someone-to.yaml").is_file()
    assert sorted(p.name for p in (tmp_path / "pipeline" / "winlint").iterdir()) == ["rules"]  # no staging left


def test_saved_pipeline_uses_its_own_copy_of_the_rules(tmp_path):
    """The rules travel with the pipeline: editing the saved copy changes what the loaded one flags."""
    out = run_python(f"""
        import json, pathlib
        import spacy
        nlp = spacy.blank("en")
        nlp.add_pipe("winlint")
        target = pathlib.Path({str(tmp_path / "p")!r})
        nlp.to_disk(target)
        for path in (target / "winlint" / "rules").rglob("getting-someone-to.yaml"):
            path.write_text(path.read_text().replace("level: warning", "level: error"))
        loaded = spacy.load(target)
        rule = loaded.get_pipe("winlint").pack.lookup("WW101")
        print(json.dumps({{"level": rule.level, "path": rule.path}}))
    """, tmp_path)
    assert out["level"] == "error"
    assert out["path"].startswith(str(tmp_path / "p"))
    assert str(ROOT / "rules") not in out["path"]
