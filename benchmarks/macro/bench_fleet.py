#!/usr/bin/env python3
"""Heterogeneous-fleet benchmark: milkrun and PyVRP side by side on the mixed-fleet sets.

Sets (folders below the shared benchmark folder, see its README.md):

* ``golden``   -- ``hvrp_golden_taillard/``: Golden et al. VFMP_F / VFMP_V / VFMP_FV (unlimited fleet) and
  Taillard HVRP (limited fleet), 44 instances, gap to ``bks.csv``; distances exact (double precision).
* ``hfvrp``    -- ``pyvrp_HFVRP/``: Pessoa et al. X-based HFVRP, 100 instances (``--max-customers 300`` for
  the 43 with at most 300 customers), gap to the cost of each instance's ``.sol`` file.
* ``mtvrptwr`` -- ``pyvrp_MTVRPTWR/``: multi-trip VRPTW with release dates (Yang), 171 instances, DIMACS
  convention (distances truncated to one decimal), gap to the cost of each instance's ``.sol`` file.
* ``fsmvrptw`` -- Liu & Shen fleet size and mix VRPTW: the 56 Solomon files x cost variants a, b, c with
  ``fsmvrptw/vehicle_types.csv`` (unlimited fleet, cost = fixed cost + distance, exact distances). No BKS
  exists for it: the summary compares the two solvers' costs directly.

Both solvers solve the same integer data: the instance is read by milkrun's reader and converted to a
``pyvrp.ProblemData`` with the same distance and duration matrices, vehicle types (count, capacity, fixed
cost, unit distance and duration cost, shift, maximum duration) and clients. The plans of both are checked
by milkrun's independent evaluator (capacity vector, type counts, per-type cost), and both costs are
computed by it, so the two columns are comparable to the unit.

Each solver runs in its own spawned worker pinned to one core (milkrun on the first allowed core, PyVRP
on the second); both start every instance together. Usage::

    python benchmarks/macro/bench_fleet.py --set golden --time-limit 30 --csv golden.csv
    python benchmarks/macro/bench_fleet.py --set hfvrp --max-customers 300 --time-limit 60
    python benchmarks/macro/bench_fleet.py --set fsmvrptw --time-limit 10
    python benchmarks/macro/bench_fleet.py --set mtvrptwr --time-limit 30 --csv mtvrptwr.csv
    python benchmarks/macro/bench_fleet.py --set golden --instances vfmpv13 HVRP15 --time-limit 2
"""

from __future__ import annotations

import argparse
import csv
import datetime
import importlib.util
import math
import multiprocessing as mp
import os
import platform
import queue
import re
import sys
import time

import numpy as np
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_vrptw import (  # noqa: E402  (shared helpers; standard library only at import)
    THREAD_VARS,
    _sync,
    cpu_model,
    git_revision,
    natural_key,
    version_of,
)

SETS = ("golden", "hfvrp", "fsmvrptw", "mtvrptwr")
SOLVERS = ("milkrun", "pyvrp")

#: A solution within this many percent of the reference counts as "at BKS".
AT_BKS_PCT = 0.005


# ----------------------------------------------------------------------------------------------------
# instances: (name, group, spec) where spec tells the workers how to read it


def golden_jobs(folder: Path) -> list[dict[str, Any]]:
    base = folder / "hvrp_golden_taillard"
    table = {row["instance"]: row for row in csv.DictReader((base / "bks.csv").open(encoding="utf-8"))}
    jobs = []
    for path in sorted(base.glob("*/*.txt"), key=lambda p: (p.parent.name, natural_key(p.stem))):
        row = table.get(path.stem)
        jobs.append({"name": path.stem, "group": path.parent.name, "kind": "file", "path": str(path),
                     "ref": float(row["bks_cost"]) if row else None, "customers": None})
    return jobs


def _sol_cost(path: Path) -> float | None:
    """Cost line of a VRPLIB .sol file of the Pessoa set, in the file's cost units (/100 of milkrun's
    reading: unit distance costs such as 83 are hundredths)."""
    if not path.is_file():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip().lower().startswith("cost"):
            token = line.split()[-1]
            # A few files give the cost as an integer in 1/100000 (distance x 1000, unit cost x 100).
            return int(token) / 1e5 if token.isdigit() else float(token)
    return None


