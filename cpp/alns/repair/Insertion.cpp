#include "Insertion.h"

#include <algorithm>

namespace milkrun::alns
{
std::vector<std::size_t> candidateRoutes(search::WorkingSolution const &ws)
{
    auto result = ws.firstEmptyRoutes();
    for (std::size_t idx = 0; idx != ws.numRoutes(); ++idx)
        if (!ws.route(idx).empty())
            result.push_back(idx);
    std::sort(result.begin(), result.end());  // route order: deterministic ties
    return result;
}

std::vector<std::size_t> insertionRoutes(search::WorkingSolution const &ws,
                                         std::size_t loc,
                                         search::Neighbours const &neighbours)
{
    std::vector<std::size_t> result;
    for (auto const v : neighbours[loc])
        if (ws.isAssigned(v))
            result.push_back(ws.routeOf(v));
    if (result.empty())
        return candidateRoutes(ws);

    auto const empty = ws.firstEmptyRoutes();
    result.insert(result.end(), empty.begin(), empty.end());
    std::sort(result.begin(), result.end());
    result.erase(std::unique(result.begin(), result.end()), result.end());
    return result;
}

void insertAt(search::WorkingSolution &ws, std::size_t loc, InsertPoint const &point)
{
    if (point.reload == InsertPoint::kNoReload)
        ws.insert(loc, point.route, point.pos + 1);
    else if (point.reloadBefore)
        ws.insert({point.reload, loc}, point.route, point.pos + 1);
    else
        ws.insert({loc, point.reload}, point.route, point.pos + 1);
}

InsertPoint bestInsertion(search::WorkingSolution const &ws,
                          std::size_t loc,
                          std::size_t idx,
                          CostEvaluator const &ce,
                          double blinkRate,
                          RandomNumberGenerator *rng,
                          search::Segment const *visitSegment)
{
    auto const &route = ws.route(idx);
    auto const &ops = route.ops();  // the route's travel profile
    auto const &visit = visitSegment != nullptr ? *visitSegment : ops.visit(loc);
    auto const current = route.cost();
    InsertPoint best;
    for (std::size_t pos = 0; pos <= route.size(); ++pos)
    {
        if (blinkRate > 0 && rng->rand() < blinkRate)
            continue;
        auto const seg = ops.merge(route.before(pos), visit, route.after(pos + 1));
        auto const delta = route.costOf(seg, route.size() + 1, ce) - current;
        if (delta < best.delta)
            best = {delta, idx, pos};
        // A new trip: the client ends one or starts one, with a reload stop after or before it (not next to
        // the same depot: Route::update would drop that stop, so the plan scored would not be the plan kept).
        for (auto const depot : route.type().reloadDepots)
        {
            auto const &reload = ops.visit(depot);
            if (route[pos + 1] != depot)
            {
                auto const seg = ops.merge(route.before(pos), visit, reload, route.after(pos + 1));
                auto const ending = route.costOf(seg, route.size() + 2, ce) - current;
                if (ending < best.delta)
                    best = {ending, idx, pos, depot, false};
            }
            if (route[pos] != depot)
            {
                auto const seg = ops.merge(route.before(pos), reload, visit, route.after(pos + 1));
                auto const starting = route.costOf(seg, route.size() + 2, ce) - current;
                if (starting < best.delta)
                    best = {starting, idx, pos, depot, true};
            }
        }
    }
    if (!best.valid() && blinkRate > 0)  // every position blinked: a route is never skipped whole
        return bestInsertion(ws, loc, idx, ce, 0.0, nullptr, visitSegment);
    return best;
}
}  // namespace milkrun::alns
