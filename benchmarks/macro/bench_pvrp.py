#!/usr/bin/env python3
"""Periodic VRP benchmark: milkrun's multi-period engine on Cordeau's PVRP and PVRPTW sets.

Sets (folders below the shared benchmark folder, see its README.md):

* ``pvrp``   -- ``pvrptw/cordeau_pvrp/``: p01-p32 (p11 skipped by default: its published plan does not match
  its data) and, with ``--with-pr``, pr01-pr10; gap to ``bks.csv`` (double-precision distances, read with
  the ``exact`` convention).
* ``pvrptw`` -- ``pvrptw/cordeau_pvrptw/``: pr01, pr02, pr03, pr11, pr18 with time windows; no BKS is
  published for them, the table reports costs.

No peer is run: none of PyVRP, OR-Tools' routing library or VROOM models a choice of visit-day patterns,
so the reference is the published best-known cost. Every plan is re-checked by the independent evaluator
(pattern choice and frequency, vehicles per day, capacity, route duration, time windows), whose cost is
the one reported.

Workers are spawned processes, one per core given by ``--cores`` (default: the first two allowed cores),
each pinned to its core and solving its share of the instances one after another. Usage::

    python benchmarks/macro/bench_pvrp.py --time-limit 60 --csv pvrp60.csv
    python benchmarks/macro/bench_pvrp.py --set pvrptw --time-limit 60
    python benchmarks/macro/bench_pvrp.py --instances p04 p12 --time-limit 10 --cores 0
"""

from __future__ import annotations

import argparse
import csv
import datetime
import multiprocessing as mp
import os
import platform
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_vrptw import THREAD_VARS, cpu_model, git_revision, natural_key, version_of  # noqa: E402

SETS = {"pvrp": "pvrptw/cordeau_pvrp", "pvrptw": "pvrptw/cordeau_pvrptw"}


def jobs_of(folder: Path, set_name: str, with_pr: bool, names: list[str] | None) -> list[dict[str, Any]]:
    bks: dict[str, float] = {}
    if (folder / "bks.csv").exists():
        with open(folder / "bks.csv", newline="") as handle:
            bks = {row["instance"]: float(row["cost"]) for row in csv.DictReader(handle)}
    jobs = []
    for path in sorted(folder.glob("*.txt"), key=lambda p: natural_key(p.stem)):
        name = path.stem
        if names is not None:
            if name not in names:
                continue
        elif set_name == "pvrp" and (name == "p11" or (name.startswith("pr") and not with_pr)):
            continue
        jobs.append({"name": name, "path": str(path), "reference": bks.get(name)})
    if names is not None and len(jobs) != len(set(names)):
        missing = sorted(set(names) - {job["name"] for job in jobs})
        raise SystemExit(f"unknown instances in {folder}: {', '.join(missing)}")
    return jobs


