"""What the weekly report says, section by section, for report/weekly_report.ipynb.

The notebook stays thin: each cell shows one of these Markdown strings or a chart drawn
from the same WeekReport (week.py), so the text, the charts and the <week>.json beside
the report show the same numbers, computed once.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from psoas_track import schema
from psoas_track.analysis.progress import Outcome
from psoas_track.report.safe import text
from psoas_track.report.week import WeekReport
from psoas_track.words.progress import outcome_line, red_flag_lines

CHART_WEEKS = 8


def _fmt(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


# ---------------------------------------------------------------- sections (Markdown)


def heading(report: WeekReport) -> str:
    s = report.figures["summary"]
    start = pd.Timestamp(s["start"]).strftime("%A %d %B %Y")
    end = pd.Timestamp(s["end"]).strftime("%A %d %B %Y")
    logged = s["days_logged"]
    lines = [
        f"# Weekly report {report.week.label}",
        f"**{start} to {end}**: {logged} of 7 days logged"
        f" (last week {s['last_week_days_logged']} of 7).",
        "",
        f"Made from *{text(report.figures['log'])}* with entries up to {s['end']}. "
        f"{text(report.figures.get('caution', ''))}",
    ]
    if report.log.dayfirst_guessed:
        order = "day-first" if report.log.dayfirst else "month-first"
        lines += [
            "",
            f"**Check the dates:** nothing in the log shows whether a date like 03/04 is "
            f"day-first or month-first; they were read {order} "
            f"({text(report.log.dayfirst_reason)}). "
            "If that is wrong, every day below is wrong: write one date unambiguously "
            "(like 2026-04-03) and make the report again.",
        ]
    if logged == 0:
        lines += [
            "",
            "**No entries this week.** The figures below compare the weeks "
            "before; log a few days to see this week's.",
        ]
    return "\n".join(lines)


NBSP = "\u00a0"  # "2.7 (6 d)" stays on one line in a narrow column
#: Ends the first page in print (the template puts it after the week's chart).
PAGE_BREAK = '<div class="page-break"></div>'
#: Notes shown on the first page, and the characters of each.
FIRST_PAGE_NOTES, NOTE_CHARS = 5, 200


def summary_page(report: WeekReport) -> str:
    """The first page, to be read alone: the week, pain per site against the usual level,
    rest, what stands out, the data's quality and the week's notes."""
    s = report.figures["summary"]
    flags = [f"**{text(line)}**" for line in red_flag_lines(report.figures.get("red_flags", []))]
    lines = [*flags, *([""] if flags else []), heading(report), "", "## This week at a glance"]
    lines += ["", *_pain_rows(report)]
    week = s["adherence"]
    lines += [
        "",
        f"- **Constructive rest:** target met on {week['days_met']} of "
        f"{week['days_recorded']} days recorded; {_days(week['streak'])} in a row at the "
        "end of the week.",
        f"- **What stands out:** {text(_standout(report))}",
        f"- **Data quality:** {text(_quality(report))}",
    ]
    function = _function_lines(report)
    if function:
        lines.append("- **Function and scores since the start:** " + " ".join(function))
    experiment = experiment_line(report)
    if experiment:
        lines.append(f"- **Experiment:** {experiment}")
    notes = _week_notes(report)
    if notes:
        lines += ["", "**Notes this week**", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines)


def _function_lines(report: WeekReport) -> list[str]:
    """PSFS, PEG, ODI, KOOS/HOOS and PGIC at their start and now (progress), when logged."""
    outcomes = (report.figures.get("progress") or {}).get("outcomes", [])
    function = [o for o in outcomes if o["measure"] not in schema.PAIN_COLUMNS]
    return [text(outcome_line(Outcome(**o))) for o in function]


def experiment_line(report: WeekReport) -> str | None:
    """The experiment in one line for the first page, or None when there is none."""
    found = report.figures.get("experiment")
    if not found:
        return None
    if "problem" in found:
        return text(found["problem"])
    plan, result = found["plan"], found["result"]
    if result is None or result.get("p") is None:
        return text(
            f"{ROUTINE_WORDS.get(plan['routine'], plan['routine'])} on ON blocks from "
            f"{plan['start']}; no outcome to compare yet."
        )
    return text(result["sentence"])


ROUTINE_WORDS = {"rest": "Constructive rest", "towel": "The towel", "breaks": "Breaks"}


def experiment_plan(report: WeekReport):
    """The running experiment's Plan, or None (no plan, or one that cannot be read)."""
    from psoas_track.experiment import Plan

    found = report.figures.get("experiment") or {}
    return Plan(**found["plan"]) if "plan" in found else None


