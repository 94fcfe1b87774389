#ifndef MILKRUN_TIMEWINDOW_H
#define MILKRUN_TIMEWINDOW_H

#include "Measure.h"

namespace milkrun
{
// A closed interval [early, late] of integer time units (the reader's scaling); open by default.
struct TimeWindow
{
    Duration early = 0;
    Duration late = kMaxValue;
};
}  // namespace milkrun

#endif
