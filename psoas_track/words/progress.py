"""Progress and red flags in words: what `psoas-track progress` prints, the first lines of
a week's report when a red flag was noted, and what `psoas-track log` says after one.

The kit lists the symptoms it was told to watch; it never diagnoses.
"""

from __future__ import annotations

from psoas_track.analysis.progress import Outcome, Progress

#: The common red flags for low back pain (NICE NG59; the usual physiotherapy screening
#: lists). Shown beside a red flag noted, never used to guess what it is.
RED_FLAGS = (
    "numbness in the saddle area (between the legs)",
    "new trouble passing or holding urine, or with the bowels",
    "weakness in a leg that is getting worse",
    "fever, or feeling unwell",
    "weight loss you cannot explain",
    "a history of cancer",
    "pain after a major fall or accident",
    "pain at night that does not ease whatever position you take",
)
RED_FLAG_SOURCE = "NICE NG59 and the usual physiotherapy screening lists"


def red_flag_lines(flags: list[dict[str, str]]) -> list[str]:
    """The red flags noted, first and in plain words; [] when there are none."""
    if not flags:
        return []
    noted = "; ".join(f"{f['date']}: {f['text']}" for f in flags)
    return [
        f"RED FLAG noted ({noted}). A symptom you were told to watch for needs a "
        "clinician's look soon: call your physiotherapist or doctor (or emergency services "
        "if it is severe or sudden). This kit does not diagnose.",
    ]


def outcome_line(o: Outcome) -> str:
    """One outcome: 'Back pain: 6.2 at the start, 3.1 now: better by 3.1 points
    (clinically important; at least 2 points or 30%, Farrar 2001 ...).'"""
    if o.measure == "pgic":
        if o.current is None:
            return f"{o.label}: {o.why}."
        verdict = "a responder" if o.important else o.why
        return (
            f"{o.label}: {o.current:.1f} over the last {o.current_days} ratings (1 = very much "
            f"improved, 4 = no change, 7 = very much worse): {verdict}."
        )
    start = f"{o.label}: {_num(o.baseline)} at the start ({_ratings(o.baseline_days)})"
    if o.current is None:
        return f"{start}; {o.why}."
    line = f"{start}, {_num(o.current)} now ({_ratings(o.current_days)})"
    if o.direction == "same":
        return f"{line}: about the same."
    size = abs(o.change)
    if o.important:
        verdict = f"clinically important: at least {o.mcid}, and beyond your own ups and downs"
    else:
        verdict = f"not clinically important: {o.why}"
    return f"{line}: {o.direction} by {_num(size)} points; {verdict}."


def progress_text(result: Progress) -> str:
    """The whole of `psoas-track progress`: red flags first, then each outcome."""
    lines = red_flag_lines(result.red_flags)
    if lines:
        lines.append("")
    if result.until is None or not result.outcomes:
        return "\n".join([*lines, "No outcome is rated in the log yet (pain, PSFS, PEG...)."])
    window = result.baseline_days
    lines.append(
        f"Progress up to {result.until.date()}: the first {window} days of each outcome "
        f"against the last {window}."
    )
    lines += [f"  {outcome_line(o)}" for o in result.outcomes]
    lines += [
        "",
        "A change is clinically important when it is at least the published minimal "
        "important change AND larger than your own ups and downs (with their streaks) give "
        "by chance. Sources: psoas-track progress --json, and docs/design.md.",
    ]
    return "\n".join(lines)


def _ratings(n: int) -> str:
    return f"{n} rating" if n == 1 else f"{n} ratings"


def _num(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.0f}" if abs(x) >= 20 else f"{x:.1f}"
