// The multi-period engine: every client is visited on one of its allowed visit-day patterns (sets of
// periods with as many days as its frequency), and each day is a single-period routing problem with its
// own fleet. The search keeps one working solution per day, each improved by its own local search, and
// adds a pattern layer on top of the single-period destroy and repair operators:
//  - a routing iteration destroys part of one day and repairs it on that day (patterns kept);
//  - a pattern iteration destroys part of one day, takes the removed clients off every day of their
//    pattern, and reinserts each on its best allowed pattern (greedily, or by regret over patterns and
//    routes); an empty-route or string removal on a day is "empty a day or part of it".
// Acceptance, adaptive operator weights and penalties are those of the single-period engine.

#include "Alns.h"
#include "Engine.h"
#include "Operators.h"
#include "PenaltyManager.h"
#include "repair/Insertion.h"
#include "search/LocalSearch.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
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
constexpr std::size_t kMaxPatterns = 4096;  // per client, when "any pattern" must be enumerated

// The allowed visit-day sets of every location (empty for depots): the client's patterns, or every set of
// `frequency` days of the horizon when it lists none.
std::vector<std::vector<std::uint64_t>> allowedPatterns(ProblemData const &data)
{
    auto const periods = data.numPeriods();
    std::vector<std::vector<std::uint64_t>> result(data.numLocations());
    for (std::size_t loc = data.numDepots(); loc != data.numLocations(); ++loc)
    {
        auto const &client = data.location(loc);
        if (!client.patterns.empty())
        {
            result[loc] = client.patterns;
            continue;
        }
        // All subsets of size f of {0..periods-1}, in increasing bit order (Gosper's hack).
        auto const f = client.frequency;
        std::uint64_t const limit = periods >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << periods) - 1;
        std::uint64_t set = f >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << f) - 1;
        while (set != 0 && set <= limit)
        {
            result[loc].push_back(set);
            if (result[loc].size() > kMaxPatterns)
                throw std::invalid_argument("client '" + data.location(loc).name + "': frequency "
                                            + std::to_string(f) + " over " + std::to_string(periods)
                                            + " periods allows more than " + std::to_string(kMaxPatterns)
                                            + " visit-day patterns; list the allowed patterns");
            std::uint64_t const c = set & (~set + 1);
            std::uint64_t const r = set + c;
            if (r == 0)
                break;
            set = (((r ^ set) >> 2) / c) | r;
        }
    }
    return result;
}

// A client's best insertion into one day, and the best into another route of that day (for regret).
struct DayOption
{
    InsertPoint best;
    Cost second = std::numeric_limits<Cost>::max();
};

class PeriodicSearch
{
    ProblemData const &data_;
    search::Neighbours const &neighbours_;
    std::vector<std::vector<std::uint64_t>> patterns_;
    std::vector<search::SegmentOps *> ops_;  // per day; a client's visit amount there follows its pattern
    std::vector<std::unique_ptr<search::WorkingSolution>> days_;
    std::vector<std::uint64_t> pattern_;  // per location: the days it is visited, 0 when unplanned
    std::vector<bool> varies_;            // per location: has pattern pickups

    [[nodiscard]] std::vector<Load> const &amounts(std::size_t loc, std::uint64_t set, std::size_t p) const
    {
        return data_.location(loc).pickupFor(set, p);
    }

public:
    // ops[p]: the segment tables of period p (its clients' time windows, their visit amounts).
    PeriodicSearch(ProblemData const &data, std::vector<std::unique_ptr<search::SegmentOps>> const &ops,
                   search::Neighbours const &neighbours)
        : data_(data),
          neighbours_(neighbours),
          patterns_(allowedPatterns(data)),
          pattern_(data.numLocations(), 0),
          varies_(data.numLocations(), false)
    {
        for (std::size_t p = 0; p != data.numPeriods(); ++p)
        {
            ops_.push_back(ops[p].get());
            days_.push_back(std::make_unique<search::WorkingSolution>(*ops[p], p));
        }
        for (std::size_t loc = data.numDepots(); loc != data.numLocations(); ++loc)
            varies_[loc] = !data.location(loc).patternPickups.empty();
    }

    // After a rejected candidate: the visit amounts of clients with pattern pickups back to those of
    // `patterns` (call before restoring the routes, which then recompute their loads).
    void restoreAmounts(std::vector<std::uint64_t> const &patterns)
    {
        for (std::size_t loc = data_.numDepots(); loc != data_.numLocations(); ++loc)
            if (varies_[loc] && patterns[loc] != pattern_[loc] && patterns[loc] != 0)
                for (std::uint64_t rest = patterns[loc]; rest != 0; rest &= rest - 1)
                {
                    auto const p = static_cast<std::size_t>(std::countr_zero(rest));
                    ops_[p]->setPickup(loc, amounts(loc, patterns[loc], p));
                }
    }

    [[nodiscard]] std::size_t numDays() const { return days_.size(); }
    [[nodiscard]] search::WorkingSolution &day(std::size_t p) { return *days_[p]; }
    [[nodiscard]] std::uint64_t pattern(std::size_t loc) const { return pattern_[loc]; }
    [[nodiscard]] std::vector<std::uint64_t> const &patterns() const { return pattern_; }
    void setPatterns(std::vector<std::uint64_t> const &patterns) { pattern_ = patterns; }

