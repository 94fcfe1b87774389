#include "bindings.h"

PYBIND11_MODULE(_core, m)
{
    m.doc() = "milkrun's C++ core: problem data, solutions, and the ALNS search.";
    milkrun::bindings::bindCore(m);
    milkrun::bindings::bindAlns(m);
    milkrun::bindings::bindSearch(m);
}
