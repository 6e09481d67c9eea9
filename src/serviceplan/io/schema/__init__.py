"""The JSON Schema of the canonical format, generated from the model's one description (``io.fields``).

The schema ships in the package (``serviceplan/schema/serviceplan.schema.json``)
so applications in other languages can validate plan files; a test proves the
shipped file is what the model generates today. Regenerate it with
``python -m serviceplan schema --write``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from serviceplan.io.fields import Kind, Shape, fields_of

__all__ = ["generate_schema", "json_schema"]

SCHEMA_FILE = "serviceplan.schema.json"

_PLAIN: dict[Kind, dict[str, Any]] = {
    Kind.STR: {"type": "string"},
    Kind.BOOL: {"type": "boolean"},
    Kind.INT: {"type": "integer"},
    Kind.DECIMAL: {"type": ["string", "integer"], "pattern": r"^-?\d+(\.\d+)?$"},
    Kind.DATE: {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
}


def _shape_schema(shape: Shape, defs: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of a field's shape (model classes go into ``defs``)."""
    if shape.kind is Kind.OPTIONAL and shape.item is not None:
        return {"anyOf": [_shape_schema(shape.item, defs), {"type": "null"}]}
    if shape.kind is Kind.TUPLE and shape.item is not None:
        return {"type": "array", "items": _shape_schema(shape.item, defs)}
    if shape.kind is Kind.TEXT_VALUE and shape.text is not None:
        return shape.text.json_schema()
    if shape.kind is Kind.ENUM:
        return {"enum": [m.value for m in shape.type]}
    if shape.kind is Kind.ENTITY:
        _define(shape.type, defs)
        return {"$ref": f"#/$defs/{shape.type.__name__}"}
    return dict(_PLAIN[shape.kind])


def _define(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # placeholder against recursion
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in fields_of(cls):
        properties[field.name] = _shape_schema(field.shape, defs)
        if field.required:
            required.append(field.name)
    definition: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    if doc:
        definition["description"] = " ".join(doc.split())
    if required:
        definition["required"] = required
    defs[cls.__name__] = definition


def generate_schema() -> dict[str, Any]:
    """Build the JSON Schema of the canonical format from the model classes."""
    from serviceplan.io.converter import FORMAT_VERSION
    from serviceplan.model import PlanSet, ServicePlan

    defs: dict[str, Any] = {}
    _define(ServicePlan, defs)
    _define(PlanSet, defs)
    header = {"format_version": {"const": FORMAT_VERSION}}

    def document(name: str, kind: str, kind_required: bool) -> dict[str, Any]:
        body = defs[name]
        return {
            "type": "object",
            "properties": {**header, "kind": {"const": kind}, **body["properties"]},
            "required": ["format_version", *(["kind"] if kind_required else []), *body.get("required", [])],
            "additionalProperties": False,
        }

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://serviceplan.readthedocs.io/schema/serviceplan.schema.json",
        "title": f"serviceplan canonical format, version {FORMAT_VERSION}",
        "description": "A UK council service plan (or a set of plans) in serviceplan's canonical plain-data form.",
        "oneOf": [document("ServicePlan", "service_plan", False), document("PlanSet", "plan_set", True)],
        "$defs": dict(sorted(defs.items())),
    }


@cache
def _shipped() -> str:
    return (resources.files("serviceplan.io.schema") / SCHEMA_FILE).read_text(encoding="utf-8")


def json_schema() -> dict[str, Any]:
    """The shipped JSON Schema of the canonical format, as a fresh dict.

    >>> schema = json_schema()
    >>> schema["$defs"]["Risk"]["required"]
    ['id', 'title']
    """
    result: dict[str, Any] = json.loads(_shipped())
    return result


def schema_text() -> str:
    """The schema as it is written to the shipped file."""
    return json.dumps(generate_schema(), indent=2, ensure_ascii=False) + "\n"
