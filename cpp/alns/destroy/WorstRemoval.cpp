#include "WorstRemoval.h"

#include "Removal.h"

#include <algorithm>

namespace milkrun::alns
{
void WorstRemoval::operator()(search::WorkingSolution &ws, CostEvaluator const &ce, search::Neighbours const &,
                              RandomNumberGenerator &rng, std::size_t count)
{
    std::vector<std::pair<Cost, std::size_t>> savings;
    for (std::size_t removed = 0; removed != count; ++removed)
    {
        savings.clear();
        for (auto const &route : ws.routes())
        {
            if (route.empty())
                continue;
            auto const current = route.cost();
            for (std::size_t pos = 1; pos <= route.size(); ++pos)
            {
                auto const without = route.ops().merge(route.before(pos - 1), route.after(pos + 1));
                savings.emplace_back(current - route.costOf(without, route.size() - 1, ce), route[pos]);
            }
        }
        if (savings.empty())
            return;
        std::sort(savings.begin(), savings.end(), std::greater<>());
        ws.remove({savings[rankSelect(savings.size(), randomness_, rng)].second});
    }
}
}  // namespace milkrun::alns
