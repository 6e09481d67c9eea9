"""A progress bar on stderr, for work that takes more than about a second (private).

It draws only when its stream is a terminal, and only once the work has run for
``delay`` seconds: a quick command, a pipe or a log file never sees it. It redraws
at most ten times a second and clears its line when the work ends, so what the
command prints afterwards starts on a clean line.

>>> import io
>>> with Progress(100, "scoring", stream=io.StringIO()) as bar:
...     bar.advance(100)
>>> bar.drawn
0
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Any

__all__ = ["Progress"]


class Progress:
    """Counts work done out of ``total`` and draws a bar while it goes on.

    Args:
        total: how much work there is (rows); 0 or less when unknown (a count is shown).
        label: what is being done: "scoring", "reading risks".
        stream: where to draw (default ``sys.stderr``); nothing is drawn unless ``stream.isatty()``.
        delay: seconds of work before the first drawing.
        clock: a monotonic clock in seconds (tests pass their own).
    """

    def __init__(
        self,
        total: int,
        label: str,
        *,
        stream: IO[str] | None = None,
        delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        width: int = 30,
    ) -> None:
        self.total = total
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        self.delay = delay
        self.clock = clock
        self.width = width
        self.done = 0
        self.drawn = 0  #: how many times the bar was drawn
        self._start = clock()
        self._last = float("-inf")
        try:
            self._tty = bool(self.stream.isatty())
        except (AttributeError, ValueError):  # a closed or odd stream
            self._tty = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def advance(self, count: int = 1) -> None:
        """Record ``count`` more units done, and redraw when it is time to."""
        self.done += count
        if not self._tty:
            return
        now = self.clock()
        if now - self._start < self.delay or now - self._last < 0.1:
            return
        self._last = now
        self._draw(now)

    def _draw(self, now: float) -> None:
        if self.total > 0:
            share = min(self.done / self.total, 1.0)
            filled = int(share * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"\r{self.label} [{bar}] {share:4.0%} {self.done:,}/{self.total:,}"
        else:
            text = f"\r{self.label} {self.done:,}"
        elapsed = now - self._start
        if self.total > 0 and 0 < self.done < self.total:
            left = elapsed * (self.total - self.done) / self.done
            text += f" ({left:.0f} s left)" if left >= 1 else " (under 1 s left)"
        self.stream.write(text + "\x1b[K")
        self.stream.flush()
        self.drawn += 1

    def close(self) -> None:
        """End the bar: clear its line if it was drawn."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
