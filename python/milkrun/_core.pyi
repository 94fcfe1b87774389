"""
milkrun's C++ core: problem data, solutions, and the ALNS search.
"""
from __future__ import annotations
import collections.abc
import numpy
import typing
__all__: list[str] = ['AlnsParams', 'AlnsResult', 'Client', 'CostEvaluator', 'Depot', 'MAX_DIMENSIONS', 'MAX_VALUE', 'Period', 'ProblemData', 'Scaling', 'SearchPieces', 'Solution', 'SolutionRoute', 'SolveControl', 'TimeWindow', 'VehicleType', 'available_acceptance_criteria', 'available_destroy_operators', 'available_local_search_operators', 'available_repair_operators', 'solve']
class TimeWindow:
    """
    A time interval [early, late] in the instance's integer time units.
    """
    def __getstate__(self) -> tuple[int, int]:
        ...
    def __init__(self, early: int = 0, late: int = 281474976710656) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def early(self) -> int:
        ...
    @property
    def late(self) -> int:
        ...
class Depot:
    """
    The plant or a cross-dock, with its dock opening hours.
    """
    def __init__(self, name: str, x: typing.SupportsFloat | typing.SupportsIndex, y: typing.SupportsFloat | typing.SupportsIndex, window: TimeWindow = ..., service_duration: int = 0, docks: int = 0, unload_duration: int = 0) -> None:
        ...
    @property
    def docks(self) -> int:
        """
        Trucks that can unload here at once (0: no limit); arrivals wait at the gate, first come first served.
        """
    @property
    def name(self) -> str:
        ...
    @property
    def service_duration(self) -> int:
        """
        Duration of a reload stop here (unloading, and loading the next trip).
        """
    @property
    def unload_duration(self) -> int:
        """
        How long a truck whose route ends here holds a dock (with docks > 0).
        """
    @property
    def window(self) -> TimeWindow:
        ...
    @property
    def x(self) -> float:
        ...
    @property
    def y(self) -> float:
        ...
class Client:
    """
    A supplier: pickup (and delivery) amounts per capacity dimension, service time, time windows.
    """
    def __init__(self, name: str, x: typing.SupportsFloat | typing.SupportsIndex, y: typing.SupportsFloat | typing.SupportsIndex, service_duration: int, pickup: list[int], delivery: list[int] = [], time_windows: collections.abc.Sequence[TimeWindow] = ..., release_time: int = 0, frequency: int = 1, patterns: list[int] = [], period_time_windows: collections.abc.Sequence[collections.abc.Sequence[TimeWindow]] = [], pattern_pickups: list[list[list[int]]] = [], late_cost: int = 0, max_lateness: int = 281474976710656, same_truck: bool = False, arrival_spread: int = 281474976710656) -> None:
        ...
    def pickup_for(self, days: typing.SupportsInt | typing.SupportsIndex, period: typing.SupportsInt | typing.SupportsIndex) -> list[int]:
        """
        The amount of a visit on `period` when the client is visited on the day set `days`.
        """
    def windows(self, period: typing.SupportsInt | typing.SupportsIndex) -> list[TimeWindow]:
        """
        The time windows of a visit on `period`.
        """
    @property
    def arrival_spread(self) -> int:
        """
        Consistency: its service starts on its visit days lie within this of each other.
        """
    @property
    def delivery(self) -> list[int]:
        ...
    @property
    def frequency(self) -> int:
        ...
    @property
    def late_cost(self) -> int:
        """
        Soft window: cost per time unit of service starting after the window's end (0: hard).
        """
    @property
    def max_lateness(self) -> int:
        """
        Soft window: how late service may start at most.
        """
    @property
    def name(self) -> str:
        ...
    @property
    def pattern_pickups(self) -> list[list[list[int]]]:
        """
        Per allowed pattern, per period, the amount of a visit then (empty: pickup on every visit).
        """
    @property
    def patterns(self) -> list[int]:
        ...
    @property
    def period_time_windows(self) -> list[list[TimeWindow]]:
        """
        Per period, the windows replacing time_windows on that period (an empty entry: none).
        """
    @property
    def pickup(self) -> list[int]:
        ...
    @property
    def release_time(self) -> int:
        ...
    @property
    def same_truck(self) -> bool:
        """
        Consistency: served by the same truck (type and truck number) on all its visit days.
        """
    @property
    def service_duration(self) -> int:
        ...
    @property
    def time_windows(self) -> list[TimeWindow]:
        ...
    @property
    def x(self) -> float:
        ...
    @property
    def y(self) -> float:
        ...
