"""The red-flag vignettes in tests/data/vignettes.yaml, and the README's table of them.

.venv/bin/python -m tests.vignettes                 print the table
.venv/bin/python -m tests.vignettes --write-readme  put it in README.md
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
VIGNETTES = ROOT / "tests" / "data" / "vignettes.yaml"
README = ROOT / "README.md"
START = "<!-- vignettes: made by `python -m tests.vignettes --write-readme` -->"
END = "<!-- end of vignettes -->"
LEVEL_WORDS = {
    "emergency": "Emergency: call 999",
    "same_day": "Same day",
    "within_days": "Within days",
    "none": "No red flag",
}


@dataclass(frozen=True)
class Vignette:
    case: str
    answers: dict[str, Any]
    level: str
    raises: list[str] = field(default_factory=list)
    not_raised: list[str] = field(default_factory=list)
    sees: list[str] = field(default_factory=list)
    never_sees: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.case


def load() -> list[Vignette]:
    data = yaml.safe_load(VIGNETTES.read_text())
    return [Vignette(**item) for item in data["vignettes"]]


def table(vignettes: list[Vignette]) -> str:
    """A Markdown table a clinician can review: rule, case, what must happen."""
    rows = [
        "| Rule | Case | Must raise it? | Patient's highest level |",
        "|---|---|---|---|",
    ]
    for vignette in vignettes:
        for rule in vignette.raises:
            rows.append(_row(rule, vignette, "yes"))
        for rule in vignette.not_raised:
            rows.append(_row(rule, vignette, "**no** (near-miss)"))
    ordered = rows[:2] + sorted(rows[2:], key=lambda row: row.split("|")[1])
    return "\n".join(ordered)


def _row(rule: str, vignette: Vignette, raised: str) -> str:
    case = vignette.case.removeprefix("Near-miss: ")
    case = case[:1].upper() + case[1:]
    return f"| `{rule}` | {case} | {raised} | {LEVEL_WORDS[vignette.level]} |"


def readme_with_table(readme: str, rendered: str) -> str:
    before, _, rest = readme.partition(START)
    _, _, after = rest.partition(END)
    return f"{before}{START}\n{rendered}\n{END}{after}"


if __name__ == "__main__":
    rendered = table(load())
    if "--write-readme" in sys.argv:
        text = README.read_text()
        if START not in text:
            sys.exit(f"README.md has no line {START!r} to put the table after")
        README.write_text(readme_with_table(text, rendered))
    else:
        print(rendered)
