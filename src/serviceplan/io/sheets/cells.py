"""Cell parsers for the ways councils write a risk's likelihood, impact and score.

Each parser takes the text of one cell and returns a reading, or raises
:class:`CellError` quoting the text. They know these forms:

* a whole number: ``"4"`` (a level, or a score in a score-only column);
* a combined cell, likelihood first by default: ``"4x3"``, ``"4 x 3"``, ``"4×3"``, ``"4*3"``,
  ``"L4 I3"``, ``"I3 L4"`` (the letters say which is which, whatever the order);
* a letter-coded likelihood with a digit impact: ``"D4"``. The letter convention is
  stated, never guessed: :attr:`LetterOrder.A_HIGHEST` (the default, AS/NZS 4360 and the
  ``as4360`` preset: A is almost certain, 5; E is rare, 1) or :attr:`LetterOrder.A_LOWEST`
  (A is 1, as on matrices that letter the likelihood axis from the bottom up);
* a colour word: ``"Red"``, ``"amber"``, ``"R"``, ``"G"``, ``"Amber/Green"`` (read as amber, noted).

>>> read_pair("4 x 3")
(4, 3)
>>> read_pair("I3 L4")
(4, 3)
>>> read_pair("D4")
(2, 4)
>>> read_pair("D4", letters=LetterOrder.A_LOWEST)
(4, 4)
>>> read_level("B")
4
>>> read_rag("Amber").value
'amber'
"""

from __future__ import annotations

import enum
import re

from serviceplan.errors import ParseError
from serviceplan.values.vocab import Rag

__all__ = ["CellError", "CombinedOrder", "LetterOrder", "read_level", "read_pair", "read_rag", "read_score"]

LETTERS = "ABCDE"


class CellError(ParseError):
    """A cell that does not read as its column says it should (``what``, the text, and why)."""


class LetterOrder(enum.StrEnum):
    """Which way round a register letters its likelihood, A to E."""

    A_HIGHEST = "a_highest"  #: A = 5 (almost certain) … E = 1 (rare): AS/NZS 4360, the ``as4360`` preset
    A_LOWEST = "a_lowest"  #: A = 1 … E = 5


class CombinedOrder(enum.StrEnum):
    """Which number comes first in a combined cell without letters, ``"4x3"``."""

    LIKELIHOOD_FIRST = "likelihood_first"  #: "4x3" is likelihood 4, impact 3 (the common "L x I")
    IMPACT_FIRST = "impact_first"  #: "4x3" is impact 4, likelihood 3 ("I x L" registers)


_WHOLE = re.compile(r"\s*(\d{1,3})(?:\.0+)?\s*")
_TIMES = re.compile(r"\s*(\d{1,2})\s*[x×X*]\s*(\d{1,2})\s*(?:=\s*\d{1,3}\s*)?")
_LABELLED = re.compile(r"\s*([LIPC])\s*[:=]?\s*(\d{1,2})\s*[,;/ ]?\s*([LIPC])\s*[:=]?\s*(\d{1,2})\s*", re.IGNORECASE)
_LETTER_DIGIT = re.compile(r"\s*([A-Ea-e])\s*[-/ ]?\s*(\d{1,2})\s*")
_DIGIT_LETTER = re.compile(r"\s*(\d{1,2})\s*[-/ ]?\s*([A-Ea-e])\s*")


def _letter(letter: str, letters: LetterOrder) -> int:
    index = LETTERS.index(letter.upper())
    return 5 - index if letters is LetterOrder.A_HIGHEST else index + 1


def read_level(text: str, *, letters: LetterOrder = LetterOrder.A_HIGHEST, what: str = "level") -> int:
    """A likelihood or impact level: a whole number, or a letter A–E read by ``letters``.

    Raises:
        CellError: anything else, quoting the text.
    """
    match = _WHOLE.fullmatch(text)
    if match:
        level = int(match.group(1))
        if level < 1:
            raise CellError(what, text, "a level starts at 1")
        return level
    stripped = text.strip()
    if len(stripped) == 1 and stripped.upper() in LETTERS:
        return _letter(stripped, letters)
    raise CellError(what, text, "expected a whole number or a letter A-E")


