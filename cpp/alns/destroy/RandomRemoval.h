#ifndef MILKRUN_ALNS_RANDOMREMOVAL_H
#define MILKRUN_ALNS_RANDOMREMOVAL_H

#include "alns/DestroyOperator.h"
#include "Removal.h"

namespace milkrun::alns
{
// Removes `count` clients chosen uniformly at random. O(n).
class RandomRemoval : public DestroyOperator
{
public:
    [[nodiscard]] std::string name() const override { return "random"; }
    void operator()(search::WorkingSolution &ws, CostEvaluator const &, search::Neighbours const &,
                    RandomNumberGenerator &rng, std::size_t count) override
    {
        auto clients = assignedClients(ws);
        rng.shuffle(clients.begin(), clients.end());
        clients.resize(std::min(count, clients.size()));
        ws.remove(clients);
    }
};
}  // namespace milkrun::alns

#endif