def hfvrp_jobs(folder: Path) -> list[dict[str, Any]]:
    base = folder / "pyvrp_HFVRP"
    jobs = []
    for path in sorted(base.glob("*.vrp"), key=lambda p: natural_key(p.stem)):
        customers = None
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.upper().startswith("DIMENSION"):
                    customers = int(line.split(":")[-1]) - 1
                    break
        group = path.stem.split("-", 1)[-1]
        jobs.append({"name": path.stem, "group": group, "kind": "file", "path": str(path),
                     "ref": _sol_cost(path.with_suffix(".sol")), "customers": customers, "cost_divisor": 100})
    return jobs


def mtvrptwr_jobs(folder: Path) -> list[dict[str, Any]]:
    base = folder / "pyvrp_MTVRPTWR"
    jobs = []
    for path in sorted(base.glob("*.vrp"), key=lambda p: natural_key(p.stem)):
        ref = None
        sol = path.with_suffix(".sol")
        if sol.is_file():
            for line in sol.read_text(encoding="utf-8").splitlines():
                if line.strip().lower().startswith("cost"):
                    ref = float(line.split()[-1])
        _, _, release = path.stem.partition("R0.")
        jobs.append({"name": path.stem, "group": f"R0.{release}" if release else "-", "kind": "file",
                     "path": str(path), "convention": "dimacs",
                     "ref": None if ref is None else ref / 10,  # the files give DIMACS costs x 10
                     "customers": None})
    return jobs


def fsmvrptw_jobs(folder: Path, variants: list[str]) -> list[dict[str, Any]]:
    jobs = []
    for path in sorted((folder / "solomon").glob("*.txt"), key=lambda p: natural_key(p.stem)):
        for variant in variants:
            name = path.stem.upper() + variant
            group = re.match(r"[A-Z]+\d", path.stem.upper()).group(0)  # Solomon class: C1, R2, RC1, ...
            jobs.append({"name": name, "group": group, "kind": "fsmvrptw", "path": str(path), "variant": variant,
                         "table": str(folder / "fsmvrptw" / "vehicle_types.csv"), "ref": None, "customers": 100})
    return jobs


# ----------------------------------------------------------------------------------------------------
# workers


def read_milkrun(job: dict[str, Any]) -> Any:
    from milkrun.io import read, read_fsmvrptw

    if job["kind"] == "fsmvrptw":
        return read_fsmvrptw(job["path"], job["variant"], convention="exact", table=job["table"])
    return read(job["path"], convention=job.get("convention", "exact"))


def check(data: Any, routes: list[tuple[list[int], int, int]], solver_feasible: bool) -> dict[str, Any]:
    """Cost and check of a plan by milkrun's independent evaluator, in the file's cost units."""
    from milkrun.eval import evaluate

    ev = evaluate(data, routes)
    rec: dict[str, Any] = {"eval_cost": ev.cost / data.scaling.cost, "eval_feasible": ev.feasible,
                           "routes_by_type": {}}
    for _, vt, _ in ev.routes:
        name = data.vehicle_types[vt].name
        rec["routes_by_type"][name] = rec["routes_by_type"].get(name, 0) + 1
    notes = []
    if solver_feasible and not ev.feasible:
        notes.append("evaluator rejects the plan: " + "; ".join(ev.problems[:3]))
    rec["check"] = "ok" if not notes else "REJ"
    rec["check_note"] = " | ".join(notes)
    return rec