def experiment_section(report: WeekReport) -> str:
    """The experiment's schedule, block by block, and its analysis so far."""
    found = report.figures.get("experiment")
    if not found or "plan" not in found:
        return ""
    plan, result = found["plan"], found["result"]
    dates = experiment_plan(report).dates()
    end = report.week.end.date()
    rows = ["| block | days | assigned |", "|---|---|---|"]
    for k, ((first, last), on) in enumerate(zip(dates, plan["blocks"], strict=True)):
        state = "**ON**" if on == "on" else "off"
        mark = " (to come)" if first > end else ""
        rows.append(f"| {k + 1} | {first:%a %d %b} to {last:%a %d %b}{mark} | {state} |")
    words = result["sentence"] if result else "It has not started yet."
    return "\n".join(["## Your experiment", "", text(words), "", *rows])


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _standout(report: WeekReport) -> str:
    shown = (report.figures.get("associations") or {}).get("shown", [])
    clear = [a["sentence"] for a in shown if a.get("sentence") and a.get("q", 1) < 0.05]
    if clear:
        return clear[0]
    return "no link is clear yet (see What goes with more or less pain)."


def _quality(report: WeekReport) -> str:
    s = report.figures["summary"]
    problems = report.figures["problems"]
    errors = sum(p["severity"] == "error" for p in problems)
    parts = [f"{s['days_logged']} of 7 days logged"]
    parts.append(
        f"{errors} errors and {len(problems) - errors} warnings in the log"
        if problems
        else "the log was read without problems"
    )
    if report.log.dayfirst_guessed:
        parts.append("the order of day and month was guessed (see below)")
    return "; ".join(parts) + "."


def _week_notes(report: WeekReport) -> list[str]:
    if "notes" not in report.days.columns:
        return []
    week = report.days.loc[report.week.start : report.week.end, "notes"].dropna()
    return [
        f"{date:%a %d %b}: {text(note, NOTE_CHARS)}"
        for date, note in week.head(FIRST_PAGE_NOTES).items()
        if str(note).strip()
    ]


def finding_site(report: WeekReport) -> str:
    """The pain column the first clear finding is about (else the mean of the sites):
    the heatmap beside the sentences shows the same site."""
    shown = (report.figures.get("associations") or {}).get("shown", [])
    clear = [a for a in shown if a.get("q", 1) < 0.05]
    return clear[0]["pain"] if clear else schema.PAIN


def _measure(report: WeekReport, column: str) -> dict[str, Any] | None:
    return next((m for m in report.figures["summary"]["measures"] if m["column"] == column), None)


def _pain_rows(report: WeekReport) -> list[str]:
    """The pain table: each site this week, last week and the weeks before, compared."""
    s = report.figures["summary"]
    rows = [
        f"| pain | this week | last week | {s['baseline_weeks']} weeks before |"
        " compared with last week | compared with the weeks before |",
        "|---|---|---|---|---|---|",
    ]
    for p in s["pain"]:
        rows.append(
            f"| {text(p['label'])} | {_fmt(p['this'])} ({p['this_days']}{NBSP}d) | "
            f"{_fmt(p['last'])} ({p['last_days']}{NBSP}d) | "
            f"{_fmt(p['baseline'])} ({p['baseline_days']}{NBSP}d) | "
            f"{_bold_if(p['vs_last'], p['important_vs_last'])} | "
            f"{_bold_if(p['vs_baseline'], p['important_vs_baseline'])} |"
        )
    return rows


def pain_table(report: WeekReport) -> str:
    """The pain section of the detail: how to read the table on the first page, the
    pain-free days at low pain and the trend (the chart follows)."""
    s = report.figures["summary"]
    note = (
        "In the table on the first page, pain is the mean rating over the days recorded (0 "
        "to 10; *d* = days). Two periods "
        "are compared only with 4 or more rated days in each. A change is **clinically "
        "important** at 2 points, or at 30% and at least a point from a pain of 4 or more "
        "(Farrar 2001, measured in moderate to severe pain). A smaller change that is "
        "larger than 95% of your own earlier week-to-week changes is *beyond your usual "
        "ups and downs*; the rest are within them. The mean of all sites counts only the "
        "days with every site rated."
    )
    low = [line for line in s.get("lines", []) if line.startswith("Pain is low")]
    trend = (report.figures.get("trend") or {}).get("summary")
    parts = ["## Pain", "", note, *(["", text(low[0])] if low else [])]
    return "\n".join([*parts, *(["", text(trend)] if trend else [])])


def _bold_if(words: str | None, important: bool | None) -> str:
    if not words:
        return "–"
    return f"**{text(words)}**" if important else text(words)


def loads_table(report: WeekReport) -> str:
    s = report.figures["summary"]
    rows = [
        f"| a day | this week | last week | {s['baseline_weeks']} weeks before |",
        "|---|---|---|---|",
    ]
    for measure in schema.MEASURES:
        if measure.role != schema.LOAD:
            continue
        m = _measure(report, measure.name)
        if m is None or (m["this"] is None and m["last"] is None and m["baseline"] is None):
            continue
        cells = [
            _load_cell(m[key], m.get("stat") == "share of days", measure)
            for key in ("this", "last", "baseline")
        ]
        rows.append(f"| {text(schema.label(measure.name))} | " + " | ".join(cells) + " |")
    return "## What you did\n\nMeans over the days recorded.\n\n" + "\n".join(rows)


