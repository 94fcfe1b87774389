#!/usr/bin/env python3
"""How runtime, peak memory and cost grow with the instance size; milkrun and PyVRP side by side.

Instances: generated single-day milk-run networks (``milkrun.generate``, seed 1) of 1,000, 5,000, 10,000 and
20,000 suppliers, and Gehring-Homberger 1000-customer files from the shared benchmark folder. For each
instance and solver a fresh process reads the instance (milkrun's reader; PyVRP's process converts the
same integer data to a ``pyvrp.ProblemData`` and drops milkrun's copy before solving), solves it with the
time limit and seed given, and reports its wall time, when it had its first feasible plan (milkrun), peak
resident memory (``ru_maxrss``, reading
included) and plan. milkrun runs on core 0 and PyVRP on core 1 at the same time (``--cores 1``, the
default), or milkrun alone on cores 0-1 (``--cores 2``, no PyVRP). Every plan is costed and checked by
milkrun's independent evaluator in the parent process.

Usage::

    python benchmarks/macro/bench_scaling.py --sizes 1000 5000 --homberger C1_10_1 RC1_10_1 --time-limit 60
    python benchmarks/macro/bench_scaling.py --sizes 10000 --time-limit 600
    python benchmarks/macro/bench_scaling.py --sizes 20000 --time-limit 1800 --cores 2 --no-pyvrp
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_vrptw import cpu_model, git_revision, version_of  # noqa: E402

_MILKRUN = """
import json, resource, sys, time
import milkrun as mr
path, limit, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
t0 = time.perf_counter()
data = mr.read(path)
read = time.perf_counter() - t0
t = time.perf_counter()
result = mr.solve(data, time_limit=limit, seed=seed, verify=False)
wall = time.perf_counter() - t
print(json.dumps({"read": read, "wall": wall, "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
                  "iterations": result.iterations, "feasible": result.feasible, "cost": result.cost,
                  "first_feasible": result.history[0][0] if result.history else None,
                  "routes": [[list(r.visits), int(r.vehicle_type), 0] for r in result.solution.routes]}))
"""

_PYVRP = """
import gc, json, resource, sys, time
import numpy as np
import pyvrp, pyvrp.stop
import milkrun as mr
path, limit, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
sys.path.insert(0, sys.argv[4])
from bench_fleet import PyvrpRunner, to_pyvrp
t0 = time.perf_counter()
data = mr.read(path)
pdata = to_pyvrp(data)
runner = PyvrpRunner({"time_limit": limit, "seed": seed})
params = runner.params(data)
num_depots, scale = data.num_depots, data.scaling.cost
del data
gc.collect()
read = time.perf_counter() - t0
t = time.perf_counter()
res = pyvrp.solve(pdata, stop=pyvrp.stop.MaxRuntime(limit), seed=seed, params=params, display=False,
                  collect_stats=False)
wall = time.perf_counter() - t
best = res.best
print(json.dumps({"read": read, "wall": wall, "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
                  "iterations": res.num_iterations, "feasible": bool(res.is_feasible()),
                  "cost": res.cost() / scale if res.is_feasible() else None,
                  "routes": [[runner._visits(r, num_depots), int(r.vehicle_type()), 0] for r in best.routes()]}))