class MilkrunRunner:
    def __init__(self, cfg: dict[str, Any]) -> None:
        from milkrun.solve import solve

        self.cfg, self._solve = cfg, solve

    def prepare(self, job: dict[str, Any]) -> Any:
        return read_milkrun(job)

    def run(self, data: Any) -> dict[str, Any]:
        start = time.perf_counter()
        res = self._solve(data, time_limit=self.cfg["time_limit"], seed=self.cfg["seed"], verify=False)
        wall = time.perf_counter() - start
        rec = {"customers": data.num_clients, "feasible": bool(res.feasible), "iterations": res.iterations,
               "runtime": res.runtime, "wall": wall, "vehicles": res.vehicles,
               "solver_cost": res.solution.cost / data.scaling.cost}
        routes = [(list(r.visits), int(r.vehicle_type), int(r.period)) for r in res.solution.routes]
        rec.update(check(data, routes, rec["feasible"]))
        if rec["eval_cost"] != rec["solver_cost"]:
            rec["check"] = "DIFF"
            rec["check_note"] += f" cost differs: solver {rec['solver_cost']}, evaluator {rec['eval_cost']}"
        return rec


def to_pyvrp(data: Any) -> Any:
    """The same integer instance as a pyvrp.ProblemData (one profile, same matrices and fleet)."""
    import pyvrp

    big = 2**62
    nd = data.num_depots
    locations = [pyvrp.Location(d.x, d.y) for d in data.depots] + [pyvrp.Location(c.x, c.y) for c in data.clients]
    depots = [pyvrp.Depot(i, tw_early=d.window.early, tw_late=min(d.window.late, big),
                          service_duration=d.service_duration) for i, d in enumerate(data.depots)]
    clients = []
    for i, c in enumerate(data.clients):
        if len(c.time_windows) != 1 or any(c.delivery):
            raise ValueError(f"client '{c.name}': only one time window and pickups convert to pyvrp here")
        tw = c.time_windows[0]
        clients.append(pyvrp.Client(nd + i, delivery=list(c.pickup), service_duration=c.service_duration,
                                    tw_early=tw.early, tw_late=min(tw.late, big), release_time=c.release_time,
                                    name=c.name))
    types = []
    for t, vt in enumerate(data.vehicle_types):
        if len(vt.forbidden_clients):
            raise ValueError(f"vehicle type '{vt.name}': access restrictions do not convert to pyvrp here")
        reloads = {} if not len(vt.reload_depots) else {"reload_depots": list(vt.reload_depots)}
        if vt.max_reloads is not None:
            reloads["max_reloads"] = vt.max_reloads
        types.append(pyvrp.VehicleType(
            num_available=data.num_available(0, t), capacity=list(vt.capacity), start_depot=vt.start_depot,
            end_depot=vt.end_depot, fixed_cost=vt.fixed_cost, tw_early=vt.shift.early,
            tw_late=min(vt.shift.late, big), shift_duration=min(vt.max_duration, big),
            unit_distance_cost=vt.unit_distance_cost, unit_duration_cost=vt.unit_duration_cost, name=vt.name,
            **reloads))
    # milkrun's matrices are int32 views when every entry fits; PyVRP takes 64-bit ones.
    return pyvrp.ProblemData(locations, clients, depots, types, [np.asarray(data.distance_matrix(), dtype=np.int64)],
                             [np.asarray(data.duration_matrix(), dtype=np.int64)])


