"""Read questions.yaml, validate it completely, and build the Questionnaire.

Any problem raises QuestionnaireError listing every problem found, each naming the file,
the line where known, the item's id and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from . import checks
from .document import Questionnaire
from .model import QuestionnaireFile
from .problems import Problem
from .problems import QuestionnaireError
from .voice import EXAMPLE_SETTINGS
from .voice import Voice
from .voice import render
from .wording import WordingRules

#: The deployment's settings that texts name, e.g. {"emergency_number": "999"}.
TextSettings = Mapping[str, str]

_BOOL_TAG = "tag:yaml.org,2002:bool"
#: The list key each kind of item lives under, to name it in messages.
_ITEM_KINDS = {
    "sections": "section",
    "pages": "page",
    "questions": "question",
    "red_flags": "red flag",
    "education": "education module",
}


#: libyaml's parser where the machine has it (several times faster); else PyYAML's own.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """YAML as authors expect it: duplicate keys are errors, `no` is not False."""

    def construct_mapping(
        self, node: yaml.MappingNode, deep: bool = False
    ) -> dict[Any, Any]:
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


# YAML 1.1 reads yes/no/on/off as booleans, which would turn `code: no` into False.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_questionnaire(
    path: Path | str,
    rules: WordingRules | None = None,
    settings: TextSettings | None = None,
) -> Questionnaire:
    """Load and check the questionnaire at `path`; raise QuestionnaireError if not.

    `settings` fill in the names texts use, such as {emergency_number}; without them,
    the UK's numbers and an example clinic stand in (for checking a file on its own).
    """
    source = str(path)
    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        raise QuestionnaireError(
            source, [Problem("", f"cannot read the file ({exc.strerror})")]
        ) from exc
    return _load(source, content, rules or WordingRules(), _frozen(settings))


def load_snapshot(
    content: str, source: str, settings: TextSettings | None = None
) -> Questionnaire:
    """Load a stored earlier version, to show old submissions as they were asked.

    Its structure is checked as usual; its wording was checked when it was served,
    under the rules of the day, so it is not held to today's rules.
    """
    return _load(source, content.encode("utf-8"), None, _frozen(settings))


def _frozen(settings: TextSettings | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({**EXAMPLE_SETTINGS, **(settings or {})}.items()))


def reword(
    file: QuestionnaireFile, voice: Voice, settings: TextSettings
) -> QuestionnaireFile:
    """The file with every text said in this voice and the settings filled in.

    Every string is passed through: ids, codes and operands hold no braces, so only
    text changes.
    """

    def visit(value: Any) -> Any:
        if isinstance(value, str):
            return render(value, voice, settings)
        if isinstance(value, dict):
            return {key: visit(item) for key, item in value.items()}
        if isinstance(value, list):
            return [visit(item) for item in value]
        return value

    return QuestionnaireFile.model_validate(visit(file.model_dump(exclude_none=True)))


@lru_cache(maxsize=16)
def _load(
    source: str,
    content: bytes,
    rules: WordingRules | None,
    settings: tuple[tuple[str, str], ...],
) -> Questionnaire:
    # Cached on the content: tests and app factories pay for the reading grades once.
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QuestionnaireError(
            source, [Problem("", "the file is not UTF-8 text")]
        ) from exc
    data, root = parse_yaml(source, text)
    try:
        file = QuestionnaireFile.model_validate(data)
    except ValidationError as exc:
        raise QuestionnaireError(
            source, [from_pydantic(e, data, root) for e in exc.errors()]
        ) from exc

    lines = _id_lines(root)
    problems = checks.duplicate_ids(file)
    if not problems:
        as_written = Questionnaire(file, source=source, content=text)
        problems = checks.structure(as_written)
    if not problems:
        problems = checks.voice(as_written)
    if not problems:
        values = dict(settings)
        worded = {voice: reword(file, voice, values) for voice in ("self", "proxy")}
        questionnaire = Questionnaire.in_both_voices(
            worded["self"],
            worded["proxy"],
            source=source,
            content=text,
            settings=values,
        )
        if rules is not None:
            problems = checks.wording(as_written, questionnaire, rules)
    if problems:
        raise QuestionnaireError(
            source, [_with_line(problem, lines) for problem in problems]
        )
    return questionnaire


def parse_yaml(source: str, text: str) -> tuple[Any, yaml.Node | None]:
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise QuestionnaireError(
            source, [Problem("", f"not valid YAML: {exc.problem}", line)]
        ) from exc
    except yaml.YAMLError as exc:
        raise QuestionnaireError(
            source, [Problem("", f"not valid YAML: {exc}")]
        ) from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise QuestionnaireError(
            source, [Problem("", "the file must be a mapping of keys to values")]
        )
    return data, root


def from_pydantic(error: Any, data: Any, root: yaml.Node | None) -> Problem:
    """Turn a pydantic error into a problem named by the nearest item id."""
    where, kind, node = "", "item", root
    path: list[str] = []
    current = data
    for part in error["loc"]:
        if not isinstance(current, dict | list):
            break
        if isinstance(current, dict) and part not in current:
            continue  # a union tag pydantic adds to the path, not a key in the file
        if isinstance(current, dict) and part in _ITEM_KINDS:
            kind = _ITEM_KINDS[str(part)]
        elif (
            isinstance(current, list)
            and isinstance(current[part], dict)
            and "id" in current[part]
        ):
            where, path = f"{kind} '{current[part]['id']}'", []
            current, node = current[part], _child(node, part)
            continue
        current, node = current[part], _child(node, part)
        path.append(
            f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
        )
    field = "".join(path)
    message = _friendly(error, field)
    line = node.start_mark.line + 1 if node is not None else None
    return Problem(where, message, line)


def _friendly(error: Any, field: str) -> str:
    kind, msg = error["type"], error["msg"]
    if kind == "extra_forbidden":
        return f"unknown key '{error['loc'][-1]}' (check the spelling)"
    if kind == "missing":
        return f"missing required key '{error['loc'][-1]}'"
    if kind == "union_tag_invalid":
        context = error["ctx"]
        key = context["discriminator"].strip("'")
        return (
            f"unknown {key} {context['tag']!r}; use one of {context['expected_tags']}"
        )
    if kind == "string_pattern_mismatch":
        msg = "ids use lower-case letters, digits and _, and start with a letter"
    if kind == "value_error":
        msg = msg.removeprefix("Value error, ")
    return f"{field}: {msg}" if field else msg


def _child(node: yaml.Node | None, part: Any) -> yaml.Node | None:
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [value for key, value in node.value if key.value == part]
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        children = node.value[part : part + 1]
    return children[0] if children else None


def _id_lines(root: yaml.Node | None) -> dict[str, int]:
    """Map each `id:` value in the file to the line where it first appears."""
    lines: dict[str, int] = {}

    def visit(node: yaml.Node) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == "id" and isinstance(value, yaml.ScalarNode):
                    lines.setdefault(value.value, value.start_mark.line + 1)
                visit(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                visit(item)

    if root is not None:
        visit(root)
    return lines


def _with_line(problem: Problem, lines: dict[str, int]) -> Problem:
    match = re.search(r"'([a-z][a-z0-9_]*)'", problem.where)
    line = lines.get(match.group(1)) if match else None
    return Problem(problem.where, problem.message, line)
