"""The report stage's error: a report cannot be made, and the message says what to do."""

from psoas_track.errors import PsoasError


class ReportError(PsoasError):
    """A report cannot be made; the message says what to do."""