def _load_cell(value: float | None, share: bool, measure: schema.Measure) -> str:
    if share:
        return "–" if value is None else f"{value:.0%} of days"
    return _fmt(value, 0 if measure.kind == schema.COUNT else 1)


def rest_section(report: WeekReport) -> str:
    week = report.figures["summary"]["adherence"]
    overall = report.figures.get("adherence") or {}
    target = _fmt(report.rest_target_minutes, 0)
    lines = [f"## Constructive rest ({target} minutes a day)", ""]
    if not week.get("days_recorded"):
        lines.append("- No rest minutes were recorded this week.")
    else:
        lines.append(
            f"- Target met on **{week['days_met']} of {week['days_recorded']} days** "
            f"recorded this week (last week {week['last_week_days_met']} of "
            f"{week['last_week_days_recorded']})."
        )
    lines.append(f"- Days in a row at the end of the week: **{week['streak']}**.")
    if overall.get("longest_streak"):
        lines.append(
            f"- Longest run so far: {overall['longest_streak']} days in a row "
            f"(to {overall['longest_streak_end']}); the target was met on "
            f"{overall['days_met']} of {overall['days_recorded']} days recorded."
        )
    return "\n".join(lines)


def associations_section(report: WeekReport) -> str:
    f = report.figures
    lines = [
        "## What goes with more or less pain",
        "Each line compares a habit on one day with pain on the same or a later day, "
        "over all your days so far. The 95% interval is the range the link plausibly "
        "lies in; *q* below 0.05 means it is unlikely to be a fluke among the many "
        "pairs checked. These show what goes together in your days, not what causes "
        "what.",
        "",
    ]
    shown = (f.get("associations") or {}).get("shown", [])
    sentences = [a["sentence"] for a in shown if a.get("sentence")]
    lines += [f"- {text(s)}" for s in sentences] or [
        "- Not enough days yet to say (each link needs 14 days with both recorded)."
    ]
    comparisons = [c["summary"] for c in f.get("comparisons", []) if c.get("summary")]
    if comparisons:
        lines += ["", "### Your routine, day by day", ""] + [f"- {text(c)}" for c in comparisons]
    return "\n".join(lines)


def notable_days_section(report: WeekReport) -> str:
    days = report.figures["notable_days"]
    lines = ["## Days with the most pain this week"]
    if not days:
        return "\n".join([*lines, "No pain was recorded this week."])
    lines += ["| day | pain | back / hip / knee | sitting (h) | notes |", "|---|---|---|---|---|"]
    for d in days:
        sites = " / ".join(_fmt(d["sites"].get(s), 0) for s in schema.PAIN_SITES)
        notes = text(d["notes"] or "")
        lines.append(
            f"| {d['weekday']} {d['date']} | {_fmt(d['pain'])} | {sites} | "
            f"{_fmt(d['sitting_hours'])} | {notes} |"
        )
    return "\n".join(lines)


def problems_section(report: WeekReport) -> str:
    problems = report.figures["problems"]
    lines = ["## Data problems found in the log"]
    if not problems:
        return "\n".join([*lines, "None: every row up to this week was read cleanly."])
    errors = sum(p["severity"] == "error" for p in problems)
    lines.append(
        f"{errors} errors and {len(problems) - errors} warnings. Rows are the "
        "spreadsheet's row numbers; fix them there and render the report again."
    )
    lines.append("")
    for p in problems[:30]:
        where = f"row {p['row']}" if p["row"] is not None else "file"
        column = f", {text(p['column'])}" if p["column"] else ""
        lines.append(f"- {where}{column}: {text(p['message'])} ({p['severity']})")
    if len(problems) > 30:
        lines.append(f"- … and {len(problems) - 30} more: run `psoas-track check` to see all.")
    return "\n".join(lines)


def chart_days(report: WeekReport) -> pd.DataFrame:
    """The last CHART_WEEKS weeks up to the end of the report's week."""
    first = report.week.start - pd.Timedelta(weeks=CHART_WEEKS - 1)
    return report.days.loc[report.days.index >= first]


def chart_texts(figure) -> list[str]:
    """Every word drawn on a chart: titles, axis labels, notes and legends. The report
    keeps them beside the picture (the output's metadata), so what a chart says can be
    read back and checked against the text."""
    texts = [figure.get_suptitle()]
    for ax in figure.axes:
        texts += [ax.get_title(loc) for loc in ("left", "center", "right")]
        texts += [ax.get_xlabel(), ax.get_ylabel(), *(t.get_text() for t in ax.texts)]
        texts += [t.get_text() for t in ax.get_yticklabels() if _has_words(t.get_text())]
        legend = ax.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()]
    return [t for t in texts if t]


def _has_words(label: str) -> bool:
    return any(c.isalpha() for c in label)


def show(figure) -> None:
    """Put a figure in the report once, with the words it draws, then free it."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    display(figure, metadata={"image/png": {"chart_texts": chart_texts(figure)}})
    plt.close(figure)
