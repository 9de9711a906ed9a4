"""Where the dashboard keeps its files and the addresses its page uses: the names that
serve.py (the command), server.py (the web server) and page.py (the kernel behind the
page) share. Nothing here reads or writes a file.
"""

from __future__ import annotations

import re
from pathlib import Path

#: The log the page opens with, handed from the command to the page's kernel.
LOG_ENV = "PSOAS_TRACK_LOG"

#: One start's private folder (0700) in the temporary folder: `psoas-dashboard-<pid>-...`,
#: the pid the command's, so that a later start can tell what a killed one left.
PRIVATE_PREFIX = "psoas-dashboard-"
#: Voilà's settings in the private folder, the token among them (0600): never on a
#: command line or in an environment.
SETTINGS = "voila.json"
#: The notebook Voilà shows, in a folder of its own (Voilà names the browser tab after it).
PAGE = Path("page") / "psoas_track.ipynb"
#: A page that sends the browser on to the dashboard, token included (as Jupyter's
#: `jpserver-<pid>-open.html`): the browser is started on this file, not on the address.
OPEN_PAGE = "open.html"
SERVER_LOG = "voila.log"

#: Reports made from the page go to `reports/` beside the log, as `psoas-track report`
#: run in the log's folder puts them.
REPORTS = "reports"
#: The address the page links a report by, and the only names served there.
REPORT_ROUTE = "psoas/reports/"
REPORT_NAME = re.compile(r"\d{4}-W\d{2}\.html")
#: Answers the start-up check with the start's own secret: proof that the server that
#: answers is this one.
ALIVE_ROUTE = "psoas/alive"


def reports_folder(log_folder: str | Path) -> Path:
    """Where the page's reports of the logs in `log_folder` go: `reports/` in it."""
    return Path(log_folder) / REPORTS
