#ifndef MILKRUN_SOLUTION_H
#define MILKRUN_SOLUTION_H

#include "CostEvaluator.h"
#include "Measure.h"
#include "ProblemData.h"
#include "Schedule.h"

#include <array>
#include <vector>

namespace milkrun
{
// An immutable plan: routes, each with its period and vehicle type, and statistics computed once at
// construction. Construction validates indices; it does not require feasibility (that is reported).
class Solution
{
public:
    class Route
    {
        std::vector<std::size_t> visits_;  // location indices, in order: clients, and depots for reload stops
        std::size_t vehicleType_ = 0;
        std::size_t period_ = 0;
        Distance distance_ = 0;
        Duration duration_ = 0;
        Duration timeWarp_ = 0;
        Duration startTime_ = 0;
        Duration service_ = 0;
        Duration travel_ = 0;
        std::vector<Load> maxLoad_;
        std::vector<Load> excessLoad_;
        Cost cost_ = 0;
        std::size_t accessViolations_ = 0;  // clients it may not serve, reload stops it may not make
        std::size_t numReloads_ = 0;
        Duration lateness_ = 0;  // at soft windows
        Cost latenessCost_ = 0;
        Duration gateWait_ = 0;  // waiting for a free dock at plants with limited docks
        Duration breakStart_ = -1;
        std::size_t truck_ = 0;  // which truck of its type on its period (a Solution numbers them)
        std::vector<Duration> serviceStarts_;  // with ProblemData::hasTimingExtras (see Schedule.h)
        std::vector<Duration> gateWaits_;

        friend class Solution;  // applies the day's dock schedule, numbers the trucks

        // Duration, time warp, lateness and stop times from a walk (which, from the slack departure and
        // without docks, breaks or lateness, gives the segment summary's duration and time warp).
        void applyTimes(ProblemData const &data, RouteTimes const &times);

    public:
        // With `visitDays` (per client index, the days it is visited in the whole plan), a client with
        // pattern pickups loads the amount of its pattern; without, every client loads its `pickup`.
        Route(ProblemData const &data,
              std::vector<std::size_t> visits,
              std::size_t vehicleType,
              std::size_t period,
              std::vector<std::uint64_t> const *visitDays = nullptr);

        [[nodiscard]] std::vector<std::size_t> const &visits() const { return visits_; }
        [[nodiscard]] std::size_t vehicleType() const { return vehicleType_; }
        [[nodiscard]] std::size_t period() const { return period_; }
        [[nodiscard]] Distance distance() const { return distance_; }
        [[nodiscard]] Duration duration() const { return duration_; }
        [[nodiscard]] Duration timeWarp() const { return timeWarp_; }
        [[nodiscard]] Duration startTime() const { return startTime_; }
        [[nodiscard]] Duration serviceDuration() const { return service_; }
        [[nodiscard]] Duration travelDuration() const { return travel_; }
        [[nodiscard]] std::vector<Load> const &maxLoad() const { return maxLoad_; }
        [[nodiscard]] std::vector<Load> const &excessLoad() const { return excessLoad_; }
        [[nodiscard]] Cost cost() const { return cost_; }  // true cost: fixed, distance, duration, lateness
        [[nodiscard]] std::size_t accessViolations() const { return accessViolations_; }
        [[nodiscard]] std::size_t numReloads() const { return numReloads_; }
        [[nodiscard]] std::size_t numTrips() const { return numReloads_ + 1; }
        [[nodiscard]] Duration lateness() const { return lateness_; }
        [[nodiscard]] Cost latenessCost() const { return latenessCost_; }
        [[nodiscard]] Duration gateWait() const { return gateWait_; }
        [[nodiscard]] Duration breakStart() const { return breakStart_; }  // -1: no driver break
        // The truck of its vehicle type serving it on its period, 0, 1, ...: in a Solution, distinct among
        // the routes of a type and period, below its number available; the same truck on several days is
        // the same driver (consistency).
        [[nodiscard]] std::size_t truck() const { return truck_; }
        // Per visit, then the end depot: when service starts (at a plant: the dock), and the wait at the
        // gate before it. Empty unless the data has docks, soft windows, breaks or consistency requirements.
        [[nodiscard]] std::vector<Duration> const &serviceStarts() const { return serviceStarts_; }
        [[nodiscard]] std::vector<Duration> const &gateWaits() const { return gateWaits_; }
        [[nodiscard]] bool isFeasible() const;
        [[nodiscard]] Cost penalisedCost(ProblemData const &data, CostEvaluator const &costEvaluator) const;
    };

private:
    std::vector<Route> routes_;
    std::vector<std::size_t> unassigned_;  // client location indices not visited as often as required
    Distance distance_ = 0;
    Duration duration_ = 0;
    Duration timeWarp_ = 0;
    std::vector<Load> excessLoad_;
    std::size_t accessViolations_ = 0;
    Cost fixedCost_ = 0;
    Cost distanceCost_ = 0;
    Cost durationCost_ = 0;
    Duration lateness_ = 0;
    Cost latenessCost_ = 0;
    Duration gateWait_ = 0;
    std::size_t consistencyViolations_ = 0;
    Duration spreadExcess_ = 0;

    void numberTrucks(ProblemData const &data);
    void scheduleDocks(ProblemData const &data);
    void checkConsistency(ProblemData const &data);

public:
    // Routes without client visits are dropped. Throws std::invalid_argument on a bad index, a client
    // visited twice in one period, or more routes of a type in a period than are available. Reload stops
    // a route's vehicle type may not make count as access violations (infeasible), like clients it may
    // not serve.
    Solution(ProblemData const &data, std::vector<Route> routes);

    [[nodiscard]] std::vector<Route> const &routes() const { return routes_; }
    [[nodiscard]] std::size_t numRoutes() const { return routes_.size(); }
    [[nodiscard]] std::vector<std::size_t> const &unassigned() const { return unassigned_; }
    [[nodiscard]] Distance distance() const { return distance_; }
    [[nodiscard]] Duration duration() const { return duration_; }
    [[nodiscard]] Duration timeWarp() const { return timeWarp_; }
    [[nodiscard]] std::vector<Load> const &excessLoad() const { return excessLoad_; }
    // Visits of clients by a vehicle type that may not serve them (access restrictions).
    [[nodiscard]] std::size_t accessViolations() const { return accessViolations_; }
    [[nodiscard]] Cost fixedCost() const { return fixedCost_; }
    [[nodiscard]] Cost distanceCost() const { return distanceCost_; }
    [[nodiscard]] Cost durationCost() const { return durationCost_; }
    [[nodiscard]] Duration lateness() const { return lateness_; }
    [[nodiscard]] Cost latenessCost() const { return latenessCost_; }
    [[nodiscard]] Duration gateWait() const { return gateWait_; }
    // Consistency over the visit days: visits of same-truck clients not on the truck serving most of
    // their visits; arrival spread beyond each client's allowed spread, summed.
    [[nodiscard]] std::size_t consistencyViolations() const { return consistencyViolations_; }
    [[nodiscard]] Duration spreadExcess() const { return spreadExcess_; }
    [[nodiscard]] Cost cost() const { return fixedCost_ + distanceCost_ + durationCost_ + latenessCost_; }
    [[nodiscard]] bool isComplete() const { return unassigned_.empty(); }
    [[nodiscard]] bool isFeasible() const;
    [[nodiscard]] Cost penalisedCost(ProblemData const &data, CostEvaluator const &costEvaluator) const;
};
}  // namespace milkrun

#endif
