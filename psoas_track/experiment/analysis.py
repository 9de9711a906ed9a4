"""The experiment's analysis: the randomisation test the plan's draw makes exact.

T = mean over ON blocks of the block's mean outcome minus the same over OFF blocks (the
first `washout_days` of each block left out; the outcome on day t + lag), analysed as
assigned. p is the share of allowed schedules whose T is at least as far from 0 as the
observed one (two-sided, the observed schedule counted), by enumerating them, or on a
random 100,000 of them beyond that (said so). The 95% interval inverts the test over
additive shifts: the effects d for which "the routine adds d" would not be rejected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from psoas_track import schema
from psoas_track.experiment.design import (
    ALPHA,
    ENUMERATE_UP_TO,
    allowed_schedules,
    count_schedules,
    sample_schedules,
)
from psoas_track.experiment.plan import Plan

JSON_FIELDS = (
    "routine", "blocks", "allowed_schedules", "T", "p", "effect", "ci_low", "ci_high",
    "n_on", "n_off", "adherence_on", "adherence_off", "complete",
)  # fmt: skip


@dataclass
class ExperimentResult:
    routine: str
    blocks: list[str]
    allowed_schedules: int
    T: float | None
    p: float | None
    effect: float | None
    ci_low: float | None
    ci_high: float | None
    n_on: int
    n_off: int
    adherence_on: float | None
    adherence_off: float | None
    complete: bool
    exact: bool
    edited: bool
    left_out: list[int]
    mean_on: float | None
    mean_off: float | None
    sentence: str

    def to_dict(self, full: bool = False) -> dict:
        data = asdict(self)
        return data if full else {k: data[k] for k in JSON_FIELDS}


def block_means(days: pd.DataFrame, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """(mean outcome of each block, its rated days), washout left out, outcome at t+lag."""
    outcome = days[plan.outcome].astype("Float64").astype(float)
    later = outcome.shift(-plan.lag) if plan.lag else outcome
    means, counts = [], []
    for first, last in plan.dates():
        kept = pd.Timestamp(first + dt.timedelta(days=plan.washout_days))
        values = later.loc[kept : pd.Timestamp(last)].dropna()
        counts.append(len(values))
        means.append(values.mean() if len(values) else np.nan)
    return np.array(means), np.array(counts)


def _t(schedules: np.ndarray, values: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """T of each schedule: mean of the kept ON blocks' values minus the kept OFF ones'."""
    on, off = schedules & kept, ~schedules & kept
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.where(kept, values, 0.0)
        return (on @ v) / on.sum(axis=1) - (off @ v) / off.sum(axis=1)


def _schedules(plan: Plan, seed: int) -> tuple[np.ndarray, bool]:
    n = len(plan.blocks)
    if count_schedules(n, plan.max_run) <= ENUMERATE_UP_TO:
        return allowed_schedules(n, plan.max_run), True
    rng = np.random.default_rng([seed, n])
    return sample_schedules(rng, n, ENUMERATE_UP_TO, plan.max_run), False


def _p_at(shift, t_all, c_all, t_obs) -> np.ndarray:
    """p of "the routine adds `shift`" for each shift (rows), over every schedule."""
    shift = np.atleast_1d(shift)[:, None]
    far = np.abs(t_all[None, :] - shift * c_all[None, :]) >= np.abs(t_obs - shift) - 1e-9
    return far.mean(axis=1)


def analyse(days: pd.DataFrame, plan: Plan, seed: int = 0) -> ExperimentResult:
    """The test, the effect with its interval, days per arm and adherence, in words."""
    means, counts = block_means(days, plan)
    kept = counts >= plan.min_rated_days
    observed = plan.schedule
    schedules, exact = _schedules(plan, seed)
    if not (schedules == observed).all(axis=1).any():
        schedules = np.vstack([schedules, observed])  # edited, or not in the sample: counted
    n_on = int(counts[observed & kept].sum())
    n_off = int(counts[~observed & kept].sum())
    last_logged = days.index.max().date() if len(days) else None
    complete = last_logged is not None and last_logged >= plan.last_day
    result = dict(
        routine=plan.routine, blocks=plan.blocks, allowed_schedules=plan.allowed_schedules,
        n_on=n_on, n_off=n_off, complete=bool(complete), exact=exact,
        edited=not plan.drawn_again(), left_out=_left_out(plan, kept, last_logged),
    )  # fmt: skip
    result.update(_adherence(days, plan))
    if not (observed & kept).any() or not (~observed & kept).any():
        return ExperimentResult(
            **result, T=None, p=None, effect=None, ci_low=None, ci_high=None,
            mean_on=None, mean_off=None, sentence=_not_yet(plan, n_on, n_off),
        )  # fmt: skip
    t_all = _t(schedules, means, kept)
    c_all = _t(schedules, observed.astype(float), kept)
    valid = np.isfinite(t_all)
    t_all, c_all = t_all[valid], c_all[valid]
    t_obs = float(_t(observed[None], means, kept)[0])
    p = float(_p_at(0.0, t_all, c_all, t_obs)[0])
    low, high = _interval(t_all, c_all, t_obs, means[kept])
    mean_on = float(np.nanmean(means[observed & kept]))
    mean_off = float(np.nanmean(means[~observed & kept]))
    result.update(T=t_obs, p=p, effect=t_obs, ci_low=low, ci_high=high,
                  mean_on=mean_on, mean_off=mean_off)  # fmt: skip
    result["sentence"] = _words(plan, result, len(t_all))
    return ExperimentResult(**result)


def _left_out(plan: Plan, kept: np.ndarray, last_logged: dt.date | None) -> list[int]:
    """Blocks left out for too few rated days, not counting those still to come."""
    ended = [last <= last_logged for _, last in plan.dates()] if last_logged else []
    return [int(k) for k in np.flatnonzero(~kept) if k < len(ended) and ended[k]]


def _interval(t_all, c_all, t_obs, values) -> tuple[float | None, float | None]:
    """The shifts not rejected at ALPHA, on a fine grid around the observed T."""
    spread = float(np.nanmax(values) - np.nanmin(values)) if len(values) else 1.0
    reach = 3 * max(spread, abs(t_obs), 0.5)
    grid = np.linspace(t_obs - reach, t_obs + reach, 1201)
    ps = np.concatenate([_p_at(g, t_all, c_all, t_obs) for g in np.array_split(grid, 12)])
    accepted = grid[ps > ALPHA]
    if not len(accepted):
        return None, None
    return float(accepted.min()), float(accepted.max())


def _adherence(days: pd.DataFrame, plan: Plan) -> dict:
    column = plan.adherence_column
    out = {"adherence_on": None, "adherence_off": None}
    if column is None or column not in days.columns:
        return out
    done = days[column]
    for arm, name in ((True, "adherence_on"), (False, "adherence_off")):
        values = []
        for (first, last), on in zip(plan.dates(), plan.schedule, strict=True):
            if on == arm:
                values.append(done.loc[pd.Timestamp(first) : pd.Timestamp(last)].dropna())
        joined = pd.concat(values) if values else pd.Series(dtype=float)
        out[name] = float(joined.astype(float).mean()) if len(joined) else None
    return out


def _weeks(plan: Plan) -> int:
    return round((plan.last_day - plan.first_day).days / 7)


def _not_yet(plan: Plan, n_on: int, n_off: int) -> str:
    return (
        f"Your {_weeks(plan)}-week experiment has no rated {schema.phrase(plan.outcome)} yet "
        f"on both kinds of block ({n_on} days on, {n_off} off): keep logging."
    )


def _words(plan: Plan, r: dict, n_schedules: int) -> str:
    arm = {"rest": "rest", "towel": "towel", "breaks": "break"}.get(plan.routine, "routine")
    p, outcome = r["p"], schema.phrase(plan.outcome)
    interval = (
        f", 95% interval {r['ci_low']:.1f} to {r['ci_high']:.1f}" if r["ci_low"] is not None else ""
    )
    schedules = f"{n_schedules:,} possible schedules" + ("" if r["exact"] else ", a random sample")
    head = (
        f"In your {_weeks(plan)}-week experiment, {outcome} averaged {r['mean_on']:.1f} on "
        f"{arm} blocks and {r['mean_off']:.1f} on the others (difference "
        f"{r['effect']:+.1f}{interval}; p = {p:.2g} from {schedules})."
    )
    if p < ALPHA and not r["edited"]:
        tail = (
            " Because the blocks were chosen at random, this difference is unlikely to come "
            "from anything but the routine or chance."
        )
    elif p < ALPHA:
        tail = ""  # blocks changed after the draw were not chosen at random: the note says so
    else:
        tail = (
            " That is not clear: a difference this size comes up often by the draw alone. "
            "It does not show the routine does nothing; a longer experiment could tell."
        )
    notes = []
    if not r["complete"]:
        notes.append(" The experiment is not finished: this is what the days so far show.")
    if r["edited"]:
        notes.append(
            " The plan's blocks are not the schedule its seed draws: they were changed after "
            "the draw, so the p above cannot be trusted."
        )
    if r["left_out"]:
        notes.append(f" {len(r['left_out'])} blocks had too few rated days and were left out.")
    return head + tail + "".join(notes)
