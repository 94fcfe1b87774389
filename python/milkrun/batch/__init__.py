"""Many instances at once, through any ``concurrent.futures`` executor (``milkrun batch`` on the command line).

:func:`solve_many` solves instance files as independent tasks, each with its own explicit seed and limits, so
the plans do not depend on the executor or the order in which tasks finish. A failing instance is a failed
task with its message, never a failed batch. :func:`run_batch` adds what a batch run needs: one solution file
per instance (written atomically as each finishes), a summary CSV rewritten after every instance, and
resumption (instances whose solution file exists are not solved again).
"""

from __future__ import annotations

import csv
import io as _io
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Task:
    """One instance file to solve, with everything that decides its plan."""

    path: str
    seed: int = 0
    time_limit: float | None = None
    max_iterations: int | None = None
    format: str = "auto"
    convention: str = "dimacs"


@dataclass
class Outcome:
    """What a task gave: status ``solved`` (feasible or not), ``failed`` (with the error), or ``done``
    (skipped, solved by an earlier run)."""

    instance: str
    path: str
    status: str
    feasible: bool | None = None
    cost: float | None = None
    gap_percent: float | None = None
    routes: int | None = None
    iterations: int | None = None
    runtime_s: float | None = None
    seed: int | None = None
    error: str = ""
    document: dict[str, Any] | None = field(default=None, repr=False)


def solve_task(task: Task) -> Outcome:
    """Read and solve one instance (in a worker process); errors become a ``failed`` outcome."""
    from .. import bks, io
    from ..solve import DEFAULT_TIME_LIMIT, solve

    start = time.perf_counter()
    name = Path(task.path).stem
    try:
        fmt = io.detect_format(task.path) if task.format == "auto" else task.format
        limits = {"time_limit": task.time_limit, "max_iterations": task.max_iterations}
        if limits["time_limit"] is None and limits["max_iterations"] is None:
            limits["time_limit"] = DEFAULT_TIME_LIMIT
        # A large instance decomposes on one thread here: the batch runs an instance per core already.
        with ThreadPoolExecutor(max_workers=1) as one:
            if fmt == "milkrun-json":
                from ..report import plan_document

                instance = io.parse_milkrun(task.path)
                data = instance.data
                result = solve(data, seed=task.seed, executor=one, **limits)
                document = plan_document(instance, result)
            else:
                data = io.read(task.path, format=fmt, convention=task.convention)
                result = solve(data, seed=task.seed, executor=one, **limits)
                document = result.to_dict()
        best = bks.best_known(data.name, task.convention, num_clients=data.num_clients)
        gap = bks.gap(result.cost, best) if best is not None and result.feasible else None
        return Outcome(data.name, task.path, "solved", result.feasible, round(result.cost, 6),
                       None if gap is None else round(gap, 4), result.vehicles, result.iterations,
                       round(time.perf_counter() - start, 3), task.seed, document=document)
    except Exception as exc:  # noqa: BLE001 - a bad instance is reported, the batch goes on
        return Outcome(name, task.path, "failed", runtime_s=round(time.perf_counter() - start, 3), seed=task.seed,
                       error=f"{type(exc).__name__}: {exc}")


