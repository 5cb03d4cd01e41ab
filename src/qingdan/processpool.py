"""One task over many inputs on forked worker processes, so that a cold run over many lists uses every core.

Forked workers inherit the task with everything it closes over (the configuration, the registries), so
nothing but each input and its result crosses between processes; results should be bytes or other
cheap data. Where fork is not available, or processes cannot be started, the caller is told (None) and
does the work itself."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from qingdan import counters

T = TypeVar("T")
R = TypeVar("R")

_task: Callable[[Any], Any] | None = None  # set before the workers fork; each worker calls it


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _call(item: Any) -> Any:
    assert _task is not None
    return _task(item)


def map_forked(task: Callable[[T], R], inputs: Sequence[T], jobs: int) -> list[R] | None:
    """task(x) for each input, in order, on up to jobs forked processes; None when that cannot be done
    here (no fork, or the processes could not be started or died), and the caller runs the task itself.
    An exception the task raises is raised here, as in a plain loop."""
    global _task
    if jobs < 2 or not inputs or "fork" not in multiprocessing.get_all_start_methods():
        return None
    workers = min(jobs, len(inputs))
    _task = task
    # nothing this process has buffered is copied into a worker, where a flush at its end would write it again
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            # a few chunks per worker: few round trips, yet a slow chunk does not leave a core idle
            chunk = max(1, len(inputs) // (workers * 4))
            results = list(pool.map(_call, inputs, chunksize=chunk))
        counters.bump(counters.WORKER_POOL)
        return results
    except (BrokenProcessPool, OSError):
        return None
    finally:
        _task = None
