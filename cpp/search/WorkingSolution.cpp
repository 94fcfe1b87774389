#include "WorkingSolution.h"

#include <algorithm>

namespace milkrun::search
{
WorkingSolution::WorkingSolution(SegmentOps const &ops, std::size_t period)
    : ops_(&ops),
      period_(period),
      routeOf_(ops.data().numLocations(), kUnassigned),
      posOf_(ops.data().numLocations(), 0),
      isTouched_(ops.data().numLocations(), false)
{
    auto const &data = ops.data();
    // One ops per kind of route: routes on the same ops reuse each other's segments as they are.
    typeOps_.reserve(data.numVehicleTypes());  // no reallocation: routes keep pointers into it
    std::vector<std::size_t> opsOf(data.numVehicleTypes());
    for (std::size_t type = 0; type != data.numVehicleTypes(); ++type)
    {
        auto candidate = ops.forType(data.vehicleTypes()[type]);
        auto const same = std::find_if(typeOps_.begin(), typeOps_.end(),
                                       [&](SegmentOps const &other) { return other.sameAs(candidate); });
        opsOf[type] = static_cast<std::size_t>(same - typeOps_.begin());
        if (same == typeOps_.end())
            typeOps_.push_back(std::move(candidate));
    }
    for (std::size_t type = 0; type != data.numVehicleTypes(); ++type)
    {
        auto const count = std::min(data.numAvailable(period, type), std::max<std::size_t>(data.numClients(), 1));
        auto const &typeOps = typeOps_[opsOf[type]];
        for (std::size_t idx = 0; idx != count; ++idx)
            routes_.emplace_back(typeOps, type, period);
    }
    changed_.assign(routes_.size(), true);
    setCostEvaluator(ce_);
}

std::vector<std::size_t> const &WorkingSolution::firstEmptyRoutes() const
{
    if (firstEmptyValid_)
        return firstEmpty_;
    firstEmpty_.clear();
    std::vector<bool> haveEmpty(data().numVehicleTypes(), false);
    for (std::size_t idx = 0; idx != routes_.size(); ++idx)
        if (routes_[idx].empty() && !haveEmpty[routes_[idx].vehicleType()])
        {
            haveEmpty[routes_[idx].vehicleType()] = true;
            firstEmpty_.push_back(idx);
        }
    firstEmptyValid_ = true;
    return firstEmpty_;
}

std::vector<std::size_t> WorkingSolution::unassigned() const
{
    std::vector<std::size_t> result;
    for (std::size_t loc = data().numDepots(); loc != data().numLocations(); ++loc)
        if (routeOf_[loc] == kUnassigned)
            result.push_back(loc);
    return result;
}

Cost WorkingSolution::cost() const
{
    Cost total = 0;
    for (auto const &route : routes_)
        total = saturatingAdd(total, route.cost());
    return total;
}

Duration WorkingSolution::timeWarp() const
{
    Duration total = 0;
    for (auto const &route : routes_)
        total += route.empty() ? 0 : route.timeWarp();
    return total;
}

std::vector<Load> WorkingSolution::excessLoad() const
{
    std::vector<Load> total(data().numDimensions(), 0);
    for (auto const &route : routes_)
        if (!route.empty())
            for (std::size_t d = 0; d != total.size(); ++d)
                total[d] += route.excessLoad(d);
    return total;
}

bool WorkingSolution::isFeasible() const
{
    for (std::size_t loc = data().numDepots(); loc != data().numLocations(); ++loc)
        if (routeOf_[loc] == kUnassigned)
            return false;
    for (auto const &route : routes_)
        if (!route.accessOk())
            return false;
    auto const excess = excessLoad();
    return timeWarp() == 0 && std::all_of(excess.begin(), excess.end(), [](Load l) { return l == 0; });
}

void WorkingSolution::clearTouched()
{
    for (auto const loc : touched_)
        isTouched_[loc] = false;
    touched_.clear();
}

void WorkingSolution::touch(std::size_t loc)
{
    if (loc == kUnassigned || loc < data().numDepots() || isTouched_[loc])
        return;
    isTouched_[loc] = true;
    touched_.push_back(loc);
}

void WorkingSolution::touchInfeasibleRoutes()
{
    auto const dims = data().numDimensions();
    for (auto const &route : routes_)
    {
        bool infeasible = route.timeWarp() > 0 || !route.accessOk();
        for (std::size_t d = 0; d != dims && !infeasible; ++d)
            infeasible = route.excessLoad(d) > 0;
        if (infeasible)
            for (std::size_t pos = 1; pos <= route.size(); ++pos)
                touch(route[pos]);
    }
}

std::vector<std::vector<std::size_t>> WorkingSolution::allClients() const
{
    std::vector<std::vector<std::size_t>> result;
    for (auto const &route : routes_)
        result.push_back(route.clients());
    return result;
}

void WorkingSolution::setCostEvaluator(CostEvaluator const &ce)
{
    ce_ = ce;
    for (auto &route : routes_)
        route.setCostEvaluator(&ce_);
}

void WorkingSolution::update(std::size_t idx)
{
    auto &route = routes_[idx];
    route.update();
    changed_[idx] = true;
    firstEmptyValid_ = false;
    for (std::size_t pos = 1; pos <= route.size(); ++pos)
    {
        routeOf_[route[pos]] = idx;  // at reload stops (depots) meaningless, and never read
        posOf_[route[pos]] = pos;
    }
}

void WorkingSolution::loadRoutes(Solution const &solution)
{
    std::vector<bool> taken(routes_.size(), false);
    for (std::size_t idx = 0; idx != routes_.size(); ++idx)
        taken[idx] = !routes_[idx].empty();
    for (auto const &route : solution.routes())
    {
        if (route.period() != period_)
            continue;
        // Reload stops the type may not make are left out (the search could not represent them: only
        // the types' reload depots have reload segments).
        std::vector<std::size_t> visits;
        for (auto const loc : route.visits())
            if (loc >= data().numDepots()
                || (loc < ProblemData::kMaxReloadDepots && (data().reloadMask(route.vehicleType()) >> loc & 1U)))
                visits.push_back(loc);
        for (std::size_t idx = 0; idx != routes_.size(); ++idx)
            if (!taken[idx] && routes_[idx].vehicleType() == route.vehicleType())
            {
                taken[idx] = true;
                setClients(idx, visits);
                break;
            }
    }
}

Solution WorkingSolution::toSolution() const
{
    std::vector<Solution::Route> routes;
    for (auto const &route : routes_)
        if (!route.empty())
            routes.emplace_back(data(), route.clients(), route.vehicleType(), route.period());
    return {data(), std::move(routes)};
}

void WorkingSolution::insert(std::size_t loc, std::size_t route, std::size_t pos)
{
    insert(std::vector<std::size_t>{loc}, route, pos);
}

void WorkingSolution::insert(std::vector<std::size_t> const &locs, std::size_t route, std::size_t pos)
{
    auto &nodes = routes_[route].nodes();
    nodes.insert(nodes.begin() + static_cast<std::ptrdiff_t>(pos), locs.begin(), locs.end());
    update(route);
    for (auto const loc : locs)  // then its neighbours, where it is now (a reload stop may have been dropped)
        if (loc >= data().numDepots())
        {
            auto const &r = routes_[route];
            touch(loc);
            touch(r[posOf_[loc] - 1]);
            touch(r[posOf_[loc] + 1]);
        }
}

void WorkingSolution::remove(std::vector<std::size_t> const &locs)
{
    std::vector<std::size_t> changedRoutes;
    for (auto const loc : locs)
    {
        if (loc < data().numDepots())  // a reload stop: dropped with its trip's clients (Route::update)
            continue;
        auto const idx = routeOf_[loc];
        if (idx == kUnassigned)
            continue;
        auto &nodes = routes_[idx].nodes();
        touch(loc);
        touch(nodes[posOf_[loc] - 1]);  // a neighbour removed as well is touched, then skipped
        touch(nodes[posOf_[loc] + 1]);
        nodes[posOf_[loc]] = kUnassigned;  // marked, compacted below
        routeOf_[loc] = kUnassigned;
        changedRoutes.push_back(idx);
    }
    std::sort(changedRoutes.begin(), changedRoutes.end());
    changedRoutes.erase(std::unique(changedRoutes.begin(), changedRoutes.end()), changedRoutes.end());
    for (auto const idx : changedRoutes)
    {
        auto &nodes = routes_[idx].nodes();
        nodes.erase(std::remove(nodes.begin(), nodes.end(), kUnassigned), nodes.end());
        update(idx);
    }
}

void WorkingSolution::setClients(std::size_t route, std::vector<std::size_t> const &clients)
{
    for (std::size_t pos = 1; pos <= routes_[route].size(); ++pos)
        if (routes_[route][pos] >= data().numDepots() && routeOf_[routes_[route][pos]] == route)
            routeOf_[routes_[route][pos]] = kUnassigned;  // a client may already have moved to another route
    routes_[route].setClients(clients);
    update(route);
}
}  // namespace milkrun::search