def solve_many(tasks: Sequence[Task], executor: Executor | None = None,
               on_done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Solve the tasks on ``executor`` (default: a local process pool, one worker per core) and return their
    outcomes in task order; ``on_done`` is called as each finishes (in completion order). Any executor with
    ``submit`` works: a process pool, a Dask ``distributed`` client's ``get_executor()``, Ray's executor."""
    own = executor is None
    pool = executor if executor is not None else ProcessPoolExecutor(max_workers=os.cpu_count() or 1)
    try:
        futures = {pool.submit(solve_task, task): k for k, task in enumerate(tasks)}
        outcomes: list[Outcome | None] = [None] * len(tasks)
        for future in as_completed(futures):
            k = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - a crashed worker fails its task only
                outcome = Outcome(Path(tasks[k].path).stem, tasks[k].path, "failed", seed=tasks[k].seed,
                                  error=f"{type(exc).__name__}: {exc}")
            outcomes[k] = outcome
            if on_done is not None:
                on_done(outcome)
        return [o for o in outcomes if o is not None]
    finally:
        if own:
            pool.shutdown()


class RayExecutor(Executor):
    """A ``concurrent.futures`` executor on Ray: each task a Ray remote call of one CPU. Connects to
    ``address`` (``"auto"``: the running cluster; None: start a local Ray of ``num_cpus`` CPUs) unless Ray is
    already initialised; :meth:`shutdown` disconnects only what it connected. Needs ``pip install milkrun[ray]``."""

    def __init__(self, address: str | None = None, num_cpus: int | None = None):
        import ray

        self._ray = ray
        self._owned = not ray.is_initialized()
        if self._owned:
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if address is None:
                options["num_cpus"] = num_cpus
            ray.init(address=address, **options)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        return self._ray.remote(num_cpus=1)(fn).remote(*args, **kwargs).future()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self._owned and self._ray.is_initialized():
            self._ray.shutdown()
            self._owned = False


SUMMARY_FIELDS = ["instance", "path", "status", "feasible", "cost", "gap_percent", "routes", "iterations",
                  "runtime_s", "seed", "error"]


def solution_path(out: Path, task: Task) -> Path:
    """Where a task's solution goes: ``out/<file stem>.solution.json``."""
    return out / f"{Path(task.path).stem}.solution.json"


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Instance files from paths, directories (their files, sorted) and glob patterns; duplicates once."""
    import glob

    files: list[str] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(str(p) for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        elif any(ch in item for ch in "*?["):
            found = sorted(glob.glob(item, recursive=True))
        else:
            found = [item]
        for f in found:
            if f not in files:
                files.append(f)
    return files


def run_batch(tasks: Sequence[Task], out: Path, executor: Executor | None = None,
              report: Callable[[int, int, Outcome], None] | None = None) -> list[Outcome]:
    """Solve the tasks whose solution file does not exist yet, write each solution as it finishes, and keep
    ``out/summary.csv`` up to date (every instance, earlier runs' included). Returns the outcomes in task
    order. Two tasks with the same file name stem are an error (their solutions would collide)."""
    from .._files import write_json, write_text

    out.mkdir(parents=True, exist_ok=True)
    # A run killed while writing leaves its temporary file (the target itself is replaced only when complete).
    for stale in [*out.glob(".summary.csv.*.tmp"), *out.glob(".*.solution.json.*.tmp")]:
        stale.unlink(missing_ok=True)
    stems: dict[str, str] = {}
    for task in tasks:
        stem = Path(task.path).stem
        if stem in stems and stems[stem] != task.path:
            raise ValueError(f"{task.path} and {stems[stem]} would both write {stem}.solution.json: rename one")
        stems[stem] = task.path
    outcomes: dict[int, Outcome] = {}
    todo: list[int] = []
    for k, task in enumerate(tasks):
        earlier = _earlier(solution_path(out, task), task)
        if earlier is not None:
            outcomes[k] = earlier
        else:
            todo.append(k)

    def write_summary() -> None:
        buffer = _io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=SUMMARY_FIELDS)
        writer.writeheader()
        for k in sorted(outcomes):
            writer.writerow({key: "" if value is None else value for key, value in _summary_row(outcomes[k]).items()})
        write_text(buffer.getvalue(), out / "summary.csv")

    for k in sorted(outcomes):
        if report is not None:
            report(k + 1, len(tasks), outcomes[k])
    index_of = {tasks[k].path: k for k in todo}

    def finished(outcome: Outcome) -> None:
        k = index_of[outcome.path]
        if outcome.document is not None:
            write_json({**outcome.document, "batch": _summary_row(outcome)}, solution_path(out, tasks[k]))
        outcome.document = None
        outcomes[k] = outcome
        write_summary()
        if report is not None:
            report(len(outcomes), len(tasks), outcome)

    write_summary()
    solve_many([tasks[k] for k in todo], executor, on_done=finished)
    return [outcomes[k] for k in range(len(tasks))]


def _summary_row(outcome: Outcome) -> dict[str, Any]:
    """An outcome's summary fields (its row in summary.csv, and the ``batch`` entry of its solution file)."""
    return {key: getattr(outcome, key) for key in SUMMARY_FIELDS}


def _earlier(path: Path, task: Task) -> Outcome | None:
    """The outcome recorded in an existing solution file of a task, or None if there is none to trust."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    batch = document.get("batch") if isinstance(document, dict) else None
    if not isinstance(batch, dict) or batch.get("path") != task.path or batch.get("seed") != task.seed:
        return None  # not written by a batch with this input and seed: solve again
    fields = {key: batch.get(key) for key in SUMMARY_FIELDS if key not in ("status", "error")}
    return Outcome(**fields, status="done")
