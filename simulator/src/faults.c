#include "faults.h"

#include <sodium.h>
#include <string.h>

struct sim_fault_hit sim_faults_match(struct sim_faults *faults,
                                      const char *route)
{
    struct sim_fault_hit hit = { 0 };

    for (size_t i = 0; i < faults->count; i++) {
        struct sim_fault *rule = &faults->rules[i];
        if (strcmp(rule->route, "*") != 0 && strcmp(rule->route, route) != 0)
            continue;

        /* Draw the chance first: a miss does not use up a count. */
        if (rule->probability < 1.0 &&
            randombytes_uniform(1000000) >=
                (uint32_t)(rule->probability * 1000000.0))
            return hit;
        hit.status = rule->status;
        hit.retry_after_s = rule->retry_after_s;
        hit.latency_ms = rule->latency_ms;
        if (rule->remaining > 0 && --rule->remaining == 0) {
            memmove(rule, rule + 1, (faults->count - i - 1) * sizeof *rule);
            faults->count--;
        }
        return hit;
    }
    return hit;
}

bool sim_faults_set(struct sim_faults *faults, const struct sim_fault *rule)
{
    for (size_t i = 0; i < faults->count; i++) {
        if (strcmp(faults->rules[i].route, rule->route) == 0) {
            faults->rules[i] = *rule;
            return true;
        }
    }
    if (faults->count == SIM_FAULTS_MAX)
        return false;
    faults->rules[faults->count++] = *rule;
    return true;
}

void sim_faults_clear(struct sim_faults *faults, const char *route)
{
    for (size_t i = 0; i < faults->count;) {
        if (route == NULL || strcmp(faults->rules[i].route, route) == 0) {
            memmove(&faults->rules[i], &faults->rules[i + 1],
                    (faults->count - i - 1) * sizeof faults->rules[0]);
            faults->count--;
        } else {
            i++;
        }
    }
}
