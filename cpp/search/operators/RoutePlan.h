#ifndef MILKRUN_SEARCH_ROUTEPLAN_H
#define MILKRUN_SEARCH_ROUTEPLAN_H

#include "../Route.h"

#include <array>
#include <vector>

namespace milkrun::search
{
// A proposed route written as a few pieces (position ranges) of existing routes: the first piece starts
// at a start depot and the last ends at an end depot. Its cost is evaluated by concatenating the
// pieces' segments (O(1) for the prefix and suffix pieces), and its clients are read off to apply it.
class RoutePlan
{
    struct Piece
    {
        Route const *route;
        std::size_t from;
        std::size_t to;
    };

    std::array<Piece, 6> pieces_{};
    std::size_t count_ = 0;

public:
    // Positions from..to of `route`; an empty range (from > to) is skipped.
    void add(Route const &route, std::size_t from, std::size_t to)
    {
        if (from <= to)
            pieces_[count_++] = {&route, from, to};
    }

    [[nodiscard]] std::size_t numClients() const
    {
        std::size_t total = 0;
        for (std::size_t idx = 0; idx != count_; ++idx)
            total += pieces_[idx].to - pieces_[idx].from + 1;
        return total - 2;  // the two depots
    }

    // Distance of the plan when `owner` drives it. O(number of pieces) when every piece comes from a route
    // on owner's travel profile, else O(plan size).
    [[nodiscard]] Distance distance(Route const &owner) const
    {
        auto const &data = owner.ops().data();
        auto const profile = owner.ops().profile();
        Distance total = 0;
        for (std::size_t idx = 0; idx != count_; ++idx)
        {
            auto const &piece = pieces_[idx];
            auto const &route = *piece.route;
            if (route.sameProfile(owner))
                total += route.distanceBetween(piece.from, piece.to);
            else
                for (std::size_t pos = piece.from; pos < piece.to; ++pos)
                    total += data.dist(route[pos], route[pos + 1], profile);
            if (idx > 0)
                total += data.dist((*pieces_[idx - 1].route)[pieces_[idx - 1].to], route[piece.from], profile);
        }
        return total;
    }

    // Lower bound on the cost when `owner` drives it (see Route::costLowerBound).
    [[nodiscard]] Cost costLowerBound(Route const &owner) const
    {
        return owner.costLowerBound(distance(owner), numClients());
    }

    // Penalised cost when `owner` (whose vehicle serves the plan) drives it.
    [[nodiscard]] Cost cost(Route const &owner, CostEvaluator const &ce) const
    {
        auto const &ops = owner.ops();
        Segment seg = pieces_[0].route->rangeFor(pieces_[0].from, pieces_[0].to, owner);
        for (std::size_t idx = 1; idx != count_; ++idx)
            seg = ops.merge(seg, pieces_[idx].route->rangeFor(pieces_[idx].from, pieces_[idx].to, owner));
        return owner.costOf(seg, numClients(), ce);
    }

    [[nodiscard]] std::vector<std::size_t> clients() const
    {
        std::vector<std::size_t> result;
        for (std::size_t idx = 0; idx != count_; ++idx)
        {
            auto const &piece = pieces_[idx];
            for (std::size_t pos = piece.from; pos <= piece.to; ++pos)
            {
                bool const depot = pos == 0 || pos == piece.route->size() + 1;
                if (!depot)
                    result.push_back((*piece.route)[pos]);
            }
        }
        return result;
    }
};
}  // namespace milkrun::search

#endif
