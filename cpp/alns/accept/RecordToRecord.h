#ifndef MILKRUN_ALNS_RECORDTORECORD_H
#define MILKRUN_ALNS_RECORDTORECORD_H

#include "AcceptanceCriterion.h"

namespace milkrun::alns
{
// Record-to-record travel: accepts a candidate within a threshold above the best cost; the threshold,
// a fraction of the best cost, decays linearly from start to end over the search.
class RecordToRecord : public AcceptanceCriterion
{
    double start_;
    double end_;

public:
    RecordToRecord(double startFraction, double endFraction) : start_(startFraction), end_(endFraction) {}
    [[nodiscard]] std::string name() const override { return "record_to_record"; }
    [[nodiscard]] bool accept(Cost candidate, Cost, Cost best, double progress, RandomNumberGenerator &) const override
    {
        double const threshold = start_ + (end_ - start_) * progress;
        return static_cast<double>(candidate) <= static_cast<double>(best) * (1.0 + threshold);
    }
};
}  // namespace milkrun::alns

#endif
