"""The stance layer: its own examples (rules/stance.yaml) run through the whole linter, each cue
family on its own, and the cue file's errors."""
import pytest
import yaml

import winlint
from winlint.errors import WinlintError
from winlint.stance import Stance, load_cues
from winlint.stance.cues import default_path, parse

CUES = load_cues()


@pytest.mark.parametrize("text", CUES.examples["flagged"])
def test_endorsed_moves_keep_their_finding(text):
    assert [f for f in winlint.lint_text(text) if f.rule != "WW900"], text


@pytest.mark.parametrize("text", CUES.examples["quiet"])
def test_moves_the_writer_does_not_endorse_stay_quiet(text):
    assert [f.rule for f in winlint.lint_text(text)] == [], text


def test_the_meta_rule_every_family_has_examples_of_both_kinds():
    assert len(CUES.examples["flagged"]) >= 3 and len(CUES.examples["quiet"]) >= 6


def judge(text: str, move: str, after: str = "") -> str | None:
    import spacy
    nlp = spacy.blank("en")
    doc = nlp(text)
    i = text.index(move)
    span = doc.char_span(i, i + len(move), alignment_mode="expand")
    words = [t.lower_.replace("’", "'") for t in doc]
    return Stance(CUES).judge(words, span.start, span.end, [t.lower_ for t in nlp(after)])


@pytest.mark.parametrize("text, move, after, family", [
    ("I would never force anyone to work weekends.", "force anyone", "", "negation"),
    ("Instead of pushing back on my manager, I asked her.", "pushing back", "", "advice_against"),
    ("You could threaten to escalate it.", "threaten to escalate", "Don't.", "advice_against"),
    ("Step two in getting the board to sign: stop trying to rush them.", "getting the board to sign", "", "advice_against"),
    ("Want to get the board to sign? Fine.", "get the board to sign", "Stop trying to rush them.", "advice_against"),
    ("Sure, you could fire them all", "fire them", "But who would ship the release?", "turn"),
    ("What would get them to say yes?", "get them to say yes", "", "other_wants"),
    ("Managers who bully their reports lose them.", "bully their reports", "", "third_party"),
    ("My co-lead, who stays nameless until I find a way to get back at him, took the credit.", "get back at him", "", None),
    ("She said she would fire me on the spot.", "fire me", "", "third_party"),
    ("If you sue him, he will seek to force you to pay.", "force you", "", "third_party"),
    ("We won the battle but lost the war on that deal.", "won the battle", "", "cooperation"),
    ("I used to treat every review like a fight with my manager.", "fight with my manager", "", "third_party"),
    ("Public rankings are a quick way to make people leave.", "make people leave", "", "advice_against"),
    ("A: Docking their pay for it will cost you more.", "Docking their pay", "", "advice_against"),
    ('Never try to "get even" with a peer.', "get even", "", "negation"),
    ("I'd push back on anyone trying to throw the new hire under the bus.", "throw the new hire", "", "third_party"),
])
def test_each_family_cancels_its_case(text, move, after, family):
    assert judge(text, move, after) == family


@pytest.mark.parametrize("text, quiet", [
    ("Sure, you could force the team to work every weekend. But who would still be here in June?", True),
    ("Sure, you could force the team to work every weekend. Who would still be here in June?", False),
    ("I will force them to come in on Saturday. That backfires every time, so I won't.", True),
    ("I will force them to come in on Saturday. Then we ship.", False),
])
def test_the_next_sentence_turns_or_warns_in_the_engine_too(text, quiet):
    """The engine lints one sentence at a time: the sentence after it (a space first) still counts."""
    found = [f for f in winlint.lint_text(text) if f.rule != "WW900"]
    assert (found == []) is quiet, text


@pytest.mark.parametrize("text, move", [
    ("I need to get them to work harder.", "get them to work harder"),
    ("Rather than coaching him, we should teach him a lesson.", "teach him a lesson"),
    ("I told them I would fire them if it happens again.", "fire them"),
    ("Don't worry, I'll make him pay for that.", "make him pay"),
    ("He will be late again, so I'll make him pay for that.", "make him pay"),
])
def test_cues_do_not_reach_past_their_scope(text, move):
    assert judge(text, move) is None


def test_cue_phrases_tokenize_as_the_text_does():
    """"could 've" splits into "could ' ve" and never matches; "could've" is "could 've"."""
    lone = [(name, toks) for name in ("negators", "scope", "advice_before", "advice_anywhere", "advice_next",
                                      "verdicts", "payoff", "concession", "turn", "other_wants", "framing",
                                      "reporting", "subjects", "agents", "cooperation")
            for group in getattr(CUES, name).by_first.values() for toks in group if "'" in toks]
    assert lone == []


