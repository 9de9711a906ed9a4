"""A log the person keeps -> Log(entries, problems): `read_log`.

The steps, bottom up: table (Table, LogError, the limits); delimited and workbooks (a
text file or a spreadsheet -> a Table, with ods for .ods XML); files (read_table: hands a
file to one of them); columns and layout (the header -> measures; title, totals and
repeated-header rows); evidence (the Sheet: what each row is, decimal marks, date order);
convert (a cell in its column -> a value or a problem), day_limits, dates (date
problems); rows and grid (every row, column by column); log (read_log). How one cell is
written is psoas_track.cells; Log and Problem live in psoas_track.log.

>>> from psoas_track.read import read_log
>>> log = read_log("data/example_log.csv")  # doctest: +SKIP
"""

from psoas_track.read.log import Log, Problem, read_log
from psoas_track.read.table import LogError

__all__ = ["Log", "LogError", "Problem", "read_log"]
