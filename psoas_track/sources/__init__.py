"""Importers: one module per app or device export, each yielding plain entries.

Empty for now; the readers for Apple Health, Fitbit, Google Fit, Garmin, Samsung Health,
Bearable and Daylio arrive here, below `daily` and beside `read`.
"""

__all__: list[str] = []
