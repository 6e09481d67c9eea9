"""JSON: the canonical plain data, as UTF-8 JSON text."""

from __future__ import annotations

import json
from typing import Any

import attrs

from serviceplan.errors import LimitError, LoadError, Problem
from serviceplan.serialisers._limits import check_depth, decode_text
from serviceplan.serialisers.converter import structure, unstructure
from serviceplan.typing import PlanLike

__all__ = ["JSON", "JsonSerialiser"]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"the key {key!r} appears twice in one object: which one is meant?")
        seen[key] = value
    return seen


def _reject_float(text: str) -> Any:
    raise ValueError(f'{text} is a decimal number; write money and decimals as text, e.g. "{text}"')


@attrs.frozen(kw_only=True)
class JsonSerialiser:
    """JSON serialiser: compact UTF-8 JSON for applications (YAML is the format for people).

    ``JsonSerialiser(indent=2)`` writes indented JSON; it is about four times
    slower to write, because Python's fast encoder is compact-only.
    """

    name: str = "json"
    suffixes: tuple[str, ...] = (".json",)
    binary: bool = False
    indent: int | None = None

    def loads(self, data: bytes | str, *, source: str | None = None) -> PlanLike:
        """Read a plan from JSON text or UTF-8 bytes."""
        text = decode_text(data, source)
        try:
            plain = json.loads(
                text, parse_constant=_reject_constant, parse_float=_reject_float, object_pairs_hook=_no_duplicates
            )
        except json.JSONDecodeError as err:
            raise LoadError(
                [Problem("", f"not valid JSON: {err.msg} at line {err.lineno} column {err.colno}")], source
            ) from None
        except ValueError as err:
            raise LoadError([Problem("", str(err))], source) from None
        except RecursionError:
            raise LimitError([Problem("", "input is nested too deeply")], source) from None
        check_depth(plain, source)
        return structure(plain, source=source)

    def dumps(self, plan: PlanLike) -> str:
        """Write a plan as JSON text (UTF-8, non-ASCII kept as is)."""
        separators = (",", ":") if self.indent is None else (",", ": ")
        return json.dumps(unstructure(plan), indent=self.indent, separators=separators, ensure_ascii=False) + "\n"


JSON = JsonSerialiser()
