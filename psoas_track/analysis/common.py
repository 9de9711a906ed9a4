"""Shared by every statistic: the day table on a full calendar, its columns, and words.

The day table comes from ``daily()``: one row per calendar day, NaN/NA = not recorded.
``jsonable`` turns any result into plain JSON-ready values; the wording helpers put
columns, lags and numbers into the sentences every result carries.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from psoas_track import schema

# --------------------------------------------------------------------------- the day table


def on_calendar(days: pd.DataFrame) -> pd.DataFrame:
    """The day table on a complete calendar: one row per day, sorted, no duplicates."""
    if not isinstance(days, pd.DataFrame):
        raise TypeError("Pass the day table made by daily(), a pandas DataFrame.")
    frame = days
    if not isinstance(frame.index, pd.DatetimeIndex):
        if "date" in frame.columns:
            frame = frame.set_index(pd.DatetimeIndex(pd.to_datetime(frame["date"]), name="date"))
            frame = frame.drop(columns="date")
        else:
            raise ValueError("The day table needs dates as its index, as daily() makes it.")
    index = frame.index.normalize()
    if index.has_duplicates:
        first = index[index.duplicated()][0]
        raise ValueError(
            f"The day table has more than one row for {first.date()}; "
            "pass the output of daily(), which has one row per day."
        )
    frame = frame.set_axis(index).sort_index()
    if len(frame) == 0:
        return frame
    full = pd.date_range(frame.index[0], frame.index[-1], freq="D", name="date")
    if len(full) != len(frame):
        frame = frame.reindex(full)
    return frame


def as_float(series: pd.Series, name: str) -> np.ndarray:
    """A daily column as float64 with NaN = not recorded (yes/no become 1/0)."""
    try:
        return series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise ValueError(f"'{name}' holds text, not numbers, so it cannot be used here.") from None


def numeric_like(series: pd.Series) -> bool:
    dtype = series.dtype
    return pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)


def custom_columns(days: pd.DataFrame) -> list[str]:
    """The user's own numeric columns in a day table (not in the schema, not derived).

    >>> custom_columns(days)            # doctest: +SKIP
    ['coffee_cups']
    """
    known = set(schema.COLUMNS) | set(schema.DERIVED)
    return [
        c
        for c in days.columns
        if isinstance(c, str)
        and c not in known
        and not schema.is_psfs_item(c)  # an outcome, not a load
        and numeric_like(days[c])
        and not pd.api.types.is_bool_dtype(days[c].dtype)
    ]


def default_loads(days: pd.DataFrame) -> list[str]:
    """Every load of the schema present in the day table, then the user's numeric columns.

    A device's measure (sedentary time) only when an imported export filled it in.

    >>> default_loads(days)             # doctest: +SKIP
    ['sitting_hours', 'longest_sit_minutes', ..., 'towel', 'therapy', 'coffee_cups']
    """
    loads = [
        c
        for c in schema.LOADS
        if c in days.columns and numeric_like(days[c]) and not _no_device(days, c)
    ]
    return loads + custom_columns(days)


def _no_device(days: pd.DataFrame, column: str) -> bool:
    """True for a device measure no device filled in: every log has its column (daily
    makes it), but a row of empty cells for a watch the person does not own says nothing."""
    return schema.BY_NAME[column].device and days[column].isna().all()


def default_pains(days: pd.DataFrame) -> list[str]:
    """The pain sites and the overall pain present in the day table.

    >>> default_pains(days)             # doctest: +SKIP
    ['back_pain', 'hip_pain', 'knee_pain', 'pain']
    """
    return [c for c in schema.PAIN_COLUMNS if c in days.columns]


def checked_columns(days: pd.DataFrame, names: Iterable[str] | str, what: str) -> list[str]:
    """The names as a list, refused with a KeyError naming the columns there are when one
    is not in the day table; ``what`` says which kind of column was asked for."""
    names = [names] if isinstance(names, str) else list(names)
    missing = [c for c in names if c not in days.columns]
    if missing:
        raise KeyError(
            f"The day table has no {what} column {', '.join(map(repr, missing))}; "
            f"it has {', '.join(map(str, days.columns))}."
        )
    return names


def shifted(values: np.ndarray, lag: int) -> np.ndarray:
    """values[t + lag] aligned at t (NaN beyond the end)."""
    out = np.full(values.shape, np.nan)
    if lag < values.shape[-1]:
        out[..., : values.shape[-1] - lag] = values[..., lag:]
    return out


def jsonable(value: Any) -> Any:
    """Plain Python values for json.dumps: NaN/NA -> None, numpy -> int/float, dates -> ISO."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return [jsonable(r) for r in value.reset_index().to_dict(orient="records")]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if not math.isfinite(float(value)) else float(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value if isinstance(value, str) else str(value)


# --------------------------------------------------------------------------- words


def format_number(x: float, digits: int = 1) -> str:
    """A number for a sentence, with a real minus sign; small non-zero values keep a digit."""
    text = f"{x:.{digits}f}"
    if x != 0 and float(text) == 0 and abs(x) >= 0.001:
        text = f"{x:.{digits + 1}f}" if abs(x) >= 0.1 ** (digits + 1) / 2 else f"{x:.3f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "\u2212")


#: The lags that have a name of their own; any other is "N days later".
_NAMED_LAGS = {0: "same day", 1: "next day"}


def lag_words(lag: int, before: str = "the") -> str:
    """A lag in words, the one wording of every sentence, chart and table that names one.

    before: what goes before a named day: 'the' in a sentence ('the next day'), 'on the'
    in a chart's label ('on the next day'), '' on a heatmap's axis ('next day').

    >>> lag_words(1), lag_words(0, before="on the"), lag_words(2, before="")
    ('the next day', 'on the same day', '2 days later')
    """
    named = _NAMED_LAGS.get(int(lag))
    if named is None:
        return f"{int(lag)} days later"
    return f"{before} {named}".lstrip()


def _is_flag(column: str, series: pd.Series | None = None) -> bool:
    m = schema.BY_NAME.get(column)
    if m is not None:
        return m.daily == "any"
    return series is not None and pd.api.types.is_bool_dtype(series.dtype)


def more_phrase(column: str) -> tuple[str, bool]:
    """'More sitting', 'A longer longest sit', "Days marked 'Towel ...'"; and if plural."""
    m = schema.BY_NAME.get(column)
    label = m.label if m is not None else column.replace("_", " ")
    if _is_flag(column):
        return f"Days marked '{label}'", True
    if label.lower().startswith("longest"):
        return f"A longer {label.lower()}", False
    return f"More {label.lower()}", False
