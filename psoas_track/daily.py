"""Entries -> one row per calendar day, with the derived daily columns.

A day with no entry is missing (logged False, every measure NA), never a day of zeros.
Within a logged day a blank cell is not recorded, except for yes/no measures (towel,
therapy), where a blank on a logged day means no: that is how people keep such columns
(an 'x' on the days it happened).

Days after today are left out: a log read from a file keeps the entries dated after the
day it was read (`Log.today`, each one a warning in `Log.problems`), and their days join
the table when they come.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from psoas_track import schema
from psoas_track.schema import FLAG, NUMBER, TEXT

if TYPE_CHECKING:
    from psoas_track.log import Log

NOTE_SEPARATOR = " | "


def daily(
    log: Log | pd.DataFrame | Sequence[Log | pd.DataFrame],
    rest_target_minutes: float = schema.REST_TARGET_MINUTES,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """One row per calendar day from the first to the last entry, none after today.

    Columns: every schema measure with a daily aggregation, `<site>_max` for each pain
    site, PSFS items (`psfs_<activity>`, each the day's mean), `psfs` (the mean of the
    items rated that day), `peg` (the mean of the three PEG ratings, when all three are
    rated), `pain` (mean of the sites, on days with every site the log rates rated; see
    mean_of_sites), `logged`, `entries`,
    `rest_target_met` (rest_minutes >= rest_target_minutes; NA when rest was not
    recorded), and custom columns (numbers: mean; text: joined).

    today: entries dated after it are left out. For a Log the default is the day it was
    read on (`log.today`, when read_log reported those entries as problems); a bare
    entries table (a synthetic log, say) is taken whole unless today is given.

    Several logs (`daily([log, imported])`), or one log holding rows imported from an
    app (a `source` column): each measure of a day comes from the first log that has it,
    and the rows the person typed (no source) come before imported ones, so a device's
    count never overwrites or adds to what the person wrote. Notes are joined.

    >>> days = daily(read_log("data/example_log.csv"))  # doctest: +SKIP
    >>> days.loc["2026-11-16":"2026-11-22", ["sitting_hours", "pain"]]  # doctest: +SKIP
    """
    if isinstance(log, (list, tuple)):
        tables = [daily(one, rest_target_minutes, today) for one in log]
        return _first_wins(tables, rest_target_minutes)
    if hasattr(log, "entries"):
        entries = log.entries
        today = today or log.today or dt.date.today()
    else:
        entries = log
    parts = _typed_then_imported(entries)
    if len(parts) > 1:
        tables = [_daily_of(part, rest_target_minutes, today) for part in parts]
        return _first_wins(tables, rest_target_minutes)
    return _daily_of(entries, rest_target_minutes, today)


def _typed_then_imported(entries: pd.DataFrame) -> list[pd.DataFrame]:
    """The rows the person typed, then each source's imported rows (when there are both)."""
    if schema.SOURCE not in entries.columns:
        return [entries]
    source = entries[schema.SOURCE].astype("string").str.strip().fillna("")
    if not (source != "").any():
        return [entries]
    parts = [entries[(source == "").to_numpy()]]
    for name in dict.fromkeys(source):
        if name:
            # Only the columns the source filled: its blank towel cell is not a "no".
            part = entries[(source == name).to_numpy()]
            parts.append(part.dropna(axis=1, how="all"))
    return [p for p in parts if len(p)]


def _first_wins(tables: list[pd.DataFrame], rest_target_minutes: float) -> pd.DataFrame:
    """Day tables combined: each value from the first table that has it; notes joined."""
    tables = [t for t in tables if len(t.index)] or tables[:1]
    if len(tables) == 1:
        return tables[0]
    index = pd.date_range(
        min(t.index.min() for t in tables), max(t.index.max() for t in tables), freq="D"
    )
    index.name = "date"
    tables = [t.reindex(index) for t in tables]
    columns = list(dict.fromkeys(c for t in tables for c in t.columns))
    out: dict[str, pd.Series] = {}
    for column in columns:
        present = [t[column] for t in tables if column in t.columns]
        if column == "notes":
            out[column] = _joined_across(present)
            continue
        value = present[0]
        for later in present[1:]:
            value = value.combine_first(later) if value.isna().any() else value
        out[column] = value
    days = pd.DataFrame(out, index=index)
    logged = np.logical_or.reduce([t[schema.LOGGED].fillna(False).to_numpy(bool) for t in tables])
    days[schema.LOGGED] = logged
    days[schema.ENTRIES] = sum(t[schema.ENTRIES].fillna(0).astype("int64") for t in tables)
    return _derived(days, rest_target_minutes)


