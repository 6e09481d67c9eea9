"""The limits every loader applies before it trusts input: one table, one place.

========================  ===================  ==================================================
limit                     default              what it bounds
========================  ===================  ==================================================
``max_bytes``             64 MiB               a file or document read by any loader
``max_yaml_bytes``        8 MiB                a YAML document (YAML is read far slower than JSON)
``max_yaml_nodes``        200,000              values (mappings, lists, scalars) in a YAML document
``max_unpacked_bytes``    256 MiB              everything a zip bundle or workbook unpacks to
``max_entries``           200                  files in a bundle (zip, workbook or folder)
``max_cells``             20,000,000           cells of a bundle or workbook, all tables together
``max_depth``             64                   nesting of mappings and lists
``max_digits``            100                  digits of one whole number
``max_entry_bytes``       64 MiB               one file of a bundle or workbook, unpacked
``max_ratio``             200                  a zip entry's unpacked to packed size (over 1 MiB)
``max_rows``              1,000,000            rows of one table or sheet
``max_columns``           1,000                columns of one table or sheet
``max_text``              32,767               characters of one workbook cell, when writing
========================  ===================  ==================================================

The table limits (``max_entry_bytes`` to ``max_text``, and ``max_cells`` for every
table format) act before the expensive step: from the zip's directory, a Parquet
file's footer, a count of a CSV file's lines and a sheet's XML.

An input over a limit raises :class:`~serviceplan.errors.LimitError` saying
which limit, its value and how far the input went past it. An application
with bigger files raises the limits for one call, for a block, or for the
whole process::

    from serviceplan.io.limits import Limits, set_default_limits, using_limits

    serviceplan.load(path, limits=Limits(max_yaml_bytes=64 * 2**20))
    with using_limits(Limits(max_bytes=256 * 2**20, max_unpacked_bytes=2**30)):
        plans = [serviceplan.load(p) for p in paths]
    set_default_limits(Limits(max_cells=60_000_000))   # at start-up

:func:`using_limits` is a context variable, so threads and asyncio tasks each
keep their own; :func:`set_default_limits` changes what every thread starts with.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator
from typing import Any

import attrs

from serviceplan.errors import LimitError, LoadError, Problem

__all__ = [
    "MAX_BYTES",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_ENTRIES",
    "MAX_ENTRY_BYTES",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_TEXT",
    "MAX_UNPACKED_BYTES",
    "MAX_YAML_BYTES",
    "MAX_YAML_NODES",
    "Limits",
    "check_depth",
    "check_digits",
    "check_size",
    "current_limits",
    "decode_text",
    "long_number_at",
    "set_default_limits",
    "using_limits",
    "utf8",
]

MAX_BYTES = 64 * 1024 * 1024
"""Largest document a loader reads (64 MiB): the default of :attr:`Limits.max_bytes`."""

MAX_YAML_BYTES = 8 * 1024 * 1024
"""Largest YAML document (8 MiB): the default of :attr:`Limits.max_yaml_bytes`."""

MAX_YAML_NODES = 200_000
"""Most values in a YAML document: the default of :attr:`Limits.max_yaml_nodes`.

A plan such as the Salford example has about 4,000; PyYAML builds some 100,000
a second, so this bounds a hostile document to about two seconds of work.
"""

MAX_UNPACKED_BYTES = 4 * MAX_BYTES
"""Most bytes a bundle or workbook may unpack to (256 MiB): the default of :attr:`Limits.max_unpacked_bytes`."""

MAX_ENTRIES = 200
"""Most files a table bundle (zip, workbook or folder) may hold: the default of :attr:`Limits.max_entries`."""

MAX_CELLS = 20_000_000
"""Most cells of a workbook (a 100,000-action plan has about 6 million): the default of :attr:`Limits.max_cells`."""

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists a loader accepts: the default of :attr:`Limits.max_depth`."""

MAX_DIGITS = 100
"""Most digits of one whole number in a document: the default of :attr:`Limits.max_digits`."""


# Table bundles and workbooks (CSV, Parquet, Excel)

MAX_ENTRY_BYTES = 64 * 1024 * 1024
"""Largest unpacked size of one file of a bundle or workbook (64 MiB): the default of :attr:`Limits.max_entry_bytes`."""

MAX_RATIO = 200
"""Largest ratio of a zip entry's unpacked to packed size: the default of :attr:`Limits.max_ratio`.

A plan's CSV packs about 5 to 20 times; entries up to 1 MiB are not held to it.
"""

MAX_ROWS = 1_000_000
"""Most rows of one table or sheet: the default of :attr:`Limits.max_rows`.

A 100,000-action plan has about 300,000 rows in its largest table.
"""

MAX_COLUMNS = 1_000
"""Most columns of one table or sheet (the widest has a few dozen): the default of :attr:`Limits.max_columns`."""

MAX_TEXT = 32_767
"""Longest text of one workbook cell (Excel's own limit): the default of :attr:`Limits.max_text`."""


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or value < 1:
        raise ValueError(f"Limits.{attribute.name} must be a whole number above 0, not {value!r}")


