"""Step 2's engine: Python kernels for reports, reached over IPC socket files, kept warm.

Kernels talk over IPC, so no TCP port is open and parallel renders never race for ports.
Starting a kernel and importing pandas and matplotlib in it costs seconds; a worker that
renders many weeks keeps one kernel for all of them (`warm_kernel`).
"""

from __future__ import annotations

import functools
import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from psoas_track.report.errors import ReportError
from psoas_track.report.folders import remove_left_behind
from psoas_track.report.parameters import TEMPLATE

KERNEL_FILES = "psoas-kernel-"


@functools.cache  # one class for every kernel; built lazily, jupyter_client is heavy
def _ipc_kernel_manager() -> type:
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum

    class IPCKernelManager(AsyncKernelManager):
        """A kernel reached through socket files in the runtime folder, not TCP ports."""

        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.clients_made: list[Any] = []

        def _ip_default(self) -> str:
            # jupyter_client's default is 'kernel-ipc' in the working folder, the same
            # files for every kernel started there: parallel renders would share them.
            from jupyter_core.paths import jupyter_runtime_dir

            os.makedirs(jupyter_runtime_dir(), exist_ok=True)
            return os.path.join(jupyter_runtime_dir(), _kernel_file_name())

        def _connection_file_default(self) -> str:
            # Named by our process id too, so a later run can remove what a killed one left.
            from jupyter_core.paths import jupyter_runtime_dir

            return os.path.join(jupyter_runtime_dir(), _kernel_file_name() + ".json")

        def client(self, **kwargs: Any) -> Any:
            # nbclient leaves a client it did not make the kernel for running (sockets and a
            # heartbeat thread); we keep them to stop them after each report.
            made = super().client(**kwargs)
            self.clients_made.append(made)
            return made

        def stop_clients(self) -> None:
            while self.clients_made:
                self.clients_made.pop().stop_channels()

        async def _launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            # The kernel's own console chatter ("KeyboardInterrupt caught in kernel" at
            # shutdown) would land in the person's terminal; errors reach us as messages.
            kw.setdefault("stdout", subprocess.DEVNULL)
            kw.setdefault("stderr", subprocess.DEVNULL)
            await AsyncKernelManager._async_launch_kernel(self, kernel_cmd, **kw)

    return IPCKernelManager


def _kernel_file_name() -> str:
    return f"{KERNEL_FILES}{os.getpid()}-{uuid.uuid4().hex}"


@contextmanager
def warm_kernel(cwd: Path = TEMPLATE.parent) -> Iterator[Any]:
    """One IPC kernel kept running for several reports, shut down at the end.

    Starting a kernel and importing pandas, scipy and matplotlib in it costs seconds;
    a worker that renders many weeks pays that once.
    """
    from jupyter_core.paths import jupyter_runtime_dir
    from jupyter_core.utils import run_sync

    remove_left_behind(Path(jupyter_runtime_dir()), KERNEL_FILES)
    manager = _ipc_kernel_manager()(kernel_name="python3")
    try:
        run_sync(manager.start_kernel)(cwd=str(cwd))
    except Exception as error:  # no kernel: say so in words
        raise ReportError(
            f"Could not start Python to run the report ({type(error).__name__}: {error}). "
            "Check that the package was installed with its dependencies (see README)."
        ) from error
    _preload(manager)
    try:
        yield manager
    finally:
        run_sync(manager.shutdown_kernel)(now=True)


# What the report template imports; the kernel loads it while the caller reads the log.
PRELOAD = (
    "import pandas, matplotlib.pyplot, psoas_track.plots, psoas_track.report.content, "
    "psoas_track.report.week"
)


def _preload(manager: Any) -> None:
    """Ask the kernel to import the report's modules now, without waiting for it."""
    client = manager.blocking_client()
    client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
    try:
        client.execute(PRELOAD, silent=True, store_history=False)
    finally:
        client.stop_channels()
