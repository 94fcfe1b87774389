#include "Schedule.h"

#include "CostEvaluator.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>
#include <tuple>

namespace milkrun
{
namespace
{
// At the index of each reload stop among `visits`: the latest release time of the trip it starts (0
// elsewhere).
std::vector<Duration> tripReleases(ProblemData const &data, std::vector<std::size_t> const &visits)
{
    std::vector<Duration> release(visits.size(), 0);
    std::size_t opened = visits.size();  // the reload stop that starts the current trip (none: the start)
    for (std::size_t k = 0; k != visits.size(); ++k)
        if (data.isDepot(visits[k]))
            opened = k;
        else if (opened != visits.size())
            release[opened] = std::max(release[opened], data.location(visits[k]).releaseTime);
    return release;
}
}  // namespace

RouteWalk::RouteWalk(ProblemData const &data,
                     std::vector<std::size_t> const &visits,
                     std::size_t vehicleType,
                     std::size_t period,
                     Duration start,
                     bool docks)
    : data_(&data),
      visits_(&visits),
      type_(&data.vehicleTypes()[vehicleType]),
      period_(period),
      docks_(docks),
      breakPending_(type_->hasBreak() && start < type_->breakWindow.late),
      release_(tripReleases(data, visits)),
      prev_(type_->startDepot),
      time_(start)
{
    times_.start = start;
    auto const startLate = std::min(data.depots()[type_->startDepot].window.late, type_->shift.late);
    if (start > startLate)  // a release after the start depot closes
    {
        times_.timeWarp += start - startLate;
        time_ = startLate;
    }
    times_.serviceStart.assign(visits.size() + 1, 0);
    times_.gateWaits.assign(visits.size() + 1, 0);
}

Duration RouteWalk::drive(Duration travel)
{
    auto const arrival = time_ + travel;
    auto const &window = type_->breakWindow;
    if (!breakPending_ || arrival <= window.early)
        return arrival;
    // On the road at the window's opening (or leaving a stop after it): the break, where the truck is.
    breakPending_ = false;
    auto const start = std::max(time_, window.early);
    auto const warp = std::max<Duration>(start - window.late, 0);
    times_.timeWarp += warp;
    times_.breakStart = start - warp;
    return arrival + type_->breakDuration - warp;
}

bool RouteWalk::toGate()
{
    auto const &data = *data_;
    auto const &visits = *visits_;
    auto const profile = type_->profile;
    while (next_ <= visits.size())
    {
        auto const loc = next_ < visits.size() ? visits[next_] : type_->endDepot;
        arrival_ = drive(data.duration(prev_, loc, profile));
        if (next_ == visits.size())
        {
            earliest_ = std::max({arrival_, data.depots()[loc].window.early, type_->shift.early});
            if (docks_ && data.depots()[loc].docks > 0)
                return true;
            enter(earliest_);
            return false;
        }
        if (data.isDepot(loc))  // a reload stop
        {
            earliest_ = std::max(arrival_, data.depots()[loc].window.early);
            if (docks_ && data.depots()[loc].docks > 0)
                return true;
            enter(earliest_);
            continue;
        }
        auto const &client = data.location(loc);
        auto const &window = client.windows(period_).front();
        Duration startAt = std::max(arrival_, window.early);
        if (breakPending_ && startAt > type_->breakWindow.early)  // waiting there at the break's opening
        {
            breakPending_ = false;
            times_.breakStart = type_->breakWindow.early;
            startAt = std::max(window.early, type_->breakWindow.early + type_->breakDuration);
        }
        if (startAt > window.late && client.softWindow())
        {
            auto const latest = client.latestStart(period_);
            auto const late = std::min(startAt, latest) - window.late;
            times_.lateness += late;
            times_.latenessCost = saturatingAdd(times_.latenessCost, CostEvaluator::penalty(client.lateCost, late));
            if (startAt > latest)
            {
                times_.timeWarp += startAt - latest;
                startAt = latest;
            }
        }
        else if (startAt > window.late)
        {
            times_.timeWarp += startAt - window.late;
            startAt = window.late;
        }
        times_.serviceStart[next_] = startAt;
        time_ = startAt + client.serviceDuration;
        prev_ = loc;
        ++next_;
    }
    return false;
}

std::size_t RouteWalk::gateDepot() const
{
    return next_ < visits_->size() ? (*visits_)[next_] : type_->endDepot;
}

Duration RouteWalk::dockTime() const
{
    auto const &depot = data_->depots()[gateDepot()];
    return next_ < visits_->size() ? depot.serviceDuration : depot.unloadDuration;
}

void RouteWalk::enter(Duration start)
{
    auto const &visits = *visits_;
    times_.gateWaits[next_] = start - earliest_;
    times_.gateWait += start - earliest_;
    if (next_ == visits.size())  // the end depot
    {
        auto const late = std::min(data_->depots()[type_->endDepot].window.late, type_->shift.late);
        if (start > late)
        {
            times_.timeWarp += start - late;
            start = late;
        }
        times_.serviceStart[next_] = start;
        times_.end = start;
        ++next_;
        return;
    }
    auto const loc = visits[next_];
    auto const &depot = data_->depots()[loc];
    if (start > depot.window.late)
    {
        times_.timeWarp += start - depot.window.late;
        start = depot.window.late;
    }
    times_.serviceStart[next_] = start;
    time_ = std::max(start + depot.serviceDuration, release_[next_]);
    prev_ = loc;
    ++next_;
}

Duration earliestDeparture(ProblemData const &data, std::vector<std::size_t> const &visits, std::size_t vehicleType)
{
    auto const &type = data.vehicleTypes()[vehicleType];
    Duration earliest = std::max(data.depots()[type.startDepot].window.early, type.shift.early);
    for (auto const loc : visits)  // the first trip's release
    {
        if (data.isDepot(loc))
            break;
        earliest = std::max(earliest, data.location(loc).releaseTime);
    }
    return earliest;
}

RouteTimes chooseDeparture(ProblemData const &data,
                           std::vector<std::size_t> const &visits,
                           std::size_t vehicleType,
                           std::size_t period)
{
    auto const slack = walkRoute(data, visits, vehicleType, period, departureOf(data, visits, vehicleType, period));
    auto const early = earliestDeparture(data, visits, vehicleType);
    if (early >= slack.start)
        return slack;
    auto const &type = data.vehicleTypes()[vehicleType];
    auto const score = [&](RouteTimes const &times) {
        auto const duration = times.duration();
        auto const warp = times.timeWarp + std::max<Duration>(duration - type.maxDuration, 0);
        return std::pair(warp, saturatingAdd(CostEvaluator::penalty(std::max<Cost>(type.unitDurationCost, 0), duration),
                                             times.latenessCost));
    };
    auto earlyTimes = walkRoute(data, visits, vehicleType, period, early);
    return score(earlyTimes) < score(slack) ? earlyTimes : slack;
}

Duration departureOf(ProblemData const &data,
                     std::vector<std::size_t> const &visits,
                     std::size_t vehicleType,
                     std::size_t period)
{
    auto const &type = data.vehicleTypes()[vehicleType];
    auto const &start = data.depots()[type.startDepot];
    auto const &end = data.depots()[type.endDepot];
    Duration const earliest = earliestDeparture(data, visits, vehicleType);
    auto const release = tripReleases(data, visits);  // at a reload stop: its next trip's release

    constexpr Duration never = std::numeric_limits<Duration>::max() / 4;
    Duration time = earliest;
    Duration waiting = 0;  // before the stop reached
    Duration slack = never;
    // One stop with window [early, late]: how far the departure may move later without warp there.
    auto const reach = [&](Duration arrival, Duration early, Duration late) {
        if (arrival > late)
        {
            slack = std::min(slack, waiting);
            time = late;
            return;
        }
        slack = std::min(slack, waiting + late - arrival);
        if (arrival < early)
            waiting += early - arrival;
        time = std::max(arrival, early);
    };
    reach(time, earliest, std::min(start.window.late, type.shift.late));
    std::size_t prev = type.startDepot;
    for (std::size_t k = 0; k != visits.size(); ++k)
    {
        auto const loc = visits[k];
        auto const arrival = time + data.duration(prev, loc, type.profile);
        if (data.isDepot(loc))
        {
            auto const &depot = data.depots()[loc];
            reach(arrival, depot.window.early, depot.window.late);
            reach(time + depot.serviceDuration, release[k], never);
        }
        else
        {
            auto const &client = data.location(loc);
            reach(arrival, client.windows(period).front().early, client.latestStart(period));
            time += client.serviceDuration;
        }
        prev = loc;
    }
    reach(time + data.duration(prev, type.endDepot, type.profile), std::max(end.window.early, type.shift.early),
          std::min(end.window.late, type.shift.late));
    return earliest + std::min(slack, waiting);
}

RouteTimes walkRoute(ProblemData const &data,
                     std::vector<std::size_t> const &visits,
                     std::size_t vehicleType,
                     std::size_t period,
                     Duration start)
{
    RouteWalk walk(data, visits, vehicleType, period, start, false);
    walk.toGate();
    return walk.times();
}

std::vector<RouteTimes>
scheduleDay(ProblemData const &data, std::vector<ScheduledRoute> const &routes, std::size_t period)
{
    std::vector<RouteWalk> walks;
    walks.reserve(routes.size());
    for (auto const &route : routes)
        walks.emplace_back(data, *route.visits, route.vehicleType, period, route.start, true);

    // Per plant, when each of its docks is free next.
    std::vector<std::vector<Duration>> freeAt(data.numDepots());
    for (std::size_t d = 0; d != data.numDepots(); ++d)  // more docks than routes are never all in use
        freeAt[d].assign(std::min(data.depots()[d].docks, routes.size()), std::numeric_limits<Duration>::min());

    using Arrival = std::tuple<Duration, std::size_t>;  // (arrival time, route index): first come first
    std::priority_queue<Arrival, std::vector<Arrival>, std::greater<>> gate;
    for (std::size_t r = 0; r != walks.size(); ++r)
        if (walks[r].toGate())
            gate.emplace(walks[r].arrival(), r);
    while (!gate.empty())
    {
        auto const r = std::get<1>(gate.top());
        gate.pop();
        auto &walk = walks[r];
        auto &docks = freeAt[walk.gateDepot()];
        auto const dock = std::min_element(docks.begin(), docks.end());
        auto const start = std::max(walk.earliest(), *dock);
        *dock = start + walk.dockTime();
        walk.enter(start);
        if (walk.toGate())
            gate.emplace(walk.arrival(), r);
    }

    std::vector<RouteTimes> times;
    times.reserve(walks.size());
    for (auto const &walk : walks)
        times.push_back(walk.times());
    return times;
}
}  // namespace milkrun
