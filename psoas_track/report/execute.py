"""Step 2 of a report: the template run by papermill on a kernel, errors in words."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from psoas_track.report.errors import ReportError
from psoas_track.report.parameters import leave_out_iri_grammar


def execute(
    template: Path, notebook: Path, parameters: dict[str, Any], kernel: Any, out_dir: Path
) -> None:
    """Run the template with the parameters on the kernel into `notebook`, errors in words
    (a notebook that stopped with an error is kept as <week>.failed.ipynb in `out_dir`)."""
    leave_out_iri_grammar()
    import papermill

    label = parameters["week"]
    try:
        papermill.execute_notebook(
            str(template),
            str(notebook),
            parameters=parameters,
            request_save_on_cell_execute=False,
            progress_bar=False,
            kernel_name="python3",
            cwd=str(template.parent),
            km=kernel,
        )
    except papermill.PapermillExecutionError as error:
        kept = out_dir / f"{label}.failed.ipynb"
        os.replace(notebook, kept)
        raise ReportError(
            f"The report for {label} stopped with an error in the notebook "
            f"({error.ename}: {error.evalue}). The partly made notebook is {kept}."
        ) from error
    except (RuntimeError, TimeoutError) as error:  # nbclient: the kernel died or hung
        raise ReportError(
            f"The report for {label} could not be made: the notebook's Python process "
            f"stopped ({type(error).__name__}: {error}). Try again; if it happens again, "
            f"open {template} in JupyterLab and run it to see why."
        ) from error
