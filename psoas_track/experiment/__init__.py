"""Randomised self-experiments: plan a schedule of ON and OFF blocks by a recorded random
draw, follow it, and test it with the randomisation test the draw makes exact.

design: the allowed schedules, the draw and the smallest p a design can reach; plan: the
plan file beside the log (never overwritten); analysis: the test, the effect and its
interval, adherence. What they say in words is made in psoas_track.words.experiment.
"""

from psoas_track.experiment.analysis import ExperimentResult, analyse
from psoas_track.experiment.design import (
    allowed_schedules,
    block_dates,
    draw_schedule,
    smallest_p,
)
from psoas_track.experiment.plan import Plan, PlanError, load_plan, make_plan, plan_path

__all__ = [
    "ExperimentResult",
    "Plan",
    "PlanError",
    "allowed_schedules",
    "analyse",
    "block_dates",
    "draw_schedule",
    "load_plan",
    "make_plan",
    "plan_path",
    "smallest_p",
]
