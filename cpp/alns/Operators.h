#ifndef MILKRUN_ALNS_OPERATORS_H
#define MILKRUN_ALNS_OPERATORS_H

#include "AlnsParams.h"
#include "DestroyOperator.h"
#include "RepairOperator.h"
#include "core/ProblemData.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

// Internal to the engines (single-period Alns.cpp and multi-period PeriodicAlns.cpp): the operators
// named in AlnsParams, built once per solve.
namespace milkrun::alns
{
[[nodiscard]] std::vector<std::unique_ptr<DestroyOperator>> makeDestroyOperators(AlnsParams const &params);
[[nodiscard]] std::vector<std::unique_ptr<RepairOperator>> makeRepairOperators(AlnsParams const &params);
[[nodiscard]] std::vector<double> weightsOf(std::vector<std::pair<std::string, double>> const &specs);

template <typename Op> [[nodiscard]] std::vector<std::string> namesOf(std::vector<std::unique_ptr<Op>> const &ops)
{
    std::vector<std::string> names;
    for (auto const &op : ops)
        names.push_back(op->name());
    return names;
}

// Throws std::invalid_argument for data neither engine handles (several time windows per client).
void checkSearchData(ProblemData const &data);
}  // namespace milkrun::alns

#endif
