#ifndef MILKRUN_ALNS_GREEDYINSERTION_H
#define MILKRUN_ALNS_GREEDYINSERTION_H

#include "alns/RepairOperator.h"

namespace milkrun::alns
{
// Inserts clients one by one, each at its cheapest position in the routes of its granular neighbours
// (and an empty route of each type). The order is drawn each call from random, largest load first,
// farthest from the depot first, nearest first and earliest window first (SISR); with blinks,
// positions are skipped at random. O(clients * k * route length).
class GreedyInsertion : public RepairOperator
{
    std::string name_;
    double blinkRate_;

public:
    GreedyInsertion(std::string name, double blinkRate) : name_(std::move(name)), blinkRate_(blinkRate) {}
    [[nodiscard]] std::string name() const override { return name_; }
    void operator()(search::WorkingSolution &ws, CostEvaluator const &ce, search::Neighbours const &neighbours,
                    RandomNumberGenerator &rng,
                    std::vector<std::size_t> clients) override;
};
}  // namespace milkrun::alns

#endif
