#include "Neighbours.h"

#include <algorithm>
#include <utility>

namespace milkrun::search
{
Neighbours::Neighbours(ProblemData const &data, std::size_t k, double weightWait, double weightTimeWarp)
    : lists_(data.numLocations())
{
    auto const first = data.numDepots();
    auto const last = data.numLocations();
    k = std::min(k, data.numClients() > 0 ? data.numClients() - 1 : 0);

    // Relatedness of u and v: the better of both visiting orders.
    auto const oneWay = [&](std::size_t from, std::size_t to) {
        auto const &a = data.location(from);
        auto const &b = data.location(to);
        double const travel = static_cast<double>(data.duration(from, to));
        double const leaveEarliest = static_cast<double>(a.timeWindows.front().early + a.serviceDuration);
        double const leaveLatest = static_cast<double>(a.timeWindows.back().late + a.serviceDuration);
        double const wait = std::max(0.0, static_cast<double>(b.timeWindows.front().early) - travel - leaveLatest);
        double const warp = std::max(0.0, leaveEarliest + travel - static_cast<double>(b.timeWindows.back().late));
        return static_cast<double>(data.dist(from, to)) + weightWait * wait + weightTimeWarp * warp;
    };

    std::vector<std::pair<double, std::size_t>> scores;
    for (std::size_t u = first; u != last; ++u)
    {
        scores.clear();
        for (std::size_t v = first; v != last; ++v)
            if (v != u)
                scores.emplace_back(std::min(oneWay(u, v), oneWay(v, u)), v);
        std::partial_sort(scores.begin(), scores.begin() + static_cast<std::ptrdiff_t>(k), scores.end());
        auto &list = lists_[u];
        for (std::size_t idx = 0; idx != k; ++idx)
            list.push_back(scores[idx].second);
    }
}
}  // namespace milkrun::search
