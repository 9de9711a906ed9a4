"""The explorer driven from Python: every control redraws with the new selection."""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from psoas_track import plots, schema, widgets
from psoas_track.daily import daily
from psoas_track.read.log import read_log
from psoas_track.sample import generate_log

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "example_log.csv"
N_BOOT = 100  # the explorer's statistics, made cheap for tests


@pytest.fixture(scope="module")
def log():
    return read_log(EXAMPLE)


@pytest.fixture(scope="module")
def days(log) -> pd.DataFrame:
    return daily(log)


@pytest.fixture
def ex(days) -> widgets.Explorer:
    return widgets.Explorer(days, n_boot=N_BOOT)


def gid(ax, name: str):
    found = [a for a in (*ax.lines, *ax.collections, *ax.patches, *ax.texts) if a.get_gid() == name]
    return found[0] if found else None


def shown(ex: widgets.Explorer) -> dict:
    """What the visible tab's Output widget holds."""
    (output,) = ex.outputs[ex.tab].outputs
    return output["data"]


def redraws(ex: widgets.Explorer, change) -> int:
    before = ex.redraws
    change()
    return ex.redraws - before


def test_explorer_starts_on_the_trend_with_choices_from_the_schema(ex, days):
    assert ex.tab == "Over time" and ex.message is None
    png = base64.b64decode(shown(ex)["image/png"])
    assert png.startswith(b"\x89PNG")
    assert [v for _, v in ex.site.options] == [*schema.PAIN_SITES, schema.PAIN]
    assert ex.site.options[0][0] == "Back pain (0-10)"
    assert ("Sitting (h)", "sitting_hours") in ex.load.options
    assert ex.load.value == "sitting_hours"
    assert (ex.lag.min, ex.lag.max) == (0, 3)
    assert ex.start == days.index[0] and ex.end == days.index[-1]
    assert ex.axes[1].get_ylabel() == "Sitting (h)"


def test_each_control_redraws_the_trend(ex, days):
    pain_ax, load_ax = ex.axes
    assert redraws(ex, lambda: setattr(ex.site, "value", "hip_pain")) == 1
    np.testing.assert_array_equal(
        gid(pain_ax, "daily:hip_pain").get_ydata(), days["hip_pain"].to_numpy()
    )
    assert gid(pain_ax, "daily:back_pain") is None
    assert "Hip pain" in pain_ax.get_title(loc="left")

    assert redraws(ex, lambda: setattr(ex.load, "value", "rest_minutes")) == 1
    assert load_ax.get_ylabel() == "Constructive rest (min)"
    rest = days["rest_minutes"].dropna().to_numpy()
    np.testing.assert_allclose(plots.bar_heights(gid(load_ax, "bars:rest_minutes")), rest)

    assert redraws(ex, lambda: setattr(ex.window, "value", 14)) == 1
    mean = gid(pain_ax, "mean:hip_pain").get_ydata()
    np.testing.assert_allclose(
        mean, days["hip_pain"].rolling(14, center=True, min_periods=7).mean().to_numpy()
    )
    assert "14-day mean" in pain_ax.get_title(loc="left")

    assert redraws(ex, lambda: setattr(ex.dates, "index", (7, 20))) == 1
    assert len(gid(pain_ax, "daily:hip_pain").get_xdata()) == 14
    assert ex.start == days.index[7] and ex.end == days.index[20]

    # The lag does not change this chart: nothing is redrawn for it.
    assert redraws(ex, lambda: setattr(ex.lag, "value", 2)) == 0


def test_each_control_redraws_load_vs_pain(ex, days):
    ex.show("Load vs pain")
    (ax,) = ex.axes
    assert ax.get_ylabel() == "Back pain (0-10), next day"
    ex.lag.value = 0
    assert ax.get_ylabel() == "Back pain (0-10), same day"
    pairs = plots.lagged_pairs(days, "sitting_hours", "back_pain", 0)
    np.testing.assert_allclose(np.asarray(gid(ax, "points").get_offsets()), pairs.to_numpy())
    ex.load.value = "walking_minutes"
    assert ax.get_xlabel() == "Walking (min), on a day"
    ex.site.value = "knee_pain"
    assert ax.get_ylabel() == "Knee pain (0-10), same day"
    table = ex._association_table()
    row = table[(table["load"] == "walking_minutes") & (table["lag"] == 0)].iloc[0]
    legend = " ".join(t.get_text() for t in ax.get_legend().get_texts())
    assert f"rho {row['rho']:.2f}" in legend and f"n = {row['n']}" in legend
    ex.dates.index = (100, 181)
    assert len(gid(ax, "points").get_offsets()) == len(
        plots.lagged_pairs(days, "walking_minutes", "knee_pain", 0, ex.start, ex.end)
    )
    assert ex.redraws == 6  # the first tab, then one per change


