"""The one error the journal raises."""

from psoas_track.errors import PsoasError


class JournalError(PsoasError):
    """The entry was not written; the message says why and what to do."""
