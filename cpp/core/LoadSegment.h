#ifndef MILKRUN_LOADSEGMENT_H
#define MILKRUN_LOADSEGMENT_H

#include "Measure.h"

#include <algorithm>

namespace milkrun
{
// Load summary of a sequence of visits in one capacity dimension: what it delivers (empties taken from
// the plant), what it picks up, and the largest load carried along it. Concatenation is O(1).
//
// Multi-trip routes: at a reload stop the vehicle unloads what it picked up and loads the deliveries of
// its next trip, so each trip is checked against the capacity on its own. A segment with reload stops
// keeps the trip part before its first reload stop (delivery, pickup, maxLoad: that trip started before
// the segment), the trip part after its last one (tail*: that trip may go on after the segment), and the
// excess of the trips complete inside it. Closing a trip needs the capacity, so merge() takes it.
//
// No default member initializers: a default-initialised LoadSegment is left uninitialised (the search keeps
// fixed-size arrays of kMaxDimensions of them and sets only the dimensions in use); every factory below
// and `LoadSegment{}` give all fields a value.
struct LoadSegment
{
    Load delivery;
    Load pickup;
    Load maxLoad;
    Load tailDelivery;
    Load tailPickup;
    Load tailMaxLoad;
    Load closedExcess;  // summed over the complete trips
    bool reloads;

    [[nodiscard]] static LoadSegment forVisit(Load delivery, Load pickup)
    {
        return {delivery, pickup, std::max(delivery, pickup), 0, 0, 0, 0, false};
    }

    [[nodiscard]] static LoadSegment forReload()
    {
        return {0, 0, 0, 0, 0, 0, 0, true};
    }

    // One trip part followed by another of the same trip.
    [[nodiscard]] static LoadSegment join(Load d1, Load p1, Load m1, Load d2, Load p2, Load m2)
    {
        return {d1 + d2, p1 + p2, std::max(m1 + d2, m2 + p1), 0, 0, 0, 0, false};
    }

    [[nodiscard]] static LoadSegment merge(LoadSegment const &first, LoadSegment const &second, Load capacity)
    {
        if (!first.reloads && !second.reloads)
            return join(first.delivery, first.pickup, first.maxLoad, second.delivery, second.pickup, second.maxLoad);
        LoadSegment seg{};
        seg.reloads = true;
        if (!first.reloads)
        {
            auto const front = join(first.delivery, first.pickup, first.maxLoad, second.delivery, second.pickup,
                                    second.maxLoad);
            seg.delivery = front.delivery;
            seg.pickup = front.pickup;
            seg.maxLoad = front.maxLoad;
            seg.tailDelivery = second.tailDelivery;
            seg.tailPickup = second.tailPickup;
            seg.tailMaxLoad = second.tailMaxLoad;
            seg.closedExcess = second.closedExcess;
            return seg;
        }
        seg.delivery = first.delivery;
        seg.pickup = first.pickup;
        seg.maxLoad = first.maxLoad;
        if (!second.reloads)
        {
            auto const back = join(first.tailDelivery, first.tailPickup, first.tailMaxLoad, second.delivery,
                                   second.pickup, second.maxLoad);
            seg.tailDelivery = back.delivery;
            seg.tailPickup = back.pickup;
            seg.tailMaxLoad = back.maxLoad;
            seg.closedExcess = first.closedExcess;
            return seg;
        }
        auto const trip = join(first.tailDelivery, first.tailPickup, first.tailMaxLoad, second.delivery,
                               second.pickup, second.maxLoad);
        seg.tailDelivery = second.tailDelivery;
        seg.tailPickup = second.tailPickup;
        seg.tailMaxLoad = second.tailMaxLoad;
        seg.closedExcess = first.closedExcess + second.closedExcess + std::max<Load>(trip.maxLoad - capacity, 0);
        return seg;
    }

    // Excess load over `capacity`, summed over the segment's trips.
    [[nodiscard]] Load excess(Load capacity) const
    {
        Load total = std::max<Load>(maxLoad - capacity, 0);
        if (reloads)
            total += closedExcess + std::max<Load>(tailMaxLoad - capacity, 0);
        return total;
    }
};
}  // namespace milkrun

#endif