def test_each_control_redraws_the_heatmap(ex):
    ex.show("Associations")
    ax, colorbar = ex.axes
    assert colorbar.get_ylabel() == "rho: − less pain · + more pain"
    assert "back pain" in ax.get_title(loc="left")
    box = gid(ax, "highlight")
    assert tuple(box.get_xy()) == (0.5, -0.5)  # sitting (first row), next day (lag 1)
    ex.lag.value = 3
    assert tuple(box.get_xy()) == (2.5, -0.5)
    ex.load.value = "rest_minutes"
    rows = [v for _, v in ex.load.options]
    assert tuple(box.get_xy()) == (2.5, rows.index("rest_minutes") - 0.5)
    before = plots.muted_cells(ax)
    ex.site.value = "hip_pain"
    assert "hip pain" in ax.get_title(loc="left")
    ex.dates.index = (0, 30)
    after = plots.muted_cells(ax)
    assert after != before and sum(after.values()) == 4 * len(rows)
    assert shown(ex)["image/png"]


def test_each_control_redraws_the_comparisons(ex):
    ex.show("Comparisons")
    (ax,) = ex.axes
    assert ax.get_xlabel() == "Back pain (0-10), mean on the next day"
    ex.lag.value = 2
    assert ax.get_xlabel() == "Back pain (0-10), mean 2 days later"
    ex.site.value = "pain"
    assert ax.get_xlabel().startswith("Pain, mean of all sites (0-10)")
    first = gid(ax, "with").get_offsets()[0, 0]
    ex.dates.index = (0, 90)
    assert gid(ax, "with").get_offsets()[0, 0] != first
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "10+ minutes of constructive rest"


def test_an_empty_selection_shows_a_message_not_a_traceback():
    entries = generate_log(days=42, seed=5)
    dates = pd.to_datetime(entries["date"])
    entries.loc[(dates >= "2026-06-08") & (dates <= "2026-06-14"), list(schema.PAIN_SITES)] = np.nan
    days = daily(entries)
    ex = widgets.Explorer(days, n_boot=N_BOOT, start="2026-06-08", end="2026-06-14")
    assert ex.message.startswith("No back pain recorded in 2026-06-08 to 2026-06-14")
    data = shown(ex)
    assert "image/png" not in data and data["text/plain"] == ex.message
    assert "Traceback" not in data["text/html"]
    ex.show("Load vs pain")
    assert ex.message.startswith("No days in 2026-06-08 to 2026-06-14 with sitting")
    ex.show("Comparisons")
    assert ex.message.startswith("No days to compare")
    ex.dates.index = (0, 41)  # widen again: a chart, no message
    assert ex.message is None and "image/png" in shown(ex)


def test_a_failing_chart_says_why_in_a_sentence(ex, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("'notes' holds text, not numbers, so it cannot be drawn.")

    monkeypatch.setattr(plots, "pain_trend", broken)
    ex.window.value = 3
    assert ex.message == (
        "This chart could not be drawn for this selection: 'notes' holds "
        "text, not numbers, so it cannot be drawn."
    )
    assert "image/png" not in shown(ex)


def test_custom_columns_are_loads_and_an_empty_log_is_a_message():
    entries = generate_log(days=30, seed=6)
    entries["coffee_cups"] = np.arange(len(entries)) % 4
    days = daily(entries)
    ex = widgets.Explorer(days, n_boot=N_BOOT, load="coffee_cups")
    assert ("Coffee cups", "coffee_cups") in ex.load.options
    assert ex.axes[1].get_ylabel() == "Coffee cups"
    empty = widgets.Explorer(days.iloc[:0], n_boot=N_BOOT)
    assert empty.message.startswith("The log has no days yet")
    assert empty.dates.disabled


def test_long_logs_open_on_the_last_year():
    days = daily(generate_log(days=500, seed=7))
    ex = widgets.Explorer(days, n_boot=N_BOOT)
    assert (ex.end - ex.start).days == 364 and ex.end == days.index[-1]


def test_check_summary_problems_and_coverage(log, days):
    text = widgets.check_summary(log, days)
    assert f"Rows read: {log.rows} ({log.n_entries} entries" in text
    assert "Date order:" in text and "Days: 182 from 2026-05-25 to 2026-11-22" in text
    bad = read_log(ROOT / "tests" / "data" / "bad_values.csv")
    text = widgets.check_summary(bad, daily(bad))
    assert all(str(p) in text.splitlines() for p in bad.problems) and "Problems: " in text
    table = widgets.problems_table(bad)
    assert list(table.columns) == ["row", "column", "value", "message", "severity"]
    assert len(table) == len(bad.problems) > 0
    cover = widgets.coverage(days)
    assert cover.loc["Sitting (h)", "days recorded"] == days["sitting_hours"].notna().sum()
    assert cover.loc["Back pain (0-10)", "% of logged days"] > 90
    assert "Notes" not in cover.index


def test_explorer_displays_as_its_widget(ex):
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_the_chosen_date_range_is_shown_in_full(ex, days):
    """The slider's own readout is clipped in JupyterLab, so a label says the range."""
    assert ex.dates.readout is False
    first, last = ex.dates.value
    assert ex.date_range.value == f"{first:%d %b %Y} to {last:%d %b %Y}"
    options = [value for _, value in ex.dates.options]
    ex.dates.value = (options[3], options[10])
    assert ex.date_range.value == f"{options[3]:%d %b %Y} to {options[10]:%d %b %Y}"
