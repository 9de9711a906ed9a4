"""Adherence: days the constructive-rest target was met, per week, and the streaks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from psoas_track import schema
from psoas_track.analysis.common import as_float, jsonable, on_calendar
from psoas_track.analysis.weeks import week_of


@dataclass
class Adherence:
    """How often the constructive-rest target was met, per week, and the streaks."""

    target_minutes: float
    end: pd.Timestamp | None
    days_met: int
    days_recorded: int
    current_streak: int
    longest_streak: int
    longest_streak_end: pd.Timestamp | None
    weeks: pd.DataFrame = field(repr=False)
    longest_sit: dict[str, Any] | None = None
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The adherence as plain JSON-ready values (weeks as a list of rows)."""
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "weeks"}
        out["weeks"] = self.weeks.reset_index().to_dict(orient="records")
        return jsonable(out)


def rest_target_days(frame: pd.DataFrame, target_minutes: float) -> np.ndarray:
    """1 where the rest target was met, 0 where rest was recorded below it, NaN unknown."""
    rest = schema.BY_NAME["rest_minutes"].name
    if rest in frame.columns:
        minutes = as_float(frame[rest], rest)
        return np.where(np.isfinite(minutes), (minutes >= target_minutes).astype(float), np.nan)
    if schema.REST_TARGET_MET in frame.columns:
        return as_float(frame[schema.REST_TARGET_MET], schema.REST_TARGET_MET)
    return np.full(len(frame), np.nan)


def streaks(met: np.ndarray) -> tuple[int, int, int]:
    """(current run of 1s ending at the last day, longest run, index where it ends)."""
    hit = np.nan_to_num(met, nan=0.0) == 1
    if not hit.any():
        return 0, 0, -1
    edges = np.diff(np.concatenate([[0], hit.astype(int), [0]]))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    lengths = stops - starts
    best = int(np.argmax(lengths))
    current = int(lengths[-1]) if stops[-1] == len(hit) else 0
    return current, int(lengths[best]), int(stops[best] - 1)


def _up_to(days: pd.DataFrame, end: str | pd.Timestamp | None) -> pd.DataFrame:
    """The day table on its calendar, cut at ``end`` (inclusive) when one is given."""
    frame = on_calendar(days)
    if end is not None:
        frame = frame.loc[frame.index <= pd.Timestamp(end).normalize()]
    return frame


def _logged_days(frame: pd.DataFrame, recorded: np.ndarray) -> np.ndarray:
    """True on the days with any entry; without that column, the days rest was recorded."""
    if schema.LOGGED in frame.columns:
        return frame[schema.LOGGED].astype("boolean").fillna(False).to_numpy(dtype=bool)
    return recorded


def _weekly_counts(
    frame: pd.DataFrame, met: np.ndarray, recorded: np.ndarray, logged: np.ndarray
) -> pd.DataFrame:
    """Days met, recorded and logged per ISO week (one row per week, in order)."""
    return (
        pd.DataFrame(
            {
                "days_met": (met == 1).astype(int),
                "days_recorded": recorded.astype(int),
                "days_logged": logged.astype(int),
            },
            index=pd.Index([week_of(d).label for d in frame.index], name="week"),
        )
        .groupby(level=0, sort=True)
        .sum()
    )


def _longest_sit(frame: pd.DataFrame) -> dict[str, Any] | None:
    """Summary of the longest unbroken sit per day, or None when it was never recorded."""
    sit = schema.BY_NAME["longest_sit_minutes"].name
    if sit not in frame.columns:
        return None
    minutes = as_float(frame[sit], sit)
    minutes = minutes[np.isfinite(minutes)]
    if not len(minutes):
        return None
    return {
        "days_recorded": len(minutes),
        "mean_minutes": float(minutes.mean()),
        "median_minutes": float(np.median(minutes)),
        "max_minutes": float(minutes.max()),
        "days_over_60_minutes": int((minutes > 60).sum()),
    }


def _adherence_summary(
    target_minutes: float,
    days_met: int,
    days_recorded: int,
    current: int,
    longest: int,
    longest_end: pd.Timestamp | None,
    longest_sit: dict[str, Any] | None,
) -> str:
    """The adherence in a sentence or two: rest days and streaks, then the long sits."""
    if days_recorded:
        summary = (
            f"Constructive rest of {target_minutes:g}+ minutes on {days_met} of "
            f"{days_recorded} days recorded; current streak {current} "
            f"day{'s' if current != 1 else ''}, longest {longest} "
            f"day{'s' if longest != 1 else ''}"
            + (f" (to {longest_end.date()})." if longest_end is not None else ".")
        )
    else:
        summary = "No constructive rest recorded yet."
    if longest_sit:
        summary += (
            f" Longest unbroken sit: {longest_sit['median_minutes']:.0f} minutes on a "
            f"typical day, at most {longest_sit['max_minutes']:.0f} "
            f"({longest_sit['days_recorded']} days recorded)."
        )
    return summary


def adherence(
    days: pd.DataFrame,
    target_minutes: float = schema.REST_TARGET_MINUTES,
    end: str | pd.Timestamp | None = None,
) -> Adherence:
    """Days the rest target was met per ISO week, the current and longest streak, long sits.

    A streak is days in a row meeting the target; a day without rest recorded ends it.
    The current streak counts back from ``end`` (default: the last day of the table).

    >>> adherence(days).summary                              # doctest: +SKIP
    'Constructive rest of 10+ minutes on 95 of 170 days recorded; current streak 3 days,
    longest 12 days (to 2026-09-14).'
    """
    frame = _up_to(days, end)
    met = rest_target_days(frame, target_minutes)
    recorded = np.isfinite(met)
    weeks = _weekly_counts(frame, met, recorded, _logged_days(frame, recorded))
    current, longest, longest_at = streaks(met)
    longest_end = frame.index[longest_at] if longest_at >= 0 else None
    longest_sit = _longest_sit(frame)
    days_met, days_recorded = int((met == 1).sum()), int(recorded.sum())
    return Adherence(
        target_minutes=float(target_minutes),
        end=frame.index[-1] if len(frame) else None,
        days_met=days_met,
        days_recorded=days_recorded,
        current_streak=current,
        longest_streak=longest,
        longest_streak_end=longest_end,
        weeks=weeks,
        longest_sit=longest_sit,
        summary=_adherence_summary(
            target_minutes, days_met, days_recorded, current, longest, longest_end, longest_sit
        ),
    )
