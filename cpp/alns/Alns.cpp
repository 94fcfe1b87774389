#include "Alns.h"

#include "Engine.h"
#include "Operators.h"
#include "PenaltyManager.h"
#include "accept/RecordToRecord.h"
#include "accept/SimulatedAnnealing.h"
#include "destroy/RandomRemoval.h"
#include "destroy/RelatedRemoval.h"
#include "destroy/RouteRemoval.h"
#include "destroy/StringRemoval.h"
#include "destroy/WorstRemoval.h"
#include "repair/GreedyInsertion.h"
#include "repair/RegretInsertion.h"
#include "select/RouletteWheel.h"
#include "search/LocalSearch.h"

#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace milkrun::alns
{
namespace
{
using DestroyFactory = std::function<std::unique_ptr<DestroyOperator>(AlnsParams const &)>;
using RepairFactory = std::function<std::unique_ptr<RepairOperator>(AlnsParams const &)>;

std::map<std::string, DestroyFactory> const &destroyRegistry()
{
    static std::map<std::string, DestroyFactory> const registry = {
        {"random", [](AlnsParams const &) { return std::make_unique<RandomRemoval>(); }},
        {"worst", [](AlnsParams const &p) { return std::make_unique<WorstRemoval>(p.worstRandomness); }},
        {"related", [](AlnsParams const &p) { return std::make_unique<RelatedRemoval>(p.relatedRandomness); }},
        {"string",
         [](AlnsParams const &p) {
             return std::make_unique<StringRemoval>(p.maxStringLength, p.splitRate, p.splitDepth);
         }},
        {"route", [](AlnsParams const &) { return std::make_unique<RouteRemoval>(); }},
    };
    return registry;
}

std::map<std::string, RepairFactory> const &repairRegistry()
{
    static std::map<std::string, RepairFactory> const registry = {
        {"greedy", [](AlnsParams const &) { return std::make_unique<GreedyInsertion>("greedy", 0.0); }},
        {"greedy_blink",
         [](AlnsParams const &p) { return std::make_unique<GreedyInsertion>("greedy_blink", p.blinkRate); }},
        {"regret2", [](AlnsParams const &) { return std::make_unique<RegretInsertion>(2); }},
        {"regret3", [](AlnsParams const &) { return std::make_unique<RegretInsertion>(3); }},
    };
    return registry;
}

template <typename Map> std::vector<std::string> keys(Map const &map)
{
    std::vector<std::string> result;
    for (auto const &[key, value] : map)
        result.push_back(key);
    return result;
}

template <typename Op, typename Registry>
std::vector<std::unique_ptr<Op>> build(Registry const &registry,
                                       std::vector<std::pair<std::string, double>> const &specs,
                                       AlnsParams const &params)
{
    std::vector<std::unique_ptr<Op>> ops;
    for (auto const &[name, weight] : specs)
        ops.push_back(registry.at(name)(params));
    return ops;
}

void checkData(ProblemData const &data)
{
    if (data.numPeriods() != 1)
        throw std::invalid_argument("periods: these search pieces work on a single period, but the data has "
                                    + std::to_string(data.numPeriods()));
    checkSearchData(data);
}

}  // namespace

std::vector<double> weightsOf(std::vector<std::pair<std::string, double>> const &specs)
{
    std::vector<double> weights;
    for (auto const &[name, weight] : specs)
        weights.push_back(weight);
    return weights;
}

void checkSearchData(ProblemData const &data)
{
    for (auto const &client : data.clients())
        for (std::size_t period = 0; period != data.numPeriods(); ++period)
            if (client.windows(period).size() != 1)
                throw std::invalid_argument("client '" + client.name + "': has " + std::to_string(client.windows(period).size())
                                            + " time windows" + (data.numPeriods() > 1 ? " in period " + data.periods()[period].name : "")
                                            + "; the search supports one window per client so far");
}

std::vector<std::unique_ptr<DestroyOperator>> makeDestroyOperators(AlnsParams const &params)
{
    return build<DestroyOperator>(destroyRegistry(), params.destroyOperators, params);
}

std::vector<std::unique_ptr<RepairOperator>> makeRepairOperators(AlnsParams const &params)
{
    return build<RepairOperator>(repairRegistry(), params.repairOperators, params);
}

OperatorBook::OperatorBook(AlnsParams const &params,
                           std::vector<std::string> const &destroyNames,
                           std::vector<std::string> const &repairNames)
    : destroy_(weightsOf(params.destroyOperators), params.reactionFactor, params.minWeight),
      repair_(weightsOf(params.repairOperators), params.reactionFactor, params.minWeight),
      numDestroy_(destroyNames.size()),
      scores_(params.scores),
      segmentLength_(params.segmentLength)
{
    for (auto const &name : destroyNames)
        stats_.push_back({"destroy", name, 0});
    for (auto const &name : repairNames)
        stats_.push_back({"repair", name, 0});
}

std::pair<std::size_t, std::size_t> OperatorBook::select(RandomNumberGenerator &rng) const
{
    auto const d = destroy_.select(rng);
    auto const r = repair_.select(rng);
    return {d, r};
}

void OperatorBook::record(std::size_t destroy, std::size_t repair, Outcome outcome, std::size_t iteration,
                          bool destroyUsed)
{
    auto const count = [outcome](OperatorStat &stat) {
        stat.selected++;
        stat.best += outcome == NewBest;
        stat.better += outcome == Better;
        stat.accepted += outcome == Accepted;
    };
    if (destroyUsed)
    {
        destroy_.record(destroy, scores_[outcome]);
        count(stats_[destroy]);
    }
    repair_.record(repair, scores_[outcome]);
    count(stats_[numDestroy_ + repair]);
    if (iteration % segmentLength_ == 0)
    {
        destroy_.endSegment();
        repair_.endSegment();
    }
}

std::vector<OperatorStat> OperatorBook::stats() const
{
    auto result = stats_;
    for (std::size_t idx = 0; idx != numDestroy_; ++idx)
        result[idx].weight = destroy_.weights()[idx];
    for (std::size_t idx = numDestroy_; idx != result.size(); ++idx)
        result[idx].weight = repair_.weights()[idx - numDestroy_];
    return result;
}

std::unique_ptr<AcceptanceCriterion> makeAcceptance(AlnsParams const &params, double size, double initialCost)
{
    if (params.acceptance != "simulated_annealing")
        return std::make_unique<RecordToRecord>(params.startThreshold, params.endThreshold);
    auto const reference = static_cast<double>(params.temperatureClients);
    double const scale = params.temperatureClients > 0 && size > reference ? std::pow(reference / size, 1.5) : 1.0;
    return std::make_unique<SimulatedAnnealing>(params.startTemperature * scale, params.endTemperature * scale,
                                                initialCost);
}

std::pair<std::size_t, std::size_t> removeBounds(AlnsParams const &params, std::size_t clients)
{
    auto const share = [&](double fraction) { return static_cast<std::size_t>(fraction * static_cast<double>(clients)); };
    auto const maxRemove = std::max<std::size_t>(
        1, std::min(std::max(params.maxRemove, share(params.maxRemoveShare)), share(params.maxRemoveFraction)));
    auto const minRemove = std::min(std::max(params.minRemove, share(params.minRemoveShare)), maxRemove);
    return {minRemove, maxRemove};
}

double progressOf(double now, double timeLimit, std::size_t iteration, std::size_t maxIterations)
{
    return std::max(std::isfinite(timeLimit) ? now / timeLimit : 0.0,
                    maxIterations < (std::size_t{1} << 62)
                        ? static_cast<double>(iteration) / static_cast<double>(maxIterations)
                        : 0.0);
}

std::vector<std::string> availableDestroyOperators() { return keys(destroyRegistry()); }
std::vector<std::string> availableRepairOperators() { return keys(repairRegistry()); }
std::vector<std::string> availableLocalSearchOperators() { return search::LocalSearch::availableOperators(); }
std::vector<std::string> availableAcceptanceCriteria() { return {"record_to_record", "simulated_annealing"}; }

void AlnsParams::validate() const
{
    auto const checkOps = [](auto const &specs, auto const &registry, char const *family) {
        if (specs.empty())
            throw std::invalid_argument(std::string(family) + "_operators: at least one operator is needed");
        for (auto const &[name, weight] : specs)
        {
            if (!registry.contains(name))
                throw std::invalid_argument(std::string(family) + "_operators: unknown operator '" + name + "'");
            if (!(weight > 0) || !std::isfinite(weight))
                throw std::invalid_argument(std::string(family) + "_operators: weight of '" + name
                                            + "' must be positive, got " + std::to_string(weight));
        }
    };
    checkOps(destroyOperators, destroyRegistry(), "destroy");
    checkOps(repairOperators, repairRegistry(), "repair");
    auto const lsNames = search::LocalSearch::availableOperators();
    for (auto const &name : localSearchOperators)
        if (std::find(lsNames.begin(), lsNames.end(), name) == lsNames.end())
            throw std::invalid_argument("local_search_operators: unknown operator '" + name + "'");

    // Every real-valued setting must be a finite number; the ranges are checked below.
    std::pair<double, char const *> const reals[] = {
        {weightWait, "weight_wait"}, {weightTimeWarp, "weight_time_warp"}, {minRemoveShare, "min_remove_share"},
        {maxRemoveShare, "max_remove_share"}, {maxRemoveFraction, "max_remove_fraction"},
        {worstRandomness, "worst_randomness"}, {relatedRandomness, "related_randomness"}, {splitRate, "split_rate"},
        {splitDepth, "split_depth"}, {blinkRate, "blink_rate"}, {reactionFactor, "reaction_factor"},
        {minWeight, "min_weight"}, {startTemperature, "start_temperature"}, {endTemperature, "end_temperature"},
        {startThreshold, "start_threshold"}, {endThreshold, "end_threshold"}, {targetFeasible, "target_feasible"},
        {penaltyIncrease, "penalty_increase"}, {penaltyDecrease, "penalty_decrease"},
        {repairProbability, "repair_probability"}, {repairBooster, "repair_booster"},
        {patternChangeRate, "pattern_change_rate"}, {crossDayRate, "cross_day_rate"}};
    for (auto const &[value, field] : reals)
        if (!std::isfinite(value))
            throw std::invalid_argument(std::string(field) + ": must be a finite number, got " + std::to_string(value));

    auto const fraction = [](double value, char const *field) {
        if (!(value >= 0 && value <= 1))
            throw std::invalid_argument(std::string(field) + ": must be in [0, 1], got " + std::to_string(value));
    };
    fraction(maxRemoveFraction, "max_remove_fraction");
    fraction(minRemoveShare, "min_remove_share");
    fraction(maxRemoveShare, "max_remove_share");
    if (minRemoveShare > maxRemoveShare)
        throw std::invalid_argument("min_remove_share/max_remove_share: need min <= max, got "
                                    + std::to_string(minRemoveShare) + " and " + std::to_string(maxRemoveShare));
    fraction(splitRate, "split_rate");
    fraction(splitDepth, "split_depth");
    fraction(blinkRate, "blink_rate");
    if (blinkRate >= 1)
        throw std::invalid_argument("blink_rate: must be below 1, got " + std::to_string(blinkRate));
    fraction(reactionFactor, "reaction_factor");
    fraction(targetFeasible, "target_feasible");
    fraction(repairProbability, "repair_probability");
    if (!(repairBooster >= 1 && repairBooster <= 1000))
        throw std::invalid_argument("repair_booster: must be in [1, 1000], got " + std::to_string(repairBooster));
    if (minRemove < 1 || maxRemove < minRemove)
        throw std::invalid_argument("min_remove/max_remove: need 1 <= min_remove <= max_remove, got "
                                    + std::to_string(minRemove) + " and " + std::to_string(maxRemove));
    if (numNeighbours < 1)
        throw std::invalid_argument("num_neighbours: must be at least 1");
    if (maxStringLength < 1)
        throw std::invalid_argument("max_string_length: must be at least 1");
    if (scores.size() != 4)
        throw std::invalid_argument("scores: need 4 values (new best, better, accepted, rejected), got "
                                    + std::to_string(scores.size()));
    if (segmentLength < 1)
        throw std::invalid_argument("segment_length: must be at least 1");
    if (!(minWeight > 0))
        throw std::invalid_argument("min_weight: must be positive");
    if (acceptance != "simulated_annealing" && acceptance != "record_to_record")
        throw std::invalid_argument("acceptance: unknown criterion '" + acceptance
                                    + "' (simulated_annealing or record_to_record)");
    if (!(startTemperature > 0) || !(endTemperature > 0) || endTemperature > startTemperature)
        throw std::invalid_argument("start_temperature/end_temperature: need 0 < end <= start");
    if (!(startThreshold >= 0) || !(endThreshold >= 0))
        throw std::invalid_argument("start_threshold/end_threshold: must not be negative");
    if (!(patternChangeRate >= 0 && patternChangeRate <= 1))
        throw std::invalid_argument("pattern_change_rate: must be in [0, 1], got " + std::to_string(patternChangeRate));
    if (!(crossDayRate >= 0 && crossDayRate <= 1))
        throw std::invalid_argument("cross_day_rate: must be in [0, 1], got " + std::to_string(crossDayRate));
    if (!(penaltyIncrease >= 1 && penaltyIncrease <= 10) || !(penaltyDecrease > 0 && penaltyDecrease <= 1))
        throw std::invalid_argument("penalty_increase must be in [1, 10] and penalty_decrease in (0, 1]");
}

SearchPieces::SearchPieces(ProblemData const &data, AlnsParams params)
    : data_(data),
      params_(std::move(params)),
      ops_(data),
      neighbours_(data, params_.numNeighbours, params_.weightWait, params_.weightTimeWarp)
{
    params_.validate();
    checkData(data);
}

void SearchPieces::load(search::WorkingSolution &ws, Solution const &solution, CostEvaluator const &ce) const
{
    ws.setCostEvaluator(ce);
    ws.loadRoutes(Solution(data_, solution.routes()));  // rebuilt on this data: indices validated
}

Solution SearchPieces::improve(Solution const &solution, CostEvaluator const &ce, std::uint64_t seed) const
{
    search::WorkingSolution ws(ops_, 0);
    load(ws, solution, ce);
    RandomNumberGenerator rng(seed);
    search::LocalSearch(neighbours_, params_.localSearchOperators).run(ws, rng);
    return ws.toSolution();
}

Solution SearchPieces::destroyRepair(Solution const &solution, CostEvaluator const &ce, std::string const &destroy,
                                     std::string const &repair, std::size_t count, std::uint64_t seed,
                                     bool localSearch) const
{
    if (!destroyRegistry().contains(destroy))
        throw std::invalid_argument("destroy: unknown operator '" + destroy + "'");
    if (!repairRegistry().contains(repair))
        throw std::invalid_argument("repair: unknown operator '" + repair + "'");
    search::WorkingSolution ws(ops_, 0);
    load(ws, solution, ce);
    RandomNumberGenerator rng(seed);
    (*destroyRegistry().at(destroy)(params_))(ws, ce, neighbours_, rng, count);
    (*repairRegistry().at(repair)(params_))(ws, ce, neighbours_, rng, ws.unassigned());
    if (localSearch)
        search::LocalSearch(neighbours_, params_.localSearchOperators).runFrom(ws, ws.touched(), rng);
    return ws.toSolution();
}

std::size_t SearchPieces::countImprovingMoves(Solution const &solution, CostEvaluator const &ce) const
{
    search::WorkingSolution ws(ops_, 0);
    load(ws, solution, ce);
    return search::LocalSearch(neighbours_, params_.localSearchOperators).countImprovingMoves(ws);
}

AlnsResult solve(ProblemData const &data,
                 AlnsParams const &params,
                 std::uint64_t seed,
                 double timeLimit,
                 std::size_t maxIterations,
                 Solution const *initial,
                 bool stopWhenFeasible,
                 SolveControl *control)
{
    if (data.numPeriods() > 1)
        return solvePeriodic(data, params, seed, timeLimit, maxIterations, initial, stopWhenFeasible, control);
    params.validate();
    checkData(data);
    if (!(timeLimit > 0))
        throw std::invalid_argument("time limit: must be positive, got " + std::to_string(timeLimit));

    using Clock = std::chrono::steady_clock;
    auto const start = Clock::now();
    auto const elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    auto const outOfTime = [&](double now) {
        return now >= timeLimit || (control != nullptr && control->stop.load(std::memory_order_relaxed));
    };

    RandomNumberGenerator rng(seed);
    search::SegmentOps const ops(data);
    search::Neighbours const neighbours(data, params.numNeighbours, params.weightWait, params.weightTimeWarp);
    search::LocalSearch localSearch(neighbours, params.localSearchOperators);
    auto destroyOps = build<DestroyOperator>(destroyRegistry(), params.destroyOperators, params);
    auto repairOps = build<RepairOperator>(repairRegistry(), params.repairOperators, params);
    OperatorBook book(params, namesOf(destroyOps), namesOf(repairOps));
    PenaltyManager penalties(data, params.targetFeasible, params.penaltyIncrease, params.penaltyDecrease,
                             params.penaltyUpdateFrequency);
    auto ce = penalties.evaluator();

    // Construction: the initial solution's routes if given, greedy insertion of every client left, then
    // local search.
    search::WorkingSolution ws(ops, 0);
    if (initial != nullptr)
    {
        // Rebuilt on this data: validates its indices here and drops routes a smaller fleet cannot hold.
        std::vector<Solution::Route> routes;
        for (auto const &route : initial->routes())
            routes.emplace_back(data, route.visits(), route.vehicleType(), route.period());
        // Longest routes first, so a smaller fleet gives back the clients of the shortest routes.
        std::stable_sort(routes.begin(), routes.end(),
                         [](auto const &a, auto const &b) { return a.visits().size() > b.visits().size(); });
        std::vector<std::size_t> perType(data.numVehicleTypes(), 0);
        std::vector<Solution::Route> fitting;
        for (auto &route : routes)
            if (perType[route.vehicleType()]++ < data.numAvailable(0, route.vehicleType()))
                fitting.push_back(std::move(route));
        ws.loadRoutes(Solution(data, std::move(fitting)));
    }
    // Under boosted penalties, so that insertion opens a route (or takes another type) rather than
    // overload one when the fleet allows it: the search starts feasible whenever greedy construction
    // can make it so (with a tight limited fleet it may still start infeasible).
    auto const constructCe = penalties.boostedEvaluator(params.repairBooster * params.repairBooster);
    ws.setCostEvaluator(constructCe);
    GreedyInsertion("construct", 0.0)(ws, constructCe, neighbours, rng, ws.unassigned());
    // Construction counts against the time limit: its local search (the longest part on large
    // instances) stops at the limit, as does the local search of the iteration that reaches it.
    localSearch.setStop([&] { return outOfTime(elapsed()); });
    localSearch.run(ws, rng);
    ws.setCostEvaluator(ce);

    // The working solution is kept equal to the current solution between iterations; after a rejected
    // candidate only the routes it changed are restored from `current`, so an iteration costs what its
    // destroy, repair and local search touch, not O(n).
    // With timing extras (docks, soft windows, breaks, consistency) a plan costs more than its routes'
    // segment summaries tell (waits at the gates couple the routes; lateness is priced, not warped; breaks
    // fall where they fall): the local search and the repair steer by the summaries (a soft window's end
    // counted as hard, the break at the route's end), and candidates are scored as whole Solutions, so
    // the plans kept are costed exactly.
    bool const extras = data.hasTimingExtras();
    auto const scored = [&](CostEvaluator const &evaluator) -> std::pair<Cost, bool> {
        if (!extras)
            return {ws.cost(), ws.isFeasible()};
        auto const solution = ws.toSolution();
        return {solution.penalisedCost(data, evaluator), solution.isFeasible()};
    };

    auto current = ws.allClients();
    Cost currentCost = 0;
    bool initialFeasible = false;
    std::tie(currentCost, initialFeasible) = scored(ce);
    std::optional<Solution> best;
    Solution leastPenalised = ws.toSolution();
    Cost leastPenalisedCost = currentCost;
    AlnsResult result{leastPenalised};
    if (initialFeasible)
    {
        best = leastPenalised;
        result.history.push_back({elapsed(), 0, best->cost()});
        if (control != nullptr)
            control->bestCost.store(best->cost(), std::memory_order_relaxed);
    }

    // Temperatures relative to the initial cost, without the access-restriction penalties (a constant far
    // above any route cost, which would make the whole run a random walk).
    Cost initialCost = currentCost;
    for (auto const &route : ws.routes())
        if (!route.empty() && !route.accessOk())
            initialCost -= kAccessPenalty;
    auto const accept = makeAcceptance(params, static_cast<double>(data.numClients()), static_cast<double>(initialCost));
    auto const numClients = data.numClients();
    auto const [minRemove, maxRemove] = removeBounds(params, numClients);

    std::size_t iteration = 0;
    while (iteration < maxIterations && numClients > 0 && !(stopWhenFeasible && best))
    {
        double const now = elapsed();
        if (outOfTime(now))
            break;
        double const progress = progressOf(now, timeLimit, iteration, maxIterations);
        ++iteration;
        if (control != nullptr)
            control->iterations.fetch_add(1, std::memory_order_relaxed);

        auto const [d, r] = book.select(rng);
        ws.clearChanged();
        ws.clearTouched();
        auto const count = minRemove + rng.randint(maxRemove - minRemove + 1);
        (*destroyOps[d])(ws, ce, neighbours, rng, count);
        (*repairOps[r])(ws, ce, neighbours, rng, ws.unassigned());
        localSearch.runFrom(ws, ws.touched(), rng);

        bool const penaltiesChanged = penalties.registerCandidate(ws.excessLoad(), ws.timeWarp());
        Cost candidateCost = 0;
        bool feasible = false;
        std::tie(candidateCost, feasible) = scored(ce);
        if (!feasible && rng.rand() < params.repairProbability)
        {
            ws.setCostEvaluator(penalties.boostedEvaluator(params.repairBooster));
            ws.touchInfeasibleRoutes();  // besides the clients touched by destroy and repair
            localSearch.runFrom(ws, ws.touched(), rng);
            ws.setCostEvaluator(ce);
            std::tie(candidateCost, feasible) = scored(ce);
        }
        Cost const bestCost = best ? best->penalisedCost(data, ce) : currentCost;

        Outcome outcome = Rejected;
        if (feasible && (!best || candidateCost < bestCost))  // feasible: penalised cost is true cost
        {
            best = ws.toSolution();
            outcome = NewBest;
            result.history.push_back({elapsed(), iteration, best->cost()});
            if (control != nullptr)
                control->bestCost.store(best->cost(), std::memory_order_relaxed);
        }
        else if (candidateCost < currentCost)
            outcome = Better;
        if (!best && candidateCost < leastPenalisedCost)
        {
            leastPenalised = ws.toSolution();
            leastPenalisedCost = candidateCost;
        }

        bool const accepted = accept->accept(candidateCost, currentCost, bestCost, progress, rng);
        if (accepted && outcome == Rejected)
            outcome = Accepted;

        book.record(d, r, outcome, iteration);

        for (std::size_t idx = 0; idx != ws.numRoutes(); ++idx)
            if (ws.changed(idx))
            {
                if (accepted)
                    current[idx] = ws.route(idx).clients();
                else
                    ws.setClients(idx, current[idx]);
            }
        currentCost = accepted ? candidateCost : currentCost;
        if (penaltiesChanged)
        {
            ce = penalties.evaluator();
            ws.setCostEvaluator(ce);
            currentCost = scored(ce).first;  // ws equals the current solution here
            if (!best)
                leastPenalisedCost = leastPenalised.penalisedCost(data, ce);
        }
    }

    result.best = best ? *best : leastPenalised;
    result.iterations = iteration;
    result.runtime = elapsed();
    result.operatorStats = book.stats();
    return result;
}
}  // namespace milkrun::alns
