#ifndef MILKRUN_SEARCH_EXCHANGE_H
#define MILKRUN_SEARCH_EXCHANGE_H

#include "NodeOperator.h"
#include "RoutePlan.h"

#include <tuple>

namespace milkrun::search
{
// (N, M)-exchange: the N clients starting at position pu and the M clients starting at pv trade places.
// M = 0 moves the N clients to just after position pv (relocate for N = 1, or-opt for N = 2, 3);
// (1, 1) is swap. Works within a route and between routes; inter-route evaluation is O(N + M).
template <std::size_t N, std::size_t M> class Exchange : public NodeOperator
{
    static_assert(N >= M && N > 0);
    std::string name_;

    // The new route(s) as pieces of the old ones; false when the move does not apply.
    static bool plan(WorkingSolution const &ws, std::size_t ru, std::size_t pu, std::size_t rv, std::size_t pv,
                     RoutePlan &newU, RoutePlan &newV)
    {
        auto const &u = ws.route(ru);
        auto const &v = ws.route(rv);
        if (pu < 1 || pu + N - 1 > u.size())
            return false;
        if constexpr (M > 0)
            if (pv < 1 || pv + M - 1 > v.size())
                return false;

        if (ru != rv)
        {
            newU.add(u, 0, pu - 1);
            if constexpr (M > 0)
                newU.add(v, pv, pv + M - 1);
            newU.add(u, pu + N, u.size() + 1);
            newV.add(v, 0, M > 0 ? pv - 1 : pv);
            newV.add(u, pu, pu + N - 1);
            newV.add(v, pv + (M > 0 ? M : 1), v.size() + 1);
            return true;
        }

        if constexpr (M == 0)
        {
            if (pv + 1 >= pu && pv <= pu + N - 1)  // no move, or into itself
                return false;
            if (pu < pv)
            {
                newU.add(u, 0, pu - 1);
                newU.add(u, pu + N, pv);
                newU.add(u, pu, pu + N - 1);
                newU.add(u, pv + 1, u.size() + 1);
            }
            else
            {
                newU.add(u, 0, pv);
                newU.add(u, pu, pu + N - 1);
                newU.add(u, pv + 1, pu - 1);
                newU.add(u, pu + N, u.size() + 1);
            }
            return true;
        }
        else
        {
            auto const [p1, len1, p2, len2] = pu < pv ? std::tuple{pu, N, pv, M} : std::tuple{pv, M, pu, N};
            if (p1 + len1 > p2)  // overlap
                return false;
            newU.add(u, 0, p1 - 1);
            newU.add(u, p2, p2 + len2 - 1);
            if (p1 + len1 < p2)
                newU.add(u, p1 + len1, p2 - 1);
            newU.add(u, p1, p1 + len1 - 1);
            newU.add(u, p2 + len2, u.size() + 1);
            return true;
        }
    }

public:
    explicit Exchange(std::string name) : name_(std::move(name)) {}

    [[nodiscard]] std::string name() const override { return name_; }

    [[nodiscard]] Cost evaluate(WorkingSolution const &ws, std::size_t ru, std::size_t pu, std::size_t rv,
                                std::size_t pv) const override
    {
        RoutePlan newU;
        RoutePlan newV;
        if (!plan(ws, ru, pu, rv, pv, newU, newV))
            return kNotApplicable;
        auto const &ce = ws.costEvaluator();
        auto const &u = ws.route(ru);
        if (ru == rv)
        {
            auto const current = u.cost();
            if (newU.costLowerBound(u) >= current)  // cannot improve
                return 0;
            return newU.cost(u, ce) - current;
        }
        auto const &v = ws.route(rv);
        auto const current = u.cost() + v.cost();
        if (newU.costLowerBound(u) + newV.costLowerBound(v) >= current)
            return 0;
        return newU.cost(u, ce) + newV.cost(v, ce) - current;
    }

    void apply(WorkingSolution &ws, std::size_t ru, std::size_t pu, std::size_t rv, std::size_t pv) const override
    {
        RoutePlan newU;
        RoutePlan newV;
        if (!plan(ws, ru, pu, rv, pv, newU, newV))
            return;
        auto clientsU = newU.clients();
        if (ru != rv)
        {
            auto clientsV = newV.clients();
            ws.setClients(rv, clientsV);
        }
        ws.setClients(ru, clientsU);
    }
};
}  // namespace milkrun::search

#endif
