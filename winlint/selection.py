"""Which rules run: select/ignore by code, code prefix, name, alias or category."""
from __future__ import annotations

import re

from .schema import Rule

PREFIX_RE = re.compile(r"[A-Za-z]+[0-9]*")


def matches_any(rule: Rule, keys) -> bool:
    """Does a select/ignore entry name this rule: code, code prefix (WW1), name, alias or category?"""
    for key in keys:
        k = str(key).strip()
        if k in (rule.name, rule.category) or k in rule.aliases:
            return True
        if PREFIX_RE.fullmatch(k) and rule.code.upper().startswith(k.upper()):
            return True
    return False


def select_codes(pack, select=(), ignore=()) -> set[str]:
    codes = {r.code for r in pack.rules if r.status == "active"}
    if select:
        codes = {r.code for r in pack.rules if r.code in codes and matches_any(r, select)}
    return codes - {r.code for r in pack.rules if matches_any(r, ignore)}


def level_for(rule: Rule, levels: dict) -> str:
    """Severity after overrides: a rule's own entry beats its category's."""
    for key in (rule.code, rule.name, *rule.aliases):
        if key in levels:
            return levels[key]
    return levels.get(rule.category, rule.level)