def test_cue_file_errors_name_the_file_and_key(tmp_path):
    data = yaml.safe_load(default_path().read_text())
    with pytest.raises(WinlintError, match=r"stance\.yaml.*negation\.windows"):
        parse({**data, "negation": {"windows": 3}}, str(tmp_path / "stance.yaml"), str.split)
    with pytest.raises(WinlintError, match="unknown cue family"):
        parse({**data, "sarcasm": {}}, str(tmp_path / "stance.yaml"), str.split)
    with pytest.raises(WinlintError, match="expected a list"):
        parse({**data, "turn": {"turn": "but"}}, str(tmp_path / "stance.yaml"), str.split)


# -- quotation (winlint/stance/quotes.py) ------------------------------------------------------------

@pytest.fixture(scope="module")
def ruler():
    from winlint.engine import Linter
    return Linter().ruler


def _quoted(ruler, text: str, move: str, after: str = "") -> bool:
    doc = ruler.nlp(text)
    i = text.index(move)
    span = doc.char_span(i, i + len(move), alignment_mode="expand")
    return ruler.quoted(doc, [(span.start, span.end)], after)[0]


@pytest.mark.parametrize("text, move, quoted", [
    ('The memo said: "Comply or you are out." Nobody did.', "Comply or you are out", True),
    ("Grandpa liked to say “make them earn it” at dinner.", "make them earn it", True),
    ('I told him "comply or you are out" and left.', "comply or you are out", False),
    ("We'll say “make them earn it” at the kickoff.", "make them earn it", False),
    ('I asked why she wrote "comply or you are out" to the team.', "comply or you are out", True),
    ('He is 6\'2" tall, so make him carry the boxes.', "make him carry", False),     # a stray mark opens nothing
    ('“Make them earn it,” he said. “Every one of them.”', "Make them earn it", True),
    ("Make them earn every penny. -- Sign in a print shop, 1970s", "Make them earn", True),
    ("Make them earn every penny. -- Priya, can you check this?", "Make them earn", False),
    ("Make them earn every penny. -- as I told you, I mean it", "Make them earn", False),
])
def test_quoted_words_are_someone_elses(ruler, text, move, quoted):
    assert _quoted(ruler, text, move) is quoted


def test_a_quote_opened_sentences_before_the_move_counts_in_the_engine():
    text = 'The sign read: "Welcome to the floor. Work hard. We will make you pay for every mistake."'
    assert winlint.lint_text(text) == []
    assert [f.rule for f in winlint.lint_text(text.replace('"', ""))]


def test_quote_scanning_and_signatures():
    from winlint.stance import quotes
    text = 'a "b" c "d e' + " x" * 50
    assert quotes.scan(text, 0, len(text), None) == ('"', text.index('"d') )
    assert quotes.scan(text, 0, 4, None) == ('"', 2)
    assert quotes.scan("“a” b", 0, 5, None) is None
    assert quotes.attribution("Short words. -- Ada Lovelace") == len("Short words.")
    assert quotes.attribution("Short words -- and a dash mid-sentence.") is None


@pytest.mark.parametrize("text, whole", [
    ("Hofstadter's Law: it always takes longer than you expect.", True),
    ("The Peter Principle: people rise to their level of incompetence.", True),
    ("Conway's second law of org charts: they ship the org chart.", True),
    ("deadline, n.: the day the blame arrives.", True),
    ("Overheard in the lift: they will all be gone by June.", True),
    ("My rule: if they miss the deadline twice, they are out.", False),     # the writer's own rule
    ("The rule: if they miss the deadline twice, they are out.", False),    # no author named
    ("It's official: clients are the worst.", False),
    ("Step one to winning them over: stop arguing.", False),
    ("Update: we fired the vendor.", False),
    ("Quote of the day from me: make them earn it.", False),                # the writer's own words
    ("Down by the river, And over the hill, They're singing of the mill.", True),      # verse
    ("Starting Monday, I'll audit the logs, and on Friday, I'll report.", False),      # prose
    ("Thanks, Priya, Ben and Ana, for the review.", False),
])
def test_paragraphs_that_are_someone_elses_words_by_their_form(text, whole):
    from winlint.stance import quotes
    assert (quotes.reported(text, CUES) == [(0, len(text))]) is whole


def test_a_dialogue_reports_every_turn_but_the_writers():
    from winlint.stance import quotes
    text = "Ana: We ship Friday. Me: I will make them test it. Ben: Sure."
    turns = quotes.reported(text, CUES)
    assert [text[a:b].split(":")[0] for a, b in turns] == ["Ana", "Ben"]
    assert quotes.reported("Note: we ship Friday. Ana: Sure.", CUES) == []    # a heading is not a speaker
    assert quotes.reported("<dana> make them test it", CUES) == [(0, len("<dana> make them test it"))]
