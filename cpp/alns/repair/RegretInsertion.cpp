#include "RegretInsertion.h"

#include "Insertion.h"

#include <algorithm>

namespace milkrun::alns
{
namespace
{
struct Option
{
    std::size_t route;
    InsertPoint point;
};
}  // namespace

void RegretInsertion::operator()(search::WorkingSolution &ws, CostEvaluator const &ce,
                                 search::Neighbours const &neighbours, RandomNumberGenerator &rng,
                                 std::vector<std::size_t> clients)
{
    rng.shuffle(clients.begin(), clients.end());  // breaks ties differently each call

    // options[i]: the best insertion of clients[i] into each of its insertion routes (the routes of its
    // granular neighbours and the first empty route of each type). After an insertion into route r only
    // the options on r are re-evaluated, r is added for the clients that have the inserted client as a
    // neighbour, and a newly first empty route is added for all.
    std::vector<std::vector<Option>> options(clients.size());
    for (std::size_t i = 0; i != clients.size(); ++i)
        for (auto const r : insertionRoutes(ws, clients[i], neighbours))
            options[i].push_back({r, bestInsertion(ws, clients[i], r, ce)});

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
            for (auto const &option : options[i])
            {
                if (!option.point.valid())
                    continue;
                costs.push_back(option.point.delta);
                if (option.point.delta < best.delta)
                    best = option.point;
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

        auto const r = chosenPoint.route;
        auto const wasEmpty = ws.route(r).empty();
        auto const loc = clients[chosen];
        insertAt(ws, loc, chosenPoint);
        clients[chosen] = clients.back();
        clients.pop_back();
        options[chosen] = std::move(options.back());
        options.pop_back();

        std::size_t newEmpty = search::WorkingSolution::kUnassigned;
        if (wasEmpty)
            for (auto const e : ws.firstEmptyRoutes())
                if (ws.route(e).vehicleType() == ws.route(r).vehicleType())
                    newEmpty = e;
        for (std::size_t i = 0; i != clients.size(); ++i)
        {
            auto &opts = options[i];
            bool haveR = false;
            bool haveEmpty = newEmpty == search::WorkingSolution::kUnassigned;
            for (auto &option : opts)
            {
                if (option.route == r)
                {
                    option.point = bestInsertion(ws, clients[i], r, ce);
                    haveR = true;
                }
                haveEmpty = haveEmpty || option.route == newEmpty;
            }
            auto const &near = neighbours[clients[i]];
            if (!haveR && std::find(near.begin(), near.end(), loc) != near.end())
                opts.push_back({r, bestInsertion(ws, clients[i], r, ce)});
            if (!haveEmpty)
                opts.push_back({newEmpty, bestInsertion(ws, clients[i], newEmpty, ce)});
        }
    }
}
}  // namespace milkrun::alns
