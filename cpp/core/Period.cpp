#include "Period.h"

#include "Validation.h"

namespace milkrun
{
using namespace validation;

Period::Period(std::string name, std::vector<std::size_t> numAvailable)
    : name(std::move(name)), numAvailable(std::move(numAvailable))
{
}
}  // namespace milkrun
