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


# --- Table bundles and workbooks (CSV, Parquet, Excel) -------------------------------------
# Read as ``limits.NAME`` at load time, so an application raises one by assigning it:
# ``serviceplan.io.limits.MAX_ROWS = 5_000_000``. Each acts before the expensive step:
# zip entries from the zip's directory, Parquet from its footer, sheets from their XML.

MAX_ENTRY_BYTES = 64 * 1024 * 1024
"""Largest unpacked size of one file in a bundle or workbook (64 MiB)."""

MAX_RATIO = 200
"""Largest ratio of a zip entry's unpacked to packed size (a plan's CSV packs about 5 to 20 times)."""

MAX_ROWS = 1_000_000
"""Most rows of one table (a 100,000-action plan has about 300,000 rows in its largest table)."""

MAX_CELLS = 20_000_000
"""Most cells of one bundle or workbook, all tables together (a 100,000-action plan has about 6 million)."""

MAX_COLUMNS = 1_000
"""Most columns of one table or sheet (the widest table has a few dozen)."""

MAX_TEXT = 32_767
"""Longest text of one cell a workbook holds (Excel's own limit); longer text is refused when writing."""
