#include "Solution.h"

#include "DurationSegment.h"
#include "LoadSegment.h"
#include "Schedule.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

namespace milkrun
{
Solution::Route::Route(ProblemData const &data,
                       std::vector<std::size_t> visits,
                       std::size_t vehicleType,
                       std::size_t period,
                       std::vector<std::uint64_t> const *visitDays)
    : visits_(std::move(visits)), vehicleType_(vehicleType), period_(period)
{
    if (vehicleType >= data.numVehicleTypes())
        throw std::invalid_argument("route: vehicle type " + std::to_string(vehicleType) + " does not exist");
    if (period >= data.numPeriods())
        throw std::invalid_argument("route: period " + std::to_string(period) + " does not exist");
    auto const &type = data.vehicleTypes()[vehicleType];
    for (auto const loc : visits_)
    {
        if (loc >= data.numLocations())
            throw std::invalid_argument("route: visit " + std::to_string(loc) + " is not a client location");
        if (loc < data.numDepots())
        {
            if (!data.hasReloads())
                throw std::invalid_argument("route: visit " + std::to_string(loc)
                                            + " is not a client location (a depot, and no vehicle type may reload)");
            if (!type.mayReloadAt(loc))
                ++accessViolations_;  // a reload stop its vehicle type may not make
            ++numReloads_;
            continue;
        }
        if (data.location(loc).windows(period).size() != 1)
            throw std::invalid_argument("route: client '" + data.location(loc).name
                                        + "' has several time windows, which routes do not support yet");
    }
    if (std::all_of(visits_.begin(), visits_.end(), [&](std::size_t loc) { return loc < data.numDepots(); }))
    {
        visits_.clear();  // reload stops only: the vehicle is not used
        accessViolations_ = numReloads_ = 0;
    }
    if (numReloads_ > type.maxReloads)
        ++accessViolations_;
    auto const dims = data.numDimensions();
    // Loads trip by trip: a trip leaves with its deliveries on board; at a reload stop the vehicle unloads
    // its pickups and loads the next trip's deliveries.
    std::array<LoadSegment, kMaxDimensions> trip{};
    maxLoad_.assign(dims, 0);
    excessLoad_.assign(dims, 0);
    auto const closeTrip = [&] {
        for (std::size_t d = 0; d != dims; ++d)
        {
            maxLoad_[d] = std::max(maxLoad_[d], trip[d].maxLoad);
            excessLoad_[d] += trip[d].excess(type.capacity[d]);
            trip[d] = {};
        }
    };
    auto ds = DurationSegment::forDepot(data.depots()[type.startDepot], type.shift);
    std::size_t prev = type.startDepot;
    auto const profile = type.profile;
    for (auto const loc : visits_)
    {
        auto const edge = data.duration(prev, loc, profile);
        distance_ += data.dist(prev, loc, profile);
        travel_ += edge;
        prev = loc;
        if (loc < data.numDepots())
        {
            service_ += data.depots()[loc].serviceDuration;
            ds = DurationSegment::merge(edge, ds, DurationSegment::forReload(data.depots()[loc]));
            closeTrip();
            continue;
        }
        auto const &client = data.location(loc);
        service_ += client.serviceDuration;
        ds = DurationSegment::merge(edge, ds, DurationSegment::forClient(client, period_, true));
        auto const &pickup
            = visitDays != nullptr ? client.pickupFor((*visitDays)[loc - data.numDepots()], period_) : client.pickup;
        for (std::size_t d = 0; d != dims; ++d)
        {
            auto const delivery = client.delivery.empty() ? 0 : client.delivery[d];
            trip[d] = LoadSegment::merge(trip[d], LoadSegment::forVisit(delivery, pickup[d]), type.capacity[d]);
        }
        if (!data.mayServe(vehicleType, loc))
            ++accessViolations_;
    }
    closeTrip();
    distance_ += data.dist(prev, type.endDepot, profile);
    travel_ += data.duration(prev, type.endDepot, profile);
    ds = DurationSegment::merge(data.duration(prev, type.endDepot, profile), ds,
                                DurationSegment::forDepot(data.depots()[type.endDepot], type.shift));
    duration_ = ds.duration();
    timeWarp_ = ds.timeWarp(type.maxDuration);
    startTime_ = ds.startTime();
    cost_ = visits_.empty() ? 0 : CostEvaluator::trueCost(type, distance_, duration_);
    if (data.hasTimingExtras() && !visits_.empty())
    {
        startTime_ = departureOf(data, visits_, vehicleType_, period_);
        auto const times = walkRoute(data, visits_, vehicleType_, period_, startTime_);
        lateness_ = times.lateness;
        latenessCost_ = times.latenessCost;
        cost_ = saturatingAdd(cost_, latenessCost_);
        serviceStarts_ = times.serviceStart;
        gateWaits_ = times.gateWaits;
    }
}

bool Solution::Route::isFeasible() const
{
    return accessViolations_ == 0 && timeWarp_ == 0 && std::all_of(excessLoad_.begin(), excessLoad_.end(), [](Load l) { return l == 0; });
}

Cost Solution::Route::penalisedCost(ProblemData const &data, CostEvaluator const &costEvaluator) const
{
    if (visits_.empty())
        return 0;
    if (vehicleType_ >= data.numVehicleTypes() || excessLoad_.size() != data.numDimensions())
        throw std::invalid_argument("route: was built for other data");
    Cost const access = accessViolations_ > 0 ? kAccessPenalty : 0;  // as the search counts it
    return saturatingAdd(access + costEvaluator.penalisedCost(data.vehicleTypes()[vehicleType_], distance_, duration_,
                                                              timeWarp_, excessLoad_.data(), excessLoad_.size()),
                         latenessCost_);
}

void Solution::scheduleDocks(ProblemData const &data)
{
    for (std::size_t period = 0; period != data.numPeriods(); ++period)
    {
        std::vector<std::size_t> day;
        std::vector<ScheduledRoute> routes;
        for (std::size_t idx = 0; idx != routes_.size(); ++idx)
            if (routes_[idx].period() == period)
            {
                day.push_back(idx);
                routes.push_back({&routes_[idx].visits(), routes_[idx].vehicleType(), routes_[idx].startTime()});
            }
        if (day.empty())
            continue;
        auto const docked = scheduleDay(data, routes, period);
        for (std::size_t k = 0; k != day.size(); ++k)
        {
            auto &route = routes_[day[k]];
            auto const alone = walkRoute(data, route.visits_, route.vehicleType_, period, route.startTime_);
            auto const &type = data.vehicleTypes()[route.vehicleType_];
            // The segment summary's duration and time warp, plus what waiting at the gates adds.
            auto const beyondMax = [&](Duration duration) { return std::max<Duration>(duration - type.maxDuration, 0); };
            auto const duration = route.duration_ + docked[k].duration() - alone.duration();
            route.timeWarp_ += docked[k].timeWarp - alone.timeWarp + beyondMax(duration) - beyondMax(route.duration_);
            route.duration_ = duration;
            route.lateness_ = docked[k].lateness;
            route.latenessCost_ = docked[k].latenessCost;
            route.gateWait_ = docked[k].gateWait;
            route.serviceStarts_ = docked[k].serviceStart;
            route.gateWaits_ = docked[k].gateWaits;
            route.cost_ = saturatingAdd(CostEvaluator::trueCost(type, route.distance_, route.duration_), route.latenessCost_);
        }
    }
}

Solution::Solution(ProblemData const &data, std::vector<Route> routes)
    : excessLoad_(data.numDimensions(), 0)
{
    // A route may have been built for other data: rebuilding it validates its indices against this data
    // and computes its statistics from this data.
    // Visit days first: a client with pattern pickups loads the amount of the pattern it is visited on.
    std::vector<std::uint64_t> planDays(data.numClients(), 0);
    for (auto const &route : routes)
        for (auto const loc : route.visits())
            if (loc >= data.numDepots() && loc < data.numLocations() && route.period() < 64)
                planDays[loc - data.numDepots()] |= std::uint64_t{1} << route.period();
    for (auto const &route : routes)
        if (!route.visits().empty())
            routes_.emplace_back(data, route.visits(), route.vehicleType(), route.period(), &planDays);

    if (data.hasDocks())
        scheduleDocks(data);

    std::vector<std::size_t> used(data.numPeriods() * data.numVehicleTypes(), 0);
    std::vector<std::uint64_t> visitDays(data.numClients(), 0);
    for (auto const &route : routes_)
    {
        auto const slot = route.period() * data.numVehicleTypes() + route.vehicleType();
        if (++used[slot] > data.numAvailable(route.period(), route.vehicleType()))
            throw std::invalid_argument("solution: more routes of vehicle type '"
                                        + data.vehicleTypes()[route.vehicleType()].name + "' in period '"
                                        + data.periods()[route.period()].name + "' than are available");
        for (auto const loc : route.visits())
        {
            if (loc < data.numDepots())  // a reload stop
                continue;
            auto &days = visitDays[loc - data.numDepots()];
            auto const bit = std::uint64_t{1} << route.period();
            if (days & bit)
                throw std::invalid_argument("solution: client '" + data.location(loc).name
                                            + "' is visited twice in period '"
                                            + data.periods()[route.period()].name + "'");
            days |= bit;
        }

        auto const &type = data.vehicleTypes()[route.vehicleType()];
        distance_ += route.distance();
        duration_ += route.duration();
        timeWarp_ += route.timeWarp();
        accessViolations_ += route.accessViolations();
        for (std::size_t d = 0; d != excessLoad_.size(); ++d)
            excessLoad_[d] += route.excessLoad()[d];
        fixedCost_ += type.fixedCost;
        distanceCost_ += type.unitDistanceCost * route.distance();
        durationCost_ += type.unitDurationCost * route.duration();
        lateness_ += route.lateness();
        latenessCost_ = saturatingAdd(latenessCost_, route.latenessCost());
        gateWait_ += route.gateWait();
    }

    for (std::size_t idx = 0; idx != data.numClients(); ++idx)
    {
        auto const &client = data.clients()[idx];
        auto const days = visitDays[idx];
        bool const allowed
            = client.patterns.empty() || std::find(client.patterns.begin(), client.patterns.end(), days) != client.patterns.end();
        if (static_cast<std::size_t>(std::popcount(days)) != client.frequency || !allowed)
            unassigned_.push_back(idx + data.numDepots());
    }
}

bool Solution::isFeasible() const
{
    return isComplete() && timeWarp_ == 0 && accessViolations_ == 0
           && std::all_of(excessLoad_.begin(), excessLoad_.end(), [](Load l) { return l == 0; });
}

Cost Solution::penalisedCost(ProblemData const &data, CostEvaluator const &costEvaluator) const
{
    Cost cost = 0;
    for (auto const &route : routes_)
        cost = saturatingAdd(cost, route.penalisedCost(data, costEvaluator));
    return cost;
}
}  // namespace milkrun
