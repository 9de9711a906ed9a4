"""The report stage's error: a report cannot be made, and the message says what to do."""


class ReportError(Exception):
    """A report cannot be made; the message says what to do."""
