#ifndef MILKRUN_SEARCH_NEIGHBOURS_H
#define MILKRUN_SEARCH_NEIGHBOURS_H

#include "../core/ProblemData.h"

#include <vector>

namespace milkrun::search
{
// Granular neighbourhoods: for every client, its k most related other clients, most related first.
// Relatedness is distance plus weighted minimal waiting and unavoidable time warp when going from one to
// the other, so that clients whose windows do not fit together are not neighbours. O(n^2 log k).
class Neighbours
{
    std::vector<std::vector<std::size_t>> lists_;  // per location; empty for depots

public:
    Neighbours(ProblemData const &data, std::size_t k, double weightWait = 0.2, double weightTimeWarp = 1.0);

    [[nodiscard]] std::vector<std::size_t> const &operator[](std::size_t loc) const { return lists_[loc]; }
};
}  // namespace milkrun::search

#endif