"""


def _instances(folder: Path, sizes: list[int], homberger: list[str], shared: Path | None) -> list[tuple[str, Path]]:
    from milkrun.generate import generate_network

    out = []
    for n in sizes:
        path = folder / f"generated_{n}.json"
        path.write_text(json.dumps(generate_network(n, days=1, seed=1)))
        out.append((f"generated {n}", path))
    for name in homberger:
        if shared is None:
            print(f"# {name}: no shared benchmark folder, skipped")
            continue
        path = shared / "homberger" / "1000" / f"{name}.txt"
        if not path.is_file():
            print(f"# {name}: {path} not found, skipped")
            continue
        out.append((name, path))
    return out


def _start(code: str, cores: str, path: Path, limit: float, seed: int) -> subprocess.Popen:
    return subprocess.Popen(["taskset", "-c", cores, sys.executable, "-c", code, str(path), str(limit), str(seed),
                             str(Path(__file__).resolve().parent)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _finish(proc: subprocess.Popen, limit: float) -> dict | str:
    try:
        out, err = proc.communicate(timeout=limit * 3 + 1800)
    except subprocess.TimeoutExpired:
        proc.kill()
        return "timed out"
    if proc.returncode != 0:
        last = (err.strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
        return f"failed: {last[:120]} (exit code {proc.returncode})"
    return json.loads(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000, 10000, 20000])
    parser.add_argument("--homberger", nargs="*", default=["C1_10_1", "R1_10_1", "RC1_10_1"])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cores", type=int, choices=(1, 2), default=1,
                        help="1: milkrun on core 0, PyVRP on core 1, together; 2: milkrun alone on cores 0-1")
    parser.add_argument("--no-pyvrp", action="store_true")
    parser.add_argument("--instances-dir", default=os.environ.get("MILKRUN_INSTANCES"))
    args = parser.parse_args()
    shared = Path(args.instances_dir) if args.instances_dir else Path(__file__).resolve().parents[3] / "shared" / "instances"
    shared = shared if shared.is_dir() else None
    with_pyvrp = not args.no_pyvrp and args.cores == 1
    if with_pyvrp:
        try:
            import pyvrp  # noqa: F401
        except ImportError:
            print("# PyVRP not installed (pip install milkrun[bench]): milkrun only")
            with_pyvrp = False

    import milkrun as mr
    from milkrun.eval import evaluate

    print(f"# bench_scaling  milkrun {version_of('milkrun')} (git {git_revision()})"
          + (f"  pyvrp {version_of('pyvrp')}" if with_pyvrp else "") + f"  cpu {cpu_model()}")
    print(f"# time limit {args.time_limit:g} s, seed {args.seed}; "
          + ("milkrun on core 0, PyVRP on core 1, together" if args.cores == 1 else "milkrun alone on cores 0-1"))
    print(f"{'instance':<18} {'solver':<8} {'n':>6} {'read s':>7} {'solve s':>8} {'feas. s':>8} {'peak GiB':>8} {'iters':>8} "
          f"{'routes':>6} {'cost':>14} {'check':>6}")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for label, path in _instances(Path(folder), args.sizes, args.homberger, shared):
            procs = {"milkrun": _start(_MILKRUN, "0" if args.cores == 1 else "0-1", path, args.time_limit, args.seed)}
            if with_pyvrp:
                procs["pyvrp"] = _start(_PYVRP, "1", path, args.time_limit, args.seed)
            outcomes = {name: _finish(proc, args.time_limit) for name, proc in procs.items()}
            data = mr.read(path)
            for name, out in outcomes.items():
                if isinstance(out, str):
                    print(f"{label:<18} {name:<8} {data.num_clients:>6} {out}")
                    rows.append({"instance": label, "solver": name, "error": out})
                    continue
                ev = evaluate(data, [tuple(r) for r in out["routes"]])
                cost = ev.cost / data.scaling.cost
                check = "ok" if ev.feasible == out["feasible"] else "DIFF"
                shown = f"{cost:,.1f}" if ev.feasible else "infeasible"
                first = out.get("first_feasible")
                first = "-" if first is None else f"{first:.1f}"
                print(f"{label:<18} {name:<8} {data.num_clients:>6} {out['read']:>7.1f} {out['wall']:>8.1f} "
                      f"{first:>8} {out['peak_gb']:>8.2f} {out['iterations']:>8} {len(out['routes']):>6} {shown:>14} "
                      f"{check:>6}", flush=True)
                rows.append({"instance": label, "solver": name, "n": data.num_clients, "read": out["read"],
                             "wall": out["wall"], "peak_gb": out["peak_gb"], "cost": cost,
                             "feasible": ev.feasible, "iterations": out["iterations"]})
            del data
    milkrun_rows = [r for r in rows if r["solver"] == "milkrun" and "error" not in r and r["instance"].startswith("gen")]
    if len(milkrun_rows) > 1:
        print("\n# growth (generated networks, milkrun): size ratio -> peak memory ratio, cost ratio")
        for a, b in zip(milkrun_rows, milkrun_rows[1:]):
            print(f"#   {a['n']} -> {b['n']} (x{b['n'] / a['n']:.1f}): memory x{b['peak_gb'] / a['peak_gb']:.2f}, "
                  f"cost x{b['cost'] / a['cost']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