    void setCostEvaluator(CostEvaluator const &ce)
    {
        for (auto &ws : days_)
            ws->setCostEvaluator(ce);
    }

    [[nodiscard]] Cost cost() const
    {
        Cost total = 0;
        for (auto const &ws : days_)
            total = saturatingAdd(total, ws->cost());
        return total;
    }

    [[nodiscard]] std::vector<Load> excessLoad() const
    {
        std::vector<Load> total(data_.numDimensions(), 0);
        for (auto const &ws : days_)
        {
            auto const excess = ws->excessLoad();
            for (std::size_t d = 0; d != total.size(); ++d)
                total[d] += excess[d];
        }
        return total;
    }

    [[nodiscard]] Duration timeWarp() const
    {
        Duration total = 0;
        for (auto const &ws : days_)
            total += ws->timeWarp();
        return total;
    }

    [[nodiscard]] std::size_t numUnplanned() const
    {
        std::size_t count = 0;
        for (std::size_t loc = data_.numDepots(); loc != data_.numLocations(); ++loc)
            count += pattern_[loc] == 0;
        return count;
    }

    [[nodiscard]] bool isFeasible() const
    {
        if (numUnplanned() != 0 || timeWarp() != 0)
            return false;
        for (auto const excess : excessLoad())
            if (excess != 0)
                return false;
        for (auto const &ws : days_)
            for (auto const &route : ws->routes())
                if (!route.empty() && !route.accessOk())
                    return false;
        return true;
    }

    // Consistency repair. In `solution` (this state's plan), a same-truck client served by several trucks
    // (vehicle type and truck number) gets all its visits onto one of them: its trucks are tried most
    // visits first, each visit moving on its day to its best position in that truck's route (or into an
    // empty route of that type if the truck does not run that day); a truck whose route would become
    // overloaded is given up and its moves undone. The trucks are numbered again afterwards (Solution),
    // so this is a heuristic step: the candidate is scored as usual. Returns the number of visits moved.
    std::size_t alignTrucks(Solution const &solution, CostEvaluator const &ce)
    {
        // Solution route k is the k-th route with a client, days in order (toSolution; a route of reload
        // stops only is no route).
        std::vector<std::pair<std::size_t, std::size_t>> where;  // (day, route slot)
        for (std::size_t p = 0; p != days_.size(); ++p)
            for (std::size_t idx = 0; idx != days_[p]->numRoutes(); ++idx)
            {
                auto const &route = days_[p]->route(idx);
                bool hasClient = false;
                for (std::size_t pos = 1; pos <= route.size(); ++pos)
                    hasClient = hasClient || !data_.isDepot(route[pos]);
                if (hasClient)
                    where.emplace_back(p, idx);
            }
        auto const &routes = solution.routes();
        if (where.size() != routes.size())
            return 0;
        std::vector<std::vector<std::size_t>> visits(data_.numLocations());  // solution routes of each client
        for (std::size_t k = 0; k != routes.size(); ++k)
            for (auto const loc : routes[k].visits())
                if (!data_.isDepot(loc) && data_.location(loc).sameTruck)
                    visits[loc].push_back(k);
        std::size_t moved = 0;
        // Routes opened in this step for a truck that did not run that day: (day, type, truck) -> slot,
        // so that the next client of that truck joins it.
        std::map<std::tuple<std::size_t, std::size_t, std::size_t>, std::size_t> opened;
        auto const truckOf = [&](std::size_t k) { return std::pair(routes[k].vehicleType(), routes[k].truck()); };
        auto const excess = [&](search::WorkingSolution const &ws, std::size_t idx) {
            for (std::size_t d = 0; d != data_.numDimensions(); ++d)
                if (ws.route(idx).excessLoad(d) > 0)
                    return true;
            return false;
        };
        // Puts `loc` back into route slot `idx` of `ws` (its best position; the front if none scores).
        auto const putBack = [&](search::WorkingSolution &ws, std::size_t loc, std::size_t idx) {
            auto const back = bestInsertion(ws, loc, idx, ce);
            if (back.valid())
                insertAt(ws, loc, back);
            else  // no position scored (saturated costs): at the front of its route, never lost
                ws.insert(loc, idx, 1);
        };
        // Moves the visit of `loc` on solution route k to `truck`'s route that day (or a new route of its
        // type); false, with the visit back on its route, if the truck has no room.
        auto const moveTo = [&](std::size_t loc, std::size_t k, std::pair<std::size_t, std::size_t> truck) {
            auto const p = routes[k].period();
            auto &ws = *days_[p];
            std::size_t target = search::WorkingSolution::kUnassigned;
            for (std::size_t j = 0; j != routes.size(); ++j)
                if (routes[j].period() == p && truckOf(j) == truck)
                    target = where[j].second;
            auto const key = std::tuple(p, truck.first, truck.second);
            if (target == search::WorkingSolution::kUnassigned && opened.count(key) > 0)
                target = opened[key];
            if (target == search::WorkingSolution::kUnassigned)  // the truck does not run that day
                for (std::size_t idx = 0; idx != ws.numRoutes(); ++idx)
                    if (ws.route(idx).empty() && ws.route(idx).vehicleType() == truck.first)
                    {
                        target = idx;
                        opened[key] = idx;
                        break;
                    }
            if (target == search::WorkingSolution::kUnassigned)
                return false;
            if (ws.routeOf(loc) == target)
                return true;
            bool const overloaded = excess(ws, target);  // then a move there is no worse on load
            ws.remove({loc});
            auto const point = bestInsertion(ws, loc, target, ce);
            if (point.valid())
            {
                insertAt(ws, loc, point);
                if (overloaded || !excess(ws, target))
                    return true;
                ws.remove({loc});  // it does not fit there
            }
            putBack(ws, loc, where[k].second);
            return false;
        };
        for (std::size_t loc = data_.numDepots(); loc != data_.numLocations(); ++loc)
        {
            auto const &mine = visits[loc];
            if (mine.size() < 2)
                continue;
            // Its trucks, most visits first (ties: the first seen): the first that takes all its visits.
            std::vector<std::pair<std::size_t, std::size_t>> trucks;
            for (auto const k : mine)
                if (std::find(trucks.begin(), trucks.end(), truckOf(k)) == trucks.end())
                    trucks.push_back(truckOf(k));
            if (trucks.size() < 2)
                continue;
            std::stable_sort(trucks.begin(), trucks.end(), [&](auto const &a, auto const &b) {
                auto const count = [&](auto const &t) {
                    return std::count_if(mine.begin(), mine.end(), [&](std::size_t j) { return truckOf(j) == t; });
                };
                return count(a) > count(b);
            });
            for (auto const &truck : trucks)
            {
                std::vector<std::size_t> done;  // solution routes whose visit moved
                bool all = true;
                for (auto const k : mine)
                {
                    if (truckOf(k) == truck)
                        continue;
                    if (!moveTo(loc, k, truck))
                    {
                        all = false;
                        break;
                    }
                    done.push_back(k);
                }
                if (all)
                {
                    moved += done.size();
                    break;
                }
                for (auto const k : done)  // undo: back on the routes they came from
                {
                    auto &ws = *days_[routes[k].period()];
                    ws.remove({loc});
                    putBack(ws, loc, where[k].second);
                }
            }
        }
        return moved;
    }