@attrs.frozen(kw_only=True)
class Limits:
    """The limits loaders apply (see the table in :mod:`serviceplan.io.limits`).

    >>> Limits().max_yaml_bytes
    8388608
    >>> Limits(max_depth=128).max_depth
    128
    """

    max_bytes: int = attrs.field(default=MAX_BYTES, validator=_positive)
    max_yaml_bytes: int = attrs.field(default=MAX_YAML_BYTES, validator=_positive)
    max_yaml_nodes: int = attrs.field(default=MAX_YAML_NODES, validator=_positive)
    max_unpacked_bytes: int = attrs.field(default=MAX_UNPACKED_BYTES, validator=_positive)
    max_entries: int = attrs.field(default=MAX_ENTRIES, validator=_positive)
    max_cells: int = attrs.field(default=MAX_CELLS, validator=_positive)
    max_depth: int = attrs.field(default=MAX_DEPTH, validator=_positive)
    max_digits: int = attrs.field(default=MAX_DIGITS, validator=_positive)
    max_entry_bytes: int = attrs.field(default=MAX_ENTRY_BYTES, validator=_positive)
    max_ratio: int = attrs.field(default=MAX_RATIO, validator=_positive)
    max_rows: int = attrs.field(default=MAX_ROWS, validator=_positive)
    max_columns: int = attrs.field(default=MAX_COLUMNS, validator=_positive)
    max_text: int = attrs.field(default=MAX_TEXT, validator=_positive)


_default = Limits()
_active: contextvars.ContextVar[Limits | None] = contextvars.ContextVar("serviceplan_limits", default=None)


def current_limits() -> Limits:
    """The limits in force here: those of the innermost :func:`using_limits`, else the process default."""
    return _active.get() or _default


def set_default_limits(limits: Limits) -> None:
    """Set the limits of the whole process (for every thread without its own :func:`using_limits`)."""
    global _default
    if not isinstance(limits, Limits):
        raise TypeError(f"expected Limits, not {type(limits).__name__}")
    _default = limits


@contextlib.contextmanager
def using_limits(limits: Limits | None) -> Iterator[Limits]:
    """Apply ``limits`` inside the ``with`` block (``None`` keeps the limits in force)."""
    if limits is None:
        yield current_limits()
        return
    if not isinstance(limits, Limits):
        raise TypeError(f"expected Limits, not {type(limits).__name__}")
    token = _active.set(limits)
    try:
        yield limits
    finally:
        _active.reset(token)


def _over(what: str, size: int, name: str, limit: int, source: str | None) -> LimitError:
    return LimitError(
        [Problem("", f"{what} is {size:,} bytes; the limit is {limit:,} (Limits.{name}, see serviceplan.io.limits)")],
        source,
    )


def check_size(data: bytes | str, source: str | None, *, yaml: bool = False) -> None:
    """Refuse a document larger than :attr:`Limits.max_bytes` (or :attr:`Limits.max_yaml_bytes`)."""
    limits = current_limits()
    if len(data) > limits.max_bytes:
        raise _over("input", len(data), "max_bytes", limits.max_bytes, source)
    if yaml and len(data) > limits.max_yaml_bytes:
        raise _over("the YAML document", len(data), "max_yaml_bytes", limits.max_yaml_bytes, source)


def check_digits(digits: str, source: str | None, where: str = "") -> None:
    """Refuse a whole number written with more than :attr:`Limits.max_digits` digits."""
    limit = current_limits().max_digits
    count = sum(c.isdigit() for c in digits)
    if count > limit:
        shown = digits if len(digits) <= 24 else f"{digits[:20]}…"
        raise LimitError(
            [
                Problem(
                    "",
                    f"the whole number {shown!r}{where} has {count:,} digits; "
                    f"the limit is {limit:,} (Limits.max_digits, see serviceplan.io.limits)",
                )
            ],
            source,
        )


def long_number_at(text: str, limit: int) -> str:
    """Where in ``text`` the first run of more than ``limit`` digits starts, as ' at line L column C'."""
    match = re.search(rf"\d{{{limit + 1},}}", text)
    if match is None:
        return ""
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return f" at line {line} column {column}"


def utf8(text: str, source: str | None) -> bytes:
    """The UTF-8 bytes of text, or a LoadError for a lone surrogate (half a character, not text)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as err:
        half = f"U+{ord(text[err.start]):04X} at {err.start}"
        raise LoadError([Problem("", f"the text holds half a character ({half}); it is not UTF-8")], source) from None


def decode_text(data: bytes | str, source: str | None, *, yaml: bool = False) -> str:
    """UTF-8 text of a document, without a byte-order mark; size checked first."""
    check_size(data, source, yaml=yaml)
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise LoadError(
            [
                Problem(
                    "",
                    f"input is not UTF-8 text (byte {err.start}, line {line}: {data[err.start : err.start + 1]!r}); "
                    "save it as UTF-8",
                )
            ],
            source,
        ) from None


def check_depth(data: Any, source: str | None) -> None:
    """Refuse plain data nested deeper than :attr:`Limits.max_depth` (iteratively, no recursion)."""
    if not isinstance(data, (dict, list)):
        return
    limit = current_limits().max_depth
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            raise LimitError([Problem("", f"input is nested more than {limit} levels deep (Limits.max_depth)")], source)
        children = value.values() if isinstance(value, dict) else value
        stack.extend((v, depth + 1) for v in children if isinstance(v, (dict, list)))
