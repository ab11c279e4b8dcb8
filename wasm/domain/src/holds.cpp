#include "cbvm/holds.hpp"

#include <algorithm>

#include "cbvm/calling_window.hpp"

namespace cbvm {

namespace {
// TaskRouter's dateCreated is in whole seconds: a task may read as made up to a second early.
constexpr int64_t kCreationRoundingSeconds = 2;
}  // namespace

HoldWake hold_wake(int64_t now, int64_t due, std::optional<int64_t> held_ends_at) {
  HoldWake wake;
  if (now >= due) return wake;
  const HoldStep step = hold_step(now, due);
  if (step.release || due - now < kExactTimerMs) {
    // The last timer runs out at the due time itself: never released before it.
    wake.timer_seconds = (due - now + 999) / 1000;
    wake.wake_at = now + wake.timer_seconds * 1000;
  } else {
    wake.timer_seconds = step.hold_minutes * 60;
    wake.wake_at = step.wake_at;
  }
  // The held task must outlive the timer that wakes it (by the margin): the
  // timer's own end (not the bucket's), and a renewal long enough to pass this
  // same test at once, however TaskRouter rounds its creation time (whole
  // seconds) — else every wake-up would renew it again.
  const int64_t margin_ms = kHeldTtlMarginSeconds * 1000;
  if (held_ends_at && *held_ends_at >= wake.wake_at + margin_ms) {
    wake.action = HoldAction::Wait;
    return wake;
  }
  wake.action = HoldAction::Renew;
  const int64_t wanted = (std::max(due, wake.wake_at) - now + 999) / 1000 + kHeldTtlMarginSeconds + kCreationRoundingSeconds;
  wake.held_ttl_seconds = std::clamp<int64_t>(wanted, 1, kMaxTaskTtlSeconds);
  return wake;
}

int64_t release_virtual_start(int64_t requested_at, int64_t now) { return std::min(requested_at, now); }

}  // namespace cbvm
