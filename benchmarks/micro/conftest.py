"""Fixtures of the microbenchmarks: benchmark instances with a solved (best-known) plan.

The instances come from the shared benchmark folder (``milkrun.bks.instances_dir()``: the
``MILKRUN_INSTANCES`` variable or ``../shared/instances``); every benchmark that needs one is skipped
when the folder or the file is absent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from milkrun.bks import instances_dir

#: (id, instance file, CVRPLIB solution file of its DIMACS best-known solution), relative to the folder.
INSTANCES = (
    ("RC101-100", "solomon/RC101.txt", "solomon/solutions_dimacs/RC101.sol"),
    ("RC1_10_1-1000", "homberger/1000/RC1_10_1.txt", "homberger/solutions_dimacs_1000/RC1_10_1.sol"),
)


@dataclass(frozen=True)
class Case:
    """An instance read under the DIMACS convention and a solved plan of it."""

    name: str
    data: object  # milkrun.ProblemData
    routes: list[list[int]]  # client location indices per route
    reference_distance: int | None  # the solution file's cost in the data's integer units, if known

    @property
    def plan(self) -> list[tuple[list[int], int, int]]:
        """The routes as (visits, vehicle type, period), the evaluator's input."""
        return [(visits, 0, 0) for visits in self.routes]


def read_cvrplib_solution(path: Path) -> tuple[list[list[int]], float | None]:
    """Routes (customer numbers = milkrun location indices for one-depot Solomon files) and cost."""
    routes, cost = [], None
    for line in path.read_text().splitlines():
        match = re.match(r"\s*Route\s*#\d+\s*:(.*)", line)
        if match:
            routes.append([int(tok) for tok in match.group(1).split()])
        elif line.strip().lower().startswith("cost"):
            cost = float(line.split()[1])
    return routes, cost


def load_case(case_id: str, instance: str, solution: str) -> Case:
    folder = instances_dir()
    if folder is None or not (folder / instance).is_file():
        pytest.skip(f"benchmark instance {instance} not found (set MILKRUN_INSTANCES)")
    from milkrun.io import read

    data = read(folder / instance, convention="dimacs")
    sol_file = folder / solution
    if sol_file.is_file():
        routes, cost = read_cvrplib_solution(sol_file)
        reference = round(cost * data.scaling.distance) if cost is not None else None
    else:  # no best-known plan at hand: a short solve gives a solved (not necessarily feasible) plan
        from milkrun.solve import solve

        result = solve(data, max_iterations=200, seed=1)
        routes, reference = [list(r.visits) for r in result.solution.routes], None
    return Case(case_id, data, routes, reference)


@pytest.fixture(scope="module", params=INSTANCES, ids=[case[0] for case in INSTANCES])
def case(request: pytest.FixtureRequest) -> Case:
    return load_case(*request.param)
