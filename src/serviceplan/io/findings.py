"""What a reader noticed while it read a file someone filled in by hand.

Readers of files people typed (a council's own register, a workbook an
officer edited, a Word plan) never interpret a cell silently: each
interpretation, each cell or row they could not use and each column they
ignored is a :class:`ReadFinding` naming where it was and the text found
there. A reader returns the plan it built and its findings together, as a
:class:`ReadResult`.

>>> finding = ReadFinding(code="coerced", message="date cell read as a deadline", where="Actions!E7", text="2010-09-30")
>>> str(finding)
"Actions!E7: coerced: date cell read as a deadline ('2010-09-30')"
"""

from __future__ import annotations

import attrs

from serviceplan.typing import PlanLike

__all__ = ["ReadFinding", "ReadResult"]


@attrs.frozen(kw_only=True)
class ReadFinding:
    """One thing a reader noticed: an interpretation it made, or something it could not use.

    Attributes:
        code: what kind of finding: ``"coerced"`` (a value read as meant, not as typed),
            ``"bad-row"`` (a row left out), ``"ignored-column"``, ``"unplaced"``, ...
        message: what happened, in words.
        where: where it was: a sheet and cell (``"Actions!E7"``), a file, row and column.
        text: the text (or value) found there, as found.
    """

    code: str
    message: str
    where: str
    text: str = ""

    def __str__(self) -> str:
        shown = f" ({self.text!r})" if self.text else ""
        return f"{self.where}: {self.code}: {self.message}{shown}"


@attrs.frozen(kw_only=True)
class ReadResult:
    """A plan read from a hand-made file, and everything the reader noticed on the way."""

    plan: PlanLike
    findings: tuple[ReadFinding, ...] = ()
