#include "LocalSearch.h"

#include <limits>

#include "operators/Exchange.h"
#include "operators/ReverseSegment.h"
#include "operators/SwapTails.h"

#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>
#include <utility>

namespace milkrun::search
{
namespace
{
using Factory = std::function<std::unique_ptr<NodeOperator>()>;

std::map<std::string, Factory> const &registry()
{
    static std::map<std::string, Factory> const operators = {
        {"relocate", [] { return std::make_unique<Exchange<1, 0>>("relocate"); }},
        {"or_opt2", [] { return std::make_unique<Exchange<2, 0>>("or_opt2"); }},
        {"or_opt3", [] { return std::make_unique<Exchange<3, 0>>("or_opt3"); }},
        {"swap", [] { return std::make_unique<Exchange<1, 1>>("swap"); }},
        {"swap21", [] { return std::make_unique<Exchange<2, 1>>("swap21"); }},
        {"swap22", [] { return std::make_unique<Exchange<2, 2>>("swap22"); }},
        {"swap32", [] { return std::make_unique<Exchange<3, 2>>("swap32"); }},
        {"swap33", [] { return std::make_unique<Exchange<3, 3>>("swap33"); }},
        {"two_opt_star", [] { return std::make_unique<SwapTails>(); }},
        {"two_opt", [] { return std::make_unique<ReverseSegment>(); }},
    };
    return operators;
}
}  // namespace

std::vector<std::string> LocalSearch::availableOperators()
{
    std::vector<std::string> names;
    for (auto const &[name, factory] : registry())
        names.push_back(name);
    return names;
}

LocalSearch::LocalSearch(Neighbours const &neighbours, std::vector<std::string> const &operatorNames)
    : neighbours_(&neighbours)
{
    for (auto const &name : operatorNames)
    {
        auto const it = registry().find(name);
        if (it == registry().end())
            throw std::invalid_argument("local search operator '" + name + "' does not exist");
        operators_.push_back(it->second());
    }
}

bool LocalSearch::tryPair(WorkingSolution &ws, std::size_t u, std::size_t rv, std::size_t pv)
{
    auto const ru = ws.routeOf(u);
    auto const pu = ws.posOf(u);
    for (auto const &op : operators_)
        if (op->evaluate(ws, ru, pu, rv, pv) < 0)
        {
            op->apply(ws, ru, pu, rv, pv);
            lastModified_[ru] = lastModified_[rv] = ++numUpdates_;
            return true;
        }
    return false;
}

bool LocalSearch::tryEmptyRoutes(WorkingSolution &ws, std::size_t u)
{
    auto const &empty = ws.firstEmptyRoutes();  // unchanged until a move is applied, which returns
    for (auto const rv : empty)
    {
        auto const &from = ws.route(ws.routeOf(u));
        if (from.size() == 1 && from.vehicleType() == ws.route(rv).vehicleType())
            continue;  // moving a lone client to an empty route of its own type changes nothing
        if (tryPair(ws, u, rv, 0))
            return true;
    }
    // From the first client of its route, the whole route may move to another vehicle type (cheaper
    // fixed or unit costs, or a capacity that removes excess load): 2-opt* of the route's start with an
    // empty route. The same type costs the same, so it is never applied there.
    auto const ru = ws.routeOf(u);
    if (ws.posOf(u) != 1)
        return false;
    for (auto const rv : empty)
        if (ws.route(rv).vehicleType() != ws.route(ru).vehicleType() && wholeRoute_.evaluate(ws, ru, 0, rv, 0) < 0)
        {
            wholeRoute_.apply(ws, ru, 0, rv, 0);
            lastModified_[ru] = lastModified_[rv] = ++numUpdates_;
            return true;
        }
    return trySwapTypes(ws, ru);
}

bool LocalSearch::trySwapTypes(WorkingSolution &ws, std::size_t ru)
{
    if (ws.data().numVehicleTypes() < 2)
        return false;
    auto const &a = ws.route(ru);
    auto const &ce = ws.costEvaluator();
    Cost bestDelta = 0;
    std::size_t best = WorkingSolution::kUnassigned;
    for (std::size_t rv = 0; rv != ws.numRoutes(); ++rv)
    {
        auto const &b = ws.route(rv);
        if (b.empty() || b.vehicleType() == a.vehicleType())
            continue;
        auto const current = a.cost() + b.cost();
        // Bound: fixed and distance cost of the exchanged routes, where the depots are the same.
        auto const &ta = a.type();
        auto const &tb = b.type();
        if (ta.startDepot == tb.startDepot && ta.endDepot == tb.endDepot && a.sameProfile(b))
        {
            auto const distA = a.before(a.size() + 1).distance;
            auto const distB = b.before(b.size() + 1).distance;
            if (b.costLowerBound(distA, a.size()) + a.costLowerBound(distB, b.size()) >= current)
                continue;
        }
        auto const aOnB = b.ops().merge(b.startDepot(), a.tailFor(1, b));
        auto const bOnA = a.ops().merge(a.startDepot(), b.tailFor(1, a));
        auto const delta = b.costOf(aOnB, a.size(), ce) + a.costOf(bOnA, b.size(), ce) - current;
        if (delta < bestDelta)
        {
            bestDelta = delta;
            best = rv;
        }
    }
    if (best == WorkingSolution::kUnassigned)
        return false;
    auto const clientsA = a.clients();
    auto const clientsB = ws.route(best).clients();
    ws.setClients(ru, clientsB);
    ws.setClients(best, clientsA);
    lastModified_[ru] = lastModified_[best] = ++numUpdates_;
    return true;
}

bool LocalSearch::tryReloads(WorkingSolution &ws, std::size_t u)
{
    auto const ru = ws.routeOf(u);
    auto const &route = ws.route(ru);
    auto const &depots = route.type().reloadDepots;
    if (depots.empty())
        return false;
    auto const &ops = route.ops();
    auto const &ce = ws.costEvaluator();
    auto const pos = ws.posOf(u);
    auto const current = route.cost();
    bool const reloadNext = pos < route.size() && route[pos + 1] < ws.data().numDepots();
    // Without the reload stop after u (if there is one), then with one at each depot (not the depot that
    // follows: Route::update would drop such a stop).
    auto const rest = reloadNext ? pos + 2 : pos + 1;
    Cost bestDelta = 0;
    std::size_t best = WorkingSolution::kUnassigned;
    bool remove = false;
    if (reloadNext)
    {
        auto const delta = route.costOf(ops.merge(route.before(pos), route.after(rest)), route.size() - 1, ce) - current;
        if (delta < bestDelta)
        {
            bestDelta = delta;
            remove = true;
        }
    }
    for (auto const depot : depots)
    {
        if ((reloadNext && route[pos + 1] == depot) || route[rest] == depot)
            continue;
        auto const seg = ops.merge(route.before(pos), ops.visit(depot), route.after(rest));
        auto const delta = route.costOf(seg, route.size() + 1, ce) - current;
        if (delta < bestDelta)
        {
            bestDelta = delta;
            best = depot;
            remove = false;
        }
    }
    if (!remove && best == WorkingSolution::kUnassigned)
        return false;
    auto visits = route.clients();  // position p is visits[p - 1]
    if (reloadNext)
        visits.erase(visits.begin() + static_cast<std::ptrdiff_t>(pos));
    if (!remove)
        visits.insert(visits.begin() + static_cast<std::ptrdiff_t>(pos), best);
    ws.setClients(ru, visits);
    lastModified_[ru] = ++numUpdates_;
    return true;
}

bool LocalSearch::tryMerge(WorkingSolution &ws, std::size_t u, std::size_t v)
{
    auto const ru = ws.routeOf(u);
    auto const rv = ws.routeOf(v);
    if (ru == rv || ws.posOf(u) != ws.route(ru).size() || ws.posOf(v) != 1)
        return false;
    auto const &a = ws.route(ru);
    auto const &b = ws.route(rv);
    auto const &ce = ws.costEvaluator();
    auto const current = a.cost() + b.cost();
    auto const numClients = a.size() + b.size();

    // "a then b" on a's vehicle is 2-opt* of the two routes; here every other type, b's included.
    Segment clients;
    SegmentOps const *builtOps = nullptr;  // the ops `clients` was built with
    Cost bestDelta = 0;
    std::size_t best = WorkingSolution::kUnassigned;
    for (auto const re : ws.firstEmptyRoutes())
    {
        auto const &e = ws.route(re);
        if (e.vehicleType() == a.vehicleType())
            continue;
        auto const &ops = e.ops();
        if (builtOps == nullptr || !builtOps->sameAs(ops))  // O(size) once per kind of ops, then O(1) per type
        {
            clients = ops.merge(a.rangeFor(1, a.size(), e), b.rangeFor(1, b.size(), e));
            builtOps = &ops;
        }
        auto const delta = e.costOf(ops.merge(e.startDepot(), clients, e.endDepot()), numClients, ce) - current;
        if (delta < bestDelta)
        {
            bestDelta = delta;
            best = re;
        }
    }
    if (best == WorkingSolution::kUnassigned)
        return false;

    auto merged = a.clients();
    auto const tail = b.clients();
    merged.insert(merged.end(), tail.begin(), tail.end());
    ws.setClients(best, merged);
    ws.setClients(ru, {});
    ws.setClients(rv, {});
    lastModified_[ru] = lastModified_[rv] = lastModified_[best] = ++numUpdates_;
    return true;
}

bool LocalSearch::tryMergeEither(WorkingSolution &ws, std::size_t u, std::size_t v)
{
    if (ws.data().numVehicleTypes() < 2 || !ws.isAssigned(u) || !ws.isAssigned(v))
        return false;
    return tryMerge(ws, u, v) || tryMerge(ws, v, u);
}

std::size_t LocalSearch::countImprovingMoves(WorkingSolution const &ws) const
{
    std::size_t improving = 0;
    for (std::size_t u = ws.data().numDepots(); u != ws.data().numLocations(); ++u)
        for (auto const v : (*neighbours_)[u])
            if (ws.isAssigned(u) && ws.isAssigned(v))
                for (auto const &op : operators_)
                    improving += op->evaluate(ws, ws.routeOf(u), ws.posOf(u), ws.routeOf(v), ws.posOf(v)) < 0;
    return improving;
}

void LocalSearch::run(WorkingSolution &ws, RandomNumberGenerator &rng)
{
    auto const &data = ws.data();
    // Routes unchanged since the last clearChanged() are taken as locally optimal among themselves.
    lastModified_.assign(ws.numRoutes(), 0);
    for (std::size_t idx = 0; idx != ws.numRoutes(); ++idx)
        lastModified_[idx] = ws.changed(idx) ? 1 : 0;
    lastTested_.assign(data.numLocations(), 0);
    numUpdates_ = 1;

    std::vector<std::size_t> order;
    for (std::size_t loc = data.numDepots(); loc != data.numLocations(); ++loc)
        if (ws.isAssigned(loc))
            order.push_back(loc);
    rng.shuffle(order.begin(), order.end());

    bool improved = true;
    while (improved)
    {
        improved = false;
        for (auto const u : order)
        {
            if (stop_ && stop_())
                return;
            auto const lastTestedU = lastTested_[u];
            lastTested_[u] = numUpdates_;
            for (auto const v : (*neighbours_)[u])
            {
                if (!ws.isAssigned(v))
                    continue;
                auto const rv = ws.routeOf(v);
                if (lastModified_[ws.routeOf(u)] <= lastTestedU && lastModified_[rv] <= lastTestedU)
                    continue;
                if (tryPair(ws, u, rv, ws.posOf(v)))
                    improved = true;
                else if (ws.posOf(v) == 1 && tryPair(ws, u, rv, 0))
                    improved = true;
                else if (tryMergeEither(ws, u, v))
                    improved = true;
            }
            if (lastModified_[ws.routeOf(u)] > lastTestedU && tryEmptyRoutes(ws, u))
                improved = true;
            if (data.hasReloads() && lastModified_[ws.routeOf(u)] > lastTestedU && tryReloads(ws, u))
                improved = true;
        }
    }
}

void LocalSearch::enqueue(WorkingSolution const &ws, std::size_t loc)
{
    if (loc >= ws.data().numDepots() && !promising_[loc])
    {
        promising_[loc] = true;
        queue_.push_back(loc);
    }
}

void LocalSearch::markPromising(WorkingSolution const &ws, std::size_t loc)
{
    if (loc < ws.data().numDepots())  // a reload stop: its routeOf/posOf entries mean nothing
        return;
    enqueue(ws, loc);
    if (!ws.isAssigned(loc))
        return;
    auto const &route = ws.route(ws.routeOf(loc));
    auto const pos = ws.posOf(loc);
    enqueue(ws, route[pos - 1]);
    enqueue(ws, route[pos + 1]);
}

void LocalSearch::markWindow(WorkingSolution const &ws, std::size_t route, std::size_t pos)
{
    // After a move at `pos` (positions before the move): the clients now around that place.
    auto const &r = ws.route(route);
    for (std::size_t p = pos > 1 ? pos - 1 : 1; p <= std::min(pos + 3, r.size()); ++p)
        markPromising(ws, r[p]);
}

void LocalSearch::runFrom(WorkingSolution &ws, std::vector<std::size_t> const &seeds, RandomNumberGenerator &rng)
{
    auto const &data = ws.data();
    lastModified_.assign(ws.numRoutes(), 0);  // tryPair stamps routes; runFrom does not read the stamps
    numUpdates_ = 1;
    if (promising_.size() != data.numLocations())  // all false between calls: each mark is queued and cleared
        promising_.assign(data.numLocations(), false);
    queue_.clear();
    for (auto const loc : seeds)
        enqueue(ws, loc);

    std::vector<std::size_t> round;
    while (!queue_.empty())
    {
        round.swap(queue_);
        queue_.clear();
        rng.shuffle(round.begin(), round.end());
        for (auto const u : round)
        {
            if (!promising_[u])
                continue;
            if (stop_ && stop_())
            {
                for (auto const loc : queue_)  // promising_ is all false between calls
                    promising_[loc] = false;
                for (auto const loc : round)
                    promising_[loc] = false;
                queue_.clear();
                return;
            }
            promising_[u] = false;
            if (!ws.isAssigned(u))
                continue;
            for (auto const v : (*neighbours_)[u])
            {
                if (!ws.isAssigned(v))
                    continue;
                auto const rv = ws.routeOf(v);
                // The clients next to both ends before the move (segments of up to three clients move).
                auto const ru = ws.routeOf(u);
                auto const pu = ws.posOf(u);
                auto const pv = ws.posOf(v);
                if (tryPair(ws, u, rv, pv) || (pv == 1 && tryPair(ws, u, rv, 0)))
                {
                    markWindow(ws, ru, pu);
                    markWindow(ws, rv, pv);
                    markPromising(ws, u);
                    markPromising(ws, v);
                }
                else if (tryMergeEither(ws, u, v))
                {
                    markPromising(ws, u);  // the joint of the merged route
                    markPromising(ws, v);
                }
            }
            if (tryEmptyRoutes(ws, u))
                markPromising(ws, u);
            if (data.hasReloads() && tryReloads(ws, u))
                markPromising(ws, u);
        }
    }
}
}  // namespace milkrun::search