class VehicleType:
    """
    A truck type of the mixed fleet.
    """
    def __init__(self, name: str, capacity: list[int], num_available: int = 1, fixed_cost: int = 0, unit_distance_cost: int = 1, unit_duration_cost: int = 0, start_depot: int = 0, end_depot: int = 0, shift: TimeWindow = ..., max_duration: int = 281474976710656, forbidden_clients: collections.abc.Sequence[str] = [], profile: int = 0, reload_depots: list[int] = [], max_reloads: int | None = None, break_duration: int = 0, break_window: TimeWindow = ...) -> None:
        ...
    @property
    def break_duration(self) -> int:
        """
        Driver break: its length (0: none); taken from break_window.early on by a route on the road then, starting by break_window.late.
        """
    @property
    def break_window(self) -> TimeWindow:
        ...
    @property
    def capacity(self) -> list[int]:
        ...
    @property
    def end_depot(self) -> int:
        ...
    @property
    def fixed_cost(self) -> int:
        ...
    @property
    def forbidden_clients(self) -> list[str]:
        """
        Names of the clients this type may not serve (access restrictions).
        """
    @property
    def max_duration(self) -> int:
        ...
    @property
    def max_reloads(self) -> int | None:
        """
        Most reload stops per route (None: unlimited).
        """
    @property
    def name(self) -> str:
        ...
    @property
    def num_available(self) -> int:
        ...
    @property
    def profile(self) -> int:
        """
        Travel profile: index of the distance and duration matrices this type drives on.
        """
    @property
    def reload_depots(self) -> list[int]:
        """
        Depots where its routes may stop to unload and start another trip (multi-trip).
        """
    @property
    def shift(self) -> TimeWindow:
        ...
    @property
    def start_depot(self) -> int:
        ...
    @property
    def unit_distance_cost(self) -> int:
        ...
    @property
    def unit_duration_cost(self) -> int:
        ...
class Period:
    """
    A day of the planning horizon, with the vehicles available per type.
    """
    def __init__(self, name: str, num_available: list[int] = []) -> None:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def num_available(self) -> list[int]:
        ...
