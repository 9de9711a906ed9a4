"""The dashboard's web server: Voilà as `psoas-track dashboard` runs it, in a process of
its own (`python -m psoas_track.dashboard.server FOLDER PARENT`).

What every dashboard is, in code here: 127.0.0.1 only, on the one port it was given
(never another); Host localhost or a loopback address only (a web page whose name was
pointed at 127.0.0.1, "DNS rebinding", is refused); websockets from this page only
(jupyter_server's Origin check); no file served but the reports, each behind the token;
a page's kernel shut down once the page has gone; the server dies with the command.
What one start is (its token, port, secret and log folder) Voilà reads from the settings
file in the private folder the server runs in (private.py), and from nowhere else.
"""

from __future__ import annotations

import datetime
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Unicode, default
from traitlets.config import Config
from voila.app import Voila

from psoas_track.dashboard.places import (
    ALIVE_ROUTE,
    PAGE,
    REPORT_NAME,
    REPORT_ROUTE,
    reports_folder,
)
from psoas_track.report.runs import die_with_parent

#: Our Voilà template (share/voila/templates/psoas): Voilà's lab one without CDN links.
SHARE = Path(__file__).resolve().parent / "share"
#: A page's kernel with no page connected to it is shut down after this many idle
#: seconds (a page that was closed without saying so, or a load by a script).
GONE_AFTER_SECONDS = 20
#: ...and at once when another page loads, if it has been idle this long (a browser
#: connects to its page's kernel as soon as the page has arrived).
REPLACED_AFTER_SECONDS = 3


class PageKernels(AsyncMappingKernelManager):
    """One kernel per open page: the kernels of pages that went are shut down, so memory
    stays flat however often the page is loaded (Voilà starts a kernel on every load)."""

    async def start_kernel(self, **kwargs: Any) -> str:
        for kernel_id in self.list_kernel_ids():
            try:
                if self._page_gone(kernel_id, REPLACED_AFTER_SECONDS):
                    await self.shutdown_kernel(kernel_id)
            except Exception as error:  # gone meanwhile (its page said goodbye): no matter
                self.log.info("Kernel %s was not shut down here: %r", kernel_id, error)
        return await super().start_kernel(**kwargs)

    def _page_gone(self, kernel_id: str, idle_seconds: float) -> bool:
        """No page connected, not running anything, and idle for `idle_seconds`."""
        model = self.kernel_model(kernel_id)
        idle = _utcnow() - self.get_kernel(kernel_id).last_activity
        return (
            model["connections"] == 0
            and model["execution_state"] != "busy"
            and idle.total_seconds() >= idle_seconds
        )


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


#: Settings every dashboard has; the settings file adds one start's own.
POLICY = Config(
    {
        "Voila": {"ip": "127.0.0.1", "port_retries": 0, "open_browser": False},
        "VoilaConfiguration": {
            "template": "psoas",
            "file_allowlist": [],  # Voilà's own file route serves files to anyone: none
            "show_tracebacks": False,
            "multi_kernel_manager_class": PageKernels,
        },
        "MappingKernelManager": {
            "cull_idle_timeout": GONE_AFTER_SECONDS,
            "cull_interval": 5,
            "cull_connected": False,  # an open page's kernel stays, however long idle
            "cull_busy": False,  # a page still loading keeps its kernel
        },
        # The login cookie is not sent with requests other sites' pages make.
        "IdentityProvider": {"cookie_options": {"samesite": "Lax"}},
    }
)


class DashboardServer(Voila):
    nonce = Unicode(config=True, help="This start's secret, for the start-up check.")
    log_folder = Unicode(config=True, help="The folder of the log the dashboard shows.")

    @default("config_file_paths")
    def _only_the_private_folder(self) -> list[str]:
        return [os.getcwd()]  # never a voila.json from ~/.jupyter or the log's folder

    @default("connection_dir_root")
    def _kernel_files_in_the_private_folder(self) -> str:
        return os.getcwd()

    def initialize(self, argv: Any = None) -> None:
        self.update_config(POLICY)  # the settings file, read next, adds this start's own
        super().initialize(argv)

    def init_settings(self) -> dict:
        settings = super().init_settings()
        settings.update(
            allow_remote_access=False,  # Voilà allows any Host; jupyter_server's check
            local_hostnames=["localhost"],  # Host: 127.0.0.1 (any loopback) or localhost
            psoas_nonce=self.nonce,
            psoas_reports=str(reports_folder(self.log_folder)),
        )
        return settings

    def init_handlers(self) -> list:
        ours = [
            (f"/{ALIVE_ROUTE}", AliveHandler),
            (f"/{REPORT_ROUTE}({REPORT_NAME.pattern})", ReportHandler),
        ]
        return ours + super().init_handlers()  # before Voilà's catch-all page route


class AliveHandler(APIHandler):
    """This start's secret, to the token only: proof that the server answering is ours."""

    @web.authenticated
    def get(self) -> None:
        self.finish(json.dumps({"nonce": self.settings["psoas_nonce"]}))


class ReportHandler(JupyterHandler):
    """A weekly report from `reports/` beside the log, to the token or its cookie only."""

    @web.authenticated
    def get(self, name: str) -> None:
        path = Path(self.settings["psoas_reports"]) / name
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            raise web.HTTPError(404) from None
        with os.fdopen(fd, "rb") as report:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise web.HTTPError(404)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("X-Content-Type-Options", "nosniff")
            self.finish(report.read())


def main(argv: list[str]) -> None:
    """Serve from the private folder `argv[0]` while the process `argv[1]` lives."""
    folder, parent = Path(argv[0]), int(argv[1])
    die_with_parent(parent)
    os.chdir(folder)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(SHARE), os.environ.get("JUPYTER_PATH", "")) if p
    )
    DashboardServer.launch_instance([str(folder / PAGE)])


if __name__ == "__main__":
    main(sys.argv[1:])
