"""Stance: does the writer endorse the adversarial move a finding names?

In:  one sentence as lower-cased token texts, the finding's token range in it, and the start of the
     next sentence (a turn or a verdict often comes there: "..., but", "Don't.").
Out: None when the finding stands, else the name of the cue family that cancels it
     ("negation", "advice_against", "turn", "other_wants", "third_party", "cooperation").

The cues are data, `rules/stance.yaml`, beside the rules; every rule's hits and the learned
stage's go through `Stance.judge`. A phrase cue is matched on tokens as spaCy's blank English
tokenizer splits them, so "don't" is "do n't" and "win-win" is "win - win".
"""
from __future__ import annotations

from .cues import Cues, load_cues
from .judge import Stance, tokens_of

__all__ = ["Cues", "Stance", "load_cues", "tokens_of"]
