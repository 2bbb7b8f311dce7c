"""What a cell means: blank is not zero, text is not a number, and what a person typed is kept.

:func:`interpret` turns the literal content of a cell into a :class:`Value`'s state and number; the
rules then use the number (blank and non-numeric text count as 0) and report the state.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from enum import StrEnum
from typing import Final

from govxl.schema import Kind


class State(StrEnum):
    NUMBER = "number"  # a number, as typed
    TEXT_NUMBER = "text-number"  # a number stored as text: used, and flagged (value-text)
    BLANK = "blank"  # nothing typed: counted as 0, flagged (value-blank)
    INVALID = "invalid"  # text (or a number no sheet keeps) where a number belongs: kept as text, counted as 0,
    # an error (value-type)
    TEXT = "text"  # the content of a text field
    DATE = "date"


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
MAX_MAGNITUDE: Final = 1e15  # Excel keeps 15 significant digits: a number this large is not what was typed


def representable(x: int | float) -> bool:
    """Whether ``x`` is a finite number a sheet keeps as typed (no inf/nan, magnitude below 1e15)."""
    return abs(x) < MAX_MAGNITUDE  # False for inf and nan; exact for ints of any size


def normalise_text(text: str) -> str:
    """Full-width to half-width, no-break and ideographic spaces to nothing at the ends."""
    return unicodedata.normalize("NFKC", text).strip()


def to_number(text: str) -> int | float | None:
    """A number written as text (``"12"``, ``"１２"``, ``"1,234"``, ``" +3 "``), else None."""
    t = normalise_text(text)
    if _GROUPED.fullmatch(t):
        t = t.replace(",", "")
    if not _NUMBER.fullmatch(t):
        return None
    x = float(t)  # inf for thousands of digits, never an error
    return whole(x) if representable(x) else None


def whole(x: float) -> int | float:
    """``x`` as an int where it is one (``12.0`` -> ``12``), else unchanged."""
    return int(x) if abs(x) < 2**53 and x == int(x) else x  # inf and nan fail the first test


def interpret(raw: object, kind: Kind) -> tuple[State, int | float | dt.date | None, str | None]:
    """(state, meaning, text) of a cell's literal content for a field of ``kind``.

    ``meaning`` is the number for numeric kinds, the date for dates; ``text`` the text as typed.
    """
    if raw is None or (isinstance(raw, str) and normalise_text(raw) == ""):
        return State.BLANK, None, None
    if kind is Kind.DATE:
        return _interpret_date(raw)
    if kind in (Kind.TEXT, Kind.CHOICE):
        return State.TEXT, None, _number_text(raw).strip()
    if isinstance(raw, bool):
        return State.INVALID, None, "TRUE" if raw else "FALSE"
    if isinstance(raw, (int, float)):
        if not representable(raw):
            return State.INVALID, None, _number_text(raw)
        return State.NUMBER, whole(float(raw)), None
    text = str(raw)
    if kind is Kind.YEAR:
        text = re.sub(r"\s*年度?$", "", normalise_text(text))
    number = to_number(text)
    if number is None:
        return State.INVALID, None, str(raw)
    return State.TEXT_NUMBER, number, str(raw)


def _number_text(x: object) -> str:
    """A cell's content as text; a number as a sheet shows it (a whole float without '.0')."""
    if isinstance(x, str):
        return x
    if isinstance(x, float) and x.is_integer() and representable(x):
        return str(int(x))
    try:
        return str(x)
    except ValueError:  # an int of more digits than Python converts to text
        return f"约 1E+{int(x.bit_length() * math.log10(2))}"  # type: ignore[attr-defined]


def _interpret_date(raw: object) -> tuple[State, dt.date | None, str | None]:
    if isinstance(raw, dt.datetime):
        return State.DATE, raw.date(), None
    if isinstance(raw, dt.date):
        return State.DATE, raw, None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 1 <= raw < 2958466:
        return State.DATE, (EXCEL_EPOCH + dt.timedelta(days=int(raw))).date(), None
    literal = _number_text(raw)
    text = normalise_text(literal)
    m = _DATE.fullmatch(text)
    if m:
        try:
            return State.DATE, dt.date(int(m[1]), int(m[2]), int(m[3])), text
        except ValueError:
            pass
    return State.INVALID, None, literal


def is_valid(state: State, number: object, kind: Kind) -> bool:
    """Whether a numeric cell's content fits its kind (rule ``value-type``); blank is valid here."""
    if state is State.BLANK or not kind.numeric and kind is not Kind.YEAR:
        return state is not State.INVALID
    if state not in (State.NUMBER, State.TEXT_NUMBER) or not isinstance(number, (int, float)):
        return False
    if kind is Kind.COUNT:
        return number >= 0 and number == int(number)
    if kind is Kind.SIGNED:
        return number == int(number)
    if kind is Kind.AMOUNT:
        return number >= 0
    return number == int(number) and 1990 <= number <= 2100  # YEAR
