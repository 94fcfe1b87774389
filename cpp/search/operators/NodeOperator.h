#ifndef MILKRUN_SEARCH_NODEOPERATOR_H
#define MILKRUN_SEARCH_NODEOPERATOR_H

#include "../WorkingSolution.h"

#include <limits>
#include <string>

namespace milkrun::search
{
// A local-search move on a pair of positions: (route u, position pu) and (route v, position pv).
// evaluate() returns the change in penalised cost under the working solution's evaluator (the one its
// routes' cached costs use), or a non-negative value when the move does not apply or cannot improve;
// apply() performs it. Both are O(1) for inter-route moves of short segments.
class NodeOperator
{
public:
    static constexpr Cost kNotApplicable = std::numeric_limits<Cost>::max() / 4;

    virtual ~NodeOperator() = default;
    [[nodiscard]] virtual std::string name() const = 0;
    [[nodiscard]] virtual Cost evaluate(WorkingSolution const &ws, std::size_t ru, std::size_t pu, std::size_t rv,
                                        std::size_t pv) const
        = 0;
    virtual void apply(WorkingSolution &ws, std::size_t ru, std::size_t pu, std::size_t rv, std::size_t pv) const = 0;
};
}  // namespace milkrun::search

#endif
