"""JSON: the canonical plain data, as UTF-8 JSON text."""

from __future__ import annotations

import json
import re
from typing import Any

import attrs

from serviceplan.errors import LimitError, LoadError, Problem
from serviceplan.io.converter import structure
from serviceplan.io.fast import REFUSED, fast_json_dumps, fast_json_loads
from serviceplan.io.limits import (
    check_depth,
    check_digits,
    check_size,
    current_limits,
    decode_text,
    long_number_at,
    utf8,
)
from serviceplan.typing import PlanLike

__all__ = ["JSON", "JsonSerialiser"]


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


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

    Reading and writing go through msgspec: a document exactly as serviceplan
    writes it is decoded and validated in C, then built into the model. Any
    other document (indented, hand-edited, with a byte-order mark, or with a
    problem) is read the careful way: duplicate keys are refused and every
    problem is reported with its path. Both ways give the same plan.
    ``JsonSerialiser(indent=2)`` writes indented JSON for people to read.
    """

    name: str = "json"
    suffixes: tuple[str, ...] = (".json",)
    binary: bool = False
    indent: int | None = None

    def loads(self, data: bytes | str, *, source: str | None = None) -> PlanLike:
        """Read a plan from JSON text or UTF-8 bytes."""
        check_size(data, source)
        plan = fast_json_loads(utf8(data, source) if isinstance(data, str) else data)
        if plan is not REFUSED:
            return plan  # type: ignore[no-any-return]
        return self.careful_loads(data, source=source)

    def careful_loads(self, data: bytes | str, *, source: str | None = None) -> PlanLike:
        """Read JSON the careful way: refuse duplicate keys, then structure (every problem with its path).

        :meth:`loads` comes here for any document the fast path does not take.
        """
        text = decode_text(data, source)
        limit = current_limits().max_digits

        def parse_int(digits: str) -> int:
            if len(digits) > limit:  # before int(), which has its own limit and message
                check_digits(digits, source, long_number_at(text, limit))
            try:
                return int(digits)
            except ValueError:  # limits raised past Python's own (sys.set_int_max_str_digits)
                raise LoadError(
                    [Problem("", f"a whole number of {len(digits):,} digits is more than Python reads")], source
                ) from None

        try:
            plain = json.loads(
                text,
                parse_constant=_reject_constant,
                parse_float=_reject_float,
                parse_int=parse_int,
                object_pairs_hook=_no_duplicates,
            )
        except json.JSONDecodeError as err:
            raise LoadError(
                [Problem("", f"not valid JSON: {err.msg} at line {err.lineno} column {err.colno}")], source
            ) from None
        except LoadError:
            raise
        except ValueError as err:
            raise LoadError([Problem("", str(err))], source) from None
        except RecursionError:
            raise LimitError([Problem("", "input is nested too deeply")], source) from None
        check_depth(plain, source)
        if _SURROGATE_ESCAPE.search(text):  # "\\ud800" is valid JSON but half a character
            try:
                json.dumps(plain, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError as err:
                raise LoadError(
                    [Problem("", f"an escape stands for half a character ({err.object[err.start : err.end]!r})")],
                    source,
                ) from None
        return structure(plain, source=source)

    def dumps(self, plan: PlanLike) -> str:
        """Write a plan as JSON text (UTF-8, non-ASCII kept as is)."""
        return fast_json_dumps(plan, self.indent).decode()


JSON = JsonSerialiser()
