#ifndef MILKRUN_SEARCH_ROUTE_H
#define MILKRUN_SEARCH_ROUTE_H

#include "Segment.h"

#include <vector>

namespace milkrun::search
{
// A mutable route of the working solution. Positions: 0 is the start depot, 1..size() the visits,
// size() + 1 the end depot. A visit is a client, or a depot for a reload stop of a multi-trip route
// (update() drops a reload stop at the same depot as the node before or after it: a trip of length zero). Keeps prefix and suffix segments so that any concatenation of a prefix,
// a few short pieces and a suffix is evaluated in O(1); update() restores them in O(size()).
class Route
{
    SegmentOps const *ops_;
    std::size_t vehicleType_;
    std::size_t period_;
    std::vector<std::size_t> nodes_;
    std::vector<Segment> before_;  // before_[i]: positions 0..i
    std::vector<Segment> after_;   // after_[i]: positions i..size()+1
    Segment startDepot_;
    Segment endDepot_;
    CostEvaluator const *ce_ = nullptr;  // the working solution's evaluator
    Cost cost_ = 0;                      // penalised cost under *ce_, kept by update()

public:
    Route(SegmentOps const &ops, std::size_t vehicleType, std::size_t period);

    [[nodiscard]] std::size_t vehicleType() const { return vehicleType_; }
    [[nodiscard]] std::size_t period() const { return period_; }
    [[nodiscard]] VehicleType const &type() const { return ops_->data().vehicleTypes()[vehicleType_]; }
    [[nodiscard]] std::size_t size() const { return nodes_.size() - 2; }
    [[nodiscard]] bool empty() const { return nodes_.size() == 2; }
    [[nodiscard]] std::size_t operator[](std::size_t pos) const { return nodes_[pos]; }
    // The visits (clients and reload stops) in order.
    [[nodiscard]] std::vector<std::size_t> clients() const { return {nodes_.begin() + 1, nodes_.end() - 1}; }

    [[nodiscard]] Segment const &before(std::size_t pos) const { return before_[pos]; }
    [[nodiscard]] Segment const &after(std::size_t pos) const { return after_[pos]; }
    [[nodiscard]] Segment const &startDepot() const { return startDepot_; }
    [[nodiscard]] Segment const &endDepot() const { return endDepot_; }

    // Distance driven from position `from` to position `to` (from <= to) along the route, on its profile. O(1).
    [[nodiscard]] Distance distanceBetween(std::size_t from, std::size_t to) const
    {
        return before_[to].distance - before_[from].distance;
    }

    // A lower bound on the cost of a proposed route of the given distance: fixed and distance cost only,
    // as penalties and duration cost are never negative. Lets moves be rejected before evaluating time.
    [[nodiscard]] Cost costLowerBound(Distance distance, std::size_t numClients) const
    {
        return numClients == 0 ? 0 : type().fixedCost + type().unitDistanceCost * distance;
    }

    // Positions from..to (inclusive, from <= to); O(1) for a prefix or suffix, else O(to - from).
    [[nodiscard]] Segment range(std::size_t from, std::size_t to) const;

    // The same positions as driven by `target`'s vehicle: range() when both routes build the same
    // segments (SegmentOps::sameAs), else concatenated with target's ops in O(to - from).
    [[nodiscard]] Segment rangeFor(std::size_t from, std::size_t to, Route const &target) const;

    // Whether this route's vehicle drives on the same travel profile as `other`'s.
    [[nodiscard]] bool sameProfile(Route const &other) const { return ops_->profile() == other.ops_->profile(); }

    // Clients from position `from` to the end, followed by the end depot of `target`, driven on target's
    // profile; O(1) when both routes have the same vehicle type, else O(size() - from).
    [[nodiscard]] Segment tailFor(std::size_t from, Route const &target) const;

    // Penalised cost of the route as it is (0 when empty), under the working solution's evaluator. O(1).
    [[nodiscard]] Cost cost() const { return cost_; }

    // Time warp of the route as it is (windows, release times, maximum duration). O(1).
    [[nodiscard]] Duration timeWarp() const { return before_.back().duration.timeWarp(type().maxDuration); }

    // Excess load of the route in dimension `dim`. O(1).
    [[nodiscard]] Load excessLoad(std::size_t dim) const { return before_.back().load[dim].excess(type().capacity[dim]); }

    // Whether the route's vehicle type may serve every client on it (access restrictions). O(1).
    [[nodiscard]] bool accessOk() const { return ops_->mayServe(before_.back(), vehicleType_); }

    // Sets the evaluator cost() refers to and recomputes the cost.
    void setCostEvaluator(CostEvaluator const *ce);

    // Penalised cost of a proposed whole route served by this route's vehicle; `numClients` tells
    // whether it is empty (cost 0).
    [[nodiscard]] Cost costOf(Segment const &whole, std::size_t numClients, CostEvaluator const &ce) const
    {
        return numClients == 0 ? 0 : ops_->cost(whole, vehicleType_, ce);
    }

    [[nodiscard]] SegmentOps const &ops() const { return *ops_; }

    // Mutation; call update() afterwards.
    void insert(std::size_t pos, std::size_t loc) { nodes_.insert(nodes_.begin() + pos, loc); }
    void setClients(std::vector<std::size_t> const &clients);
    std::vector<std::size_t> &nodes() { return nodes_; }
    void update();

private:
    void dropEmptyTrips();
};
}  // namespace milkrun::search

#endif