class Scaling:
    """
    Integer units per unit of the source data, chosen by the reader.
    """
    def __init__(self, distance: typing.SupportsFloat | typing.SupportsIndex = 1.0, duration: typing.SupportsFloat | typing.SupportsIndex = 1.0, cost: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> None:
        ...
    @property
    def cost(self) -> float:
        ...
    @property
    def distance(self) -> float:
        ...
    @property
    def duration(self) -> float:
        ...
class ProblemData:
    """
    An immutable, validated milk-run instance.
    """
    def __init__(self, name: str, dimensions: collections.abc.Sequence[str], depots: collections.abc.Sequence[Depot], clients: collections.abc.Sequence[Client], vehicle_types: collections.abc.Sequence[VehicleType], periods: collections.abc.Sequence[Period], distance: typing.Any, duration: typing.Any, scaling: Scaling = ...) -> None:
        ...
    def distance_matrix(self, profile: typing.SupportsInt | typing.SupportsIndex = 0) -> numpy.ndarray:
        """
        The integer distance matrix of a travel profile (locations: depots first, then clients): a read-only view, no copy; int32 when every entry fits 32 bits, else int64 (use int64 arithmetic for sums).
        """
    def duration_matrix(self, profile: typing.SupportsInt | typing.SupportsIndex = 0) -> numpy.ndarray:
        """
        The integer duration matrix of a travel profile: a read-only view, as distance_matrix.
        """
    def may_serve(self, vehicle_type: typing.SupportsInt | typing.SupportsIndex, location: typing.SupportsInt | typing.SupportsIndex) -> bool:
        """
        Whether the vehicle type may serve the client at this location (access restrictions).
        """
    def num_available(self, period: typing.SupportsInt | typing.SupportsIndex, vehicle_type: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    def with_vehicle_types(self, vehicle_types: collections.abc.Sequence[VehicleType]) -> ProblemData:
        """
        The same instance with another fleet.
        """
    @property
    def clients(self) -> list[Client]:
        ...
    @property
    def depots(self) -> list[Depot]:
        ...
    @property
    def dimensions(self) -> list[str]:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def num_clients(self) -> int:
        ...
    @property
    def num_depots(self) -> int:
        ...
    @property
    def num_dimensions(self) -> int:
        ...
    @property
    def num_locations(self) -> int:
        ...
    @property
    def num_periods(self) -> int:
        ...
    @property
    def num_profiles(self) -> int:
        """
        Number of travel profiles (distance and duration matrix pairs).
        """
    @property
    def num_vehicle_types(self) -> int:
        ...
    @property
    def periods(self) -> list[Period]:
        ...
    @property
    def scaling(self) -> Scaling:
        ...
    @property
    def vehicle_types(self) -> list[VehicleType]:
        ...
class CostEvaluator:
    """
    Penalised cost: true cost plus penalties for excess load and time warp.
    """
    def __init__(self, load_penalties: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], tw_penalty: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def load_penalty(self, dimension: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    @property
    def tw_penalty(self) -> int:
        ...
class SolutionRoute:
    """
    One route of a plan, with statistics computed at construction.
    """
    def __init__(self, data: ProblemData, visits: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], vehicle_type: typing.SupportsInt | typing.SupportsIndex = 0, period: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        ...
    def is_feasible(self) -> bool:
        ...
    @property
    def access_violations(self) -> int:
        ...
    @property
    def break_start(self) -> int:
        """
        When the driver's break starts (-1: none).
        """
    @property
    def cost(self) -> int:
        ...
    @property
    def distance(self) -> int:
        ...
    @property
    def duration(self) -> int:
        ...
    @property
    def excess_load(self) -> list[int]:
        ...
    @property
    def gate_wait(self) -> int:
        """
        Waiting for a free dock at plants with limited docks, in all (in a Solution).
        """
    @property
    def gate_waits(self) -> list[int]:
        """
        Per visit, then the end depot: the wait for a dock before it (as service_starts).
        """
    @property
    def lateness(self) -> int:
        """
        Lateness at soft windows, in all.
        """
    @property
    def lateness_cost(self) -> int:
        """
        Its cost (part of cost).
        """
    @property
    def max_load(self) -> list[int]:
        ...
    @property
    def num_reloads(self) -> int:
        """
        Reload stops: depot indices among the visits, each ending a trip.
        """
    @property
    def num_trips(self) -> int:
        ...
    @property
    def period(self) -> int:
        ...
    @property
    def service_duration(self) -> int:
        ...
    @property
    def service_starts(self) -> list[int]:
        """
        Per visit, then the end depot: when service (at a plant: the dock) starts; empty unless the data has docks, soft windows, driver breaks or consistency requirements.
        """
    @property
    def start_time(self) -> int:
        ...
    @property
    def time_warp(self) -> int:
        ...
    @property
    def travel_duration(self) -> int:
        ...
    @property
    def truck(self) -> int:
        """
        Which truck of its vehicle type serves it on its period (numbered by a Solution).
        """
    @property
    def vehicle_type(self) -> int:
        ...
    @property
    def visits(self) -> list[int]:
        ...
class Solution:
    """
    An immutable plan: routes with period and vehicle type, and its statistics.
    """
    def __init__(self, data: ProblemData, routes: collections.abc.Sequence[SolutionRoute]) -> None:
        ...
    def is_complete(self) -> bool:
        ...
    def is_feasible(self) -> bool:
        ...
    def penalised_cost(self, data: ProblemData, cost_evaluator: CostEvaluator) -> int:
        ...
    @property
    def access_violations(self) -> int:
        ...
    @property
    def consistency_violations(self) -> int:
        """
        Visits of same-truck clients not on the truck serving most of their visits.
        """
    @property
    def cost(self) -> int:
        ...
    @property
    def distance(self) -> int:
        ...
    @property
    def distance_cost(self) -> int:
        ...
    @property
    def duration(self) -> int:
        ...
    @property
    def duration_cost(self) -> int:
        ...
    @property
    def excess_load(self) -> list[int]:
        ...
    @property
    def fixed_cost(self) -> int:
        ...
    @property
    def gate_wait(self) -> int:
        ...
    @property
    def lateness(self) -> int:
        ...
    @property
    def lateness_cost(self) -> int:
        ...
    @property
    def num_routes(self) -> int:
        ...
    @property
    def routes(self) -> list[SolutionRoute]:
        ...
    @property
    def spread_excess(self) -> int:
        """
        Arrival spread beyond the clients' allowed spreads, summed.
        """
    @property
    def time_warp(self) -> int:
        ...
    @property
    def unassigned(self) -> list[int]:
        ...
class AlnsParams:
    """
    Parameters of the ALNS: operators with initial weights, destroy size, adaptive weights, acceptance and penalties.
    """
    pattern_improvement: bool
    def __init__(self) -> None:
        ...
    def validate(self) -> None:
        """
        Raises ValueError naming the first bad field.
        """
    @property
    def acceptance(self) -> str:
        """
        'simulated_annealing' or 'record_to_record'.
        """
    @acceptance.setter
    def acceptance(self, arg0: str) -> None:
        ...
    @property
    def blink_rate(self) -> float:
        ...
    @blink_rate.setter
    def blink_rate(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def cross_day_rate(self) -> float:
        ...
    @cross_day_rate.setter
    def cross_day_rate(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def destroy_operators(self) -> list[tuple[str, float]]:
        """
        List of (name, initial weight).
        """
    @destroy_operators.setter
    def destroy_operators(self, arg0: collections.abc.Sequence[tuple[str, typing.SupportsFloat | typing.SupportsIndex]]) -> None:
        ...
    @property
    def end_temperature(self) -> float:
        ...
    @end_temperature.setter
    def end_temperature(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def end_threshold(self) -> float:
        ...
    @end_threshold.setter
    def end_threshold(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def local_search_operators(self) -> list[str]:
        ...
    @local_search_operators.setter
    def local_search_operators(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def max_remove(self) -> int:
        ...
    @max_remove.setter
    def max_remove(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def max_remove_fraction(self) -> float:
        ...
    @max_remove_fraction.setter
    def max_remove_fraction(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def max_remove_share(self) -> float:
        ...
    @max_remove_share.setter
    def max_remove_share(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def max_string_length(self) -> int:
        ...
    @max_string_length.setter
    def max_string_length(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def min_remove(self) -> int:
        ...
    @min_remove.setter
    def min_remove(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def min_remove_share(self) -> float:
        ...
    @min_remove_share.setter
    def min_remove_share(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def min_weight(self) -> float:
        ...
    @min_weight.setter
    def min_weight(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def num_neighbours(self) -> int:
        ...
    @num_neighbours.setter
    def num_neighbours(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def pattern_change_rate(self) -> float:
        ...
    @pattern_change_rate.setter
    def pattern_change_rate(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def penalty_decrease(self) -> float:
        ...
    @penalty_decrease.setter
    def penalty_decrease(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def penalty_increase(self) -> float:
        ...
    @penalty_increase.setter
    def penalty_increase(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def penalty_update_frequency(self) -> int:
        ...
    @penalty_update_frequency.setter
    def penalty_update_frequency(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def reaction_factor(self) -> float:
        ...
    @reaction_factor.setter
    def reaction_factor(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def related_randomness(self) -> float:
        ...
    @related_randomness.setter
    def related_randomness(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def repair_booster(self) -> float:
        ...
    @repair_booster.setter
    def repair_booster(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def repair_operators(self) -> list[tuple[str, float]]:
        """
        List of (name, initial weight).
        """
    @repair_operators.setter
    def repair_operators(self, arg0: collections.abc.Sequence[tuple[str, typing.SupportsFloat | typing.SupportsIndex]]) -> None:
        ...
    @property
    def repair_probability(self) -> float:
        ...
    @repair_probability.setter
    def repair_probability(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def scores(self) -> list[float]:
        """
        Scores for new best, better, accepted, rejected.
        """
    @scores.setter
    def scores(self, arg0: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
    @property
    def segment_length(self) -> int:
        ...
    @segment_length.setter
    def segment_length(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def split_depth(self) -> float:
        ...
    @split_depth.setter
    def split_depth(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def split_rate(self) -> float:
        ...
    @split_rate.setter
    def split_rate(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def start_temperature(self) -> float:
        ...
    @start_temperature.setter
    def start_temperature(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def start_threshold(self) -> float:
        ...
    @start_threshold.setter
    def start_threshold(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def target_feasible(self) -> float:
        ...
    @target_feasible.setter
    def target_feasible(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def temperature_clients(self) -> int:
        ...
    @temperature_clients.setter
    def temperature_clients(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def weight_time_warp(self) -> float:
        ...
    @weight_time_warp.setter
    def weight_time_warp(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def weight_wait(self) -> float:
        ...
    @weight_wait.setter
    def weight_wait(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def worst_randomness(self) -> float:
        ...
    @worst_randomness.setter
    def worst_randomness(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class AlnsResult:
    """
    Raw outcome of the C++ search; milkrun.solve wraps it in a Result.
    """
    @property
    def best(self) -> Solution:
        ...
    @property
    def history(self) -> list[tuple[float, int, int]]:
        ...
    @property
    def iterations(self) -> int:
        ...
    @property
    def operator_stats(self) -> list:
        ...
    @property
    def runtime(self) -> float:
        ...
class SolveControl:
    """
    Shared with a running solve: request a stop from another thread, read its progress.
    """
    def __init__(self) -> None:
        ...
    def report(self, iterations: typing.SupportsInt | typing.SupportsIndex = 0, best_cost: typing.SupportsInt | typing.SupportsIndex | None = None) -> None:
        """
        Add iterations and set the best cost: for a search run in parts (sub-problems) that reports the whole plan's progress here.
        """
    def request_stop(self) -> None:
        """
        Ask the search to stop at its next iteration; it returns its best plan so far.
        """
    @property
    def best_cost(self) -> int | None:
        """
        Integer cost of the running search's best feasible plan; None before it has one.
        """
    @property
    def iterations(self) -> int:
        """
        Iterations done so far, summed over every search run with this control.
        """
    @property
    def stop_requested(self) -> bool:
        ...
class SearchPieces:
    """
    The search pieces on their own for one instance (segment tables and granular neighbourhoods built once): to improve given plans, and for microbenchmarks.
    """
    def __init__(self, data: ProblemData, params: AlnsParams) -> None:
        ...
    def count_improving_moves(self, solution: Solution, cost_evaluator: CostEvaluator) -> int:
        """
        Evaluates every local-search operator once on every (client, neighbour) pair; returns how many evaluations found an improving move.
        """
    def destroy_repair(self, solution: Solution, cost_evaluator: CostEvaluator, destroy: str, repair: str, num_remove: typing.SupportsInt | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex = 0, local_search: bool = False) -> Solution:
        """
        One destroy (removing num_remove clients) and repair of the plan, by operator name; with local_search, followed by the local search around the removed and inserted clients (one ALNS iteration without acceptance).
        """
    def local_search(self, solution: Solution, cost_evaluator: CostEvaluator, seed: typing.SupportsInt | typing.SupportsIndex = 0) -> Solution:
        """
        One local search to convergence from the plan, every route examined, under the given penalties.
        """
def available_acceptance_criteria() -> list[str]:
    ...
def available_destroy_operators() -> list[str]:
    ...
def available_local_search_operators() -> list[str]:
    ...
def available_repair_operators() -> list[str]:
    ...
def solve(data: ProblemData, params: AlnsParams, seed: typing.SupportsInt | typing.SupportsIndex, time_limit: typing.SupportsFloat | typing.SupportsIndex, max_iterations: typing.SupportsInt | typing.SupportsIndex, initial: Solution | None = None, stop_when_feasible: bool = False, control: SolveControl = None) -> AlnsResult:
    """
    Run the ALNS; releases the GIL. Raises ValueError for bad parameters or unsupported data.
    """
MAX_DIMENSIONS: int = 8
MAX_VALUE: int = 281474976710656
