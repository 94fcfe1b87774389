#include "WorstRemoval.h"

#include "Removal.h"

#include <algorithm>
#include <functional>

namespace milkrun::alns
{
void WorstRemoval::operator()(search::WorkingSolution &ws, CostEvaluator const &ce, search::Neighbours const &,
                              RandomNumberGenerator &rng, std::size_t count)
{
    // Saving of removing each client from its route; after a removal only the clients of that route
    // change, and the ranked pick needs one nth_element, so the whole removal costs O(count * n), not
    // O(count * n log n) merges and sorts.
    std::vector<Cost> saving(ws.data().numLocations(), 0);
    auto const computeRoute = [&](std::size_t idx) {
        auto const &route = ws.route(idx);
        auto const current = route.cost();
        for (std::size_t pos = 1; pos <= route.size(); ++pos)
        {
            auto const without = route.ops().merge(route.before(pos - 1), route.after(pos + 1));
            saving[route[pos]] = current - route.costOf(without, route.size() - 1, ce);
        }
    };
    for (std::size_t idx = 0; idx != ws.numRoutes(); ++idx)
        computeRoute(idx);

    auto clients = assignedClients(ws);
    std::vector<std::pair<Cost, std::size_t>> ranked;
    for (std::size_t removed = 0; removed != count && !clients.empty(); ++removed)
    {
        ranked.clear();
        for (auto const loc : clients)
            ranked.emplace_back(saving[loc], loc);
        // (saving, client) pairs are distinct, so the k-th largest is the same as after a full sort.
        auto const nth = ranked.begin() + static_cast<std::ptrdiff_t>(rankSelect(ranked.size(), randomness_, rng));
        std::nth_element(ranked.begin(), nth, ranked.end(), std::greater<>());
        auto const loc = nth->second;
        auto const route = ws.routeOf(loc);
        ws.remove({loc});
        clients.erase(std::find(clients.begin(), clients.end(), loc));
        computeRoute(route);
    }
}
}  // namespace milkrun::alns
