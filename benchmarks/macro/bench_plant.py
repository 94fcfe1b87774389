"""Generated milk-run networks with every plant constraint at once: multi-trip trucks, returnable
containers, release times, few docks, soft windows, drivers' breaks, same-truck and arrival-spread
suppliers (``milkrun.generate.generate_network(..., plant_constraints=True)``).

No peer supports this combination, so the script reports milkrun alone: feasibility (checked by the
independent evaluator), cost, when the first feasible plan was found, iterations, and what the plan does
with each constraint (trips, gate waits, lateness, breaks, consistency). One core (``--core``, default 0).

    python benchmarks/macro/bench_plant.py                         # 300 suppliers, 5 days, seed 1, 120 s
    python benchmarks/macro/bench_plant.py --suppliers 100 --time-limit 30 --plot plan.png
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suppliers", type=int, default=300)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--network-seed", type=int, default=1, help="seed of the generated network")
    parser.add_argument("--seed", type=int, default=1, help="solver seed")
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--core", type=int, default=0, help="the one core to run on (-1: any)")
    parser.add_argument("--plot", help="also draw the plan (PNG)")
    parser.add_argument("--output", help="also write the solution JSON")
    args = parser.parse_args(argv)
    if args.core >= 0:
        os.sched_setaffinity(0, {args.core})

    import json

    import milkrun as mr
    from milkrun.eval import evaluate
    from milkrun.generate import generate_network
    from milkrun.io import parse_milkrun
    from milkrun.report import plan_document

    doc = generate_network(args.suppliers, args.days, args.network_seed, plant_constraints=True)
    inst = parse_milkrun(doc)
    started = time.perf_counter()
    result = mr.solve(inst.data, time_limit=args.time_limit, seed=args.seed)
    wall = time.perf_counter() - started
    ev = evaluate(inst.data, result.solution)
    s = result.solution
    first = result.history[0] if result.history else None
    print(f"instance   {inst.data.name}: {args.suppliers} suppliers, {args.days} days, "
          f"{doc['plants'][0]['docks']} docks, {sum('late_cost_per_hour' in x for x in doc['suppliers'])} soft "
          f"windows, {sum(bool(x.get('same_truck')) for x in doc['suppliers'])} same-truck, "
          f"{sum('arrival_spread' in x for x in doc['suppliers'])} arrival-spread suppliers")
    print(f"run        {args.time_limit:g} s, seed {args.seed}, core {args.core}; {result.iterations} iterations "
          f"in {wall:.1f} s")
    print(f"feasible   {result.feasible} (evaluator: {ev.feasible}; cost agrees: {ev.cost == s.cost})")
    print(f"cost       {result.cost:,.2f}")
    print("first      " + (f"feasible after {first[0]:.2f} s (iteration {first[1]}, cost {first[2]:,.2f})"
                           if first else "no feasible plan"))
    print(f"routes     {s.num_routes} truck-days, {sum(r.num_trips for r in s.routes)} trips "
          f"({sum(r.num_reloads for r in s.routes)} reload stops)")
    print(f"docks      {s.gate_wait / 60:,.1f} min waited at the gate by "
          f"{sum(1 for r in s.routes if r.gate_wait > 0)} routes")
    print(f"lateness   {s.lateness / 60:,.1f} min ({s.lateness_cost / inst.data.scaling.cost:,.2f})")
    print(f"breaks     {sum(1 for r in s.routes if r.break_start >= 0)} routes take their driver's break")
    print(f"consistent {s.consistency_violations} visits off their truck, spread beyond allowed "
          f"{s.spread_excess / 60:,.1f} min")
    for problem in ev.problems[:10]:
        print(f"problem    {problem}")
    plan = plan_document(inst, result)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            json.dump(plan, handle)
    if args.plot:
        from milkrun.plot import plot_solution

        plot_solution(plan, args.plot)
    return 0 if result.feasible else 1


if __name__ == "__main__":
    sys.exit(main())
