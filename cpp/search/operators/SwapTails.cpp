#include "SwapTails.h"

namespace milkrun::search
{
Cost SwapTails::evaluate(WorkingSolution const &ws, std::size_t ru, std::size_t pu, std::size_t rv, std::size_t pv) const
{
    auto const &ce = ws.costEvaluator();
    if (ru == rv)
        return kNotApplicable;
    auto const &u = ws.route(ru);
    auto const &v = ws.route(rv);
    if (pu == u.size() && pv == v.size())  // both tails empty
        return kNotApplicable;
    auto const sizeU = pu + (v.size() - pv);
    auto const sizeV = pv + (u.size() - pu);
    auto const current = u.cost() + v.cost();
    if (u.vehicleType() == v.vehicleType())  // distance bound first: most moves fail on distance
    {
        auto const &data = ws.data();
        auto const profile = u.ops().profile();
        auto const distU = u.before(pu).distance + data.dist(u[pu], v[pv + 1], profile) + v.after(pv + 1).distance;
        auto const distV = v.before(pv).distance + data.dist(v[pv], u[pu + 1], profile) + u.after(pu + 1).distance;
        if (u.costLowerBound(distU, sizeU) + v.costLowerBound(distV, sizeV) >= current)
            return 0;
    }
    auto const newU = u.ops().merge(u.before(pu), v.tailFor(pv + 1, u));
    auto const newV = v.ops().merge(v.before(pv), u.tailFor(pu + 1, v));
    return u.costOf(newU, sizeU, ce) + v.costOf(newV, sizeV, ce) - current;
}

void SwapTails::apply(WorkingSolution &ws, std::size_t ru, std::size_t pu, std::size_t rv, std::size_t pv) const
{
    auto const &u = ws.route(ru);
    auto const &v = ws.route(rv);
    auto const clientsU = u.clients();
    auto const clientsV = v.clients();
    std::vector<std::size_t> newU(clientsU.begin(), clientsU.begin() + pu);
    newU.insert(newU.end(), clientsV.begin() + pv, clientsV.end());
    std::vector<std::size_t> newV(clientsV.begin(), clientsV.begin() + pv);
    newV.insert(newV.end(), clientsU.begin() + pu, clientsU.end());
    ws.setClients(ru, newU);
    ws.setClients(rv, newV);
}
}  // namespace milkrun::search
