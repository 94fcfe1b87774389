#include "StringRemoval.h"

#include "Removal.h"

#include <algorithm>

namespace milkrun::alns
{
void StringRemoval::operator()(search::WorkingSolution &ws, CostEvaluator const &, search::Neighbours const &neighbours,
                               RandomNumberGenerator &rng, std::size_t count)
{
    auto const clients = assignedClients(ws);
    if (clients.empty())
        return;

    std::size_t numRoutes = 0;
    for (auto const &route : ws.routes())
        numRoutes += route.empty() ? 0 : 1;
    auto const avgRouteSize = static_cast<double>(clients.size()) / static_cast<double>(numRoutes);
    auto const maxLength = std::max(1.0, std::min(static_cast<double>(maxStringLength_), avgRouteSize));
    auto const maxStrings = std::max(1.0, 4.0 * static_cast<double>(count) / (1.0 + maxLength) - 1.0);
    auto const numStrings = 1 + rng.randint(static_cast<std::uint64_t>(maxStrings));

    auto const seed = clients[rng.randint(clients.size())];
    std::vector<std::size_t> candidates = {seed};
    candidates.insert(candidates.end(), neighbours[seed].begin(), neighbours[seed].end());

    std::vector<bool> ruined(ws.numRoutes(), false);
    std::vector<std::size_t> removed;
    std::size_t strings = 0;
    for (auto const c : candidates)
    {
        if (strings == numStrings)
            break;
        if (!ws.isAssigned(c) || ruined[ws.routeOf(c)])
            continue;
        auto const &route = ws.route(ws.routeOf(c));
        auto const size = route.size();
        auto const pos = ws.posOf(c);
        auto const routeMax = std::min<std::size_t>(size, static_cast<std::size_t>(maxLength));
        auto const length = 1 + rng.randint(routeMax);

        // Split string: cut length + kept clients, keep `kept` consecutive ones in its middle.
        std::size_t kept = 0;
        if (rng.rand() < splitRate_ && length < size)
        {
            kept = 1;
            while (length + kept < size && rng.rand() > splitDepth_)
                ++kept;
        }
        auto const span = length + kept;
        // Random window of `span` positions in [1, size] containing pos.
        auto const lowest = pos + 1 > span ? pos + 1 - span : 1;
        auto const highest = std::min(pos, size + 1 - span);
        auto const start = lowest + rng.randint(highest - lowest + 1);
        auto const keepFrom = start + (kept > 0 ? 1 + rng.randint(length) : span);
        for (std::size_t p = start; p != start + span; ++p)
            if (kept == 0 || p < keepFrom || p >= keepFrom + kept)
                removed.push_back(route[p]);

        ruined[ws.routeOf(c)] = true;
        ++strings;
    }
    ws.remove(removed);
}
}  // namespace milkrun::alns