def _joined_across(texts: list[pd.Series]) -> pd.Series:
    frame = pd.concat([t.astype("string") for t in texts], axis=1)
    joined = frame.apply(lambda row: NOTE_SEPARATOR.join(row.dropna()), axis=1)
    return joined.mask(joined == "").astype("string")


def _daily_of(entries: pd.DataFrame, rest_target_minutes: float, today) -> pd.DataFrame:
    dates = pd.to_datetime(entries["date"])
    if today is not None:
        kept = (dates < pd.Timestamp(today + dt.timedelta(days=1))).to_numpy()
        if not kept.all():
            entries, dates = entries[kept], dates[kept]
    if dates.empty:
        index = pd.DatetimeIndex([], name="date", freq="D")
    else:
        index = pd.date_range(dates.min(), dates.max(), freq="D", name="date")
    groups = entries.assign(date=dates).groupby("date", sort=True)
    counts = groups.size().reindex(index, fill_value=0).astype("int64")
    logged = counts > 0

    out: dict[str, pd.Series] = {}
    numbers = _numbers_by_day(entries, groups, index)
    for measure in schema.MEASURES:
        if measure.daily is None:
            continue
        present = measure.name in entries.columns
        if measure.kind == FLAG or (measure.kind == TEXT and measure.daily == "any"):
            out[measure.name] = _flag(groups, measure.name, present, logged, index)
        elif measure.kind == TEXT:
            out[measure.name] = _joined(groups, measure.name, present, index)
        else:
            out[measure.name] = numbers[measure.daily].get(measure.name, _no_numbers(index))
        if measure.name in schema.PAIN_SITES:
            out[schema.max_column(measure.name)] = numbers["max"].get(
                measure.name, _no_numbers(index)
            )

    for name in entries.columns:
        if name in schema.COLUMNS or name in (schema.ROW, "date"):
            continue
        if pd.api.types.is_numeric_dtype(entries[name]):
            out[name] = numbers["mean"][name]
        else:
            out[name] = _joined(groups, name, True, index)

    days = pd.DataFrame(out, index=index)
    days[schema.LOGGED] = logged.astype(bool)
    days[schema.ENTRIES] = counts
    return _derived(days, rest_target_minutes)


def _derived(days: pd.DataFrame, rest_target_minutes: float) -> pd.DataFrame:
    """The columns worked out from the day's values: PSFS (mean of the items rated that
    day), PEG (mean of its three, when all three are rated), pain (mean of sites), rest
    target."""
    items = [c for c in days.columns if schema.is_psfs_item(c)]
    days[schema.PSFS] = days[items].mean(axis=1) if items else _no_numbers(days.index)
    peg = days[list(schema.PEG_ITEMS)]
    days[schema.PEG] = peg.mean(axis=1).where(peg.notna().all(axis=1))
    days[schema.PAIN] = mean_of_sites(days)
    met = days["rest_minutes"] >= rest_target_minutes
    days[schema.REST_TARGET_MET] = met.astype("boolean").mask(days["rest_minutes"].isna())
    order = [c for c in days.columns if c not in _DERIVED_ORDER] + list(_DERIVED_ORDER)
    return days[order]


# daily()'s own columns come last, in this order, as they always have.
_DERIVED_ORDER = (
    schema.PSFS,
    schema.PEG,
    schema.PAIN,
    schema.LOGGED,
    schema.ENTRIES,
    schema.REST_TARGET_MET,
)


def _numbers_by_day(entries: pd.DataFrame, groups, index: pd.DatetimeIndex) -> dict:
    """Each number column's daily sum, mean and max ({'sum': {name: Series}, ...}), one
    grouped pass per aggregation rather than one per column."""
    how: dict[str, list[str]] = {"sum": [], "mean": [], "max": []}
    for measure in schema.MEASURES:
        if measure.name not in entries.columns or measure.kind in (FLAG, TEXT):
            continue
        if measure.daily in how:
            how[measure.daily].append(measure.name)
        if measure.name in schema.PAIN_SITES:
            how["max"].append(measure.name)
    how["mean"] += [
        name
        for name in entries.columns
        if name not in schema.COLUMNS
        and name not in (schema.ROW, "date")
        and pd.api.types.is_numeric_dtype(entries[name])
    ]
    found: dict[str, dict[str, pd.Series]] = {}
    for aggregation, names in how.items():
        if not names:
            found[aggregation] = {}
            continue
        columns = groups[names]
        if aggregation == "sum":
            values = columns.sum(min_count=1)  # all blank stays missing, not 0
        elif aggregation == "max":
            values = columns.max()
        else:
            values = columns.mean()
        values = values.reindex(index).astype("float64")
        found[aggregation] = {name: values[name] for name in names}
    return found


def _no_numbers(index: pd.DatetimeIndex) -> pd.Series:
    return pd.Series(float("nan"), index=index, dtype="float64")


