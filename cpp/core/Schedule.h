#ifndef MILKRUN_SCHEDULE_H
#define MILKRUN_SCHEDULE_H

#include "Measure.h"
#include "ProblemData.h"

#include <vector>

namespace milkrun
{
// The times of routes as driven, and the dock schedule at the plants that couples a day's routes.
//
// A route leaves its start depot at a given time (a Solution's routes at the departure chooseDeparture
// gives). At each stop the vehicle waits for the window to open; arriving after a
// hard window's end is time warp (service "starts" at the end, as in DurationSegment), after a soft
// window's end is lateness, priced per time unit (Client::lateCost), up to maxLateness (beyond: time
// warp). A reload stop's service starts within the plant's hours; the next trip leaves no earlier than
// its clients' release times.
//
// Docks. At a plant with Depot::docks > 0, every arrival -- a reload stop, or the return at the end of a
// route -- passes a gate: trucks are let in first come, first served (by arrival time; on a tie the route
// listed first), each to the dock that is free first, no earlier than the plant opens; a truck holds its
// dock for the stop's dock time (Depot::serviceDuration at a reload stop, Depot::unloadDuration at the
// return). So no dock is ever over-booked; waiting at the gate delays the rest of the route (more duration,
// possibly lateness or time warp further on). A route ends when its truck reaches a dock at the end depot.
//
// Driver breaks (VehicleType::breakDuration, breakWindow [e, l]). A route that starts before l takes its
// break at the first moment from e on that its driver is free: on the road at e (the truck stops where it
// is; the leg takes the break longer), or waiting at a supplier for its window at e (the break runs from
// e, and service starts no earlier than its end), or else on leaving the stop it is busy at (service, a
// reload) at e. A break starting after l is time warp. A route back at its end depot by e takes none.
// (A break is not taken while queuing at a plant's gate.)
struct RouteTimes
{
    Duration start = 0;     // departure from the start depot
    Duration end = 0;       // at the end depot: after waiting for its hours, and for a dock
    Duration timeWarp = 0;  // at windows (not the maximum duration)
    Duration lateness = 0;  // at soft windows, within their maximum lateness
    Cost latenessCost = 0;
    Duration gateWait = 0;               // waiting for a free dock, in all
    Duration breakStart = -1;            // when the driver's break starts (-1: none)
    std::vector<Duration> serviceStart;  // per visit, then the end depot: when service (or the dock) starts
    std::vector<Duration> gateWaits;     // per visit, then the end depot

    // End minus start, plus the time warp (with time warp the clock runs back).
    [[nodiscard]] Duration duration() const { return end - start + timeWarp; }
};

// A route walked forward stop by stop, stopping at each gate of a plant with limited docks (when asked
// to) until the dock schedule lets it in.
class RouteWalk
{
    ProblemData const *data_;
    std::vector<std::size_t> const *visits_;
    VehicleType const *type_;
    std::size_t period_;
    bool docks_;
    bool breakPending_;  // the route must still take its driver's break
    std::vector<Duration> release_;  // at a reload stop's index: the release of the trip it starts
    std::size_t next_ = 0;           // the visit reached next (visits.size(): the end depot)
    std::size_t prev_;
    Duration time_;      // departure from prev_
    Duration arrival_ = 0;   // at the gate the walk waits at
    Duration earliest_ = 0;  // arrival, or the opening of the plant if later
    RouteTimes times_;

    Duration drive(Duration travel);  // arrival at the next stop, leaving now, a break on the way if due

public:
    // `visits` must outlive the walk. With `docks` false, gates are passed without waiting.
    RouteWalk(ProblemData const &data,
              std::vector<std::size_t> const &visits,
              std::size_t vehicleType,
              std::size_t period,
              Duration start,
              bool docks);

    // Walks on to the next gate (true) or to the end of the route (false).
    bool toGate();
    [[nodiscard]] std::size_t gateDepot() const;
    [[nodiscard]] Duration arrival() const { return arrival_; }
    [[nodiscard]] Duration earliest() const { return earliest_; }
    [[nodiscard]] Duration dockTime() const;  // how long the truck holds the dock at this gate
    // The plant stop reached (a gate, or a plant without dock limits) starts service at `start`
    // (>= earliest()); the walk moves past it.
    void enter(Duration start);

    [[nodiscard]] RouteTimes const &times() const { return times_; }
};

// The earliest departure of a route: the start depot opens, the shift starts, the first trip's release.
[[nodiscard]] Duration earliestDeparture(ProblemData const &data,
                                         std::vector<std::size_t> const &visits,
                                         std::size_t vehicleType);

// The slack departure of a route: the earliest departure delayed by as much as delaying still shortens
// the route without adding time warp -- the forward time slack (Savelsbergh), capped by the waiting
// along the route. Soft windows count up to their hard limit; breaks are not seen. Duration and time
// warp from there are the route's minimal ones (as DurationSegment's), breaks and lateness aside.
[[nodiscard]] Duration departureOf(ProblemData const &data,
                                   std::vector<std::size_t> const &visits,
                                   std::size_t vehicleType,
                                   std::size_t period);

// The departure of a route whose stop times are reported (data with docks, soft windows, breaks or
// consistency), by rule: of the slack departure and the earliest departure, the earliest if the route
// walked from it alone (its break taken, lateness priced, no other route at the docks) has less time
// warp (maximum duration included), or as much and costs less (duration and lateness), else the slack
// departure. (A break or a soft window can make leaving early the better choice.) Returns the route's
// times from that departure (RouteTimes::start), as walkRoute gives them.
[[nodiscard]] RouteTimes chooseDeparture(ProblemData const &data,
                                         std::vector<std::size_t> const &visits,
                                         std::size_t vehicleType,
                                         std::size_t period);

// The times of one route on its own (no dock limits).
[[nodiscard]] RouteTimes walkRoute(ProblemData const &data,
                                   std::vector<std::size_t> const &visits,
                                   std::size_t vehicleType,
                                   std::size_t period,
                                   Duration start);

struct ScheduledRoute
{
    std::vector<std::size_t> const *visits;
    std::size_t vehicleType;
    Duration start;
};

// The times of the routes of one period driven together, the docks of every plant shared among them.
[[nodiscard]] std::vector<RouteTimes>
scheduleDay(ProblemData const &data, std::vector<ScheduledRoute> const &routes, std::size_t period);
}  // namespace milkrun

#endif
