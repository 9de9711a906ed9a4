"""The day table as a chart reads it: one row per calendar day, columns as numbers,
and the words a chart says about them (spans, columns, lags, signed numbers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from psoas_track import analysis, schema


def day_range(days: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """The day table on a full calendar (one row per day), cut to [start, end]."""
    if not isinstance(days, pd.DataFrame):
        raise TypeError("Pass the day table made by daily(), a pandas DataFrame.")
    frame = days
    if not isinstance(frame.index, pd.DatetimeIndex):
        if "date" not in frame.columns:
            raise ValueError("The day table needs dates as its index, as daily() makes it.")
        frame = frame.set_index(pd.DatetimeIndex(pd.to_datetime(frame["date"]), name="date"))
        frame = frame.drop(columns="date")
    if len(frame):
        frame = frame.sort_index()
        full = pd.date_range(
            frame.index[0].normalize(), frame.index[-1].normalize(), freq="D", name="date"
        )
        if len(full) != len(frame) or not frame.index.equals(full):
            frame = frame.set_axis(frame.index.normalize())
            frame = frame[~frame.index.duplicated()].reindex(full)
    if start is not None:
        frame = frame.loc[frame.index >= pd.Timestamp(start).normalize()]
    if end is not None:
        frame = frame.loc[frame.index <= pd.Timestamp(end).normalize()]
    return frame


def column_values(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A daily column as float with NaN = not recorded (yes/no -> 1/0); all NaN if absent."""
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    series = frame[column]
    try:
        return series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise ValueError(f"'{column}' holds text, not numbers, so it cannot be drawn.") from None


def logged_mask(frame: pd.DataFrame) -> np.ndarray:
    if schema.LOGGED in frame.columns:
        return frame[schema.LOGGED].astype("boolean").fillna(False).to_numpy(dtype=bool)
    return np.ones(len(frame), dtype=bool)


def is_flag(column: str, values: np.ndarray | None = None) -> bool:
    m = schema.BY_NAME.get(column)
    if m is not None:
        return m.kind in (schema.FLAG, schema.TEXT)
    if values is None:
        return False
    finite = values[np.isfinite(values)]
    return len(finite) > 0 and bool(np.isin(finite, (0.0, 1.0)).all())


def span_words(frame: pd.DataFrame) -> str:
    if not len(frame):
        return "no days"
    first, last = frame.index[0].date(), frame.index[-1].date()
    return f"{first}" if first == last else f"{first} to {last}"


def pain_unit() -> str:
    return schema.BY_NAME[schema.PAIN_SITES[0]].unit


def lag_words(lag: int) -> str:
    """'same day', 'next day', '2 days later': a lag on a chart (analysis.lag_words)."""
    return analysis.lag_words(lag, before="")


def signed(x: float, digits: int = 1) -> str:
    """+0.5, −0.8 (a real minus sign), 0.0."""
    text = f"{x:+.{digits}f}"
    if float(text) == 0:
        text = text[1:]
    return text.replace("-", "\u2212")
