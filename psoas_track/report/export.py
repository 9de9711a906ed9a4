"""Step 3 of a report: the executed notebook as offline HTML (no code, nothing from the
web; both stock nbconvert templates load scripts from a CDN, so ours empties them), and
that HTML printed to PDF by the system's headless Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from psoas_track.report.errors import ReportError
from psoas_track.report.folders import WORK_FOLDERS
from psoas_track.report.parameters import HERE, leave_out_iri_grammar

HTML_TEMPLATES = HERE / "templates"
HTML_TEMPLATE_NAME = "offline"


@functools.cache
def _html_exporter() -> Any:
    leave_out_iri_grammar()
    from nbconvert import HTMLExporter

    from psoas_track.report.safe import clean_html

    return HTMLExporter(
        template_name=HTML_TEMPLATE_NAME,
        extra_template_basedirs=[str(HTML_TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        # Never inline an image a Markdown string names: a note could name any file.
        embed_images=False,
        # A second wall behind report.safe.text: every Markdown and HTML output cleaned.
        sanitize_html=True,
        filters={"clean_html": clean_html},
    )


def warm_html_exporter() -> None:
    """Import nbconvert and compile our template (~0.7 s) while the kernel works."""
    leave_out_iri_grammar()
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("warm-up")])
    _html_exporter().from_notebook_node(notebook)


def export_html(notebook: Path, html: Path) -> Path:
    """A self-contained HTML file: no code, no prompts, images inline, nothing from the web."""
    import nbformat

    body, _ = _html_exporter().from_notebook_node(nbformat.read(notebook, as_version=4))
    html.write_text(body, encoding="utf-8")
    return html


PAPER_SIZES = {"a4": "A4", "letter": "letter"}


def chromium() -> str:
    """The system's Chromium, or a ReportError saying how to install it."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise ReportError(
        "Making a PDF needs the Chromium browser, which is not installed here. Install it "
        "(on Debian or Ubuntu: sudo apt install chromium) or leave out --pdf: the HTML "
        "report prints from any browser."
    )


def print_pdf(html: Path, pdf: Path, paper: str = "a4") -> Path:
    """Print the offline HTML to PDF with the system's headless Chromium, on A4 or Letter
    (the template's print CSS lays out the pages); no network, no download."""
    if paper not in PAPER_SIZES:
        raise ReportError(f"The paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}.")
    page = f"<style>@page {{ size: {PAPER_SIZES[paper]}; }}</style></head>"
    sized = pdf.with_suffix(".print.html")
    sized.write_text(html.read_text(encoding="utf-8").replace("</head>", page, 1), "utf-8")
    with tempfile.TemporaryDirectory(
        prefix=f"{WORK_FOLDERS}{os.getpid()}-", dir=pdf.parent
    ) as profile:
        command = [
            chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", f"--user-data-dir={profile}", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}", sized.as_uri(),
        ]  # fmt: skip
        try:
            subprocess.run(command, capture_output=True, timeout=120, check=True)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise ReportError(f"Chromium could not print {html.name} to PDF ({error}).") from error
    sized.unlink()
    if not pdf.exists():
        raise ReportError(f"Chromium did not write {pdf.name}; try again, or print the HTML.")
    return pdf
