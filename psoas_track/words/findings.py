"""A week's findings in words: what `psoas-track insights` prints from insights()."""

from __future__ import annotations

from typing import Any

from psoas_track import schema
from psoas_track.analysis.insights import TOP_ASSOCIATIONS


def format_insights(result: dict[str, Any]) -> str:
    """The result of insights() as plain sentences for the terminal: the week, its pain,
    the routine, what goes with pain, the routine's comparisons, and the caution.

    >>> print(format_insights(insights(days, week="2026-W47")))   # doctest: +SKIP
    """
    summary = result["summary"]
    pain_lines = _pain_lines(summary)
    out = [*summary["lines"][:1], "", "Pain", *(f"  {line}" for line in pain_lines)]
    if result.get("trend"):
        out.append(f"  {result['trend']['summary']}")
    out += ["", "Routine"]
    out += [f"  {line}" for line in summary["lines"][1:] if line not in pain_lines]
    out.append(f"  Whole log: {result['adherence']['summary']}")
    out += ["", *_association_lines(result)]
    if result["comparisons"]:
        out += ["", "Days after the routine vs other days"]
        out += [f"  - {c['summary']}" for c in result["comparisons"]]
    out += ["", result["caution"]]
    return "\n".join(out)


def _pain_lines(summary: dict[str, Any]) -> list[str]:
    """The week summary's lines about pain: one per site, or that pain is low."""
    starts = tuple(f"{words}:" for words in _pain_words(summary))
    return [
        line
        for line in summary["lines"][1:]
        if line.startswith(starts) or line.startswith("Pain is low")
    ]


def _pain_words(summary: dict[str, Any]) -> list[str]:
    """The first words of the pain lines in WeekSummary.lines()."""
    phrases = [schema.phrase(row["column"]) for row in summary["pain"]]
    return [text[:1].upper() + text[1:] for text in phrases]


def _association_lines(result: dict[str, Any]) -> list[str]:
    """What goes with pain: how many links stand out of those tested, then the shown ones."""
    a = result["associations"]
    tested = a["cells_with_enough_data"]
    head = (
        f"What goes with pain (every day up to {result['data_through']}, "
        f"{result['days_logged']} days logged)"
    )
    if tested == 0:
        said = (
            "  Not enough data yet: an association needs at least 14 pairs of days "
            "with both measures recorded."
        )
    elif a["clear"] == 0:
        said = (
            f"  None of the {tested} links tested is clear once "
            "you allow for testing so many (every q is 0.05 or more). The strongest:"
        )
    elif a["clear"] <= TOP_ASSOCIATIONS:
        said = f"  {a['clear']} of the {tested} links tested stand out (q below 0.05):"
    else:
        said = (
            f"  {a['clear']} of the {tested} links tested stand "
            f"out (q below 0.05); the {TOP_ASSOCIATIONS} clearest:"
        )
    return [head, said, *(f"  - {row['sentence']}" for row in a["shown"])]
