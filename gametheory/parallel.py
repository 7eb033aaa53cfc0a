"""Run chunks of work in order: in this process, on local processes, or on Dask.

Every executor takes a *shared* object (the game and the settings, sent to each
worker once) and a list of chunk payloads, calls ``work(shared, payload)`` for
each, and yields ``(chunk number, result)`` **in chunk order**, holding back
chunks that finish early.  So the output does not depend on the executor or on
the number of workers.  At most a few chunks per worker are in flight, which
bounds memory on long runs.

* ``"serial"``: a plain loop (one worker, or tiny runs);
* ``"process"``: :class:`concurrent.futures.ProcessPoolExecutor`, all cores by default;
* ``"dask"``: a ``dask.distributed`` client -- one given, one connected to
  ``scheduler`` (``tcp://host:port``), or a ``LocalCluster`` started for the run.
  Dask is optional (``pip install gametheory[dask]``) and imported only here.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Iterator, Sequence

from .exceptions import UnsupportedGameError

EXECUTORS = ("serial", "process", "dask")

_SHARED: Any = None


def _init_worker(shared) -> None:
    global _SHARED
    _SHARED = shared
    import signal
    # Ctrl-C is the parent's business: it stops submitting, cancels what is queued,
    # terminates the workers and leaves the file as a clean prefix; workers do not
    # print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the parent's SIGTERM handler (the parent turns SIGTERM into
    # an interrupt while a run is going); reset it, so that terminate() ends the worker.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _call(work, payload):
    return work(_SHARED, payload)


class Terminated(KeyboardInterrupt):
    """SIGTERM received by the parent: handled like Ctrl-C (stop, keep the prefix)."""


class _sigterm_as_interrupt:
    """While a run is in progress, SIGTERM raises :class:`Terminated` in the parent
    (main thread only), so that the same clean-up as for Ctrl-C runs: workers
    are stopped, the file is left as a resumable prefix."""

    def __enter__(self):
        import signal
        import threading
        self.old = None
        if threading.current_thread() is threading.main_thread():
            def handler(signum, frame):
                raise Terminated()
            self.old = signal.signal(signal.SIGTERM, handler)
        return self

    def __exit__(self, *exc):
        import signal
        if self.old is not None:
            signal.signal(signal.SIGTERM, self.old)
        return False


def _stop_pool(pool) -> None:
    """Cancel queued work and end the worker processes now (they ignore SIGINT,
    so without this an interrupted run would wait for every running chunk)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    for proc in procs:
        proc.join(timeout=5)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_chunks(work: Callable, shared, payloads: Sequence | Any, *, executor: str = "process",
               workers: int | None = None, scheduler: str | None = None,
               client=None) -> Iterator[tuple[int, Any]]:
    """Yield ``(k, work(shared, payloads[k]))`` for every chunk, in order of ``k``.

    Parameters
    ----------
    work : callable
        A module-level function (it is pickled to the workers).
    shared : object
        Sent to every worker once.
    payloads : sequence
        One payload per chunk.
    executor : {"serial", "process", "dask"}
    workers : int, optional
        Worker processes (default: every core); for ``"dask"`` the size of a
        LocalCluster started for the run.
    scheduler : str, optional
        Address of a running Dask scheduler.
    client : distributed.Client, optional
        A Dask client to use (the caller keeps ownership).
    """
    if executor not in EXECUTORS:
        raise UnsupportedGameError(f"unknown executor {executor!r}; expected one of {', '.join(EXECUTORS)}")
    if workers is not None and workers < 1:
        raise UnsupportedGameError(f"--workers must be at least 1, got {workers}")
    if executor == "dask" or scheduler or client is not None:
        yield from _run_dask(work, shared, payloads, workers=workers, scheduler=scheduler, client=client)
        return
    n = workers or default_workers()
    with _sigterm_as_interrupt():
        if executor == "serial" or n == 1 or len(payloads) <= 1:
            for k, p in enumerate(payloads):
                yield k, work(shared, p)
            return
        yield from _run_processes(work, shared, payloads, n)


def _run_processes(work, shared, payloads, n: int):
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_init_worker, initargs=(shared,))
    limit = 3 * n
    pending: dict = {}
    done: dict[int, Any] = {}
    nxt = 0
    submitted = 0
    try:
        while nxt < len(payloads):
            while submitted < len(payloads) and len(pending) + len(done) < limit:
                pending[pool.submit(_call, work, payloads[submitted])] = submitted
                submitted += 1
            finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for f in finished:
                done[pending.pop(f)] = f.result()
            while nxt in done:
                yield nxt, done.pop(nxt)
                nxt += 1
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM, an error, or the consumer stopped): drop queued
        # work and stop the running workers; do not wait for them.
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def _run_dask(work, shared, payloads, *, workers, scheduler, client):
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:  # pragma: no cover - depends on the environment
        raise UnsupportedGameError("Dask is not installed: pip install 'gametheory[dask]' "
                                   "(or dask[distributed])") from None
    own_client = own_cluster = None
    if client is None:
        if scheduler:
            client = own_client = Client(scheduler)
        else:
            own_cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                                       processes=True, dashboard_address=None)
            client = own_client = Client(own_cluster)
    try:
        shared_f = client.scatter(shared, broadcast=True)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        limit = 3 * n_workers
        pending: dict = {}
        done: dict[int, Any] = {}
        nxt = 0
        submitted = 0
        ac = as_completed()
        while nxt < len(payloads):
            while submitted < len(payloads) and len(pending) + len(done) < limit:
                f = client.submit(work, shared_f, payloads[submitted], pure=False)
                pending[f.key] = submitted
                ac.add(f)
                submitted += 1
            f = next(ac)
            done[pending.pop(f.key)] = f.result()
            f.release()
            while nxt in done:
                yield nxt, done.pop(nxt)
                nxt += 1
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()
