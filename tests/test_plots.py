"""Every chart on the example log and on edge cases: the data drawn, not the pixels."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from psoas_track import analysis, plots, schema
from psoas_track.daily import daily
from psoas_track.read.log import read_log
from psoas_track.sample import generate_log

ROOT = Path(__file__).resolve().parent.parent

EXAMPLE = ROOT / "data" / "example_log.csv"


# ---------------------------------------------------------------- data


@pytest.fixture(scope="module")
def days() -> pd.DataFrame:
    return daily(read_log(EXAMPLE))


@pytest.fixture(scope="module")
def table(days) -> pd.DataFrame:
    return analysis.associations(days, pains=["back_pain"], n_boot=200)


@pytest.fixture(scope="module")
def one_day() -> pd.DataFrame:
    entries = generate_log(days=1, seed=3)
    return daily(entries)


@pytest.fixture(scope="module")
def never_rested() -> pd.DataFrame:
    """A log whose rest and strengthening columns were never filled in."""
    entries = generate_log(days=60, seed=4).drop(columns=["rest_minutes", "strength_minutes"])
    return daily(entries)


@pytest.fixture(scope="module")
def painless_week() -> pd.DataFrame:
    """Six weeks logged every day, but no pain rating at all in the third week."""
    entries = generate_log(days=42, seed=5)
    dates = pd.to_datetime(entries["date"])
    week = (dates >= "2026-06-08") & (dates <= "2026-06-14")
    entries.loc[week, list(schema.PAIN_SITES)] = np.nan
    return daily(entries)


def by_gid(ax, gid: str):
    found = [a for a in (*ax.lines, *ax.collections, *ax.patches, *ax.texts) if a.get_gid() == gid]
    assert found, f"no artist {gid!r}; have {[a.get_gid() for a in ax.get_children()]}"
    return found[0]


def values(days: pd.DataFrame, column: str) -> np.ndarray:
    return days[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)


@pytest.fixture(autouse=True)
def no_pyplot_figures():
    """Charts are plain Figures: nothing is left open in pyplot."""
    before = set(plt.get_fignums())
    yield
    assert set(plt.get_fignums()) == before


# ---------------------------------------------------------------- pain trend


def test_pain_trend_draws_each_site_its_mean_and_the_sitting_bars(days):
    fig = plots.pain_trend(days)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    pain_ax, load_ax = fig.axes
    for site in schema.PAIN_SITES:
        line = by_gid(pain_ax, f"daily:{site}")
        np.testing.assert_array_equal(line.get_ydata(), values(days, site))
        mean = by_gid(pain_ax, f"mean:{site}").get_ydata()
        expected = days[site].rolling(7, center=True, min_periods=4).mean().to_numpy()
        np.testing.assert_allclose(mean, expected)
    bars = by_gid(load_ax, "bars:sitting_hours")
    sat = values(days, "sitting_hours")
    np.testing.assert_allclose(plots.bar_heights(bars), sat[np.isfinite(sat)])
    weekends = by_gid(pain_ax, "weekends")
    assert len(weekends.get_paths()) == int((days.index.day_of_week >= 5).sum())
    unlogged = by_gid(pain_ax, "not-logged")
    assert len(unlogged.get_xdata()) == int((~days["logged"]).sum()) > 0
    assert load_ax.get_ylabel() == schema.label("sitting_hours") == "Sitting (h)"
    assert pain_ax.get_ylabel() == "Pain (0-10)"
    assert plots.no_data_message(fig) is None


def test_pain_trend_shows_missing_days_as_gaps_not_zeros(painless_week):
    fig = plots.pain_trend(painless_week, sites=["back_pain"], window=3)
    pain_ax = fig.axes[0]
    y = by_gid(pain_ax, "daily:back_pain").get_ydata()
    week = (painless_week.index >= "2026-06-08") & (painless_week.index <= "2026-06-14")
    assert np.isnan(y[week]).all() and np.isfinite(y[~week]).sum() > 20
    mean = by_gid(pain_ax, "mean:back_pain").get_ydata()
    assert np.isnan(mean[week][1:-1]).all()  # a 3-day mean needs 2 rated days


def test_pain_trend_window_range_and_weeks(days):
    fig = plots.pain_trend(days, sites="hip_pain", load=None, window=14, weeks=4)
    (ax,) = fig.axes
    x = by_gid(ax, "daily:hip_pain").get_xdata()
    assert len(x) == 28
    assert "14-day mean" in ax.get_title(loc="left") and "Hip pain" in ax.get_title(loc="left")


def test_pain_trend_load_never_recorded_says_so(never_rested):
    fig = plots.pain_trend(never_rested, load="rest_minutes")
    load_ax = fig.axes[1]
    assert by_gid(load_ax, "load-not-recorded").get_text().startswith("Constructive rest")
    drawn = (*load_ax.collections, *load_ax.patches)
    assert not [c for c in drawn if (c.get_gid() or "").startswith("bars:")]


def test_pain_trend_rest_bars_show_the_target(days):
    fig = plots.pain_trend(days, load="rest_minutes")
    line = by_gid(fig.axes[1], "rest-target")
    assert line.get_ydata()[0] == schema.REST_TARGET_MINUTES


def test_pain_trend_one_day_and_no_pain(one_day, days):
    fig = plots.pain_trend(one_day)
    assert len(by_gid(fig.axes[0], "daily:back_pain").get_ydata()) == 1
    fig.canvas.draw()
    empty = plots.pain_trend(days, start="2030-01-01")
    assert "No " in plots.no_data_message(empty)


# ---------------------------------------------------------------- load vs pain


def test_load_vs_pain_plots_the_lagged_pairs_with_rho_in_the_legend(days, table):
    fig = plots.load_vs_pain(days, "sitting_hours", "back_pain", lag=1, association=table)
    ax = fig.axes[0]
    points = by_gid(ax, "points").get_offsets()
    x, y = values(days, "sitting_hours"), values(days, "back_pain")
    pairs = [
        (a, b) for a, b in zip(x[:-1], y[1:], strict=True) if np.isfinite(a) and np.isfinite(b)
    ]
    np.testing.assert_allclose(np.asarray(points), np.array(pairs))
    row = table[(table["load"] == "sitting_hours") & (table["lag"] == 1)].iloc[0]
    legend = " ".join(t.get_text() for t in ax.get_legend().get_texts())
    assert f"rho {row['rho']:.2f}" in legend and f"n = {row['n']}" in legend
    assert f"{row['ci_low']:.2f} to {row['ci_high']:.2f}" in legend
    assert by_gid(ax, "fit")
    assert ax.get_xlabel().startswith("Sitting (h)")
    assert ax.get_ylabel() == "Back pain (0-10), next day"


def test_load_vs_pain_edge_cases(one_day, never_rested, days):
    fig = plots.load_vs_pain(one_day, lag=1)  # a single day has no next day
    assert "No days" in plots.no_data_message(fig)
    fig = plots.load_vs_pain(never_rested, "rest_minutes", "back_pain")
    assert "constructive rest" in plots.no_data_message(fig)
    fig = plots.load_vs_pain(
        days, "sitting_hours", "knee_pain", lag=0, start="2026-06-01", end="2026-06-10", n_boot=50
    )
    legend = " ".join(t.get_text() for t in fig.axes[0].get_legend().get_texts())
    assert "not enough data" in legend
    fig = plots.load_vs_pain(days, "towel", "back_pain", lag=1, n_boot=50)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["no", "yes"]


# ---------------------------------------------------------------- heatmap


def test_heatmap_mutes_weak_cells_and_writes_n_everywhere(table):
    fig = plots.association_heatmap(table, pain="back_pain")
    ax = fig.axes[0]
    counts = plots.muted_cells(ax)
    enough = table["enough"]
    assert counts["clear"] == int((enough & (table["q"] < 0.05)).sum()) > 0
    assert counts["muted"] == int((enough & ~(table["q"] < 0.05)).sum()) > 0
    assert counts["not-enough"] == int((~enough).sum())
    n_texts = [t.get_text() for t in ax.texts if "n=" in t.get_text()]
    assert len(n_texts) == len(table)
    assert sorted(int(t.split("n=")[1]) for t in n_texts) == sorted(table["n"])
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "same day",
        "next day",
        "2 days later",
        "3 days later",
    ]
    assert ax.get_yticklabels()[0].get_text() == "Sitting (h)"


def test_heatmap_from_days_with_a_column_never_recorded(never_rested):
    fig = plots.association_heatmap(never_rested, pain="back_pain", n_boot=50)
    counts = plots.muted_cells(fig)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Constructive rest (min)" in labels
    assert counts["not-enough"] >= 8  # rest and strengthening, every lag


def test_heatmap_with_too_few_days(one_day):
    fig = plots.association_heatmap(one_day, pain="back_pain", n_boot=10)
    assert plots.no_data_message(fig) or plots.muted_cells(fig)["clear"] == 0


# ---------------------------------------------------------------- comparisons


def test_comparison_chart_marks_both_means_and_the_interval(days):
    results = analysis.compare_routine(days, outcome="back_pain", lag=1, n_boot=200)
    assert list(results) == [
        "10+ minutes of constructive rest",
        "Towel under sitting bones",
        "Therapy session",
        "8+ hours of sitting",
    ]
    fig = plots.comparison_chart(results)
    ax = fig.axes[0]
    with_x = by_gid(ax, "with").get_offsets()[:, 0]
    without_x = by_gid(ax, "without").get_offsets()[:, 0]
    np.testing.assert_allclose(with_x, [r.mean_with for r in results.values()])
    np.testing.assert_allclose(without_x, [r.mean_without for r in results.values()])
    rest = results["10+ minutes of constructive rest"]
    segment = by_gid(ax, "intervals").get_segments()[0]
    np.testing.assert_allclose(
        segment[:, 0], [rest.mean_without + rest.ci_low, rest.mean_without + rest.ci_high]
    )
    assert [t.get_text() for t in ax.get_yticklabels()] == list(results)
    assert ax.get_xlabel() == "Back pain (0-10), mean on the next day"
    notes = [t.get_text() for t in ax.texts]
    assert any(f"{rest.n_with} vs {rest.n_without}" in n for n in notes)


def test_comparison_chart_edge_cases_and_it_never_compares_again(days, one_day, never_rested):
    fig = plots.comparison_chart(analysis.compare_routine(days, lag=0, n_boot=50))
    assert "same day" in fig.axes[0].get_xlabel()
    assert plots.no_data_message(plots.comparison_chart(analysis.compare_routine(one_day)))
    fig = plots.comparison_chart(analysis.compare_routine(never_rested, n_boot=50))
    notes = [t.get_text() for t in fig.axes[0].texts]
    assert any(n.startswith("not enough data; 0 vs 0") for n in notes)
    with pytest.raises(TypeError, match="draws comparisons already made"):
        plots.comparison_chart(days)


def test_the_routine_is_compared_at_the_target_asked_for(days):
    """A rest target of 15 is counted at 15 and named so: in the comparison's words, its
    chart label and the summary sentence (the copies that used the default are gone)."""
    at_15 = daily(read_log(EXAMPLE), rest_target_minutes=15)
    results = analysis.compare_routine(at_15, n_boot=50, rest_target_minutes=15)
    assert "15+ minutes of constructive rest" in results
    rest = results["15+ minutes of constructive rest"]
    assert "15+ minutes of constructive rest" in rest.summary
    rested = at_15["rest_minutes"].shift(1) >= 15  # on the day before the outcome
    assert rest.n_with == int((rested & at_15[schema.PAIN].notna()).sum())


# ---------------------------------------------------------------- calendars


def test_adherence_calendar_codes_each_day(days):
    fig = plots.adherence_calendar(days)
    codes = plots.calendar_values(fig, "rest")
    assert codes.shape == (7, 26)  # the example log is 26 full weeks, Monday to Sunday
    rest = values(days, "rest_minutes")
    assert int(np.isin(codes, (4, 5)).sum()) == int((rest >= 10).sum())
    assert int((codes == 3).sum()) == int(((rest > 0) & (rest < 10)).sum())
    assert int((codes == 0).sum()) == int((~days["logged"]).sum())
    # Monday 2026-05-25 is the first cell, Sunday 2026-11-22 the last.
    assert codes[0, 0] == plots.REST_CATEGORIES.index(
        "target met" if rest[0] < 20 else "twice the target"
    )
    pain = plots.calendar_values(fig, "pain")
    np.testing.assert_allclose(pain.T.ravel(), values(days, "pain"))
    month_labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert month_labels[0] == "Jun\n2026" and "Nov" in month_labels


def test_adherence_calendar_edge_cases(one_day, never_rested):
    codes = plots.calendar_values(plots.adherence_calendar(one_day), "rest")
    assert np.isfinite(codes).sum() == 1
    codes = plots.calendar_values(plots.adherence_calendar(never_rested, pain=None), "rest")
    finite = codes[np.isfinite(codes)]
    assert set(np.unique(finite)) <= {0, 1}  # not logged or not recorded, never "none"


def test_adherence_calendar_long_log_shows_the_last_year():
    long = daily(generate_log(days=800, seed=2))
    codes = plots.calendar_values(plots.adherence_calendar(long, pain=None), "rest")
    assert codes.shape[1] in (53, 54)


# ---------------------------------------------------------------- week overview


def test_week_overview_against_the_weeks_before(days):
    fig = plots.week_overview(days, "2026-W47", previous=4)
    top, bottom = fig.axes
    this = by_gid(top, "this-week").get_ydata()
    week = days.loc["2026-11-16":"2026-11-22"]
    np.testing.assert_allclose(this, values(week, "pain"))
    before = days.loc["2026-10-19":"2026-11-15", "pain"].to_numpy().reshape(4, 7)
    np.testing.assert_allclose(by_gid(top, "earlier-mean").get_ydata(), np.nanmean(before, axis=0))
    sat = values(week, "sitting_hours")
    np.testing.assert_allclose(
        plots.bar_heights(by_gid(bottom, "bars:sitting_hours")), sat[np.isfinite(sat)]
    )
    assert "2026-W47" in top.get_title(loc="left")
    assert plots.week_start(days, None) == pd.Timestamp("2026-11-16")
    assert plots.week_start(days, "2026-11-18") == pd.Timestamp("2026-11-16")


def test_week_overview_edge_cases(one_day, painless_week):
    fig = plots.week_overview(one_day)
    assert np.isfinite(by_gid(fig.axes[0], "this-week").get_ydata()).sum() == 1
    fig = plots.week_overview(painless_week, "2026-06-08")
    assert np.isnan(by_gid(fig.axes[0], "this-week").get_ydata()).all()
    assert plots.no_data_message(fig) is None  # the weeks before still have pain
    with pytest.raises(ValueError, match="2026-W47"):
        plots.week_start(painless_week, "2026-W99")


# ---------------------------------------------------------------- all of them


@pytest.mark.parametrize("name", sorted(plots.CHARTS))
def test_every_chart_renders_and_draws_into_given_axes(name, days, table):
    chart = plots.CHARTS[name]
    data = table if name == "association_heatmap" else days
    if name == "comparison_chart":
        data = analysis.compare_routine(days, n_boot=50)
    kwargs = {}
    fig = chart(data, **kwargs)
    png = plots.render_png(fig, dpi=40)
    assert png.startswith(b"\x89PNG")
    own = plots.new_figure()
    ax = own.subplots()
    assert chart(data, ax=ax, **kwargs) is own


def test_every_chart_has_its_readme_picture():
    """docs/images holds a picture of each chart, made by scripts/make_screenshots.py."""
    script = (ROOT / "scripts" / "make_screenshots.py").read_text(encoding="utf-8")
    section = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in plots.CHARTS:
        picture = ROOT / "docs" / "images" / f"{name}.png"
        assert picture.read_bytes().startswith(b"\x89PNG"), picture
        assert f'"{name}", plots.{name}(' in script
        assert f"docs/images/{name}.png" in section


def test_robust_line_follows_rho_on_whole_number_ratings(days):
    """Ratings in whole numbers tie most pairwise slopes at 0: the line then goes through
    group means, so it slopes the way rho does instead of lying flat beside it."""
    fig = plots.load_vs_pain(days, "rest_minutes", "back_pain", lag=0)
    line = next(artist for artist in fig.axes[0].lines if artist.get_gid() == "fit")
    (x0, y0), (x1, y1) = line.get_xydata()
    assert analysis.mostly_tied(
        *reversed(
            plots.lagged_pairs(days, "rest_minutes", "back_pain", 0)[["load", "pain"]].to_numpy().T
        )
    )
    assert "means of 10 groups of days" in line.get_label()
    # The label's rho is the associations table's (drift taken out), and the line slopes
    # the same way.
    table = analysis.associations(days, loads=["rest_minutes"], pains=["back_pain"], lags=[0])
    rho = float(table["rho"].iloc[0])
    assert rho < 0 and f"rho {rho:.2f}" in line.get_label().replace("\u2212", "-")
    assert (y1 - y0) / (x1 - x0) < 0


def test_heatmap_marks_a_link_that_follows_the_work_week():
    """Sitting and back pain both higher on work days, unlinked within the week: the clear
    cells carry a dagger and the legend says what it means."""
    rng = np.random.default_rng(4)
    index = pd.date_range("2026-01-05", periods=210, freq="D", name="date")
    work = (index.day_of_week < 5).astype(float)
    days = pd.DataFrame(
        {
            "sitting_hours": 4 + 4 * work + rng.normal(0, 0.8, len(index)),
            "back_pain": 2 + 2 * work + rng.normal(0, 0.8, len(index)),
        },
        index=index,
    )
    table = analysis.associations(days, n_boot=100)
    follows = (table["q"] < 0.05) & (table["weekday_q"] >= 0.05)
    assert follows.any()
    ax = plots.association_heatmap(table, pain="back_pain").axes[0]
    marked = [t for t in ax.texts if t.get_gid() == "work-week"]
    assert len(marked) == int(follows.sum())
    assert all(plots.heatmap.WORK_WEEK_MARK in t.get_text() for t in marked)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"{plots.heatmap.WORK_WEEK_MARK} also follows your work week" in legend
    # the planted next-day sitting link holds within the week: no mark on it
    steady = analysis.associations(daily(generate_log(120, seed=1)), n_boot=0)
    cell = steady[(steady.load == "sitting_hours") & (steady.pain == "back_pain")]
    assert cell.loc[cell.lag == 1, "q"].iloc[0] < 0.05
    assert cell.loc[cell.lag == 1, "weekday_q"].iloc[0] < 0.05
    steady_ax = plots.association_heatmap(steady, pain="back_pain").axes[0]
    sitting_texts = [t for t in steady_ax.texts if abs(t.get_position()[1]) < 1e-9]
    assert sitting_texts and not any(t.get_gid() == "work-week" for t in sitting_texts)


# ---------------------------------------------------------------- calendar day numbers


def day_numbers(ax) -> dict[tuple[int, int], str]:
    """The day-number texts of a calendar by their cell (row = weekday, column = week)."""
    found = [t for t in ax.texts if t.get_gid() == "day-number"]
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t for t in found}
    assert len(cells) == len(found), "two day numbers in one cell"
    return {cell: t.get_text() for cell, t in cells.items()}


def test_adherence_calendar_numbers_each_day_and_no_padding():
    """Wednesday 21 October to Monday 9 November 2026: a column per week from Monday 19
    October, so two padding cells before the first day and six after the last."""
    import datetime

    days = daily(generate_log(days=60, seed=7, start=datetime.date(2026, 10, 1)))
    fig = plots.adherence_calendar(days, start="2026-10-21", end="2026-11-09")
    for ax, name in zip(fig.axes[:2], ("rest", "pain"), strict=True):
        numbers = day_numbers(ax)
        assert len(numbers) == 20  # one per day of the range
        in_range = np.isfinite(plots.calendar_values(fig, "rest"))
        assert in_range.sum() == 20
        assert set(numbers) == {tuple(cell) for cell in np.argwhere(in_range)}, name
        assert numbers[(2, 0)] == "21"  # Wed 21 Oct, the first day
        assert numbers[(4, 1)] == "30"  # Fri 30 Oct
        assert numbers[(6, 1)].split()[0] == "1"  # Sun 1 Nov, the month's first day
        assert numbers[(0, 3)] == "9"  # Mon 9 Nov, the last day
        for padding in [(0, 0), (1, 0), *((row, 3) for row in range(1, 7))]:
            assert padding not in numbers
    first = [
        t for t in fig.axes[0].texts if t.get_gid() == "day-number" and t.get_text().startswith("1")
    ]
    assert [t.get_text() for t in first] == ["1 Nov"]
    assert first[0].get_fontweight() == "bold"


def test_adherence_calendar_day_numbers_read_on_their_fill(days):
    fig = plots.adherence_calendar(days, pain=None)
    codes = plots.calendar_values(fig, "rest")
    colors = {
        (round(t.get_position()[1]), round(t.get_position()[0])): t.get_color()
        for t in fig.axes[0].texts
        if t.get_gid() == "day-number"
    }
    assert len(colors) == len(days)
    darkest = plots.REST_CATEGORIES.index("twice the target")
    lightest = plots.REST_CATEGORIES.index("not logged")
    assert {colors[tuple(c)] for c in np.argwhere(codes == darkest)} == {"white"}
    assert "white" not in {colors[tuple(c)] for c in np.argwhere(codes == lightest)}


def test_the_readme_pages_are_the_browser_tests_pictures():
    """The README's pictures of the dashboard and JupyterLab are ones the browser tests
    save (PSOAS_SCREENSHOTS), through scripts/make_screenshots.py --browser."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tests = (ROOT / "tests" / "test_browser.py").read_text(encoding="utf-8")
    script = (ROOT / "scripts" / "make_screenshots.py").read_text(encoding="utf-8")
    pages = re.findall(r"docs/images/((?:dashboard|jupyterlab)\w*)\.png", readme)
    assert {"dashboard", "jupyterlab_explorer"} <= set(pages)
    for name in pages:
        assert f'shot(page, "{name}")' in tests and f'"{name}"' in script, name
        assert (ROOT / "docs" / "images" / f"{name}.png").read_bytes().startswith(b"\x89PNG")


def test_robust_line_is_scipys_theil_sen_line():
    """The line load_vs_pain draws is scipy.stats.theilslopes' slope and intercept, made
    without importing scipy.stats (which the explorer's first scatter would wait for)."""
    from scipy import stats as sps

    from psoas_track.plots.associations import _robust_line

    rng = np.random.default_rng(4)
    for n in (5, 60, 700, 2000):  # 2000: fitted on 1 day in 3
        x = rng.gamma(3, 2, n)
        y = np.clip(0.3 * x + rng.normal(0, 2, n), 0, 10)
        line = _robust_line(x, y)
        step = -(-n // 800)
        fit = sps.theilslopes(y[::step], x[::step])
        expected = fit.intercept + fit.slope * np.array([x.min(), x.max()])
        assert np.allclose(line.ys, expected, atol=1e-12), n