class PyvrpRunner:
    def __init__(self, cfg: dict[str, Any]) -> None:
        import pyvrp
        import pyvrp.stop

        self.cfg, self.pyvrp = cfg, pyvrp

    def prepare(self, job: dict[str, Any]) -> tuple[Any, Any]:
        data = read_milkrun(job)
        return to_pyvrp(data), data

    def params(self, data: Any) -> Any:
        """PyVRP's defaults with ``max_penalty`` raised in proportion to the data's cost scale.

        PyVRP caps its penalty per unit of excess load at 1e5, which suits costs of about one unit per
        DIMACS distance unit (x10). These instances cost up to 200 per distance unit at 1000 units per
        distance unit (exact distances), and with the cap PyVRP finds no feasible plan on most of them
        (HVRP15 at 2 s: infeasible; with the raised cap: feasible). The cap is scaled by
        ``max unit distance cost x distance scale / 10``; nothing else changes.
        """
        pyvrp = self.pyvrp
        default = pyvrp.PenaltyParams()
        unit = max([1] + [vt.unit_distance_cost for vt in data.vehicle_types])
        factor = max(1.0, unit * data.scaling.distance / 10)
        fields = {k: getattr(default, k) for k in ("solutions_between_updates", "penalty_increase",
                                                   "penalty_decrease", "target_feasible", "feas_tolerance",
                                                   "min_penalty")}
        return pyvrp.SolveParams(penalty=pyvrp.PenaltyParams(**fields, max_penalty=default.max_penalty * factor))

    @staticmethod
    def _visits(route: Any, num_depots: int) -> list[int]:
        if hasattr(route, "visits"):  # PyVRP < 0.14
            return [int(v) for v in route.visits()]
        # Depots between the first and the last activity are reload stops (depot indices, as milkrun's).
        acts = list(route)[1:-1]
        return [int(act.idx) + num_depots if act.is_client() else int(act.idx) for act in acts]

    def run(self, prepared: tuple[Any, Any]) -> dict[str, Any]:
        pdata, data = prepared
        pyvrp = self.pyvrp
        params = self.params(data)
        start = time.perf_counter()
        res = pyvrp.solve(pdata, stop=pyvrp.stop.MaxRuntime(self.cfg["time_limit"]), seed=self.cfg["seed"],
                          params=params, display=False, collect_stats=False)
        wall = time.perf_counter() - start
        best = res.best
        feasible = bool(res.is_feasible())
        rec = {"customers": data.num_clients, "feasible": feasible, "iterations": res.num_iterations,
               "runtime": res.runtime, "wall": wall, "vehicles": best.num_routes(),
               "solver_cost": res.cost() / data.scaling.cost if feasible else math.nan}
        routes = [(self._visits(r, pdata.num_depots), int(r.vehicle_type()), 0) for r in best.routes()]
        rec.update(check(data, routes, feasible))
        if feasible and rec["eval_cost"] != rec["solver_cost"]:
            rec["check"] = "DIFF"
            rec["check_note"] += f" cost differs: pyvrp {rec['solver_cost']}, evaluator {rec['eval_cost']}"
        return rec


RUNNERS = {"milkrun": MilkrunRunner, "pyvrp": PyvrpRunner}


def worker(solver: str, jobs: list[dict[str, Any]], cfg: dict[str, Any], core: int | None, barrier: Any,
           out: Any) -> None:
    for var in THREAD_VARS:
        os.environ[var] = "1"
    if core is not None:
        try:
            os.sched_setaffinity(0, {core})
        except (AttributeError, OSError) as exc:
            out.put(("warning", solver, f"could not pin to core {core}: {exc}"))
    try:
        runner = RUNNERS[solver](cfg)
    except Exception:  # noqa: BLE001 - reported to the main process
        out.put(("fatal", solver, traceback.format_exc()))
        if barrier is not None:
            barrier.abort()
        return
    timeout = 120.0 + 5.0 * cfg["time_limit"]
    synced = True
    for index, job in enumerate(jobs):
        try:
            prepared = runner.prepare(job)
            rec: dict[str, Any] = {}
        except Exception as exc:  # noqa: BLE001
            prepared, rec = None, {"error": f"reading failed: {type(exc).__name__}: {exc}"}
        synced = _sync(barrier, timeout) and synced
        if prepared is not None:
            try:
                rec = runner.run(prepared)
            except Exception as exc:  # noqa: BLE001
                rec = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
        rec["synchronised"] = synced
        out.put(("result", solver, index, rec))
    out.put(("done", solver, None))


