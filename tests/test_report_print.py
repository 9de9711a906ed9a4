"""The weekly report on paper: the demo week printed by the system's Chromium."""

from __future__ import annotations

import re
import subprocess

import pytest

from psoas_track import report

PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


@pytest.fixture(scope="module", params=["a4", "letter"])
def printed(request, tmp_path_factory, chromium):
    out = tmp_path_factory.mktemp(request.param)
    return request.param, report.render_week(report.EXAMPLE_LOG, "2026-W47", out, pdf=request.param)


def test_the_demo_week_prints_on_at_most_four_pages_of_its_paper(printed):
    paper, rendered = printed
    data = rendered.pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert 1 <= len(PAGE.findall(data)) <= 4
    width, height = (float(v) for v in MEDIA_BOX.search(data).groups())
    expected = {"a4": (595.0, 842.0), "letter": (612.0, 792.0)}[paper]
    assert (round(width), round(height)) == expected
    assert rendered.pdf.parent == rendered.html.parent
    assert not [p for p in rendered.pdf.parent.iterdir() if p.name.startswith(".")]


def test_the_first_page_holds_the_summary_and_the_detail_starts_after_it(printed, pdftotext):
    _, rendered = printed
    page = subprocess.run(
        [pdftotext, "-f", "1", "-l", "1", "-layout", str(rendered.pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for words in ("Weekly report 2026-W47", "This week at a glance", "Back pain",
                  "Constructive rest:", "What stands out:", "Data quality:"):  # fmt: skip
        assert words in page, words
    assert "What goes with more or less pain" not in page  # the detail is on later pages
    html = rendered.html.read_text(encoding="utf-8")
    page_break = html.index('<div class="page-break">')
    assert html.index("This week at a glance") < page_break < html.index("<h2>Pain<")


def test_without_chromium_the_pdf_is_refused_in_words_before_any_kernel(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser on it
    with pytest.raises(report.ReportError, match="Making a PDF needs the Chromium browser"):
        report.render_week(report.EXAMPLE_LOG, "2026-W47", tmp_path / "out", pdf="a4")
    assert not list((tmp_path / "out").glob("*"))
