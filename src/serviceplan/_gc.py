"""Pausing the cyclic garbage collector around bulk building (private)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many objects at once.

    A plan of 100,000 actions is half a million new objects, none of them in a
    cycle; left running, the collector would walk the growing heap again and
    again, which costs more than the building itself. The model's objects hold
    no cycles, so nothing is left for it to find afterwards.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
