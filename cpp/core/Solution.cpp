#include "Solution.h"

#include "DurationSegment.h"
#include "LoadSegment.h"
#include "Schedule.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>
#include <tuple>
#include <limits>

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
        auto const times = chooseDeparture(data, visits_, vehicleType_, period_);
        startTime_ = times.start;
        applyTimes(data, times);
    }
}

void Solution::Route::applyTimes(ProblemData const &data, RouteTimes const &times)
{
    auto const &type = data.vehicleTypes()[vehicleType_];
    duration_ = times.duration();
    timeWarp_ = times.timeWarp + std::max<Duration>(duration_ - type.maxDuration, 0);
    lateness_ = times.lateness;
    latenessCost_ = times.latenessCost;
    gateWait_ = times.gateWait;
    breakStart_ = times.breakStart;
    serviceStarts_ = times.serviceStart;
    gateWaits_ = times.gateWaits;
    cost_ = saturatingAdd(CostEvaluator::trueCost(type, distance_, duration_), latenessCost_);
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
            routes_[day[k]].applyTimes(data, docked[k]);
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

    numberTrucks(data);
    if (data.hasDocks())
        scheduleDocks(data);
    if (data.hasConsistency())
        checkConsistency(data);

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

void Solution::numberTrucks(ProblemData const &data)
{
    // Without consistency requirements, trucks are numbered in the order the routes are listed. With
    // them, day by day, each route takes the truck that already serves most of its same-truck clients
    // (greedily: the best (route, truck) pair first; ties to the route listed first, then the lowest
    // truck), and the rest the lowest trucks left.
    auto const numTypes = data.numVehicleTypes();
    constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
    std::vector<std::pair<std::size_t, std::size_t>> home(data.numClients(), {none, none});  // (type, truck)
    std::vector<std::size_t> numbered(numTypes, 0);  // per type: 1 + the highest truck number given so far
    for (std::size_t period = 0; period != data.numPeriods(); ++period)
        for (std::size_t t = 0; t != numTypes; ++t)
        {
            std::vector<std::size_t> group;
            for (std::size_t idx = 0; idx != routes_.size(); ++idx)
                if (routes_[idx].period_ == period && routes_[idx].vehicleType_ == t)
                    group.push_back(idx);
            if (group.empty())
                continue;
            // Trucks to choose from: those numbered on earlier days and as many new ones as routes (the
            // number available may be huge: "unlimited").
            auto const trucks
                = std::max(group.size(), std::min(data.numAvailable(period, t), numbered[t] + group.size()));
            std::vector<std::size_t> truckOf(group.size(), none);
            std::vector<bool> taken(trucks, false);
            if (data.hasConsistency())
            {
                std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> pairs;  // (-score, route, truck)
                for (std::size_t r = 0; r != group.size(); ++r)
                {
                    std::vector<std::size_t> score(trucks, 0);
                    for (auto const loc : routes_[group[r]].visits_)
                        if (!data.isDepot(loc) && data.location(loc).sameTruck)
                        {
                            auto const [type, truck] = home[loc - data.numDepots()];
                            if (type == t && truck < trucks)
                                ++score[truck];
                        }
                    for (std::size_t k = 0; k != trucks; ++k)
                        if (score[k] > 0)
                            pairs.emplace_back(none - score[k], r, k);
                }
                std::sort(pairs.begin(), pairs.end());
                for (auto const &[negScore, r, k] : pairs)
                    if (truckOf[r] == none && !taken[k])
                    {
                        truckOf[r] = k;
                        taken[k] = true;
                    }
            }
            std::size_t next = 0;
            for (std::size_t r = 0; r != group.size(); ++r)
                if (truckOf[r] == none)
                {
                    while (taken[next])
                        ++next;
                    truckOf[r] = next;
                    taken[next] = true;
                }
            for (std::size_t r = 0; r != group.size(); ++r)
            {
                auto &route = routes_[group[r]];
                route.truck_ = truckOf[r];
                numbered[t] = std::max(numbered[t], truckOf[r] + 1);
                for (auto const loc : route.visits_)
                    if (!data.isDepot(loc) && home[loc - data.numDepots()].first == none)
                        home[loc - data.numDepots()] = {t, truckOf[r]};
            }
        }
}

void Solution::checkConsistency(ProblemData const &data)
{
    // Per client: the (type, truck) and the service start of each visit.
    std::vector<std::vector<std::tuple<std::size_t, std::size_t, Duration>>> visits(data.numClients());
    for (auto const &route : routes_)
        for (std::size_t pos = 0; pos != route.visits_.size(); ++pos)
        {
            auto const loc = route.visits_[pos];
            if (!data.isDepot(loc) && data.location(loc).consistent())
                visits[loc - data.numDepots()].emplace_back(route.vehicleType_, route.truck_,
                                                            route.serviceStarts_.at(pos));
        }
    for (std::size_t idx = 0; idx != data.numClients(); ++idx)
    {
        auto const &client = data.clients()[idx];
        auto const &mine = visits[idx];
        if (mine.size() < 2)
            continue;
        if (client.sameTruck)
        {
            std::size_t most = 0;
            for (auto const &[type, truck, start] : mine)
                most = std::max<std::size_t>(
                    most, std::count_if(mine.begin(), mine.end(), [&, t = type, k = truck](auto const &other) {
                        return std::get<0>(other) == t && std::get<1>(other) == k;
                    }));
            consistencyViolations_ += mine.size() - most;
        }
        auto const [low, high] = std::minmax_element(mine.begin(), mine.end(), [](auto const &a, auto const &b) {
            return std::get<2>(a) < std::get<2>(b);
        });
        spreadExcess_ += std::max<Duration>(std::get<2>(*high) - std::get<2>(*low) - client.arrivalSpread, 0);
    }
}

bool Solution::isFeasible() const
{
    return isComplete() && timeWarp_ == 0 && accessViolations_ == 0 && consistencyViolations_ == 0
           && spreadExcess_ == 0
           && std::all_of(excessLoad_.begin(), excessLoad_.end(), [](Load l) { return l == 0; });
}

Cost Solution::penalisedCost(ProblemData const &data, CostEvaluator const &costEvaluator) const
{
    Cost cost = 0;
    for (auto const &route : routes_)
        cost = saturatingAdd(cost, route.penalisedCost(data, costEvaluator));
    // Consistency: a visit off its client's truck weighs like an access violation (the search then keeps
    // one only when nothing else is possible); arrival spread beyond the allowed like time warp.
    cost = saturatingAdd(cost, CostEvaluator::penalty(kAccessPenalty, static_cast<Cost>(consistencyViolations_)));
    return saturatingAdd(cost, CostEvaluator::penalty(costEvaluator.twPenalty(), spreadExcess_));
}
}  // namespace milkrun
