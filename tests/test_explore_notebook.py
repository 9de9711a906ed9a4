"""notebooks/explore.ipynb runs top to bottom in a real kernel; notebooks carry no outputs."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXPLORE = NOTEBOOKS / "explore.ipynb"


def _ipc_kernel_manager(runtime: Path) -> type:
    """A kernel on socket files (no TCP port) started with this interpreter."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum

    class IPCKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        def _ip_default(self) -> str:
            return str(runtime / "kernel")

        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            return [sys.executable, *cmd[1:]] if "ipykernel" in " ".join(cmd) else cmd

    return IPCKernelManager


REPORT_TEMPLATE = ROOT / "psoas_track" / "report" / "weekly_report.ipynb"


@pytest.mark.parametrize(
    "path", [*sorted(NOTEBOOKS.glob("*.ipynb")), REPORT_TEMPLATE], ids=lambda p: p.name
)
def test_notebooks_are_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} holds outputs: clear them"
            assert cell.get("execution_count") is None, f"{path.name} holds run counts"


def test_explore_notebook_is_thin_and_takes_log_path():
    import papermill

    parameters = papermill.inspect_notebook(str(EXPLORE))
    assert list(parameters) == ["LOG_PATH"]
    assert parameters["LOG_PATH"]["default"] == '"../data/example_log.csv"'
    notebook = json.loads(EXPLORE.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    first = "".join(code[0]["source"])
    assert first.startswith("%matplotlib inline") and "parameters" in code[0]["metadata"]["tags"]
    for cell in code[2:]:  # after the imports, every cell calls the package
        source = "".join(cell["source"])
        assert any(name in source for name in ("widgets.", "plots.", "analysis.")), source
        assert "import " not in source


def test_explore_notebook_runs_top_to_bottom_on_a_test_log(tmp_path, monkeypatch):
    import papermill

    from psoas_track.sample import generate_log, write_log

    log = tmp_path / "test log.csv"
    write_log(generate_log(days=120, seed=11), log)
    monkeypatch.setenv("MPLBACKEND", "Agg")  # as in CI: %matplotlib inline must cope
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
    output = tmp_path / "explore.out.ipynb"
    papermill.execute_notebook(
        str(EXPLORE),
        str(output),
        parameters={"LOG_PATH": str(log)},
        kernel_name="python3",
        cwd=str(NOTEBOOKS),
        progress_bar=False,
        request_save_on_cell_execute=False,
        start_timeout=60,
        execution_timeout=120,
        kernel_manager_class=_ipc_kernel_manager(runtime),
    )
    notebook = json.loads(output.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    outputs = [o for c in code for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    text = "".join("".join(o.get("text", "")) for o in outputs)
    assert "Rows read:" in text and "Date order:" in text
    assert "constructive rest" in text.lower()
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 6  # trend, heatmap, scatter, comparisons, calendars, week
    widgets = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(widgets) == 1  # the explorer
    assert os.fspath(log) in json.dumps(notebook["cells"][:4])  # the injected LOG_PATH
