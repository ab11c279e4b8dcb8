// When the contact centre calls customers back: a calling window (weekly
// opening hours in an IANA zone, and holidays) and the rules of scheduling a
// callback inside it. Every instant is milliseconds since the Unix epoch;
// every rule reads the window's wall clock, across daylight-saving changes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cbvm/result.hpp"
#include "cbvm/tz.hpp"

namespace cbvm {

// A calling window as configured: texts, checked by calling_window().
struct CallingWindowSpec {
  std::string time_zone;  // IANA name, e.g. "America/New_York"
  // By weekday, 0 Monday … 6 Sunday: [open, close) ranges as "HH:MM"
  // (close may be "24:00"). A day without ranges is closed.
  std::array<std::vector<std::pair<std::string, std::string>>, 7> weekly;
  std::vector<std::string> holidays;  // local dates "YYYY-MM-DD", closed all day
  // How the sentences name the window's fields ("window" → "window.timeZone").
  std::string field = "window";
};

// [open, close) in minutes after local midnight; close up to 1440.
struct OpenRange {
  int open = 0;
  int close = 0;
};

// A checked calling window.
struct CallingWindow {
  std::string time_zone;
  ZoneRule rule;
  std::array<std::vector<OpenRange>, 7> weekly;  // sorted, neither overlapping nor empty
  std::vector<int64_t> holidays;                 // local dates as days since 1970-01-01, sorted
};

// Returns the checked window, or a sentence naming the field that is wrong: an
// unknown zone, a time that is not "HH:MM", a range that closes before it
// opens or overlaps another, a date that is not "YYYY-MM-DD", or no open hour
// in the whole week.
Result<CallingWindow> calling_window(const CallingWindowSpec& spec);

// How far ahead the window rules look for an opening (beyond: "never").
inline constexpr int64_t kWindowSearchDays = 400;

// Returns whether the window is open at the instant.
bool is_open(const CallingWindow& window, int64_t epoch_ms);

// Returns the first instant at or after `epoch_ms` when the window is open
// (the instant itself when open), or nullopt when it does not open within
// kWindowSearchDays.
std::optional<int64_t> next_open(const CallingWindow& window, int64_t epoch_ms);

// Returns when the open period the instant is in ends (the first instant after
// it when the window is closed), or nullopt when the window is closed at the
// instant or stays open for kWindowSearchDays.
std::optional<int64_t> open_until(const CallingWindow& window, int64_t epoch_ms);

// Returns up to `count` slot starts at or after `from` and before `from` +
// `horizon_days`, in time order: local times whose minutes after midnight are
// a multiple of `slot_minutes`, each slot lying wholly inside one open range of
// a day that is not a holiday. A start the wall clock skips (clocks going
// forward) is no slot; one it shows twice is offered once, the earlier.
std::vector<int64_t> open_slots(const CallingWindow& window, int64_t from, int count, int slot_minutes,
                                int horizon_days);

inline constexpr int64_t kScheduleSlackMs = 60 * 1000;  // "now" by the clock of whoever chose it
inline constexpr int kMaxHorizonDays = 366;

// Returns the instant a `scheduledFor` text names: an ISO-8601 instant with
// its offset, or a wall-clock "YYYY-MM-DDTHH:MM[:SS]" in the window's zone (a
// time skipped by clocks going forward is the first instant after the gap).
Result<int64_t> scheduled_instant(const CallingWindow& window, std::string_view text);

// Returns the requested instant when a callback may be scheduled for it: not
// in the past (a minute of slack), not beyond `horizon_days` from now, and
// inside the window. Otherwise a sentence naming scheduledFor.
Result<int64_t> validate_scheduled_for(int64_t now, int64_t requested, const CallingWindow& window,
                                       int horizon_days);

// When a callback is due: the scheduled instant (validated as above) when
// given, else now when the window is open, else when it next opens.
Result<int64_t> callback_due(const CallingWindow& window, int64_t now, std::optional<int64_t> scheduled_for,
                             int horizon_days);

// The release mechanism's next step for a held callback.
struct HoldStep {
  bool release = false;     // due within kReleaseSlackMs: release it now
  int64_t hold_minutes = 0;  // else hold this long (a power of two), then ask again
  int64_t wake_at = 0;       // now + hold_minutes
};

inline constexpr int64_t kReleaseSlackMs = 30 * 1000;
inline constexpr int64_t kMaxHoldMinutes = 8192;

// Returns "release now" when the task is due within 30 s, else "hold for B
// minutes" with B the largest power of two (1 … 8192) not above the minutes
// left (1 when less than a minute is left): a task needs O(log) wake-ups and
// is released within 30 s of its due time.
HoldStep hold_step(int64_t now, int64_t due);

}  // namespace cbvm
