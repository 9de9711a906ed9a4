"""The day/month order of a file's slash dates (03/04/2026), from the evidence of all of
them, and each date cell's day once the order is known."""

from __future__ import annotations

import datetime as dt

from psoas_track.cells.dates import DateToken, make_date


def slash_date(slash: tuple[int, int, int], dayfirst: bool) -> dt.date | None:
    a, b, year = slash
    return make_date(year, b, a) if dayfirst else make_date(year, a, b)


Slash = tuple[int, int, int]  # (first, second, year) of 03/04/2026


def date_order(
    slashes: list[tuple[Slash, str]], dayfirst: bool | None
) -> tuple[bool | None, str, str | None]:
    """Decide how slash dates are read: (dayfirst, why, warning or None).

    slashes: each slash date's (first, second, year) and the cell as written.
    """
    # Only a date that is real in some order says anything about the order.
    slashes = [(s, shown) for s, shown in slashes if slash_date(s, True) or slash_date(s, False)]
    if not slashes:
        return (
            None,
            "no real date here is written like 03/04/2026, so the order does not matter",
            None,
        )
    example = _examples(slashes)
    slashes_only = [s for s, _ in slashes]
    # After the filter above, 30/04 can only be day-first and 04/30 only month-first.
    proves_dayfirst = sum(a > 12 >= b for a, b, _ in slashes_only)
    proves_monthfirst = sum(b > 12 >= a for a, b, _ in slashes_only)
    if proves_dayfirst or proves_monthfirst:
        return _order_from_evidence(proves_dayfirst, proves_monthfirst, example, dayfirst)
    if dayfirst is not None:
        return (
            dayfirst,
            (
                f"no date in the file tells day from month, so your choice "
                f"({'day-first' if dayfirst else 'month-first'}) was used"
            ),
            None,
        )
    return _order_by_spread(slashes_only, example[True])


def order_is_guessed(slashes: list[tuple[Slash, str]], dayfirst: bool | None) -> bool:
    """True when slash dates were read in an order nothing in the file (or you) chose."""
    real = [s for s, _ in slashes if slash_date(s, True) or slash_date(s, False)]
    proof = any(a > 12 >= b or b > 12 >= a for a, b, _ in real)
    return bool(real) and not proof and dayfirst is None


def _examples(slashes: list[tuple[Slash, str]]) -> dict[bool, str]:
    """A date as written that proves each order (the first one that does), for messages."""
    example = {True: slashes[0][1], False: slashes[0][1]}
    for (a, b, _), shown in reversed(slashes):
        if a > 12 >= b:
            example[True] = shown
        elif b > 12 >= a:
            example[False] = shown
    return example


def _order_from_evidence(
    proves_dayfirst: int, proves_monthfirst: int, example: dict[bool, str], dayfirst: bool | None
) -> tuple[bool, str, str | None]:
    chosen = proves_dayfirst >= proves_monthfirst
    why = f"dates like '{example[chosen]}' can only be {'day-first' if chosen else 'month-first'}"
    if proves_dayfirst and proves_monthfirst:
        why += (
            f" ({max(proves_dayfirst, proves_monthfirst)} dates say so, "
            f"{min(proves_dayfirst, proves_monthfirst)} say the other order)"
        )
    warning = None
    if dayfirst is not None and dayfirst != chosen:
        warning = (
            f"You asked for {'day-first' if dayfirst else 'month-first'} dates, "
            f"but {why}; they were read that way."
        )
    return chosen, why, warning


def _spread(slashes: list[Slash], first: bool) -> int:
    """Days between consecutive dates read in one order: a log is kept day by day."""
    dates = [slash_date(s, first) for s in slashes]
    dates = [d for d in dates if d is not None]
    return sum(abs((b - a).days) for a, b in zip(dates, dates[1:], strict=False))


def _order_by_spread(slashes: list[Slash], example: str) -> tuple[bool, str, str]:
    chosen = _spread(slashes, True) <= _spread(slashes, False)
    order = "day-first" if chosen else "month-first"
    why = (
        f"no date in the file tells day from month; read {order} because the dates "
        "then lie closest together"
    )
    flag = "--monthfirst" if chosen else "--dayfirst"
    warning = (
        f"No date in this file shows whether a date like '{example}' puts the "
        f"day or the month first; it was read {order} because the dates then lie "
        f"closest together. If that is wrong, read the file with {flag}."
    )
    return chosen, why, warning


def resolve_date(
    token: DateToken | None, dayfirst: bool | None, year: int | None = None
) -> dt.date | None:
    if token is None:
        return None
    if token.no_year is not None:
        return _no_year_date(token.no_year, year)
    if token.slash is not None:
        return slash_date(token.slash, True if dayfirst is None else dayfirst)
    return token.date


def _no_year_date(month_day: tuple[int, int], year: int | None) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, *month_day)
    except ValueError:  # 29 February in a year without one
        return None
