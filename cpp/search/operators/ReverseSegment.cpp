#include "ReverseSegment.h"

#include <algorithm>

namespace milkrun::search
{
Cost ReverseSegment::evaluate(WorkingSolution const &ws, std::size_t ru, std::size_t pu, std::size_t rv,
                              std::size_t pv) const
{
    if (ru != rv || pv < pu + 2)  // nothing to reverse (a single client) or wrong order
        return kNotApplicable;
    auto const &route = ws.route(ru);
    auto const &data = ws.data();
    auto const profile = route.ops().profile();

    // Distance of 0..pu, then pv, pv-1, ..., pu+1, then pv+1..end.
    Distance distance = route.before(pu).distance + data.dist(route[pu], route[pv], profile);
    for (auto pos = pv; pos > pu + 1; --pos)
        distance += data.dist(route[pos], route[pos - 1], profile);
    distance += data.dist(route[pu + 1], route[pv + 1], profile) + route.after(pv + 1).distance;
    auto const current = route.cost();
    if (route.costLowerBound(distance, route.size()) >= current)
        return 0;

    auto const &ops = route.ops();
    Segment seg = route.before(pu);
    for (auto pos = pv; pos > pu; --pos)
        seg = ops.merge(seg, ops.visit(route[pos]));
    seg = ops.merge(seg, route.after(pv + 1));
    return route.costOf(seg, route.size(), ws.costEvaluator()) - current;
}

void ReverseSegment::apply(WorkingSolution &ws, std::size_t ru, std::size_t pu, std::size_t, std::size_t pv) const
{
    auto clients = ws.route(ru).clients();  // position p is clients[p - 1]
    std::reverse(clients.begin() + static_cast<std::ptrdiff_t>(pu), clients.begin() + static_cast<std::ptrdiff_t>(pv));
    ws.setClients(ru, clients);
}
}  // namespace milkrun::search
