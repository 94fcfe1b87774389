#include "RegretInsertion.h"

#include "Insertion.h"

#include <algorithm>

namespace milkrun::alns
{
void RegretInsertion::operator()(search::WorkingSolution &ws, CostEvaluator const &ce, search::Neighbours const &,
                                 RandomNumberGenerator &rng, std::vector<std::size_t> clients)
{
    rng.shuffle(clients.begin(), clients.end());  // breaks ties differently each call
    auto const numRoutes = ws.numRoutes();
    // cache[i * numRoutes + r]: best insertion of clients[i] into route r (invalid when r is no candidate)
    std::vector<InsertPoint> cache(clients.size() * numRoutes);
    std::vector<bool> isCandidate(numRoutes, false);
    auto const refresh = [&](std::size_t r) {
        for (std::size_t i = 0; i != clients.size(); ++i)
            cache[i * numRoutes + r] = isCandidate[r] ? bestInsertion(ws, clients[i], r, ce) : InsertPoint{};
    };
    auto const updateCandidates = [&] {
        std::vector<bool> now(numRoutes, false);
        for (auto const r : candidateRoutes(ws))
            now[r] = true;
        for (std::size_t r = 0; r != numRoutes; ++r)
            if (now[r] != isCandidate[r])
            {
                isCandidate[r] = now[r];
                refresh(r);
            }
    };
    updateCandidates();

    std::vector<Cost> costs;
    while (!clients.empty())
    {
        std::size_t chosen = 0;
        Cost bestRegret = -1;
        Cost bestCost = std::numeric_limits<Cost>::max();
        InsertPoint chosenPoint;
        for (std::size_t i = 0; i != clients.size(); ++i)
        {
            costs.clear();
            InsertPoint best;
            for (std::size_t r = 0; r != numRoutes; ++r)
            {
                auto const &point = cache[i * numRoutes + r];
                if (!point.valid())
                    continue;
                costs.push_back(point.delta);
                if (point.delta < best.delta)
                    best = point;
            }
            if (!best.valid())
                continue;
            auto const k = std::min(k_, costs.size());
            std::partial_sort(costs.begin(), costs.begin() + static_cast<std::ptrdiff_t>(k), costs.end());
            Cost regret = 0;
            for (std::size_t j = 1; j < k; ++j)
                regret += costs[j] - costs[0];
            if (regret > bestRegret || (regret == bestRegret && best.delta < bestCost))
            {
                bestRegret = regret;
                bestCost = best.delta;
                chosen = i;
                chosenPoint = best;
            }
        }
        if (!chosenPoint.valid())
            return;

        ws.insert(clients[chosen], chosenPoint.route, chosenPoint.pos + 1);
        // Drop the chosen client's cache row by moving the last row into its place.
        auto const last = clients.size() - 1;
        std::copy_n(cache.begin() + static_cast<std::ptrdiff_t>(last * numRoutes), numRoutes,
                    cache.begin() + static_cast<std::ptrdiff_t>(chosen * numRoutes));
        clients[chosen] = clients[last];
        clients.pop_back();
        cache.resize(clients.size() * numRoutes);
        refresh(chosenPoint.route);
        updateCandidates();
    }
}
}  // namespace milkrun::alns
