"""Worker processes of a local batch run must die when they are terminated.

``run_chunks`` stops its workers with ``terminate()`` (SIGTERM) after an error or an
interrupt.  The workers are forked while the parent's SIGTERM handler (which raises
``Terminated``) is installed, so they inherit it: SIGTERM becomes an exception that
``concurrent.futures`` catches and reports instead of ending the process.  A worker
terminated while it holds the result queue's lock then leaves the other worker
blocked on that lock for ever, and the interpreter hangs at exit joining the pool.
This happened in a full run of the suite on a loaded machine: every test passed,
then pytest never exited (two forked workers stuck in ``SimpleQueue.put`` after
``test_batch_table.py::test_run_chunks_orders_results_and_propagates_errors``).
"""
from __future__ import annotations

import signal

import pytest

from gametheory.batch.executors import run_chunks


def _sigterm_action(shared, payload):
    """What SIGTERM does in the worker process running this chunk."""
    handler = signal.getsignal(signal.SIGTERM)
    return "default" if handler in (signal.SIG_DFL, None) else "python handler"


def test_chunks_run_in_worker_processes():
    # The check below is only meaningful if the chunks really ran in other processes.
    import os
    got = list(run_chunks(_pid, None, [0, 1, 2, 3], executor="process", workers=2))
    assert [k for k, _ in got] == [0, 1, 2, 3]
    assert os.getpid() not in {pid for _, pid in got}


def _pid(shared, payload):
    import os
    return os.getpid()


# Regression: forked workers inherited the parent's SIGTERM handler (active while a run
# goes), so terminate() did not end them and a worker stuck on the result queue's lock
# hung the interpreter at exit.
def test_terminate_ends_a_worker_process():
    got = list(run_chunks(_sigterm_action, None, [0, 1, 2, 3], executor="process", workers=2))
    assert [action for _, action in got] == ["default"] * 4