def worker(jobs: list[dict[str, Any]], cfg: dict[str, Any], core: int | None, out: Any) -> None:
    for var in THREAD_VARS:
        os.environ[var] = "1"
    if core is not None:
        os.sched_setaffinity(0, {core})
    import milkrun as mr
    from milkrun.eval import evaluate
    from milkrun.io import read_cordeau

    for index, job in jobs:
        rec: dict[str, Any] = {}
        try:
            data = read_cordeau(job["path"], convention="exact")
            start = time.perf_counter()
            result = mr.solve(data, time_limit=cfg["time_limit"], seed=cfg["seed"], verify=False)
            rec["wall"] = time.perf_counter() - start
            ev = evaluate(data, result.solution)
            rec.update(cost=ev.cost / data.scaling.cost, feasible=bool(ev.feasible), solver_feasible=result.feasible,
                       agree=bool(ev.feasible) == result.feasible and ev.cost == result.solution.cost,
                       routes=len(result.solution.routes), iterations=result.iterations,
                       clients=data.num_clients, days=data.num_periods, core=core)
        except Exception as exc:  # noqa: BLE001 - reported in the table
            rec = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
        out.put((index, rec))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), default="pvrp")
    parser.add_argument("--instances", nargs="+", help="instance names (default: the whole set)")
    parser.add_argument("--with-pr", action="store_true", help="pvrp: include pr01-pr10")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance (default 60)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cores", type=int, nargs="+", help="cores to pin workers to (default: first two allowed)")
    parser.add_argument("--instances-dir", help="shared benchmark folder (default: MILKRUN_INSTANCES or ../shared)")
    parser.add_argument("--csv", help="write one row per instance here")
    args = parser.parse_args(argv)

    from milkrun.bks import instances_dir

    root = Path(args.instances_dir) if args.instances_dir else instances_dir()
    if root is None or not (root / SETS[args.set]).is_dir():
        raise SystemExit("shared benchmark folder not found: give --instances-dir or set MILKRUN_INSTANCES")
    jobs = jobs_of(root / SETS[args.set], args.set, args.with_pr, args.instances)
    allowed = sorted(os.sched_getaffinity(0))
    cores = args.cores if args.cores else allowed[:2]
    cfg = {"time_limit": args.time_limit, "seed": args.seed}

    print(f"# bench_pvrp  {datetime.datetime.now().isoformat(timespec='seconds')}  milkrun {version_of('milkrun')} "
          f"(git {git_revision()})  python {platform.python_version()}  cpu {cpu_model()}")
    print(f"# set {args.set}  {len(jobs)} instances  time limit {args.time_limit:g} s  seed {args.seed}  "
          f"workers pinned to cores {cores}")
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    shares = [[(i, job) for i, job in enumerate(jobs) if i % len(cores) == k] for k in range(len(cores))]
    procs = [ctx.Process(target=worker, args=(share, cfg, core, out), daemon=True)
             for share, core in zip(shares, cores)]
    for proc in procs:
        proc.start()
    results: list[dict[str, Any] | None] = [None] * len(jobs)
    print(f"{'instance':9} {'n':>4} {'t':>3} {'reference':>10} | {'cost':>10} {'gap%':>7} {'routes':>6} "
          f"{'feas':>4} {'check':>5} {'iter/s':>7}")
    for _ in jobs:
        index, rec = out.get()
        results[index] = rec
        job = jobs[index]
        if "error" in rec:
            print(f"{job['name']:9} ERROR {rec['error']}", flush=True)
            continue
        rec["gap"] = 100 * (rec["cost"] / job["reference"] - 1) if job["reference"] else None
        ref = f"{job['reference']:10.2f}" if job["reference"] else f"{'-':>10}"
        gap = f"{rec['gap']:7.3f}" if rec["gap"] is not None else f"{'-':>7}"
        print(f"{job['name']:9} {rec['clients']:4d} {rec['days']:3d} {ref} | {rec['cost']:10.2f} {gap} "
              f"{rec['routes']:6d} {'yes' if rec['feasible'] else 'NO':>4} {'ok' if rec['agree'] else 'DIFF':>5} "
              f"{rec['iterations'] / rec['wall']:7.0f}", flush=True)
    for proc in procs:
        proc.join()

    done = [(job, rec) for job, rec in zip(jobs, results) if rec is not None and "error" not in rec]
    feasible = sum(rec["feasible"] for _, rec in done)
    agree = sum(rec["agree"] for _, rec in done)
    gaps = [rec["gap"] for _, rec in done if rec.get("gap") is not None]
    print(f"\nsolved {len(done)}/{len(jobs)}  feasible {feasible}/{len(jobs)}  evaluator agrees {agree}/{len(jobs)}")
    if gaps:
        print(f"mean gap {sum(gaps) / len(gaps):.3f}%  max {max(gaps):.3f}%  at or below BKS "
              f"{sum(g <= 0.005 for g in gaps)}/{len(gaps)}")
    else:
        print(f"mean cost {sum(rec['cost'] for _, rec in done) / max(len(done), 1):.2f} (no reference)")
    if args.csv:
        with open(args.csv, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["instance", "clients", "days", "reference", "cost", "gap_pct", "routes", "feasible",
                             "evaluator_agrees", "iterations", "seconds", "core", "time_limit", "seed", "error"])
            for job, rec in zip(jobs, results):
                rec = rec or {"error": "no result"}
                writer.writerow([job["name"], rec.get("clients"), rec.get("days"), job["reference"], rec.get("cost"),
                                 rec.get("gap"), rec.get("routes"), rec.get("feasible"), rec.get("agree"),
                                 rec.get("iterations"), rec.get("wall"), rec.get("core"), args.time_limit, args.seed,
                                 rec.get("error", "")])
    return 0 if len(done) == len(jobs) and feasible == len(jobs) and agree == len(jobs) else 1


if __name__ == "__main__":
    sys.exit(main())