def _flag(
    groups, name: str, present: bool, logged: pd.Series, index: pd.DatetimeIndex
) -> pd.Series:
    """True if any entry of the day says yes; no on other logged days; NA on unlogged."""
    result = pd.Series(pd.NA, index=index, dtype="boolean")
    if not present:
        return result
    values = groups.obj[name]
    if pd.api.types.is_bool_dtype(values):
        said_yes = values.fillna(False).to_numpy(dtype=bool)
    else:  # text such as 'physio': any non-blank entry counts
        said_yes = _filled(values).to_numpy()
    day = index.get_indexer(groups.obj["date"])  # each entry's day in the index
    on_a_day = day >= 0
    yes = np.bincount(day[on_a_day], weights=said_yes[on_a_day], minlength=len(index)) > 0
    logged = logged.to_numpy(dtype=bool)
    result[logged] = yes[logged]
    return result


def _joined(groups, name: str, present: bool, index: pd.DatetimeIndex) -> pd.Series:
    """A day's texts joined in entry order; NA on days with none."""
    if not present:
        return pd.Series(pd.NA, index=index, dtype="string")
    values = groups.obj[name]
    kept = _filled(values)
    # One pass over the kept texts: a Python function per day group costs seconds.
    by_day: dict[pd.Timestamp, list[str]] = {}
    for day, text in zip(groups.obj["date"][kept], values[kept], strict=True):
        by_day.setdefault(day, []).append(str(text))
    joined = pd.Series(
        {day: NOTE_SEPARATOR.join(texts) for day, texts in by_day.items()}, dtype="string"
    )
    return joined.reindex(index).astype("string")


def _filled(values: pd.Series) -> pd.Series:
    """True where a text cell holds more than spaces (worked out once per distinct text)."""
    codes, texts = pd.factorize(values, use_na_sentinel=True)
    filled = np.array([str(t).strip() != "" for t in texts] + [False], dtype=bool)
    return pd.Series(filled[codes], index=values.index)  # code -1 (missing) takes the False


#: Columns of an entries table that are not a day's values.
_NOT_VALUES = (schema.ROW, "date", "time", schema.SOURCE)


def day_rows(log: Log) -> list[dict[str, Any]]:
    """An export's days as plain rows, for a log of their own or the person's: one dict
    per day with entries, {'date': date, measure: value, ...}, only the measures the
    export gave (a blank towel cell is not a 'no' from a device), numbers to 4 places.
    A day's total that no day can hold (entries that add up past a measure's day_limit,
    or to inf) is left out and counted in `log.found`, as each entry was when read."""
    from psoas_track.sources.entries import implausible_reason

    given = [c for c in log.entries.columns if c not in _NOT_VALUES]
    if not len(log.entries):
        return []
    days = daily(log)
    days = days.loc[days[schema.LOGGED], given]
    rows = []
    for day, values in zip(days.index, days.to_dict("records"), strict=True):
        kept = {}
        for name, value in values.items():
            if _says_nothing(name, value):
                continue
            reason = implausible_reason(name, value, summed=True)
            if reason is None:
                kept[name] = _plain(value)
            elif log.found is not None:
                log.found.leave_out(reason)
        if kept:
            rows.append({"date": day.date(), **kept})
    return rows


def _says_nothing(name: str, value: Any) -> bool:
    """A blank; or 'no' for a measure kept as text (therapy), where any text written in
    the log would read back as a session: there only a blank cell says no."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return True
    measure = schema.BY_NAME.get(name)
    return value is False and measure is not None and measure.kind == TEXT


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    return value.item() if hasattr(value, "item") else value


def numeric_columns(days: pd.DataFrame) -> list[str]:
    """The daily columns that hold numbers a person logged (schema first, then custom)."""
    known = [m.name for m in schema.MEASURES if m.kind in (NUMBER, schema.COUNT)]
    custom = [
        c
        for c in days.columns
        if c not in schema.COLUMNS
        and c not in schema.DERIVED
        and pd.api.types.is_float_dtype(days[c])
    ]
    return [c for c in known if c in days.columns] + custom


def mean_of_sites(days: pd.DataFrame) -> pd.Series:
    """Pain as the mean of the sites, only on days when every site the log rates at all
    was rated: a mean of whichever sites were rated that day mixes back pain on one day
    with knee pain on the next (a week with only back pain rated was "better by 1.0" for
    back pain and "worse by 0.7" for the mean). NA on the other days."""
    sites = [s for s in schema.PAIN_SITES if days[s].notna().any()]
    if not sites:
        return pd.Series(np.nan, index=days.index, dtype=float)
    rated = days[sites]
    return rated.mean(axis=1).where(rated.notna().all(axis=1))
