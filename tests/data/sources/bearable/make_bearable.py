"""Write the small Bearable exports in this folder, byte for byte.

The layout is that of Bearable's data export as public code and a published export show
it (andrewmiller0728/BearableDataProcessing, src/main/resources/Bearable_Export_20210728.csv
for the seven-column layout; bcwilsondotcom/obsidian-bearable-import-plugin, main.ts, for
the newer one with `date formatted`): a long table, one row per rating or record, every
value quoted, `date` like "1st Mar 2025", `date formatted` like 2026-03-02, `time of day`
a clock time or a part of the day (pre, am, mid, pm, all day). The ratings are made up.
Run from anywhere: `python tests/data/sources/bearable/make_bearable.py`;
tests/test_source_bearable.py states what the reader must make of each file.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

HEADER = "date,date formatted,weekday,time of day,category,rating/amount,detail,notes"
OLD_HEADER = "date,weekday,time of day,category,rating/amount,detail,notes"

MAR_2 = ("2nd Mar 2026", "2026-03-02", "Monday")
MAR_3 = ("3rd Mar 2026", "2026-03-03", "Tuesday")
MAR_4 = ("4th Mar 2026", "2026-03-04", "Wednesday")
MAR_5 = ("5th Mar 2026", "2026-03-05", "Thursday")

# (date, date formatted, weekday) + (time of day, category, rating/amount, detail, notes)
ROWS = [
    # 2026-03-02: two back ratings, Moderate (2 -> 5.0) and Mild (1 -> 2.5): mean 3.75.
    # Two moods, 8 and 4 (mean 6), a headache (left out), factors and a medication.
    (*MAR_2, "am", "Symptom", "2", "Back (lower) pain (Moderate)", ""),
    (*MAR_2, "pm", "Symptom", "1", "Back (lower) pain (Mild)", ""),
    (*MAR_2, "09:30", "Mood", "8", "Good | Calm", ""),
    (*MAR_2, "21:15", "Mood", "4", "", ""),
    (*MAR_2, "pm", "Symptom", "3", "Headache (Severe)", ""),
    (*MAR_2, "all day", "Active", "", "👣 Walk - Moderate | 🧘 Stretching", ""),
    (*MAR_2, "08:00", "Meds/Supplements", "400", "Ibuprofen (mg)", ""),
    # 2026-03-03: every site rated (back 4 -> 10, hip 3 -> 7.5, knee 0 -> 0): pain 17.5 / 3.
    # Mood 1 on the same day must not move pain. Sedentary, Physio (therapy), sleep, steps.
    (*MAR_3, "mid", "Symptom", "3", "Hip pain (Severe)", ""),
    (*MAR_3, "mid", "Symptom", "4", "Back (lower) pain (Unbearable)", ""),
    (*MAR_3, "mid", "Symptom", "0", "Knee pain (None)", ""),
    (*MAR_3, "07:45", "Mood", "1", "Awful", ""),
    (*MAR_3, "all day", "Lifestyle", "", "☕ Caffeine - A lot | 🪑 Sedentary", ""),
    (*MAR_3, "all day", "Health", "", "Physio", ""),
    (*MAR_3, "am", "Energy", "3", "OK", ""),
    (*MAR_3, "07:00", "Sleep", "07:30", "Asleep 23:00 - 06:30", ""),
    (*MAR_3, "07:00", "Sleep quality", "4", "Good", ""),
    (*MAR_3, "all day", "Health measurements", "6543", "Step count (steps)", ""),
    (*MAR_3, "all day", "Health measurements", "70", "Weight (kg)", ""),
    (*MAR_3, "20:00", "Extra notes", "", "", "Long drive, sat 3 h"),
    # 2026-03-04: back pain with no rating, read from its word (Severe -> 7.5); a mood of 9
    # with a note at a 12-hour time; hip stiffness (not a pain rating) and a gratitude.
    (*MAR_4, "pm", "Symptom", "", "Lower back pain (Severe)", ""),
    (*MAR_4, "10:15 PM", "Mood", "9", "", "A good day"),
    (*MAR_4, "am", "Symptom", "1", "Hip stiffness (Mild)", ""),
    (*MAR_4, "21:00", "Gratitudes", "", "Sunshine", ""),
    # Left out, counted: no date at all, a date that does not exist, a severity above 4
    # and a custom rating.
    ("", "", "Thursday", "am", "Symptom", "2", "Back (lower) pain (Moderate)", ""),
    ("30th Feb 2026", "2026-02-30", "Monday", "am", "Symptom", "2", "Hip pain (Moderate)", ""),
    (*MAR_5, "am", "Symptom", "7", "Knee pain (Moderate)", ""),
    (*MAR_5, "am", "Productivity", "3", "", ""),
]
# A line cut short: three cells, not eight.
CUT_LINE = '"5th Mar 2026","2026-03-05","Thursday"'

# The seven-column layout of older exports: no `date formatted`, parts of the day, the
# old "Factors" category, a note repeated on two rows of a day (one note).
MAR_1_2025 = ("1st Mar 2025", "Saturday")
OLD_ROWS = [
    (*MAR_1_2025, "pm", "Symptom", "2", "Back (lower) pain (Moderate)", ""),
    (*MAR_1_2025, "pre", "Symptom", "1", "Back (lower) pain (Mild)", ""),
    (*MAR_1_2025, "03:00", "Mood", "6", "Meh | Anxious", "Slept badly"),
    (*MAR_1_2025, "all day", "Factors", "", "Sedentary | With family | Walk", "Slept badly"),
    ("2nd Mar 2025", "Sunday", "3:04", "Meds/Supplements", "600", "Ibuprofen (mg)", ""),
    ("2nd Mar 2025", "Sunday", "mid", "Symptom", "3", "Knee pain (Severe)", ""),
    ("23rd Mar 2025", "Sunday", "am", "Symptom", "1", "Hip pain (Mild)", ""),
]


def quoted(row: tuple[str, ...]) -> str:
    """A row as Bearable writes it: every value in double quotes."""
    return ",".join('"' + value.replace('"', '""') + '"' for value in row)


def export() -> bytes:
    lines = [HEADER, *(quoted(row) for row in ROWS[:-1]), CUT_LINE, quoted(ROWS[-1])]
    return ("\n".join(lines) + "\n").encode("utf-8")


def old_export() -> bytes:
    # CRLF line ends, as a file passed through Windows arrives.
    lines = [OLD_HEADER, *(quoted(row) for row in OLD_ROWS)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def files() -> dict[str, bytes]:
    return {
        "Bearable App - Data Export. Generated 06-03-2026.csv": export(),
        "bearable_old_layout.csv": old_export(),
    }


def main() -> None:
    for name, data in files().items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
