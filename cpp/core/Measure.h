#ifndef MILKRUN_MEASURE_H
#define MILKRUN_MEASURE_H

#include <cstddef>
#include <cstdint>
#include <limits>

namespace milkrun
{
// All measures are integers in units chosen by the reader (see ProblemData::Scaling), so the C++ search
// and the independent Numba evaluator agree to the unit.
using Distance = std::int64_t;
using Duration = std::int64_t;
using Cost = std::int64_t;
using Load = std::int64_t;

// Largest number of capacity dimensions (e.g. kg, m3, pallets). Load summaries keep a fixed-size array
// of this length so that move evaluation never allocates.
inline constexpr std::size_t kMaxDimensions = 8;

// Upper bound for any time or duration value accepted from input; keeps sums of a route's durations far
// from int64 overflow.
inline constexpr std::int64_t kMaxValue = std::int64_t{1} << 48;

// Largest cost a plan may reach (checked on the data from the costs per unit, distances and times):
// leaves room below int64 overflow for the penalties of infeasible plans.
inline constexpr std::int64_t kMaxPlanCost = std::int64_t{1} << 54;

// A penalty term (penalty weight times an excess or a time warp) saturates here: above any valid plan's
// cost, so a violation never looks cheaper than serving feasibly, yet absurd violations cannot overflow a
// route's penalised cost (at most kMaxPlanCost + (dimensions + 1) * 2^58 < 2^62).
inline constexpr std::int64_t kMaxPenaltyTerm = std::int64_t{1} << 58;

// Sums of penalised costs over routes and days saturate here instead of overflowing.
inline constexpr std::int64_t kCostCeiling = std::int64_t{1} << 62;

// a + b for non-negative costs, at most kCostCeiling.
[[nodiscard]] inline std::int64_t saturatingAdd(std::int64_t a, std::int64_t b)
{
    return b > kCostCeiling - a ? kCostCeiling : a + b;
}

// Penalty on a route served by a vehicle type that may not serve one of its clients (access
// restrictions). Far above any real route cost, so the search only keeps such a route when nothing else
// is possible, and small enough that thousands of them do not overflow a solution's cost.
inline constexpr std::int64_t kAccessPenalty = std::int64_t{1} << 40;

// Vehicle types with access restrictions are tracked in 64-bit masks.
inline constexpr std::size_t kMaxRestrictedTypes = 64;
}  // namespace milkrun

#endif
