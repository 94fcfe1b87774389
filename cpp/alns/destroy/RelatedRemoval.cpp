#include "RelatedRemoval.h"

#include "Removal.h"

#include <algorithm>

namespace milkrun::alns
{
void RelatedRemoval::operator()(search::WorkingSolution &ws, CostEvaluator const &, search::Neighbours const &neighbours,
                                RandomNumberGenerator &rng, std::size_t count)
{
    auto const &data = ws.data();
    auto clients = assignedClients(ws);
    if (clients.empty())
        return;

    // Normalisers: largest distance from the first depot, latest window start, largest first-dimension load.
    double maxDist = 1, maxStart = 1, maxLoad = 1;
    for (auto const loc : clients)
    {
        auto const &c = data.location(loc);
        maxDist = std::max(maxDist, static_cast<double>(data.dist(0, loc)));
        maxStart = std::max(maxStart, static_cast<double>(c.timeWindows.front().early));
        maxLoad = std::max(maxLoad, static_cast<double>(c.pickup[0]));
    }
    auto const relatedness = [&](std::size_t a, std::size_t b) {
        auto const &ca = data.location(a);
        auto const &cb = data.location(b);
        return 9.0 * static_cast<double>(data.dist(a, b)) / maxDist
               + 3.0 * std::abs(static_cast<double>(ca.timeWindows.front().early - cb.timeWindows.front().early)) / maxStart
               + 2.0 * std::abs(static_cast<double>(ca.pickup[0] - cb.pickup[0])) / maxLoad;
    };

    std::vector<std::size_t> removed = {clients[rng.randint(clients.size())]};
    std::vector<bool> isRemoved(data.numLocations(), false);
    isRemoved[removed[0]] = true;
    std::vector<std::pair<double, std::size_t>> candidates;
    while (removed.size() < std::min(count, clients.size()))
    {
        auto const from = removed[rng.randint(removed.size())];
        candidates.clear();
        for (auto const v : neighbours[from])
            if (ws.isAssigned(v) && !isRemoved[v])
                candidates.emplace_back(relatedness(from, v), v);

        std::size_t next;
        if (candidates.empty())  // neighbourhood exhausted: restart from a random client
        {
            do
                next = clients[rng.randint(clients.size())];
            while (isRemoved[next]);
        }
        else
        {
            std::sort(candidates.begin(), candidates.end());
            next = candidates[rankSelect(candidates.size(), randomness_, rng)].second;
        }
        isRemoved[next] = true;
        removed.push_back(next);
    }
    ws.remove(removed);
}
}  // namespace milkrun::alns
