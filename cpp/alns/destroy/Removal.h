#ifndef MILKRUN_ALNS_REMOVAL_H
#define MILKRUN_ALNS_REMOVAL_H

#include "core/RandomNumberGenerator.h"
#include "search/WorkingSolution.h"

#include <cmath>
#include <vector>

namespace milkrun::alns
{
// Clients currently in a route.
inline std::vector<std::size_t> assignedClients(search::WorkingSolution const &ws)
{
    std::vector<std::size_t> result;
    for (auto const &route : ws.routes())
        for (std::size_t pos = 1; pos <= route.size(); ++pos)
            if (route[pos] >= ws.data().numDepots())  // not a reload stop
                result.push_back(route[pos]);
    return result;
}

// Index into a list of `size` items sorted best first, biased to the front: floor(y^p * size) for y
// uniform in [0, 1) (Ropke & Pisinger 2006); p = 1 is uniform, larger p is greedier.
inline std::size_t rankSelect(std::size_t size, double p, RandomNumberGenerator &rng)
{
    auto const idx = static_cast<std::size_t>(std::pow(rng.rand(), p) * static_cast<double>(size));
    return std::min(idx, size - 1);
}
}  // namespace milkrun::alns

#endif
