"""The experiment's plan: drawn once, written beside the log, never overwritten.

`pain.csv` gets `pain.csv.experiment.json`. The outcome, lag, washout and the schedule are
fixed before any of the outcome exists (the start is a Monday after the log's last
entry): that is what makes the analysis honest. The schedule is the one the recorded
seed draws, so a plan whose blocks were edited by hand is found out.

Every Plan is checked when it is made, whether drawn or read from its file: a field with
a value it cannot have (a start that is not a Monday, a seed that is not a whole number,
a plan whose start is before the day it was created) is one PlanError sentence naming
the field, never a traceback later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from psoas_track import schema
from psoas_track.errors import PsoasError
from psoas_track.experiment.design import (
    BLOCK_DAYS,
    BLOCKS,
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
#: The longest experiment (weeks) and outcome lag (days) a plan may have.
MAX_WEEKS = 52
MAX_LAG = 3
#: A plan file is a few hundred bytes; anything this big is not one.
MAX_PLAN_BYTES = 1_000_000


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

    def __post_init__(self) -> None:
        problem = plan_problem(vars(self))
        if problem:
            raise PlanError(f"The plan's {problem}.")

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
    """The running plan beside the log, or None; a PlanError for a file that is not one,
    or one with a field whose value a plan cannot have (the sentence names the field)."""
    path = plan_path(log_path)
    if not path.exists():
        return None
    fields = _read_fields(path, log_path)
    problem = plan_problem(fields)
    if problem:
        raise PlanError(f"{path.name} cannot be used: its {problem}. {_remedy(log_path)}")
    return Plan(**fields)


def _remedy(log_path: str | Path) -> str:
    return (
        "Restore it from a copy, or end the experiment with: "
        f"psoas-track experiment stop {log_path} and plan a new one."
    )


def _read_fields(path: Path, log_path: str | Path) -> dict:
    """The plan file's fields; a PlanError for a file that is not a plan at all (a folder,
    a pipe or a device, too big, not JSON, JSON but not an object)."""
    unreadable = f"{path.name} is not a plan this kit can read"
    if not path.is_file():
        raise PlanError(f"{unreadable}: it is not a regular file. {_remedy(log_path)}")
    try:
        if path.stat().st_size > MAX_PLAN_BYTES:
            raise PlanError(f"{unreadable}: it is far too big for one. {_remedy(log_path)}")
        fields = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PlanError(f"{path.name} cannot be read ({error.strerror}).") from None
    except (ValueError, RecursionError) as error:  # not JSON, not UTF-8, nested too deep
        reason = error if isinstance(error, json.JSONDecodeError) else "not JSON text"
        raise PlanError(f"{unreadable} ({reason}). {_remedy(log_path)}") from None
    if not isinstance(fields, dict):
        raise PlanError(f"{unreadable}: it holds no fields. {_remedy(log_path)}")
    return fields


def _whole(value, low: int, high: int | None = None) -> bool:
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    return low <= value and (high is None or value <= high)


def _iso(parse, value):
    """The date or time `value` spells in ISO form, or None."""
    try:
        return parse(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _start_rule(value, fields) -> str | None:
    day = _iso(dt.date.fromisoformat, value)
    if day is None or day.weekday() != 0 or not 1900 <= day.year <= 2200:
        return "a Monday written like 2026-12-07"
    return None


def _blocks_rule(value, fields) -> str | None:
    most = 2 * MAX_WEEKS
    if (
        not isinstance(value, list)
        or not all(b in ("on", "off") for b in value)
        or len(value) % 2
        or not 2 <= len(value) <= most
    ):
        return f'a list of "on" and "off", an even number of them from 2 to {most}'
    return None


def _washout_rule(value, fields) -> str | None:
    longest = min(BLOCK_DAYS[fields["block"]]) - 1
    if not _whole(value, 0, longest):
        return f"a whole number of days from 0 to {longest} for {fields['block']} blocks"
    return None


def _allowed_rule(value, fields) -> str | None:
    n, max_run = len(fields["blocks"]), fields["max_run"]
    count = count_schedules(n, max_run)
    if not _whole(value, count, count):
        return f"{count}, the schedules of {n} blocks with at most {max_run} alike in a row"
    return None


#: Each field of a plan in the order they are checked (a rule may read the fields before
#: it), and its rule: what the value must be, in words, when it is not that.
FIELD_RULES = {
    "routine": lambda v, f: (
        None if isinstance(v, str) and 0 < len(v.strip()) <= 200 else "a few words naming it"
    ),
    "start": _start_rule,
    "block": lambda v, f: None if v in BLOCKS else " or ".join(BLOCKS),
    "blocks": _blocks_rule,
    "seed": lambda v, f: None if _whole(v, 0) else "a whole number of 0 or more",
    "outcome": lambda v, f: (
        None if v in schema.PAIN_COLUMNS else "one of " + ", ".join(schema.PAIN_COLUMNS)
    ),
    "lag": lambda v, f: None if _whole(v, 0, MAX_LAG) else f"a whole number from 0 to {MAX_LAG}",
    "washout_days": _washout_rule,
    "max_run": lambda v, f: (
        None if _whole(v, 1, len(f["blocks"])) else "a whole number from 1 to the number of blocks"
    ),
    "allowed_schedules": _allowed_rule,
    "created": lambda v, f: (
        None
        if _iso(dt.datetime.fromisoformat, v)
        else "a date and time written like 2026-12-02T10:00:00"
    ),
    "min_rated_days": lambda v, f: None if _whole(v, 1, 7) else "a whole number from 1 to 7",
    "extra": lambda v, f: None if isinstance(v, dict) else "a JSON object, like {}",
}


def plan_problem(fields: dict) -> str | None:
    """What is wrong with a plan's fields, as a clause naming the first wrong field
    ('"seed" must be a whole number of 0 or more, not "abc"'), or None.

    Last, the start must not be before the day the plan was created: a plan made once its
    outcome existed cannot count as a random draw made in advance.
    """
    unknown = sorted(set(fields) - set(FIELD_RULES))
    if unknown:
        return f'"{unknown[0]}" is not a field of a plan'
    fields = {**_defaults(), **fields}
    for name, rule in FIELD_RULES.items():
        if name not in fields:
            return f'"{name}" is missing'
        wanted = rule(fields[name], fields)
        if wanted:
            return f'"{name}" must be {wanted}, not {_shown(fields[name])}'
    start = dt.date.fromisoformat(fields["start"])
    created = dt.datetime.fromisoformat(fields["created"]).date()
    if start < created:
        return (
            f'"start" ({start}) is before the day the plan was made ("created": {created}): '
            "it was not made before its outcome existed, so its blocks cannot count as drawn "
            "at random"
        )
    return None


def _defaults() -> dict:
    """The fields a plan file may leave out (older plans did), with their values."""
    found = {}
    for each in dataclasses.fields(Plan):
        if each.default_factory is not dataclasses.MISSING:
            found[each.name] = each.default_factory()
        elif each.default is not dataclasses.MISSING:
            found[each.name] = each.default
    return found


def _shown(value) -> str:
    """A field's value as the file spells it, cut short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


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
        washout_days=washout,
        allowed_schedules=count_schedules(n),
        # made on `today`: the day a test pretends it is, else now
        created=dt.datetime.combine(today, dt.datetime.now().time()).isoformat("T", "seconds"),
    )
    with open(path, "x", encoding="utf-8") as f:  # never over a plan made meanwhile
        f.write(plan.to_json())
    return plan


def stop_plan(log_path: str | Path) -> Path:
    """End the running plan: it is kept, renamed, so a new one can be made. A plan that
    cannot be used (a field changed by hand) can be ended too: that is the way out."""
    path = plan_path(log_path)
    if not path.exists() and not path.is_symlink():
        raise PlanError(f"{Path(log_path).name} has no running experiment to stop.")
    try:
        plan = load_plan(log_path)
        started = plan.start if plan else "unreadable"
    except PlanError:
        started = "unreadable"
    name = Path(log_path).name
    kept = path.with_name(f"{name}.experiment-{started}.ended.json")
    number = 1
    while kept.exists():  # an ended plan is never overwritten either
        number += 1
        kept = path.with_name(f"{name}.experiment-{started}.ended-{number}.json")
    path.rename(kept)
    return kept
