"""Limits every loader applies before it trusts input (private)."""

from __future__ import annotations

from typing import Any

from serviceplan.errors import LimitError, LoadError, Problem

MAX_BYTES = 64 * 1024 * 1024
"""Largest document a loader reads (64 MiB)."""

MAX_ENTRIES = 200
"""Most files a table bundle (zip, workbook or folder) may hold."""

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists a loader accepts."""


def check_size(data: bytes | str, source: str | None) -> None:
    """Refuse a document larger than :data:`MAX_BYTES`."""
    if len(data) > MAX_BYTES:
        raise LimitError([Problem("", f"input is {len(data):,} bytes; the limit is {MAX_BYTES:,}")], source)


def utf8(text: str, source: str | None) -> bytes:
    """The UTF-8 bytes of text, or a LoadError for a lone surrogate (half a character, not text)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as err:
        half = f"U+{ord(text[err.start]):04X} at {err.start}"
        raise LoadError([Problem("", f"the text holds half a character ({half}); it is not UTF-8")], source) from None


def decode_text(data: bytes | str, source: str | None) -> str:
    """UTF-8 text of a document, without a byte-order mark; size checked first."""
    check_size(data, source)
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise LoadError(
            [Problem("", f"input is not UTF-8 text (byte {err.start}: {data[err.start : err.start + 1]!r})")], source
        ) from None


def check_depth(data: Any, source: str | None) -> None:
    """Refuse plain data nested deeper than :data:`MAX_DEPTH` (iteratively, no recursion)."""
    if not isinstance(data, (dict, list)):
        return
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise LimitError([Problem("", f"input is nested more than {MAX_DEPTH} levels deep")], source)
        children = value.values() if isinstance(value, dict) else value
        stack.extend((v, depth + 1) for v in children if isinstance(v, (dict, list)))
