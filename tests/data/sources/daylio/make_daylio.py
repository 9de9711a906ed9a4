"""Write the small Daylio exports in this folder, byte for byte.

The layout is that of Daylio's CSV export as public parsers and their samples show it
(MichaelCurrin/daylio-csv-parser, dayliopy/sample.csv: "10:00 pm", `date` with no year,
activities joined by " | ", text cells quoted; DeutscheGabanna/Obsidian-Daylio-Parser,
README.md: "10:00 PM", the five default moods, renamed moods): the header below, newest
entry first. The older layout has no note_title. The entries are made up. Run from
anywhere: `python tests/data/sources/daylio/make_daylio.py`; tests/test_source_daylio.py
states what the reader must make of each file.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

HEADER = "full_date,date,weekday,time,mood,activities,note_title,note"
OLD_HEADER = "full_date,date,weekday,time,mood,activities,note"

MAR_14 = ("2026-03-14", "March 14", "Saturday")
MAR_13 = ("2026-03-13", "March 13", "Friday")

# (full_date, date, weekday) + (time, mood, activities, note_title, note)
ROWS = [
    # 2026-03-14: rad (5) at 8:15 pm and awful (1) at 7:30 am: mood 3.0. "back pain" is an
    # activity, not a rating: a note, and back_pain stays empty.
    (*MAR_14, "8:15 pm", "rad", "walk | stretching | friends", "Evening", "Hips felt loose"),
    (*MAR_14, "7:30 am", "awful", "back pain | work", "", "Stiff getting up"),
    # 2026-03-13: meh (3) at 12:05 pm and good (4) at 12:30 am (00:30): mood 3.5; physio.
    (*MAR_13, "12:05 pm", "meh", "physio | sedentary", "", ""),
    (*MAR_13, "12:30 am", "good", "", "", ""),
    # 2026-03-12: a mood the person named (no number, kept as a note) and the towel.
    ("2026-03-12", "March 12", "Thursday", "9:00 pm", "captivated", "towel | music", "", ""),
    # 2026-03-11: a title without a note, a capitalised time, yoga; a time that is not a
    # time (the entry is kept, untimed).
    ("2026-03-11", "March 11", "Wednesday", "10:00 PM", "bad", "yoga", "Title only", ""),
    ("2026-03-11", "March 11", "Wednesday", "quarter past", "Good", "", "", "Note, with a comma"),
    # Left out, counted: no full_date, and a full_date that does not exist.
    ("", "March 10", "Tuesday", "9:00 pm", "good", "walk", "", ""),
    ("2026-02-30", "February 30", "Monday", "9:00 pm", "good", "walk", "", ""),
]
# A line cut short: four cells, not eight.
CUT_LINE = "2026-03-09,March 9,Monday,9:00 pm"

# The older seven-column layout (no note_title), 24-hour times, a byte order mark.
OLD_ROWS = [
    ("2026-02-01", "1 February", "Sunday", "20:15", "good", "walking | reading", "Short walk"),
    ("2026-02-01", "1 February", "Sunday", "07:05", "meh", "", ""),
]


def quoted(row: tuple[str, ...], texts: int = 3) -> str:
    """A row as Daylio writes it: the text cells at the end (activities, note_title, note)
    in double quotes."""
    plain, text = row[:-texts], row[-texts:]
    return ",".join([*plain, *('"' + t.replace('"', '""') + '"' for t in text)])


def export() -> bytes:
    lines = [HEADER, *(quoted(row) for row in ROWS), CUT_LINE]
    return ("\n".join(lines) + "\n").encode("utf-8")


def old_export() -> bytes:
    lines = [OLD_HEADER, *(quoted(row, texts=2) for row in OLD_ROWS)]
    return b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("utf-8")


def files() -> dict[str, bytes]:
    return {
        "daylio_export_2026_03_15.csv": export(),
        "daylio_export_2026_02_02_old_layout.csv": old_export(),
    }


def main() -> None:
    for name, data in files().items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
