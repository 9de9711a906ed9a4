"""The sentences a person reads, made in one place from results, so that the command,
the explorer, the entry form, the report and the dashboard say the same thing the same
way.

check: what was read from a log and every problem (`check_text`); exports: what an
app's export holds (`describe_export`); entries: the entry just written and the day so
far (`describe_entry`, `day_so_far`); experiment: a routine in words, the calendar, the
plan just drawn, its status, today's block and what it shows (`experiment_sentence`);
findings: a week's findings (`format_insights`); week: a week's pain changes and
summary lines (`week.week_lines`, `week.insights`). The numbers come from read, daily,
analysis and experiment; the words of a lag are analysis.lag_words, as analysis' own
sentences need them.

>>> from psoas_track import words
>>> print(words.check_text(read_log("data/example_log.csv")))   # doctest: +SKIP
"""

from psoas_track.words.check import check_text
from psoas_track.words.entries import day_so_far, describe_entry
from psoas_track.words.experiment import (
    experiment_calendar,
    experiment_planned,
    experiment_sentence,
    experiment_status,
    experiment_today,
    routine_words,
)
from psoas_track.words.exports import describe_export
from psoas_track.words.findings import format_insights
from psoas_track.words.progress import progress_text, red_flag_lines

__all__ = [
    "check_text",
    "day_so_far",
    "describe_entry",
    "describe_export",
    "experiment_calendar",
    "experiment_planned",
    "experiment_sentence",
    "experiment_status",
    "experiment_today",
    "format_insights",
    "progress_text",
    "red_flag_lines",
    "routine_words",
]
