#!/usr/bin/env python3
"""Two solves on two threads of one process versus the same two solves one after the other.

``milkrun.solve`` runs the C++ search without the GIL, so two threads should finish in about the time of
one solve (on a machine with two free cores), where a GIL-bound solver would take twice as long. Each solve
has a fixed seed and iteration limit, so the work is the same in both modes; the plans are compared too
(identical, or the benchmark reports the difference). The process is pinned to the given cores.

Usage::

    python benchmarks/macro/bench_threads.py                       # bundled week_200_suppliers.json, 3000 iterations
    python benchmarks/macro/bench_threads.py --instance X.txt --iterations 20000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_vrptw import THREAD_VARS, cpu_model, git_revision, version_of  # noqa: E402

for _var in THREAD_VARS:
    os.environ.setdefault(_var, "1")

import milkrun as mr  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def _plan(result: mr.Result) -> list[tuple[int, int, list[int]]]:
    return [(r.period, r.vehicle_type, list(r.visits)) for r in result.solution.routes]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", default=str(REPO / "instances" / "week_200_suppliers.json"))
    parser.add_argument("--iterations", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3, help="measurements of each mode (median reported)")
    parser.add_argument("--cores", type=int, nargs="+", default=None,
                        help="cores to pin the process to (default: the first two allowed)")
    args = parser.parse_args()

    cores = args.cores or sorted(os.sched_getaffinity(0))[:2]
    os.sched_setaffinity(0, cores)
    data = mr.read(args.instance)
    seeds = (1, 2)

    def solve(seed: int) -> mr.Result:
        return mr.solve(data, max_iterations=args.iterations, seed=seed)

    solve(seeds[0])  # warm-up: imports, Numba compilation of the evaluator
    sequential, threaded = [], []
    reference: list[list[tuple[int, int, list[int]]]] = []
    same = True
    for _ in range(args.repeat):
        start = time.perf_counter()
        alone = [solve(seed) for seed in seeds]
        sequential.append(time.perf_counter() - start)
        reference = [_plan(r) for r in alone]

        results: dict[int, mr.Result] = {}
        threads = [threading.Thread(target=lambda s=s: results.__setitem__(s, solve(s))) for s in seeds]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        threaded.append(time.perf_counter() - start)
        same = same and all(_plan(results[s]) == ref for s, ref in zip(seeds, reference))

    seq, thr = statistics.median(sequential), statistics.median(threaded)
    print(f"# bench_threads  milkrun {version_of('milkrun')} (git {git_revision()})  cpu {cpu_model()}  "
          f"cores {cores}")
    print(f"# instance {data.name} ({data.num_clients} clients, {data.num_periods} periods), "
          f"{args.iterations} iterations per solve, seeds {seeds}, median of {args.repeat}")
    print(f"two solves one after the other : {seq:8.2f} s")
    print(f"two solves on two threads      : {thr:8.2f} s   ({seq / thr:.2f}x; 2.00x = fully parallel)")
    print(f"one solve (half the sequential): {seq / 2:8.2f} s   threads / one solve = {thr / (seq / 2):.2f}")
    print(f"plans identical in both modes  : {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