    [[nodiscard]] Solution toSolution() const
    {
        std::vector<Solution::Route> routes;
        for (auto const &ws : days_)
            for (auto const &route : ws->routes())
                if (!route.empty())
                    routes.emplace_back(data_, route.clients(), route.vehicleType(), route.period());
        return {data_, std::move(routes)};
    }

    // Takes `solution`'s routes into the days; a client whose visit days are not one of its patterns is
    // taken off every day, to be planned again.
    void load(Solution const &solution)
    {
        for (auto &ws : days_)
            ws->loadRoutes(solution);
        std::fill(pattern_.begin(), pattern_.end(), 0);
        for (std::size_t p = 0; p != days_.size(); ++p)
            for (std::size_t loc = data_.numDepots(); loc != data_.numLocations(); ++loc)
                if (days_[p]->isAssigned(loc))
                    pattern_[loc] |= std::uint64_t{1} << p;
        for (std::size_t loc = data_.numDepots(); loc != data_.numLocations(); ++loc)
        {
            auto const &allowed = patterns_[loc];
            if (pattern_[loc] != 0 && std::find(allowed.begin(), allowed.end(), pattern_[loc]) == allowed.end())
                unplan({loc});
            else if (varies_[loc] && pattern_[loc] != 0)
                for (std::uint64_t rest = pattern_[loc]; rest != 0; rest &= rest - 1)
                {
                    auto const p = static_cast<std::size_t>(std::countr_zero(rest));
                    ops_[p]->setPickup(loc, amounts(loc, pattern_[loc], p));
                    days_[p]->update(days_[p]->routeOf(loc));
                }
        }
    }

    // Takes the clients off every day they are visited.
    void unplan(std::vector<std::size_t> const &clients)
    {
        std::vector<std::vector<std::size_t>> perDay(days_.size());
        for (auto const loc : clients)
        {
            for (std::size_t p = 0; p != days_.size(); ++p)
                if (days_[p]->isAssigned(loc))
                    perDay[p].push_back(loc);
            pattern_[loc] = 0;
        }
        for (std::size_t p = 0; p != days_.size(); ++p)
            if (!perDay[p].empty())
                days_[p]->remove(perDay[p]);
    }

    // The planned client nearest to `seed` (itself if planned) and the next count - 1 planned clients by
    // distance from it (profile 0), regardless of their days. O(n log count).
    [[nodiscard]] std::vector<std::size_t> nearestPlanned(std::size_t seed, std::size_t count) const
    {
        std::vector<std::pair<Distance, std::size_t>> byDistance;
        for (std::size_t loc = data_.numDepots(); loc != data_.numLocations(); ++loc)
            if (pattern_[loc] != 0)
                byDistance.emplace_back(std::min(data_.dist(seed, loc), data_.dist(loc, seed)), loc);
        count = std::min(count, byDistance.size());
        std::partial_sort(byDistance.begin(), byDistance.begin() + static_cast<std::ptrdiff_t>(count),
                          byDistance.end());
        std::vector<std::size_t> result;
        for (std::size_t idx = 0; idx != count; ++idx)
            result.push_back(byDistance[idx].second);
        return result;
    }

