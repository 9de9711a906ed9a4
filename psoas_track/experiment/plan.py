"""The experiment's plan: drawn once, written beside the log, never overwritten.

`pain.csv` gets `pain.csv.experiment.json`. The outcome, lag, washout and the schedule are
fixed before any of the outcome exists (the start is a Monday after the log's last
entry): that is what makes the analysis honest. The schedule is the one the recorded
seed draws, so a plan whose blocks were edited by hand is found out.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from psoas_track.errors import PsoasError
from psoas_track.experiment.design import (
    BLOCK_DAYS,
    block_dates,
    blocks_in,
    count_schedules,
    design_problem,
    draw_schedule,
)

#: The routines the kit knows, each with the day table's column that says whether it was
#: done (None: the log does not say; adherence is not reported). What each routine asks
#: for, in words, is words.experiment.ROUTINES.
ADHERENCE_COLUMNS: dict[str, str | None] = {
    "rest": "rest_target_met",
    "towel": "towel",
    "breaks": None,
}
WASHOUT_DAYS = {"half-week": 1, "week": 2}


class PlanError(PsoasError):
    """A plan cannot be made, read or ended; the message says what to do."""


@dataclass
class Plan:
    routine: str
    start: str
    block: str
    blocks: list[str]
    seed: int
    outcome: str
    lag: int
    washout_days: int
    allowed_schedules: int
    created: str
    max_run: int = 2
    #: The rule for blocks with too few rated days: a block with fewer rated days than
    #: this (after its washout) is left out of the comparison, and said so.
    min_rated_days: int = 1
    extra: dict = field(default_factory=dict)

    @property
    def adherence_column(self) -> str | None:
        return ADHERENCE_COLUMNS.get(self.routine)

    @property
    def schedule(self) -> np.ndarray:
        return np.array([b == "on" for b in self.blocks], dtype=bool)

    @property
    def first_day(self) -> dt.date:
        return dt.date.fromisoformat(self.start)

    def dates(self) -> list[tuple[dt.date, dt.date]]:
        return block_dates(self.first_day, self.block, len(self.blocks))

    @property
    def last_day(self) -> dt.date:
        return self.dates()[-1][1]

    @property
    def weeks(self) -> int:
        """How many weeks the experiment runs."""
        return round((self.last_day - self.first_day).days / 7)

    def days_left(self, today: dt.date) -> int:
        """Days of the plan still to log after today (all of them before it starts)."""
        before_start = self.first_day - dt.timedelta(days=1)
        return max(0, (self.last_day - max(today, before_start)).days)

    def drawn_again(self) -> bool:
        """Whether the blocks are the schedule the seed draws (False: edited by hand)."""
        redrawn = draw_schedule(self.seed, len(self.blocks), self.max_run)
        return bool(np.array_equal(redrawn, self.schedule))

    def assignment(self, day: dt.date) -> tuple[int, str] | None:
        """(block number from 0, "on" or "off") of a day, or None outside the plan."""
        for k, (first, last) in enumerate(self.dates()):
            if first <= day <= last:
                return k, self.blocks[k]
        return None

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, ensure_ascii=False) + "\n"


def plan_path(log_path: str | Path) -> Path:
    log_path = Path(log_path)
    return log_path.with_name(log_path.name + ".experiment.json")


def load_plan(log_path: str | Path) -> Plan | None:
    """The running plan beside the log, or None; a PlanError for a file that is not one."""
    path = plan_path(log_path)
    if not path.exists():
        return None
    try:
        return Plan(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as error:
        raise PlanError(
            f"{path.name} is not a plan this kit can read ({error}). Move it away and plan "
            "again, or restore it from a copy."
        ) from error


def next_monday(after: dt.date) -> dt.date:
    return after + dt.timedelta(days=7 - after.weekday())


def make_plan(
    log_path: str | Path,
    routine: str,
    weeks: int = 8,
    block: str = "half-week",
    start: dt.date | None = None,
    seed: int | None = None,
    outcome: str = "pain",
    lag: int = 0,
    washout_days: int | None = None,
    last_entry: dt.date | None = None,
    today: dt.date | None = None,
) -> Plan:
    """Draw a schedule and write the plan beside the log; refuses designs that can never
    reach p < 0.05, a start that is not a Monday after the last entry (and from today
    on), and a log that already has a running plan."""
    today = today or dt.date.today()
    problem = design_problem(weeks, block)
    if problem:
        raise PlanError(problem)
    path = plan_path(log_path)
    if path.exists():
        raise PlanError(
            f"{Path(log_path).name} already has a running experiment ({path.name}). End it "
            "first with: psoas-track experiment stop " + str(log_path)
        )
    earliest = max(last_entry or today, today - dt.timedelta(days=1))
    start = start or next_monday(earliest)
    if start.weekday() != 0:
        raise PlanError(f"An experiment starts on a Monday; {start:%A} {start} is not one.")
    if start <= earliest:
        raise PlanError(
            f"The experiment must start after the log's last entry ({earliest}) and not in "
            f"the past, so that none of its outcome exists yet: choose a Monday after it, "
            f"like {next_monday(earliest)}."
        )
    washout = WASHOUT_DAYS[block] if washout_days is None else washout_days
    if not 0 <= washout < min(BLOCK_DAYS[block]):
        raise PlanError(
            f"The washout must be 0 to {min(BLOCK_DAYS[block]) - 1} days for {block} blocks."
        )
    seed = secrets.randbits(32) if seed is None else seed
    n = blocks_in(weeks, block)
    schedule = draw_schedule(seed, n)
    plan = Plan(
        routine=routine,
        start=start.isoformat(),
        block=block,
        blocks=["on" if b else "off" for b in schedule],
        seed=int(seed),
        outcome=outcome,
        lag=int(lag),
        washout_days=int(washout),
        allowed_schedules=count_schedules(n),
        created=dt.datetime.now().isoformat(timespec="seconds"),
    )
    with open(path, "x", encoding="utf-8") as f:  # never over a plan made meanwhile
        f.write(plan.to_json())
    return plan


def stop_plan(log_path: str | Path) -> Path:
    """End the running plan: it is kept, renamed, so a new one can be made."""
    path = plan_path(log_path)
    plan = load_plan(log_path)
    if plan is None:
        raise PlanError(f"{Path(log_path).name} has no running experiment to stop.")
    name = Path(log_path).name
    kept = path.with_name(f"{name}.experiment-{plan.start}.ended.json")
    number = 1
    while kept.exists():  # an ended plan is never overwritten either
        number += 1
        kept = path.with_name(f"{name}.experiment-{plan.start}.ended-{number}.json")
    path.rename(kept)
    return kept
