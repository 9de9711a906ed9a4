"""The words a person reads, made in one place from results: the week (week.py).

Above analysis and experiment (it words their results), below plots, widgets, report and
the CLI (they show its sentences), so every surface says a thing the same way.
"""
