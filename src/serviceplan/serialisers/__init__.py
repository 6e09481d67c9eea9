"""Serialisers: the only code that touches bytes.

Use :func:`serviceplan.load`, :func:`serviceplan.dump`, :func:`serviceplan.loads`
and :func:`serviceplan.dumps`; this package holds the registry behind them.
"""

from __future__ import annotations

from serviceplan.serialisers._registry import (
    ENTRY_POINT_GROUP,
    available_serialisers,
    get_serialiser,
    register_serialiser,
    serialiser_for_suffix,
    unregister_serialiser,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "available_serialisers",
    "get_serialiser",
    "register_serialiser",
    "serialiser_for_suffix",
    "unregister_serialiser",
]
