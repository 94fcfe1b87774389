#include "GreedyInsertion.h"

#include "Insertion.h"

#include <algorithm>

namespace milkrun::alns
{
void GreedyInsertion::operator()(search::WorkingSolution &ws, CostEvaluator const &ce,
                                 search::Neighbours const &neighbours, RandomNumberGenerator &rng,
                                 std::vector<std::size_t> clients)
{
    auto const &data = ws.data();
    rng.shuffle(clients.begin(), clients.end());
    auto const orderBy = [&](auto key) {
        std::stable_sort(clients.begin(), clients.end(), [&](auto a, auto b) { return key(a) < key(b); });
    };
    switch (rng.randint(5))
    {
        case 0:
            break;
        case 1:
            orderBy([&](std::size_t c) { return -data.location(c).pickup[0]; });
            break;
        case 2:
            orderBy([&](std::size_t c) { return -data.dist(0, c); });
            break;
        case 3:
            orderBy([&](std::size_t c) { return data.dist(0, c); });
            break;
        default:
            orderBy([&](std::size_t c) { return data.location(c).timeWindows.front().early; });
    }

    for (auto const loc : clients)
    {
        InsertPoint best;
        for (auto const idx : insertionRoutes(ws, loc, neighbours))
        {
            auto const point = bestInsertion(ws, loc, idx, ce, blinkRate_, &rng);
            if (point.delta < best.delta)
                best = point;
        }
        if (best.valid())
            insertAt(ws, loc, best);
    }
}
}  // namespace milkrun::alns
