#ifndef MILKRUN_ALNS_ALNSPARAMS_H
#define MILKRUN_ALNS_ALNSPARAMS_H

#include <string>
#include <utility>
#include <vector>

namespace milkrun::alns
{
// Every knob of the search, visible and settable from Python. Operators are named (see
// availableDestroyOperators() etc.) with their initial selection weights.
struct AlnsParams
{
    std::vector<std::pair<std::string, double>> destroyOperators
        = {{"random", 1.0}, {"worst", 1.0}, {"related", 1.0}, {"string", 1.0}, {"route", 1.0}};
    std::vector<std::pair<std::string, double>> repairOperators
        = {{"greedy", 1.0}, {"greedy_blink", 1.0}, {"regret2", 1.0}, {"regret3", 1.0}};
    std::vector<std::string> localSearchOperators
        = {"relocate", "swap", "or_opt2", "or_opt3", "swap21", "swap22", "two_opt_star", "two_opt"};

    // Granular neighbourhoods.
    std::size_t numNeighbours = 20;
    double weightWait = 0.2;
    double weightTimeWarp = 1.0;

    // Destroy size: uniform in [lo, hi] with lo = max(minRemove, minRemoveShare * clients) and
    // hi = min(max(maxRemove, maxRemoveShare * clients), maxRemoveFraction * clients): fixed bounds on
    // small instances, growing with the instance past 500 clients (tuned on Gehring-Homberger 1000).
    std::size_t minRemove = 5;
    std::size_t maxRemove = 30;
    double minRemoveShare = 0.01;
    double maxRemoveShare = 0.06;
    double maxRemoveFraction = 0.3;

    // Operator parameters.
    double worstRandomness = 3.0;     // p in y^p rank selection (Ropke & Pisinger)
    double relatedRandomness = 6.0;
    std::size_t maxStringLength = 10; // SISR L_max
    double splitRate = 0.5;           // share of split-string removals
    double splitDepth = 0.01;         // beta: how many clients a split string keeps
    double blinkRate = 0.01;          // greedy_blink: chance to skip an insertion position

    // Adaptive weights: scores for a new best, a better, an accepted and a rejected candidate; the
    // weights move by reactionFactor towards the mean score of each segment of segmentLength iterations.
    std::vector<double> scores = {33.0, 9.0, 13.0, 0.0};
    double reactionFactor = 0.1;
    std::size_t segmentLength = 100;
    double minWeight = 0.05;

    // Acceptance: "simulated_annealing" (temperatures as fractions of the initial cost, decaying
    // exponentially with progress) or "record_to_record" (thresholds as fractions of the best cost,
    // decaying linearly). On instances with more than temperatureClients clients both temperatures are
    // scaled by (temperatureClients / clients)^1.5: one client's share of the cost shrinks as the instance
    // grows, and so does the search budget per client (0 turns the scaling off). Tuned on
    // Gehring-Homberger 200 (20 s) and 1000 (60 s).
    std::string acceptance = "simulated_annealing";
    double startTemperature = 0.03;
    double endTemperature = 0.0001;
    std::size_t temperatureClients = 200;
    double startThreshold = 0.02;
    double endThreshold = 0.0;

    // Penalty weights adapt towards a target share of feasible candidates.
    double targetFeasible = 0.65;
    double penaltyIncrease = 1.3;
    double penaltyDecrease = 0.9;
    std::size_t penaltyUpdateFrequency = 20;
    // An infeasible candidate gets, with repairProbability, a second local search with every penalty
    // multiplied by repairBooster, which usually makes it feasible (as in HGS).
    double repairProbability = 0.5;
    double repairBooster = 10.0;

    // Several periods: the share of iterations that re-choose the visit-day patterns of the removed
    // clients (the others repair the destroyed day only, keeping every pattern).
    double patternChangeRate = 0.5;
    // Several periods: the share of iterations whose destroy takes related clients off every day instead
    // of part of one day: a seed client and its nearest planned neighbours lose all their visits and are
    // re-planned on their best patterns. Reshuffles the days of a region at once, which single-day
    // destroys cannot do when every day is nearly full (one vehicle a day, tight capacity). Such an
    // iteration costs 2-3 plain ones. Measured: Cordeau PVRP (20 instances, 4 s each) mean gap 1.25 % at 0
    // (10k iterations), 0.29 % at 0.2, 0.14 % at 0.35-0.5, 0.25 % at 0.7; generated weeks at 20 s: 40 and 80
    // suppliers 0-1.6 % cheaper at 0.2-0.4, 200 suppliers 1-2 % dearer (fewer iterations). 0.25 balances.
    double crossDayRate = 0.25;
    // Several periods: after each iteration's local search, clients near the changes may move to a
    // cheaper allowed pattern (one client at a time, the PI move of Vidal et al. 2012).
    bool patternImprovement = true;

    void validate() const;
};
}  // namespace milkrun::alns

#endif