# ----------------------------------------------------------------------------------------------------
# main process


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--set", choices=SETS, required=True, help="instance set")
    p.add_argument("--instances", nargs="+", metavar="NAME", help="only these instances (names as in the table)")
    p.add_argument("--max-customers", type=int, help="only instances with at most this many customers")
    p.add_argument("--variants", default="a,b,c", help="fsmvrptw cost variants (default a,b,c)")
    p.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance and solver (default 10)")
    p.add_argument("--seed", type=int, default=1, help="seed of both solvers (default 1)")
    p.add_argument("--solvers", default="milkrun,pyvrp", help="comma-separated subset of milkrun,pyvrp")
    p.add_argument("--instances-dir", type=Path, help="benchmark folder (default: $MILKRUN_INSTANCES or "
                                                      "../shared/instances)")
    p.add_argument("--cores", help="comma-separated cores for milkrun,pyvrp (default: the first two allowed)")
    p.add_argument("--csv", type=Path, help="also write one row per instance and solver to this file")
    args = p.parse_args(argv)
    if not (args.time_limit > 0 and math.isfinite(args.time_limit)):
        p.error("--time-limit must be a positive number of seconds")
    if args.seed < 0:
        p.error("--seed must be non-negative")
    args.solvers = list(dict.fromkeys(s.strip().lower() for s in args.solvers.split(",") if s.strip()))
    if not args.solvers or any(s not in SOLVERS for s in args.solvers):
        p.error(f"--solvers: choose from {', '.join(SOLVERS)}")
    args.variants = [v.strip().lower() for v in args.variants.split(",") if v.strip()]
    if not args.variants or any(v not in ("a", "b", "c") for v in args.variants):
        p.error("--variants: a comma-separated subset of a,b,c")
    try:
        args.cores = [int(c) for c in args.cores.split(",")] if args.cores else None
    except ValueError:
        p.error("--cores must be comma-separated core numbers")
    return args


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.instances_dir is not None:
        os.environ["MILKRUN_INSTANCES"] = str(args.instances_dir.resolve())
    from milkrun import bks as bks_mod

    folder = args.instances_dir or bks_mod.instances_dir()
    if folder is None or not Path(folder).is_dir():
        print("error: benchmark folder not found; give --instances-dir or set MILKRUN_INSTANCES", file=sys.stderr)
        return 2
    folder = Path(folder).resolve()
    jobs = {"golden": golden_jobs, "hfvrp": hfvrp_jobs, "mtvrptwr": mtvrptwr_jobs}.get(
        args.set, lambda f: fsmvrptw_jobs(f, args.variants))(folder)
    if args.max_customers is not None:
        jobs = [j for j in jobs if j["customers"] is None or j["customers"] <= args.max_customers]
    if args.instances:
        wanted = {n.lower() for n in args.instances}
        missing = wanted - {j["name"].lower() for j in jobs}
        if missing:
            print(f"error: instance(s) not in set {args.set}: {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
        jobs = [j for j in jobs if j["name"].lower() in wanted]
    if not jobs:
        print(f"error: no instances of set {args.set} under {folder}", file=sys.stderr)
        return 2

    solvers = list(args.solvers)
    notes = []
    if "pyvrp" in solvers and importlib.util.find_spec("pyvrp") is None:
        solvers.remove("pyvrp")
        notes.append("NOTE: pyvrp is not installed (pip install -e '.[bench]'): running milkrun only.")
        if not solvers:
            print(notes[0], file=sys.stderr)
            return 2
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    cores: dict[str, int | None] = {}
    for solver in solvers:
        slot = SOLVERS.index(solver)
        if args.cores:
            cores[solver] = args.cores[slot % len(args.cores)]
        else:
            cores[solver] = allowed[slot % len(allowed)] if allowed else None
    if len(set(cores.values())) < len(solvers):
        notes.append("WARNING: fewer cores than solvers: the solvers share a core.")

    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print("# milkrun heterogeneous-fleet benchmark")
    print(f"# set: {args.set}, {len(jobs)} instances under {folder}"
          + (f", at most {args.max_customers} customers" if args.max_customers is not None else ""))
    print(f"# reference: {'none (costs compared directly)' if args.set == 'fsmvrptw' else 'bks.csv' if args.set == 'golden' else '.sol files'}; "
          "costs and feasibility of both solvers from milkrun's independent evaluator, in the file's cost units")
    print(f"# time limit: {args.time_limit:g} s per instance and solver; seed {args.seed}")
    print(f"# CPU: {cpu_model()}; allowed cores {allowed}; load average at start {' '.join(load)}")
    print("# cores: " + ", ".join(f"{s} on core {cores[s]}" for s in solvers) + " (one core each, side by side)")
    versions = [f"python {platform.python_version()}", f"milkrun {version_of('milkrun')} (git {git_revision()})"]
    if "pyvrp" in solvers:
        versions.append(f"pyvrp {version_of('pyvrp')}")
    print("# versions: " + ", ".join(versions))
    print(f"# date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
    for note in notes:
        print("# " + note)
    print()

    cfg = {"time_limit": args.time_limit, "seed": args.seed}
    for var in THREAD_VARS:
        os.environ[var] = "1"
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    barrier = ctx.Barrier(len(solvers)) if len(solvers) > 1 else None
    procs = {s: ctx.Process(target=worker, args=(s, jobs, cfg, cores[s], barrier, out), daemon=True)
             for s in solvers}
    for proc in procs.values():
        proc.start()

    results: dict[str, list[Any]] = {s: [None] * len(jobs) for s in solvers}
    problems: list[str] = []
    cell = "{:>12} {:>8} {:>4} {:>5} {:>5}"
    head = f"{'instance':<14} {'group':<8} {'n':>4} {'reference':>12}" + "".join(
        " | " + cell.format(f"{s} cost", "gap%", "veh", "feas", "check") for s in solvers)
    print(head + "\n" + "-" * len(head), flush=True)
    printed = 0
    done: set[str] = set()

    def finish_rows() -> None:
        nonlocal printed
        while printed < len(jobs) and all(results[s][printed] is not None for s in solvers):
            job = jobs[printed]
            size = job["customers"] or next((results[s][printed].get("customers") for s in solvers), None) or "-"
            line = f"{job['name']:<14} {job['group']:<8} {size:>4} {fmt(job['ref'], 2):>12}"
            for s in solvers:
                rec = results[s][printed]
                if "error" in rec:
                    problems.append(f"{job['name']} [{s}]: {rec['error']}")
                    line += " | " + cell.format("error", "-", "-", "-", "ERR")
                    continue
                ok = rec["feasible"] and rec["eval_feasible"]
                rec["cost"] = rec["eval_cost"] / job.get("cost_divisor", 1) if ok else None
                rec["gap"] = (100 * (rec["cost"] - job["ref"]) / job["ref"]
                              if rec["cost"] is not None and job["ref"] else None)
                if rec.get("check_note"):
                    problems.append(f"{job['name']} [{s}] check {rec['check']}: {rec['check_note']}")
                if not rec.get("synchronised", True):
                    problems.append(f"{job['name']} [{s}]: ran unsynchronised")
                line += " | " + cell.format(fmt(rec["cost"], 2), fmt(rec["gap"]), rec["vehicles"],
                                            "yes" if rec["feasible"] else "NO", rec["check"])
            print(line, flush=True)
            printed += 1

    try:
        while len(done) < len(solvers):
            try:
                kind, solver, *payload = out.get(timeout=1.0)
            except queue.Empty:
                for s, proc in procs.items():
                    if s not in done and not proc.is_alive():
                        done.add(s)
                        problems.append(f"[{s}] worker exited unexpectedly (exit code {proc.exitcode})")
                        results[s] = [r if r is not None else {"error": "worker died"} for r in results[s]]
                        if barrier is not None:
                            barrier.abort()
                finish_rows()
                continue
            if kind == "result":
                results[solver][payload[0]] = payload[1]
                finish_rows()
            elif kind == "done":
                done.add(solver)
            elif kind == "warning":
                problems.append(f"[{solver}] {payload[0]}")
            elif kind == "fatal":
                done.add(solver)
                problems.append(f"[{solver}] worker failed to start:\n{payload[0]}")
                results[solver] = [{"error": "worker failed to start"} for _ in jobs]
                finish_rows()
    except KeyboardInterrupt:
        for proc in procs.values():
            proc.terminate()
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        for proc in procs.values():
            proc.join(timeout=10)
    finish_rows()

    if problems:
        print("\nChecks and errors:")
        for problem in problems:
            print("  " + problem)
    summary(args.set, solvers, jobs, results)
    if args.csv:
        write_csv(args, jobs, results, solvers, cores)
        print(f"\nwrote {args.csv}")
    return 0


def summary(set_name: str, solvers: list[str], jobs: list[dict[str, Any]], results: dict[str, list[Any]]) -> None:
    n = len(jobs)
    common = [i for i in range(n) if all(results[s][i] and results[s][i].get("cost") is not None for s in solvers)]
    print(f"\nSummary ({len(common)} of {n} instances with a checked feasible plan from every solver = 'common')")
    head = f"{'solver':<8} {'feasible':>9} {'check ok':>9} {'mean gap%':>10} {'max gap%':>9} {'at ref':>7} " \
           f"{'mean cost (common)':>19} {'iter/s':>8}"
    print(head + "\n" + "-" * len(head))
    for s in solvers:
        recs = results[s]
        feas = [r for r in recs if r and r.get("cost") is not None]
        checked = sum(1 for r in recs if r and r.get("check") == "ok")
        gaps = [results[s][i]["gap"] for i in common if results[s][i]["gap"] is not None]
        rate = [r["iterations"] / r["runtime"] for r in recs if r and r.get("runtime")]
        print(f"{s:<8} {len(feas):>4}/{n:<4} {checked:>4}/{n:<4} {fmt(mean(gaps)):>10} "
              f"{fmt(max(gaps) if gaps else None):>9} {sum(g < AT_BKS_PCT for g in gaps):>3}/{len(gaps):<3} "
              f"{fmt(mean([results[s][i]['cost'] for i in common]), 2):>19} {fmt(mean(rate), 0):>8}")
    groups = sorted({j["group"] for j in jobs}, key=natural_key)
    if len(groups) > 1:
        metric = "mean cost" if set_name == "fsmvrptw" else "mean gap %"
        print(f"\n{metric} per group (common instances): " + "  ".join(f"{g:>9}" for g in groups))
        for s in solvers:
            cells = []
            for g in groups:
                idx = [i for i in common if jobs[i]["group"] == g]
                key = "cost" if set_name == "fsmvrptw" else "gap"
                vals = [results[s][i][key] for i in idx if results[s][i][key] is not None]
                cells.append(f"{fmt(mean(vals), 2 if key == 'cost' else 3):>9}")
            print(f"  {s:<34} " + "  ".join(cells))
    print("(iter/s: ALNS iterations for milkrun, iterated-local-search iterations for pyvrp; not comparable)")
    if len(solvers) == 2 and common:
        a, b = solvers
        wins = sum(results[a][i]["cost"] < results[b][i]["cost"] - 1e-9 for i in common)
        losses = sum(results[a][i]["cost"] > results[b][i]["cost"] + 1e-9 for i in common)
        ratio = mean([results[a][i]["cost"] / results[b][i]["cost"] for i in common])
        print(f"\n{a} vs {b} on the {len(common)} common instances: {a} cheaper on {wins}, {b} cheaper on {losses}, "
              f"equal on {len(common) - wins - losses}; mean cost ratio {a}/{b} = {ratio:.5f}")


def write_csv(args: argparse.Namespace, jobs: list[dict[str, Any]], results: dict[str, list[Any]],
              solvers: list[str], cores: dict[str, int | None]) -> None:
    fields = ["instance", "group", "customers", "set", "time_limit", "seed", "solver", "core", "reference", "cost",
              "gap_pct", "vehicles", "routes_by_type", "feasible", "check", "check_note", "iterations", "runtime",
              "wall", "synchronised", "error"]
    args.csv.parent.mkdir(parents=True, exist_ok=True)
    with args.csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for i, job in enumerate(jobs):
            for s in solvers:
                rec = results[s][i] or {"error": "missing"}
                row = {"instance": job["name"], "group": job["group"], "customers": job["customers"] or rec.get("customers"),
                       "set": args.set, "time_limit": args.time_limit, "seed": args.seed, "solver": s, "core": cores[s],
                       "reference": job["ref"], "gap_pct": None if rec.get("gap") is None else round(rec["gap"], 6)}
                for key in ("cost", "vehicles", "routes_by_type", "feasible", "check", "check_note", "iterations",
                            "runtime", "wall", "synchronised", "error"):
                    row[key] = rec.get(key)
                writer.writerow(row)


if __name__ == "__main__":
    sys.exit(main())
