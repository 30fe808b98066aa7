"""One JSON array of findings, in path then position order, and nothing else (DESIGN.md contract)."""
from __future__ import annotations

import json


def write(results, stream, ctx) -> None:
    findings = [f.to_dict() for r in results for f in r.findings]
    json.dump(findings, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
