"""Field helpers shared by the model classes (private)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

from serviceplan.errors import ModelError

T = TypeVar("T")

__all__ = ["ident", "optional_text", "seq", "text"]


def to_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Converter for collection fields: any iterable but a string becomes a tuple."""
    if type(value) is tuple:
        return value
    if isinstance(value, (str, bytes)):
        raise ModelError(f"expected a sequence, not the text {value!r}")
    return tuple(value)


def _check_ident(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{type(instance).__name__}.{attribute.name} must be a non-empty id, not {value!r}")


def _check_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise ModelError(f"{type(instance).__name__}.{attribute.name} must be text, not {value!r}")


def _check_optional_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise ModelError(f"{type(instance).__name__}.{attribute.name} must be text or None, not {value!r}")


def ident() -> Any:
    """A required id: non-empty text, unique within its plan (checked by ``check``)."""
    return attrs.field(validator=_check_ident)


def text() -> Any:
    """Required text (may be empty)."""
    return attrs.field(validator=_check_text)


def optional_text() -> Any:
    """Text that a real plan may leave blank."""
    return attrs.field(default=None, validator=_check_optional_text)


def seq() -> Any:
    """A tuple field (empty by default; lists and other iterables are converted)."""
    return attrs.field(factory=tuple, converter=to_tuple)