    // Clients whose pattern includes day p but that are in no route of it (after a destroy on p).
    [[nodiscard]] std::vector<std::size_t> missingOn(std::size_t p) const
    {
        std::vector<std::size_t> result;
        auto const &ws = *days_[p];
        for (auto const loc : ws.touched())
            if (!ws.isAssigned(loc) && (pattern_[loc] >> p & 1U) != 0)
                result.push_back(loc);
        return result;
    }

    // The insertion options of `loc` on day p; with pattern pickups, for a visit on the pattern `set`.
    [[nodiscard]] DayOption option(std::size_t loc, std::size_t p, CostEvaluator const &ce, double blinkRate,
                                   RandomNumberGenerator &rng, std::uint64_t set = 0) const
    {
        auto const &ws = *days_[p];
        DayOption result;
        std::optional<search::Segment> visit;
        if (varies_[loc] && set != 0)
            visit = ops_[p]->visitWithPickup(loc, amounts(loc, set, p));
        for (auto const idx : insertionRoutes(ws, loc, neighbours_))
        {
            auto const point = bestInsertion(ws, loc, idx, ce, blinkRate, &rng, visit ? &*visit : nullptr);
            if (!point.valid())
                continue;
            if (point.delta < result.best.delta)
            {
                result.second = result.best.delta;
                result.best = point;
            }
            else if (point.delta < result.second)
                result.second = point.delta;
        }
        return result;
    }

    // The cheapest allowed pattern given per-day options (invalid days exclude their patterns), and a
    // regret: the cost of the next best alternative (another pattern, or the best pattern with one
    // day's insertion moved to its second route) minus the best.
    struct PatternChoice
    {
        std::uint64_t pattern = 0;
        Cost cost = std::numeric_limits<Cost>::max();
        Cost regret = 0;
    };

    // Ranks the allowed patterns of `loc` by the summed best insertion of their days, optionOf(set, p)
    // giving the option of day p for pattern `set`; onBest(set) is called when `set` becomes the best.
    template <typename OptionOf, typename OnBest>
    [[nodiscard]] PatternChoice rank(std::size_t loc, OptionOf &&optionOf, OnBest &&onBest) const
    {
        PatternChoice result;
        Cost second = std::numeric_limits<Cost>::max();
        for (auto const set : patterns_[loc])
        {
            Cost total = 0;
            Cost dayRegret = std::numeric_limits<Cost>::max();
            bool valid = true;
            for (std::uint64_t rest = set; rest != 0 && valid; rest &= rest - 1)
            {
                DayOption const &opt = optionOf(set, static_cast<std::size_t>(std::countr_zero(rest)));
                valid = opt.best.valid();
                if (valid)
                {
                    total += opt.best.delta;
                    if (opt.second != std::numeric_limits<Cost>::max())
                        dayRegret = std::min(dayRegret, opt.second - opt.best.delta);
                }
            }
            if (!valid)
                continue;
            if (total < result.cost)
            {
                second = result.cost;
                result = {set, total, 0};
                if (dayRegret != std::numeric_limits<Cost>::max())
                    second = std::min(second, total + dayRegret);
                onBest(set);
            }
            else
                second = std::min(second, total);
        }
        if (result.pattern != 0)
            result.regret = second == std::numeric_limits<Cost>::max() ? std::numeric_limits<Cost>::max() / 4
                                                                        : second - result.cost;
        return result;
    }

    // The best pattern given per-day options (the same amounts on every pattern).
    [[nodiscard]] PatternChoice choose(std::size_t loc, std::vector<DayOption> const &options) const
    {
        return rank(
            loc, [&](std::uint64_t, std::size_t p) -> DayOption const & { return options[p]; }, [](std::uint64_t) {});
    }

    // choose() for a client with pattern pickups: each pattern's days evaluated with that pattern's
    // amounts; `chosen` gets the options of the best pattern.
    [[nodiscard]] PatternChoice chooseVarying(std::size_t loc, CostEvaluator const &ce, double blinkRate,
                                              RandomNumberGenerator &rng, std::vector<DayOption> &chosen) const
    {
        std::vector<DayOption> options(days_.size());
        return rank(
            loc,
            [&](std::uint64_t set, std::size_t p) -> DayOption const & {
                options[p] = option(loc, p, ce, blinkRate, rng, set);
                return options[p];
            },
            [&](std::uint64_t) { chosen = options; });
    }

    [[nodiscard]] std::uint64_t daysOf(std::size_t loc) const
    {
        std::uint64_t all = 0;
        for (auto const set : patterns_[loc])
            all |= set;
        return all;
    }

    void place(std::size_t loc, std::uint64_t set, std::vector<DayOption> const &options)
    {
        for (std::uint64_t rest = set; rest != 0; rest &= rest - 1)
        {
            auto const p = static_cast<std::size_t>(std::countr_zero(rest));
            auto const &point = options[p].best;
            if (varies_[loc])
                ops_[p]->setPickup(loc, amounts(loc, set, p));
            insertAt(*days_[p], loc, point);
        }
        pattern_[loc] = set;
    }

