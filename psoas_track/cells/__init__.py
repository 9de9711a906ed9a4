"""Cells as values: the one place that knows how a number, a duration, a time of day, a
date or a yes/no is written, and which values are plausible.

The log's reader (read/) and every app's reader (sources/) use it, and so does the
writer's check of an entry; nothing here knows about files, rows or problems.

text: blank, as shown, text, yes/no, "not recorded";
numbers: a log's numbers and decimal marks, an app's numbers, grouped thousands;
durations: '7h30', '1:30', '90 min', an app's units, a stopwatch's '01:05:30';
clock: times of day; dates: date cells, month names, ISO days; date_order: 03/04/2026;
ranges: the schema's plausible values (and what a day can hold).

>>> from psoas_track.cells import clock_time, number
>>> number("3,5", decimal_comma=True), clock_time("8:15 pm")
(3.5, datetime.time(20, 15))
"""

from psoas_track.cells.clock import clock_time, parse_time
from psoas_track.cells.date_order import date_order, order_is_guessed, resolve_date, slash_date
from psoas_track.cells.dates import (
    MONTHS,
    DateToken,
    date_token,
    iso_day,
    make_date,
    month_number,
    named_month_day,
    plain_iso_dates,
    year_of_file,
)
from psoas_track.cells.durations import minutes_per_unit, parse_duration, stopwatch_minutes
from psoas_track.cells.numbers import (
    PLAIN_NUMBER,
    column_decimal,
    decimal_mark,
    grouped_number,
    number,
    parse_number,
)
from psoas_track.cells.ranges import (
    ABOVE,
    BELOW,
    NOT_FINITE,
    OVER_A_DAY,
    implausible,
    not_whole,
    out_of_range,
    plausible,
)
from psoas_track.cells.text import (
    FORMULA_PREFIXES,
    NO_WORDS,
    NOT_RECORDED,
    YES_WORDS,
    is_blank,
    not_recorded,
    parse_flag,
    parse_text,
    show,
)

__all__ = [
    "ABOVE",
    "BELOW",
    "FORMULA_PREFIXES",
    "MONTHS",
    "NOT_FINITE",
    "NOT_RECORDED",
    "NO_WORDS",
    "OVER_A_DAY",
    "PLAIN_NUMBER",
    "YES_WORDS",
    "DateToken",
    "clock_time",
    "column_decimal",
    "date_order",
    "date_token",
    "decimal_mark",
    "grouped_number",
    "implausible",
    "is_blank",
    "iso_day",
    "make_date",
    "minutes_per_unit",
    "month_number",
    "named_month_day",
    "not_recorded",
    "not_whole",
    "number",
    "order_is_guessed",
    "out_of_range",
    "parse_duration",
    "parse_flag",
    "parse_number",
    "parse_text",
    "parse_time",
    "plain_iso_dates",
    "plausible",
    "resolve_date",
    "show",
    "slash_date",
    "stopwatch_minutes",
    "year_of_file",
]
