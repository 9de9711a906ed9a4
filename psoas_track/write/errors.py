"""The one error the journal raises."""


class JournalError(Exception):
    """The entry was not written; the message says why and what to do."""