    // Greedy pattern insertion: clients in random order (the most frequent first), each on its cheapest
    // allowed pattern.
    void insertGreedy(std::vector<std::size_t> clients, CostEvaluator const &ce, double blinkRate,
                      RandomNumberGenerator &rng)
    {
        rng.shuffle(clients.begin(), clients.end());
        std::stable_sort(clients.begin(), clients.end(), [&](auto a, auto b) {
            return data_.location(a).frequency > data_.location(b).frequency;
        });
        std::vector<DayOption> options(days_.size());
        for (auto const loc : clients)
        {
            if (varies_[loc])
            {
                auto const choice = chooseVarying(loc, ce, blinkRate, rng, options);
                if (choice.pattern != 0)
                    place(loc, choice.pattern, options);
                continue;
            }
            for (std::uint64_t rest = daysOf(loc); rest != 0; rest &= rest - 1)
            {
                auto const p = static_cast<std::size_t>(std::countr_zero(rest));
                options[p] = option(loc, p, ce, blinkRate, rng);
            }
            auto const choice = choose(loc, options);
            if (choice.pattern != 0)
                place(loc, choice.pattern, options);
        }
    }

    // Pattern improvement (the PI move of Vidal et al. 2012): for each given client with several allowed
    // patterns, the saving of leaving the days it would drop, the cheapest insertion on the days it would
    // add and, with pattern pickups, the change of its amount on the days it keeps, for every other
    // pattern; moves it to the best when that lowers the penalised cost. Days kept keep the client where
    // it is. Returns how many clients moved.
    std::size_t improvePatterns(std::vector<std::size_t> clients, CostEvaluator const &ce, RandomNumberGenerator &rng)
    {
        rng.shuffle(clients.begin(), clients.end());
        std::size_t moved = 0;
        for (auto const loc : clients)
            if (patterns_[loc].size() >= 2 && pattern_[loc] != 0)
                moved += improveClient(loc, ce, rng) ? 1 : 0;
        return moved;
    }

    bool improveClient(std::size_t loc, CostEvaluator const &ce, RandomNumberGenerator &rng)
    {
        auto const current = pattern_[loc];
        auto const numDays = days_.size();
        std::vector<Cost> removal(numDays, 0);
        for (std::uint64_t rest = current; rest != 0; rest &= rest - 1)
        {
            auto const p = static_cast<std::size_t>(std::countr_zero(rest));
            auto const &ws = *days_[p];
            auto const &route = ws.route(ws.routeOf(loc));
            auto const pos = ws.posOf(loc);
            removal[p] = route.costOf(route.ops().merge(route.before(pos - 1), route.after(pos + 1)), route.size() - 1, ce)
                         - route.cost();
        }
        std::uint64_t evaluated = 0;  // days whose option is the same for every pattern (no pattern pickups)
        std::uint64_t bestSet = current;
        Cost bestDelta = 0;
        std::vector<DayOption> options(numDays);
        std::vector<DayOption> bestOptions;
        for (auto const set : patterns_[loc])
        {
            if (set == current)
                continue;
            Cost delta = 0;
            bool valid = true;
            for (std::uint64_t rest = current & ~set; rest != 0; rest &= rest - 1)
                delta += removal[static_cast<std::size_t>(std::countr_zero(rest))];
            for (std::uint64_t rest = varies_[loc] ? current & set : 0; rest != 0; rest &= rest - 1)
            {
                auto const p = static_cast<std::size_t>(std::countr_zero(rest));
                auto const &then = amounts(loc, set, p);
                if (amounts(loc, current, p) == then)
                    continue;
                auto const &ws = *days_[p];
                auto const &route = ws.route(ws.routeOf(loc));
                auto const pos = ws.posOf(loc);
                auto const seg = route.ops().merge(route.before(pos - 1), ops_[p]->visitWithPickup(loc, then),
                                                route.after(pos + 1));
                delta += route.costOf(seg, route.size(), ce) - route.cost();
            }
            for (std::uint64_t rest = set & ~current; rest != 0 && valid; rest &= rest - 1)
            {
                auto const p = static_cast<std::size_t>(std::countr_zero(rest));
                if (varies_[loc] || !(evaluated >> p & 1U))
                {
                    options[p] = option(loc, p, ce, 0.0, rng, varies_[loc] ? set : 0);
                    evaluated |= std::uint64_t{1} << p;
                }
                valid = options[p].best.valid();
                if (valid)
                    delta += options[p].best.delta;
            }
            if (valid && delta < bestDelta)
            {
                bestDelta = delta;
                bestSet = set;
                if (varies_[loc])
                    bestOptions = options;
            }
        }
        if (bestSet == current)
            return false;
        auto const &chosen = varies_[loc] ? bestOptions : options;
        for (std::uint64_t rest = current & ~bestSet; rest != 0; rest &= rest - 1)
            days_[static_cast<std::size_t>(std::countr_zero(rest))]->remove({loc});
        for (std::uint64_t rest = varies_[loc] ? current & bestSet : 0; rest != 0; rest &= rest - 1)
        {
            auto const p = static_cast<std::size_t>(std::countr_zero(rest));
            if (amounts(loc, current, p) == amounts(loc, bestSet, p))
                continue;
            ops_[p]->setPickup(loc, amounts(loc, bestSet, p));
            auto &ws = *days_[p];
            ws.update(ws.routeOf(loc));
            auto const &route = ws.route(ws.routeOf(loc));  // the local search looks here again
            auto const pos = ws.posOf(loc);
            ws.touch(loc);
            ws.touch(route[pos - 1]);
            ws.touch(route[pos + 1]);
        }
        for (std::uint64_t rest = bestSet & ~current; rest != 0; rest &= rest - 1)
        {
            auto const p = static_cast<std::size_t>(std::countr_zero(rest));
            if (varies_[loc])
                ops_[p]->setPickup(loc, amounts(loc, bestSet, p));
            insertAt(*days_[p], loc, chosen[p].best);
        }
        pattern_[loc] = bestSet;
        return true;
    }

