// Holding a callback until it is due, on TaskRouter alone: a held callback is
// a task in a hold workflow that no worker matches, woken by short-lived timer
// tasks whose time to live (TaskRouter's task Timeout) runs out. These rules
// say, from instants alone, what to do at each wake-up. Every instant is
// milliseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>

namespace cbvm {

// TaskRouter's longest task Timeout: two weeks (the Task resource's Timeout).
inline constexpr int64_t kMaxTaskTtlSeconds = 1209600;
// A held task lives this long past its due time, so it outlives its last
// timer, and is renewed when it would end this close to the next wake-up.
inline constexpr int64_t kHeldTtlMarginSeconds = 3600;

// Within this of the due time the last timer lasts exactly until it.
inline constexpr int64_t kExactTimerMs = 2 * 60 * 1000;

enum class HoldAction {
  Release,  // due (now at or past the due time): create the callback task now
  Wait,     // keep the held task; a timer wakes the product at wake_at
  Renew,    // hold in a new held task (none yet, or the current one ends too soon)
};

struct HoldWake {
  HoldAction action = HoldAction::Release;
  int64_t timer_seconds = 0;     // Wait, Renew: the timer task's Timeout
  int64_t wake_at = 0;           // Wait, Renew: now + timer_seconds
  int64_t held_ttl_seconds = 0;  // Renew: the new held task's Timeout
};

// Returns what to do for a callback due at `due`, held by a task whose time to
// live ends at `held_ends_at` (nullopt: no live held task yet, or it expired).
// Timers follow hold_step (power-of-two minutes) until two minutes are left;
// then one timer lasts until the due time, so a callback is released at its
// time, never before. A held task lives until due plus an hour, at most two
// weeks, and is renewed when it would end within an hour of the next wake-up.
HoldWake hold_wake(int64_t now, int64_t due, std::optional<int64_t> held_ends_at);

// Returns the virtual start time of a released callback: when it was asked for
// (capped at now: TaskRouter refuses a future one). TaskRouter serves older
// tasks first, so callbacks held after hours keep their order of request, and
// callbacks due at the same time are served in the order they were asked for.
int64_t release_virtual_start(int64_t requested_at, int64_t now);

}  // namespace cbvm
