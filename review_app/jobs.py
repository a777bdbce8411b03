"""Alignments the app runs in the background, so that no click, reload or second browser restarts or loses one.

An alignment in the page's own script ran only as long as that run: a click on any widget meanwhile (a bead of the
open review, the sidebar) started a new run and threw the alignment away, minutes of encoding on a long pair, and
a version set's was lost without a word. Here each alignment is a thread of the server process with its progress
in a registry: the page shows it in a fragment that redraws itself each second, the rest of the page stays usable,
and the session that started it (or a reload of it, by ``?job=`` in the address) opens the result when it is done.
The seed review of a fresh database is one job per database, so two browsers opening it align it once.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st

from align.errors import AlignError
from align.progress import TimeLeft
from review_app.state import flash, md_escape

log = logging.getLogger(__name__)

Progress = Callable[[float | None, str], None]
#: What a job runs: it reports progress through its argument and returns the id of what it stored.
Work = Callable[[Progress], int]
#: Finished jobs are kept this long for a reload or another browser to pick up, then dropped.
KEEP_FINISHED_S = 600.0


@dataclass
class Job:
    """One alignment running (or run) in the background; written by its thread, read by the page."""

    id: str
    title: str
    opens: str  # what the result is: "review" or "set" (the key the page opens it by)
    fraction: float | None = 0.0  # None: how much is left is not known (the steps of a version set)
    message: str = "Starting"
    started_at: float = field(default_factory=time.monotonic)
    seconds_left: float | None = None
    result: int | None = None
    error: str | None = None
    finished_at: float | None = None
    #: Said under the progress bar: where the reviewer stands meanwhile.
    note: str = "Runs on the server: you can go on reviewing meanwhile; the new one opens when it is ready."
    _estimate: TimeLeft = field(default_factory=TimeLeft, repr=False)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def report(self, fraction: float | None, message: str) -> None:
        self.message = message
        if fraction is None:
            self.fraction = self.seconds_left = None
            return
        self.fraction = min(max(fraction, 0.0), 1.0)
        self.seconds_left = self._estimate.update(self.fraction, time.monotonic())


_JOBS: dict[str, Job] = {}
_LOCK = threading.Lock()


def start(title: str, opens: str, work: Work, *, job_id: str | None = None, note: str | None = None) -> Job:
    """Run ``work`` in a thread of its own; → its job. With ``job_id``, a job of that id that is running (or
    finished a moment ago) is returned instead of starting the work a second time. ``note``: said under its
    progress instead of the default (which offers to go on reviewing)."""
    with _LOCK:
        _forget_old()
        if job_id is not None and job_id in _JOBS:
            return _JOBS[job_id]
        job = Job(id=job_id or uuid.uuid4().hex[:12], title=title, opens=opens)
        if note is not None:
            job.note = note
        _JOBS[job.id] = job
    threading.Thread(target=_run, args=(job, work), name=f"align-job-{job.id}", daemon=True).start()
    return job


def get(job_id: str | None) -> Job | None:
    with _LOCK:
        return _JOBS.get(job_id) if job_id else None


def active() -> list[Job]:
    """The jobs still running (a server about to stop, or a test, waits for them)."""
    with _LOCK:
        return [j for j in _JOBS.values() if not j.finished]


def forget(job_id: str) -> None:
    """Drop a finished job (a failed seed alignment, so that "Try again" starts a new one)."""
    with _LOCK:
        job = _JOBS.get(job_id)
        if job is not None and job.finished:
            del _JOBS[job_id]


def _run(job: Job, work: Work) -> None:
    try:
        job.result = work(job.report)
    except AlignError as exc:  # bad input, refused by the store or the account's rights: the user's message
        job.error = str(exc)
    except Exception as exc:  # a bug: the page says so in one line, the server's log has the traceback
        log.exception("alignment job %s failed", job.id)
        job.error = f"the alignment failed ({type(exc).__name__}: {exc}); the server's log has the details"
    finally:
        job.finished_at = time.monotonic()


def _forget_old() -> None:
    now = time.monotonic()
    for key in [k for k, j in _JOBS.items() if j.finished_at is not None and now - j.finished_at > KEEP_FINISHED_S]:
        del _JOBS[key]


# ---- the page's side: which job this browser waits for, and its progress ----

_SESSION_KEY = "_job"


def follow(job: Job) -> None:
    """This browser waits for ``job``: its progress is shown and its result opened; kept in the address (?job=)
    so that a reload keeps waiting for it."""
    st.session_state[_SESSION_KEY] = job.id
    st.query_params["job"] = job.id


def followed() -> Job | None:
    """The job this browser waits for (after a reload: the one the address names), if the server still has it."""
    s = st.session_state
    if _SESSION_KEY not in s and st.query_params.get("job"):
        s[_SESSION_KEY] = st.query_params["job"]
    job = get(s.get(_SESSION_KEY))
    if job is None and _SESSION_KEY in s:  # the server was restarted, or it finished long ago: nothing to wait for
        _stop_following()
        flash(
            "warning",
            "The alignment this page was waiting for is no longer on the server (it was restarted, or the "
            "alignment ended long ago): if it finished, its review is in the list; if not, start it again.",
        )
    return job


def running() -> bool:
    """Whether this browser has an alignment running (the forms refuse a second one meanwhile)."""
    job = followed()
    return job is not None and not job.finished


def _stop_following() -> None:
    st.session_state.pop(_SESSION_KEY, None)
    st.query_params.pop("job", None)


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


def progress_view() -> None:
    """The followed job's progress, if this browser follows one (no fragment ticking on every idle page)."""
    if followed() is not None:
        _progress()


@st.fragment(run_every=1.0)
def _progress() -> None:
    """The followed job's progress bar with the time left, redrawn each second without the rest of the page; when
    the job is done, the page is run again and opens its result (or shows why it failed)."""
    job = followed()
    if job is None:
        return
    if job.finished:
        _stop_following()
        if job.error is not None:
            flash("error", f"{job.title}: {job.error}")
        else:
            # Opened by the next run: the review and set lists are already drawn in this one.
            st.session_state[f"_open_{job.opens}"] = job.result
            st.session_state["new_open" if job.opens == "review" else "set_new_open"] = False
        st.rerun(scope="app")
    st.markdown(f"**{md_escape(job.title)}**")
    if job.fraction is None:
        st.caption(md_escape(f"{job.message} · {_duration(time.monotonic() - job.started_at)} so far"))
    else:
        left = f" · about {_duration(job.seconds_left)} left" if job.seconds_left is not None else ""
        st.progress(job.fraction, text=md_escape(f"{job.message} · {job.fraction:.0%}{left}"))
    st.caption(md_escape(job.note))