    // Regret pattern insertion: repeatedly plans the client with the largest regret (ties: the cheapest).
    // A client's per-day options are recomputed only for the days that changed since.
    void insertRegret(std::vector<std::size_t> clients, CostEvaluator const &ce, RandomNumberGenerator &rng)
    {
        rng.shuffle(clients.begin(), clients.end());
        auto const numDays = days_.size();
        // Per client, option tables: one shared by all patterns, or one per pattern with pattern pickups
        // (the amounts differ); each with the days whose options are stale.
        std::vector<std::vector<std::vector<DayOption>>> tables(clients.size());
        std::vector<std::vector<std::uint64_t>> stale(clients.size());
        for (std::size_t i = 0; i != clients.size(); ++i)
        {
            auto const loc = clients[i];
            auto const count = varies_[loc] ? patterns_[loc].size() : 1;
            tables[i].assign(count, std::vector<DayOption>(numDays));
            for (std::size_t k = 0; k != count; ++k)
                stale[i].push_back(varies_[loc] ? patterns_[loc][k] : daysOf(loc));
        }
        auto const slot = [&](std::size_t loc, std::uint64_t set) -> std::size_t {
            if (!varies_[loc])
                return 0;
            auto const &sets = patterns_[loc];
            return static_cast<std::size_t>(std::find(sets.begin(), sets.end(), set) - sets.begin());
        };
        std::vector<bool> done(clients.size(), false);
        for (std::size_t round = 0; round != clients.size(); ++round)
        {
            std::size_t chosen = clients.size();
            PatternChoice chosenChoice;
            for (std::size_t i = 0; i != clients.size(); ++i)
            {
                if (done[i])
                    continue;
                auto const loc = clients[i];
                auto const optionOf = [&](std::uint64_t set, std::size_t p) -> DayOption const & {
                    auto const k = slot(loc, set);
                    if (stale[i][k] >> p & 1U)
                    {
                        tables[i][k][p] = option(loc, p, ce, 0.0, rng, varies_[loc] ? set : 0);
                        stale[i][k] &= ~(std::uint64_t{1} << p);
                    }
                    return tables[i][k][p];
                };
                auto const choice = rank(loc, optionOf, [](std::uint64_t) {});
                if (choice.pattern == 0)
                    continue;
                if (chosen == clients.size() || choice.regret > chosenChoice.regret
                    || (choice.regret == chosenChoice.regret && choice.cost < chosenChoice.cost))
                {
                    chosen = i;
                    chosenChoice = choice;
                }
            }
            if (chosen == clients.size())
                break;  // nothing can be placed
            auto const loc = clients[chosen];
            place(loc, chosenChoice.pattern, tables[chosen][slot(loc, chosenChoice.pattern)]);
            done[chosen] = true;
            for (std::size_t i = 0; i != clients.size(); ++i)
                if (!done[i])
                    for (auto &days : stale[i])
                        days |= chosenChoice.pattern;  // only days of the table's patterns are ever read
        }
    }
};

}  // namespace

