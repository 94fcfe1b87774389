#ifndef MILKRUN_LOADSEGMENT_H
#define MILKRUN_LOADSEGMENT_H

#include "Measure.h"

#include <algorithm>

namespace milkrun
{
// Load summary of a sequence of visits in one capacity dimension: what it delivers (empties taken from
// the plant), what it picks up, and the largest load carried along it. Concatenation is O(1).
struct LoadSegment
{
    Load delivery = 0;
    Load pickup = 0;
    Load maxLoad = 0;

    [[nodiscard]] static LoadSegment forVisit(Load delivery, Load pickup)
    {
        return {delivery, pickup, std::max(delivery, pickup)};
    }

    [[nodiscard]] static LoadSegment merge(LoadSegment const &first, LoadSegment const &second)
    {
        return {first.delivery + second.delivery,
                first.pickup + second.pickup,
                std::max(first.maxLoad + second.delivery, second.maxLoad + first.pickup)};
    }

    [[nodiscard]] Load excess(Load capacity) const { return std::max<Load>(maxLoad - capacity, 0); }
};
}  // namespace milkrun

#endif
