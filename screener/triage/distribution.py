"""The pattern of the body regions reported, by the 2013 consensus on dystonia
(Albanese et al., axis I, body distribution), for clinicians only.

It describes where the patient says the problem is, not what it is: the page that
shows it says "pattern of the regions reported, for clinicians; not shown to the
patient; not a diagnosis". Which regions touch, which is the trunk and which question
gives each limb's side are clinical content (questions.yaml, `synopsis.distribution`).

- focal: one region, on one side;
- segmental: two or more regions that touch (or one limb region on both sides);
- multifocal: two or more regions, not all touching;
- generalised: the trunk and at least two other regions;
- hemi: an arm and a leg (`hemi`) on the same side, every other limb region reported on
  that side too, and not the trunk.
"""

from __future__ import annotations

from typing import Literal

from ..questionnaire import Answers
from ..questionnaire import Questionnaire
from ..questionnaire.model import Distribution

Pattern = Literal["focal", "segmental", "multifocal", "generalised", "hemi"]
#: In the consensus' order; the labels staff read.
PATTERNS: dict[Pattern, str] = {
    "focal": "Focal",
    "segmental": "Segmental",
    "multifocal": "Multifocal",
    "generalised": "Generalised",
    "hemi": "Hemi",
}
#: Said wherever the pattern is shown.
CAVEAT = (
    "Pattern of the regions reported, for clinicians; not shown to the patient; "
    "not a diagnosis"
)

Side = Literal["left", "right", "both", "unknown"]


def sides(q: Questionnaire, answers: Answers) -> dict[str, Side]:
    """Each reported region's side: left, right, both, or unknown (a region with no
    side question, a side not answered or "Not sure")."""
    settings = q.file.synopsis.distribution
    found: dict[str, Side] = {}
    for region in q.regions_reported(answers):
        question_id = settings.sides.get(region)
        answer = answers.get(question_id) if question_id else None
        found[region] = _side(settings, answer)
    return found


def _side(settings: Distribution, answer: object) -> Side:
    if answer in settings.left:
        return "left"
    if answer in settings.right:
        return "right"
    if answer == "both":
        return "both"
    return "unknown"


def pattern(q: Questionnaire, answers: Answers) -> Pattern | None:
    """The distribution pattern of the regions reported; None when none is."""
    settings = q.file.synopsis.distribution
    reported = sides(q, answers)
    if not reported:
        return None
    if settings.trunk in reported and len(reported) >= 3:
        return "generalised"
    if _hemi(settings, reported):
        return "hemi"
    if len(reported) == 1:
        (only,) = reported.values()
        return "segmental" if only == "both" else "focal"
    return "segmental" if _connected(settings, set(reported)) else "multifocal"


def _hemi(settings: Distribution, reported: dict[str, Side]) -> bool:
    """Every region of `settings.hemi` (an arm and a leg) on one side, any other
    limb region on that side too, and not the trunk."""
    if settings.trunk in reported or not set(settings.hemi) <= set(reported):
        return False
    limb_sides = {side for region, side in reported.items() if region in settings.sides}
    return len(limb_sides) == 1 and limb_sides <= {"left", "right"}


def _connected(settings: Distribution, regions: set[str]) -> bool:
    """True if every region reported can be reached from any other through regions
    reported that touch."""
    touching = {region: set[str]() for region in regions}
    for first, second in settings.adjacent:
        if first in regions and second in regions:
            touching[first].add(second)
            touching[second].add(first)
    start = next(iter(regions))
    seen, waiting = {start}, [start]
    while waiting:
        for neighbour in touching[waiting.pop()] - seen:
            seen.add(neighbour)
            waiting.append(neighbour)
    return seen == regions
