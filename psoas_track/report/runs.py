"""Many weeks at once: `report --all` on worker processes, each with one warm kernel.

Weeks whose report would come out the same (the key in their .json, keys.py) are
skipped. A week that fails is named with its reason and the others go on. The workers
die with the parent, even on `kill -9` (Linux: a parent-death signal), and shut their
kernels down; Ctrl-C stops them within seconds and nothing half-made is left (each
week is renamed into place whole, render.render_week).
"""

from __future__ import annotations

import os
import queue
import signal
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psoas_track.report.errors import ReportError
from psoas_track.report.export import chromium
from psoas_track.report.folders import Rendered, writable_folder
from psoas_track.report.kernels import warm_kernel
from psoas_track.report.keys import recorded_key
from psoas_track.report.parameters import TEMPLATE, check_parameters
from psoas_track.report.render import render_week, week_key_of

#: Seconds the workers get to shut their kernels down after Ctrl-C before they are killed.
STOP_GRACE = 5.0


@dataclass
class Run:
    """What `render_weeks` did: weeks rendered, weeks already up to date, weeks that failed
    (week -> reason), and whether it was stopped before the end."""

    rendered: list[Rendered] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    stopped: bool = False

    def summary(self, total: int) -> str:
        if self.stopped:
            done = len(self.rendered) + len(self.up_to_date)
            return f"Stopped: {done} of {total} weeks rendered; run again to finish."
        parts = [f"{len(self.up_to_date)} weeks up to date", f"{len(self.rendered)} rendered"]
        if self.failed:
            parts.append(f"{len(self.failed)} could not be made")
        return ", ".join(parts) + "."


def weeks_to_render(
    log_path: str | Path,
    weeks: Iterable[str],
    out_dir: Path,
    params: dict[str, Any],
    pdf: str | None = None,
) -> tuple[list[str], list[str]]:
    """(weeks whose report is missing, or its PDF, or made from something else; weeks up
    to date)."""
    todo, current = [], []
    for week in weeks:
        key = week_key_of(log_path, week, params, TEMPLATE)
        same = recorded_key(out_dir / f"{week}.json") == key
        whole = pdf is None or (out_dir / f"{week}.pdf").exists()
        (current if same and whole else todo).append(week)
    return todo, current


# ---------------------------------------------------------------- in each worker

_FINISHED: Any = None  # the queue a worker reports each finished week on


def die_with_parent(parent: int) -> None:
    """Linux: have the kernel send SIGTERM to this process when its parent dies, however
    it ends (kill -9 too): report workers and the dashboard's server."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # unwinds through warm_kernel: its kernel shuts down


def _start_worker(finished: Any, parent: int) -> None:
    global _FINISHED
    _FINISHED = finished
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, _stop)
    die_with_parent(parent)


def _render_share(
    log_path: str, weeks: list[str], out_dir: str, pdf: str | None, params: dict[str, Any]
) -> tuple[list[Rendered], dict[str, str]]:
    """A worker's share of the weeks on one kernel (a new one if a week's kernel died);
    each week, made or failed, goes to the queue."""
    from jupyter_core.utils import run_sync

    done: list[Rendered] = []
    failed: dict[str, str] = {}
    pending = list(weeks)
    try:
        while pending:
            with warm_kernel() as kernel:
                while pending:
                    week = pending.pop(0)
                    try:
                        made = render_week(
                            log_path, week, out_dir, kernel=kernel, pdf=pdf, **params
                        )
                        done.append(made)
                    except ReportError as error:
                        failed[week] = str(error)
                    _FINISHED.put((week, failed.get(week)))
                    if week in failed and not run_sync(kernel.is_alive)():
                        break  # the rest on a new kernel
    except SystemExit:
        os._exit(143)  # stopped: the kernel is shut down, the parent is gone or stopping
    return done, failed


# ---------------------------------------------------------------- in the parent


def render_weeks(
    log_path: str | Path,
    weeks: Iterable[str],
    out_dir: str | Path = "reports",
    jobs: int | None = None,
    progress: bool = True,
    force: bool = False,
    pdf: str | None = None,
    **params: Any,
) -> Run:
    """Render many weeks in parallel worker processes, with a progress bar.

    Weeks whose .json shows they were made from the same rows, settings, template and
    version are skipped unless `force`. Each worker keeps one kernel for all its weeks.
    """
    import multiprocessing

    from tqdm.auto import tqdm

    check_parameters(params)
    out_dir = writable_folder(out_dir)
    if pdf is not None:
        chromium()  # before any worker starts
    weeks = list(weeks)
    run = Run()
    todo, run.up_to_date = (
        (weeks, []) if force else weeks_to_render(log_path, weeks, out_dir, params, pdf)
    )
    if not todo:
        return run
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    shares = [todo[i::jobs] for i in range(jobs)]
    finished = multiprocessing.get_context("fork").Queue()
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(finished, os.getpid()),
    )
    bar = tqdm(total=len(todo), unit="report", disable=not progress, desc="Rendering")
    reported: list[tuple[str, str | None]] = []  # (week, reason it failed or None)
    try:
        futures = [
            pool.submit(_render_share, str(log_path), share, str(out_dir), pdf, params)
            for share in shares
        ]
        while bar.n < len(todo) and not all(f.done() for f in futures):
            try:
                reported.append(finished.get(timeout=0.2))
                bar.update()
            except queue.Empty:
                pass
        for future in futures:
            done, failed = future.result()
            run.rendered.extend(done)
            run.failed.update(failed)
        bar.update(len(todo) - bar.n)
        pool.shutdown()
    except KeyboardInterrupt:
        run.stopped = True
        _stop_workers(pool)
        reported += _drain(finished)
        run.rendered = [
            Rendered.at(out_dir, week, bool(pdf)) for week, reason in reported if reason is None
        ]
        run.failed = {week: reason for week, reason in reported if reason is not None}
    finally:
        bar.close()
    run.rendered.sort(key=lambda r: r.week)
    return run


def _drain(finished: Any) -> list[Any]:
    out = []
    while True:
        try:
            out.append(finished.get(timeout=0.05))
        except (queue.Empty, OSError, EOFError):
            return out


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """SIGTERM to every worker (each shuts its kernel down), then SIGKILL after the grace."""
    import time

    workers = list((pool._processes or {}).values())  # noqa: SLF001 (no public way)
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
    deadline = time.monotonic() + STOP_GRACE
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            worker.kill()
            worker.join()
    pool.shutdown(wait=False, cancel_futures=True)
