"""psoas_track: read a psoas pain log, check it, and see what goes with more or less pain.

>>> import psoas_track as pt
>>> log = pt.read_log("data/example_log.csv")  # doctest: +SKIP
>>> watch = pt.read_any("fitbit_export.zip")  # a log or any app's export  # doctest: +SKIP
>>> days = pt.daily(log)  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

# Loaded on first use, so that `psoas-track --help` does not pay for pandas and scipy.
_PUBLIC = {
    "read_any": "psoas_track.readers",
    "read_log": "psoas_track.read",
    "read_source": "psoas_track.sources",
    "Log": "psoas_track.log",
    "LogError": "psoas_track.read",
    "Problem": "psoas_track.log",
    "daily": "psoas_track.daily",
    "associations": "psoas_track.analysis",
    "compare": "psoas_track.analysis",
    "trend": "psoas_track.analysis",
    "adherence": "psoas_track.analysis",
    "week_summary": "psoas_track.analysis",
    "parse_week": "psoas_track.analysis",
    "append_entry": "psoas_track.write",
    "init_log": "psoas_track.write",
    "JournalError": "psoas_track.write",
    "PsoasError": "psoas_track.errors",
    "generate_log": "psoas_track.sample",
    "write_log": "psoas_track.sample",
}

__all__ = sorted(_PUBLIC)


def _public(name: str) -> Any:
    return getattr(importlib.import_module(_PUBLIC[name]), name)


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return _public(name)
    raise AttributeError(f"module 'psoas_track' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__


class _Package(types.ModuleType):
    """`pt.daily` is the function even after `psoas_track.daily` (the module) is imported:
    importing a submodule binds it as an attribute of the package, under the same name."""

    def __getattribute__(self, name: str) -> Any:
        if name in _SHADOWED:
            return _public(name)
        return super().__getattribute__(name)


_SHADOWED = {name for name, module in _PUBLIC.items() if module == f"{__name__}.{name}"}
sys.modules[__name__].__class__ = _Package