def read_score(text: str) -> int:
    """A printed score: a whole number (``"16"``; ``"16.0"`` as a spreadsheet stores it).

    Raises:
        CellError: anything else, quoting the text.
    """
    match = _WHOLE.fullmatch(text)
    if not match or int(match.group(1)) < 1:
        raise CellError("score", text, "expected a whole number from 1")
    return int(match.group(1))


def read_pair(
    text: str,
    *,
    letters: LetterOrder = LetterOrder.A_HIGHEST,
    order: CombinedOrder = CombinedOrder.LIKELIHOOD_FIRST,
) -> tuple[int, int]:
    """A combined cell as ``(likelihood, impact)``: ``"4x3"``, ``"L4 I3"``, ``"D4"``, ``"4D"``.

    In ``"L4 I3"`` the letters name the parts (``L``/``P`` likelihood or probability,
    ``I``/``C`` impact or consequence); ``"4x3"`` is read by ``order``; in ``"D4"`` and
    ``"4D"`` the letter is the likelihood, read by ``letters``. A ``"4x3=12"`` cell's
    printed product is not checked here: the caller keeps it as the score.

    Raises:
        CellError: a cell in none of these forms, or with parts named twice.
    """
    match = _TIMES.fullmatch(text)
    if match:
        first, second = int(match.group(1)), int(match.group(2))
        if first < 1 or second < 1:
            raise CellError("likelihood x impact", text, "a level starts at 1")
        return (first, second) if order is CombinedOrder.LIKELIHOOD_FIRST else (second, first)
    match = _LABELLED.fullmatch(text)
    if match:
        parts = {match.group(1).upper(): int(match.group(2)), match.group(3).upper(): int(match.group(4))}
        likelihood = [v for k, v in parts.items() if k in "LP"]
        impact = [v for k, v in parts.items() if k in "IC"]
        if len(likelihood) != 1 or len(impact) != 1 or min(parts.values()) < 1:
            raise CellError("likelihood x impact", text, "expected one likelihood (L) and one impact (I)")
        return likelihood[0], impact[0]
    match = _LETTER_DIGIT.fullmatch(text) or _DIGIT_LETTER.fullmatch(text)
    if match:
        letter, digit = (match.group(1), match.group(2)) if match.re is _LETTER_DIGIT else match.group(2, 1)
        if int(digit) < 1:
            raise CellError("likelihood x impact", text, "a level starts at 1")
        return _letter(letter, letters), int(digit)
    raise CellError("likelihood x impact", text, 'expected "4x3", "L4 I3" or a letter and a digit "D4"')


_RAG_WORDS = {
    "red": Rag.RED,
    "r": Rag.RED,
    "amber": Rag.AMBER,
    "a": Rag.AMBER,
    "yellow": Rag.AMBER,
    "orange": Rag.AMBER,
    "green": Rag.GREEN,
    "g": Rag.GREEN,
    "no data": Rag.NO_DATA,
    "n/a": Rag.NO_DATA,
    "grey": Rag.NO_DATA,
    "gray": Rag.NO_DATA,
}


def read_rag(text: str) -> Rag:
    """A colour word as a :class:`~serviceplan.values.vocab.Rag`: "Red", "AMBER", "G", "Amber/Green".

    A two-colour status ("Amber/Green", "Red-Amber") reads as its first colour.

    Raises:
        CellError: a cell that names no colour.
    """
    key = " ".join(text.strip().lower().split())
    if key in _RAG_WORDS:
        return _RAG_WORDS[key]
    first = re.split(r"\s*[/-]\s*", key, maxsplit=1)[0]
    if first != key and first in _RAG_WORDS and len(first) > 1:
        return _RAG_WORDS[first]
    raise CellError("RAG", text, "expected a colour: red, amber or green")
