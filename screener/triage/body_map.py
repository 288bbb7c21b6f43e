"""The body map: a front view drawn as inline SVG (no image to fetch), each reported
region filled, limb regions on the side reported.

Drawn as staff see a person facing them: the patient's right is on the viewer's left,
and the map says so. Each shape belongs to a region code of questions.yaml; a region
with no shape here still appears in the map's text equivalent.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..questionnaire import Answers
from ..questionnaire import Questionnaire
from .distribution import sides

#: (region, side or None, SVG element, attributes) in a 200 x 400 box.
_SHAPES: list[tuple[str, str | None, str, dict[str, str]]] = [
    (
        "trunk",
        None,
        "rect",
        {"x": "72", "y": "100", "width": "56", "height": "112", "rx": "12"},
    ),
    (
        "leg_foot",
        "right",
        "rect",
        {"x": "75", "y": "214", "width": "23", "height": "166", "rx": "9"},
    ),
    (
        "leg_foot",
        "left",
        "rect",
        {"x": "102", "y": "214", "width": "23", "height": "166", "rx": "9"},
    ),
    (
        "arm_hand",
        "right",
        "rect",
        {"x": "44", "y": "112", "width": "20", "height": "130", "rx": "9"},
    ),
    (
        "arm_hand",
        "left",
        "rect",
        {"x": "136", "y": "112", "width": "20", "height": "130", "rx": "9"},
    ),
    ("shoulder", "right", "ellipse", {"cx": "66", "cy": "106", "rx": "17", "ry": "10"}),
    ("shoulder", "left", "ellipse", {"cx": "134", "cy": "106", "rx": "17", "ry": "10"}),
    (
        "neck",
        None,
        "rect",
        {"x": "88", "y": "76", "width": "24", "height": "26", "rx": "4"},
    ),
    ("voice", None, "circle", {"cx": "100", "cy": "90", "r": "6"}),
    ("lower_face", None, "path", {"d": "M74 48 Q74 78 100 80 Q126 78 126 48 Z"}),
    (
        "eyes",
        None,
        "rect",
        {"x": "80", "y": "30", "width": "40", "height": "12", "rx": "6"},
    ),
]
#: The head outline, drawn under the face regions.
HEAD = {"cx": "100", "cy": "45", "rx": "27", "ry": "34"}


@dataclass(frozen=True)
class Shape:
    region: str
    element: str
    attributes: dict[str, str]
    #: "reported", "side-unknown" (the region is, its side is not known), or "".
    state: str


@dataclass(frozen=True)
class BodyMap:
    shapes: list[Shape]
    #: The text equivalent: each region reported, with its side, in words.
    described: list[str]


_SIDE_WORDS = {"left": "left", "right": "right", "both": "both sides"}


def body_map(q: Questionnaire, answers: Answers) -> BodyMap:
    reported = sides(q, answers)
    shapes = []
    for region, side, element, attributes in _SHAPES:
        state = ""
        if region in reported:
            found = reported[region]
            if side is None or found in (side, "both"):
                state = "reported"
            elif found == "unknown":
                state = "side-unknown"
        shapes.append(Shape(region, element, attributes, state))
    described = []
    for region, side in reported.items():
        label = q.region_label(region)
        if region in q.file.synopsis.distribution.sides:
            label += f" ({_SIDE_WORDS.get(side, 'side not known')})"
        described.append(label)
    return BodyMap(shapes, described)
