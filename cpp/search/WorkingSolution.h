#ifndef MILKRUN_SEARCH_WORKINGSOLUTION_H
#define MILKRUN_SEARCH_WORKINGSOLUTION_H

#include "../core/Solution.h"
#include "Route.h"

#include <limits>
#include <vector>

namespace milkrun::search
{
// The mutable copy of a plan that destroy, repair and local search operate on. Holds one route per
// available vehicle (at most one per client when a type's count is unlimited) of the searched period,
// and where every client is. Exported to an immutable Solution.
class WorkingSolution
{
public:
    static constexpr std::size_t kUnassigned = std::numeric_limits<std::size_t>::max();

private:
    SegmentOps const *ops_;
    std::vector<SegmentOps> typeOps_;  // ops_ for each kind of route (profile, capacity; visit segments shared);
                                       // routes point here
    std::size_t period_;
    std::vector<Route> routes_;
    std::vector<std::size_t> routeOf_;  // per location
    std::vector<std::size_t> posOf_;    // per location
    std::vector<bool> changed_;         // per route: changed since clearChanged()
    std::vector<std::size_t> touched_;  // clients next to an insertion or removal since clearTouched()
    std::vector<bool> isTouched_;       // per location
    CostEvaluator ce_{{}, 0};           // the evaluator of the routes' cached costs
    mutable std::vector<std::size_t> firstEmpty_;  // cache of firstEmptyRoutes(), valid until an update
    mutable bool firstEmptyValid_ = false;

public:
    WorkingSolution(SegmentOps const &ops, std::size_t period);
    WorkingSolution(WorkingSolution const &) = delete;  // routes point at ce_
    WorkingSolution &operator=(WorkingSolution const &) = delete;

    // The penalty weights under which routes keep their cost (Route::cost()); call when they change.
    void setCostEvaluator(CostEvaluator const &ce);
    [[nodiscard]] CostEvaluator const &costEvaluator() const { return ce_; }

    [[nodiscard]] ProblemData const &data() const { return ops_->data(); }
    // The period's segment ops on profile 0: for visit segments (the same on every profile). Concatenations
    // for a route must use that route's ops (Route::ops()), which drive on its type's profile.
    [[nodiscard]] SegmentOps const &ops() const { return *ops_; }
    [[nodiscard]] std::vector<Route> const &routes() const { return routes_; }
    [[nodiscard]] Route const &route(std::size_t idx) const { return routes_[idx]; }
    [[nodiscard]] std::size_t numRoutes() const { return routes_.size(); }
    [[nodiscard]] std::size_t routeOf(std::size_t loc) const { return routeOf_[loc]; }
    [[nodiscard]] std::size_t posOf(std::size_t loc) const { return posOf_[loc]; }
    [[nodiscard]] bool isAssigned(std::size_t loc) const { return routeOf_[loc] != kUnassigned; }

    // The first empty route of each vehicle type, in route order: empty routes of one type are
    // interchangeable, so moves and insertions need to try only these. O(routes) after a change of
    // the routes, then O(1); the reference is valid until the next change.
    [[nodiscard]] std::vector<std::size_t> const &firstEmptyRoutes() const;

    // Clients of the period not in any route.
    [[nodiscard]] std::vector<std::size_t> unassigned() const;

    // Penalised cost of all routes. O(routes).
    [[nodiscard]] Cost cost() const;

    // Total time warp and excess load per dimension over all routes. O(routes * dimensions).
    [[nodiscard]] Duration timeWarp() const;
    [[nodiscard]] std::vector<Load> excessLoad() const;

    // Every client assigned, no time warp, no excess load. O(n + routes * dimensions).
    [[nodiscard]] bool isFeasible() const;

    // Clients of every route slot (to restore routes with setClients()). O(n).
    [[nodiscard]] std::vector<std::vector<std::size_t>> allClients() const;

    [[nodiscard]] Solution toSolution() const;

    // Takes the routes of `solution` (of this period) into free route slots of their vehicle type;
    // clients of routes that find no free slot stay unassigned, for a repair operator to place.
    void loadRoutes(Solution const &solution);

    // Mutations keep positions and segments up to date.
    void insert(std::size_t loc, std::size_t route, std::size_t pos);  // loc goes to position pos
    // Visits (a client and a reload stop) go to positions pos, pos + 1, ...
    void insert(std::vector<std::size_t> const &locs, std::size_t route, std::size_t pos);
    void remove(std::vector<std::size_t> const &locs);                 // one update per touched route
    void setClients(std::size_t route, std::vector<std::size_t> const &clients);
    void update(std::size_t route);  // after changing a route's nodes directly

    // Which routes changed since the last clearChanged(): local search re-examines only those.
    [[nodiscard]] bool changed(std::size_t route) const { return changed_[route]; }
    void clearChanged() { changed_.assign(routes_.size(), false); }
    // Clients inserted or removed since clearTouched(), and the clients that were or became their
    // neighbours in a route: where a local search after destroy and repair can find improvements.
    [[nodiscard]] std::vector<std::size_t> const &touched() const { return touched_; }
    void clearTouched();
    void touch(std::size_t loc);  // no-op for depots and clients already touched
    // Touches every client of a route with time warp or excess load, so a local search under a stronger
    // penalty looks only where it can make a difference.
    void touchInfeasibleRoutes();
};
}  // namespace milkrun::search

#endif
