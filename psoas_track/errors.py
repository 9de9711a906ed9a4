"""The one family of errors a person can act on.

Every stage raises its own subclass (LogError when a log cannot be read, JournalError
when an entry is not written, ReportError, PlanError, SourceError, ...), each with a
message that says what happened and what to do. The `psoas-track` command catches the
base class once and prints that message as one line; notebooks and the dashboard show
it as a sentence. A bug is not a PsoasError: it keeps its traceback.
"""

from __future__ import annotations


class PsoasError(Exception):
    """An error a person can act on; its message says what to do.

    >>> raise PsoasError("There is no file at log.csv. Check the name and the folder.")
    Traceback (most recent call last):
    ...
    psoas_track.errors.PsoasError: There is no file at log.csv. Check the name and the folder.
    """
