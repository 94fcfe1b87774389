#ifndef MILKRUN_ALNS_ROULETTEWHEEL_H
#define MILKRUN_ALNS_ROULETTEWHEEL_H

#include "core/RandomNumberGenerator.h"

#include <algorithm>
#include <vector>

namespace milkrun::alns
{
// Adaptive roulette-wheel selection (Ropke & Pisinger 2006): an operator is drawn with probability
// proportional to its weight; outcome scores are summed over a segment, after which every operator used
// in it moves its weight by `reaction` towards its mean score. Weights never fall below minWeight.
class RouletteWheel
{
    std::vector<double> weights_;
    std::vector<double> segmentScore_;
    std::vector<std::size_t> segmentCount_;
    double reaction_;
    double minWeight_;

public:
    RouletteWheel(std::vector<double> weights, double reaction, double minWeight)
        : weights_(std::move(weights)),
          segmentScore_(weights_.size(), 0.0),
          segmentCount_(weights_.size(), 0),
          reaction_(reaction),
          minWeight_(minWeight)
    {
    }

    [[nodiscard]] std::vector<double> const &weights() const { return weights_; }

    std::size_t select(RandomNumberGenerator &rng) const
    {
        double total = 0;
        for (auto const w : weights_)
            total += w;
        double pick = rng.rand() * total;
        for (std::size_t idx = 0; idx != weights_.size(); ++idx)
        {
            pick -= weights_[idx];
            if (pick < 0)
                return idx;
        }
        return weights_.size() - 1;
    }

    void record(std::size_t idx, double score)
    {
        segmentScore_[idx] += score;
        segmentCount_[idx]++;
    }

    void endSegment()
    {
        for (std::size_t idx = 0; idx != weights_.size(); ++idx)
        {
            if (segmentCount_[idx] > 0)
            {
                auto const mean = segmentScore_[idx] / static_cast<double>(segmentCount_[idx]);
                weights_[idx] = std::max(minWeight_, (1 - reaction_) * weights_[idx] + reaction_ * mean);
            }
            segmentScore_[idx] = 0;
            segmentCount_[idx] = 0;
        }
    }
};
}  // namespace milkrun::alns

#endif
