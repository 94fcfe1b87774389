#include "RouteRemoval.h"

namespace milkrun::alns
{
void RouteRemoval::operator()(search::WorkingSolution &ws, CostEvaluator const &, search::Neighbours const &,
                              RandomNumberGenerator &rng, std::size_t count)
{
    std::vector<std::size_t> used;
    for (std::size_t idx = 0; idx != ws.numRoutes(); ++idx)
        if (!ws.route(idx).empty())
            used.push_back(idx);

    std::vector<std::size_t> removed;
    while (!used.empty() && (removed.empty() || 2 * removed.size() < count))
    {
        auto a = rng.randint(used.size());
        auto const b = rng.randint(used.size());
        if (ws.route(used[b]).size() < ws.route(used[a]).size())
            a = b;
        auto const clients = ws.route(used[a]).clients();
        removed.insert(removed.end(), clients.begin(), clients.end());
        used.erase(used.begin() + static_cast<std::ptrdiff_t>(a));
    }
    ws.remove(removed);
}
}  // namespace milkrun::alns
