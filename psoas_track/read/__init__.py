"""A file -> Log(entries, problems).

sheets: bytes or a spreadsheet -> a table of raw cells (encoding, delimiter, xlsx/ods);
cells: one raw cell -> a value (numbers, decimal marks, yes/no, times, dates);
log: the table -> entries and problems (`read_log`).

>>> from psoas_track.read import read_log
>>> log = read_log("data/example_log.csv")  # doctest: +SKIP
"""

from psoas_track.read.log import Log, Problem, read_log
from psoas_track.read.sheets import LogError

__all__ = ["Log", "LogError", "Problem", "read_log"]
