"""Date problems a person reads: a row whose date cannot be used, and an entry dated
after today. How date cells are read is psoas_track.cells (dates, date_order)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from psoas_track import schema
from psoas_track.cells import DateToken, show, slash_date
from psoas_track.log import ERROR, WARNING, Problem


def date_problem(
    row: int, header: str, raw: Any, token: DateToken | None, order: bool | None
) -> Problem:
    shown = show(raw).strip()
    hint = schema.BY_NAME["date"].hint
    if token is not None and token.no_year is not None:
        message = (
            f"'{shown}' has no year and no other date in the file gives one, so this row was "
            "not used; read the file with --year (for example --year 2026)."
        )
    elif not shown:
        message = f"This row has no date, so it was not used; {hint}."
    elif (
        token is not None
        and token.slash is not None
        and order is not None
        and (slash_date(token.slash, not order) is not None)
    ):
        rest = "day-first" if order else "month-first"
        message = (
            f"'{shown}' does not fit the {rest} order the other dates in this file "
            "use, so this row was not used; check the date."
        )
    else:
        message = f"'{shown}' is not a date, so this row was not used; {hint}."
    return Problem(row, header, shown, message, ERROR)


def future_problems(rows: Any, days: Any, raws: Any, header: str, today: dt.date) -> list[Problem]:
    """A warning for each entry dated after today, on its own row.

    rows: the entries' spreadsheet rows (ints); days: their dates (dt.date); raws: their
    date cells as written. The entries stay in the log (writers check that every row is
    accounted for before they add one); daily() leaves their days out until they come.
    """
    messages: dict[tuple[str, dt.date], str] = {}  # one sentence per date, not per row
    problems = []
    for row, day, raw in zip(rows, days, raws, strict=True):
        shown = show(raw).strip()
        message = messages.get((shown, day))
        if message is None:
            message = messages[shown, day] = _future_message(shown, day, today)
        problems.append(Problem(row, header, shown, message, WARNING))
    return problems


def _future_message(shown: str, day: dt.date, today: dt.date) -> str:
    written = day.isoformat()
    what = written if shown.startswith(written) or not shown else f"'{shown}' (read as {written})"
    return (
        f"{what} is after today ({today.isoformat()}); the row is kept in the file but left "
        "out of days, charts and reports until that day comes. If the date is wrong, "
        "correct it in the file."
    )