AlnsResult solvePeriodic(ProblemData const &data,
                         AlnsParams const &params,
                         std::uint64_t seed,
                         double timeLimit,
                         std::size_t maxIterations,
                         Solution const *initial,
                         bool stopWhenFeasible,
                         SolveControl *control)
{
    params.validate();
    checkSearchData(data);
    if (!(timeLimit > 0))
        throw std::invalid_argument("time limit: must be positive, got " + std::to_string(timeLimit));

    using Clock = std::chrono::steady_clock;
    auto const start = Clock::now();
    auto const elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    auto const outOfTime = [&](double now) {
        return now >= timeLimit || (control != nullptr && control->stop.load(std::memory_order_relaxed));
    };

    RandomNumberGenerator rng(seed);
    std::vector<std::unique_ptr<search::SegmentOps>> ops;
    for (std::size_t p = 0; p != data.numPeriods(); ++p)
        ops.push_back(std::make_unique<search::SegmentOps>(data, p));
    search::Neighbours const neighbours(data, params.numNeighbours, params.weightWait, params.weightTimeWarp);
    PeriodicSearch state(data, ops, neighbours);
    auto const numDays = state.numDays();
    std::vector<std::unique_ptr<search::LocalSearch>> localSearch;
    for (std::size_t p = 0; p != numDays; ++p)
    {
        localSearch.push_back(std::make_unique<search::LocalSearch>(neighbours, params.localSearchOperators));
        localSearch.back()->setStop([&] { return outOfTime(elapsed()); });  // construction counts too
    }
    auto destroyOps = makeDestroyOperators(params);
    auto repairOps = makeRepairOperators(params);
    OperatorBook book(params, namesOf(destroyOps), namesOf(repairOps));
    PenaltyManager penalties(data, params.targetFeasible, params.penaltyIncrease, params.penaltyDecrease,
                             params.penaltyUpdateFrequency);
    auto ce = penalties.evaluator();

    // A repair operator's pattern-layer counterpart: regret by name, greedy (with its blinks) otherwise.
    auto const repairPatterns = [&](std::size_t r, std::vector<std::size_t> const &clients, CostEvaluator const &with) {
        auto const &name = repairOps[r]->name();
        if (name.rfind("regret", 0) == 0)
            state.insertRegret(clients, with, rng);
        else
            state.insertGreedy(clients, with, name == "greedy_blink" ? params.blinkRate : 0.0, rng);
    };
    auto const searchDays = [&](bool all) {
        for (std::size_t p = 0; p != numDays; ++p)
        {
            auto &ws = state.day(p);
            if (all)
                localSearch[p]->run(ws, rng);
            else if (!ws.touched().empty())
                localSearch[p]->runFrom(ws, ws.touched(), rng);
        }
    };
    auto const clearMarks = [&] {
        for (std::size_t p = 0; p != numDays; ++p)
        {
            state.day(p).clearChanged();
            state.day(p).clearTouched();
        }
    };

    // Construction under boosted penalties (see the single-period engine): the initial plan's routes if
    // given, greedy pattern insertion of every client left, local search on every day.
    auto const constructCe = penalties.boostedEvaluator(params.repairBooster * params.repairBooster);
    state.setCostEvaluator(constructCe);
    if (initial != nullptr)
        state.load(Solution(data, initial->routes()));  // rebuilt on this data: indices validated
    {
        std::vector<std::size_t> unplanned;
        for (std::size_t loc = data.numDepots(); loc != data.numLocations(); ++loc)
            if (state.pattern(loc) == 0)
                unplanned.push_back(loc);
        state.insertGreedy(unplanned, constructCe, 0.0, rng);
    }
    searchDays(true);
    state.setCostEvaluator(ce);

    std::vector<std::vector<std::vector<std::size_t>>> current(numDays);
    for (std::size_t p = 0; p != numDays; ++p)
        current[p] = state.day(p).allClients();
    auto currentPatterns = state.patterns();
    // An unplanned client costs as much as the worst penalty can make a visit: far above any route.
    auto const unplannedCost = [&] { return static_cast<Cost>(state.numUnplanned()) * (Cost{1} << 40); };
    // With timing extras, candidates are scored as whole Solutions (see the single-period engine): the
    // days' routes meet at the plants' docks and are compared over the days (consistency).
    bool const extras = data.hasTimingExtras();
    std::optional<Solution> scoredPlan;  // with extras: the plan scored last
    auto const scored = [&](CostEvaluator const &evaluator) -> std::pair<Cost, bool> {
        if (!extras)
            return {state.cost() + unplannedCost(), state.isFeasible()};
        scoredPlan.emplace(state.toSolution());
        return {scoredPlan->penalisedCost(data, evaluator) + unplannedCost(),
                state.numUnplanned() == 0 && scoredPlan->isFeasible()};
    };
    Cost currentCost = 0;
    bool initialFeasible = false;
    std::tie(currentCost, initialFeasible) = scored(ce);
    std::optional<Solution> best;
    Solution leastPenalised = state.toSolution();
    Cost leastPenalisedCost = currentCost;
    Cost leastPenalisedUnplanned = unplannedCost();
    AlnsResult result{leastPenalised};
    if (initialFeasible)
    {
        best = leastPenalised;
        result.history.push_back({elapsed(), 0, best->cost()});
        if (control != nullptr)
            control->bestCost.store(best->cost(), std::memory_order_relaxed);
    }

    // Scaled as in the single-period engine, by the number of visits rather than of clients.
    double visits = 0;
    for (auto const &client : data.clients())
        visits += static_cast<double>(client.frequency);
    Cost initialCost = state.cost();
    for (std::size_t p = 0; p != numDays; ++p)
        for (auto const &route : state.day(p).routes())
            if (!route.empty() && !route.accessOk())
                initialCost -= kAccessPenalty;
    auto const accept = makeAcceptance(params, visits, static_cast<double>(initialCost));
    auto const numClients = data.numClients();
    // Destroy sizes as in the single-period engine, relative to the clients of one day.
    auto const [minRemove, maxRemove]
        = removeBounds(params, std::max<std::size_t>(1, numClients / std::max<std::size_t>(numDays, 1)));
    auto const [minCross, maxCross] = removeBounds(params, numClients);  // cross-day destroys: all clients

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
        clearMarks();
        auto const p = rng.randint(numDays);
        auto const count = minRemove + rng.randint(maxRemove - minRemove + 1);
        auto &ws = state.day(p);
        bool const crossDay = numDays > 1 && rng.rand() < params.crossDayRate;
        // Unplanned clients (no pattern fitted the fleet before) get another chance on every iteration.
        // Listed before the destroy, so that clients a cross-day destroy unplans are not listed twice.
        std::vector<std::size_t> unplanned;
        for (std::size_t loc = data.numDepots(); loc != data.numLocations(); ++loc)
            if (state.pattern(loc) == 0)
                unplanned.push_back(loc);
        std::vector<std::size_t> removed;
        if (crossDay)
        {
            auto const crossCount = minCross + rng.randint(maxCross - minCross + 1);
            removed = state.nearestPlanned(data.numDepots() + rng.randint(numClients), crossCount);
            state.unplan(removed);
        }
        else
        {
            (*destroyOps[d])(ws, ce, neighbours, rng, count);
            removed = state.missingOn(p);
        }
        if (crossDay)
        {
            removed.insert(removed.end(), unplanned.begin(), unplanned.end());
            repairPatterns(r, removed, ce);
        }
        else if (rng.rand() < params.patternChangeRate || !unplanned.empty())
        {
            state.unplan(removed);
            removed.insert(removed.end(), unplanned.begin(), unplanned.end());
            repairPatterns(r, removed, ce);
        }
        else
            (*repairOps[r])(ws, ce, neighbours, rng, removed);
        searchDays(false);
        if (params.patternImprovement)
        {
            std::vector<std::size_t> candidates;
            std::vector<bool> seen(data.numLocations(), false);
            for (std::size_t q = 0; q != numDays; ++q)
                for (auto const loc : state.day(q).touched())
                    if (!seen[loc])
                    {
                        seen[loc] = true;
                        candidates.push_back(loc);
                    }
            std::sort(candidates.begin(), candidates.end());  // deterministic before the shuffle
            if (state.improvePatterns(candidates, ce, rng) > 0)
                searchDays(false);
        }

        bool const penaltiesChanged = penalties.registerCandidate(state.excessLoad(), state.timeWarp());
        Cost candidateCost = 0;
        bool feasible = false;
        std::tie(candidateCost, feasible) = scored(ce);
        if (!feasible && rng.rand() < params.repairProbability)
        {
            state.setCostEvaluator(penalties.boostedEvaluator(params.repairBooster));
            for (std::size_t q = 0; q != numDays; ++q)
                state.day(q).touchInfeasibleRoutes();
            searchDays(false);
            state.setCostEvaluator(ce);
            std::tie(candidateCost, feasible) = scored(ce);
        }
        if (!feasible && data.hasConsistency())
        {
            // The search does not see trucks: a complete candidate with same-truck visits off their truck
            // gets them moved onto it (alignTrucks), and is scored again. (Consistency is a timing extra:
            // scoredPlan is this candidate's plan.)
            auto const &plan = *scoredPlan;
            if (plan.consistencyViolations() > 0 && plan.isComplete() && state.alignTrucks(plan, ce) > 0)
                std::tie(candidateCost, feasible) = scored(ce);
        }
        Cost const bestCost = best ? best->penalisedCost(data, ce) : currentCost;

        Outcome outcome = Rejected;
        if (feasible && (!best || candidateCost < bestCost))
        {
            best = state.toSolution();
            outcome = NewBest;
            result.history.push_back({elapsed(), iteration, best->cost()});
            if (control != nullptr)
                control->bestCost.store(best->cost(), std::memory_order_relaxed);
        }
        else if (candidateCost < currentCost)
            outcome = Better;
        if (!best && candidateCost < leastPenalisedCost)
        {
            leastPenalised = state.toSolution();
            leastPenalisedCost = candidateCost;
            leastPenalisedUnplanned = unplannedCost();
        }

        bool const accepted = accept->accept(candidateCost, currentCost, bestCost, progress, rng);
        if (accepted && outcome == Rejected)
            outcome = Accepted;

        book.record(d, r, outcome, iteration, !crossDay);

        if (!accepted)
            state.restoreAmounts(currentPatterns);  // before the routes recompute their loads
        for (std::size_t q = 0; q != numDays; ++q)
        {
            auto &day = state.day(q);
            for (std::size_t idx = 0; idx != day.numRoutes(); ++idx)
                if (day.changed(idx))
                {
                    if (accepted)
                        current[q][idx] = day.route(idx).clients();
                    else
                        day.setClients(idx, current[q][idx]);
                }
        }
        if (accepted)
            currentPatterns = state.patterns();
        else
            state.setPatterns(currentPatterns);
        currentCost = accepted ? candidateCost : currentCost;
        if (penaltiesChanged)
        {
            ce = penalties.evaluator();
            state.setCostEvaluator(ce);
            currentCost = scored(ce).first;
            if (!best)
                leastPenalisedCost = leastPenalised.penalisedCost(data, ce) + leastPenalisedUnplanned;
        }
    }

    result.best = best ? *best : leastPenalised;
    result.iterations = iteration;
    result.runtime = elapsed();
    result.operatorStats = book.stats();
    return result;
}
}  // namespace milkrun::alns
