// What the wait experience says of times: the zone a caller hears them in, and
// a time spoken in a locale ("tomorrow at 9:30 AM"). Only the wait step reads
// it; like the calling windows it is absent from the browser module.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cbvm/calling_window.hpp"
#include "wait_prompts.hpp"

namespace cbvm {

// A zone times are spoken in.
struct CallerZone {
  std::string name;  // IANA name
  ZoneRule rule;
};

// Returns the zone a caller hears times in: that of the country of `number`
// (E.164) when every zone of that country keeps the same rule now (one zone in
// the caller's terms), else the calling window's.
CallerZone caller_zone(const CallingWindow& window, const std::optional<std::string>& number);

// Returns the instant `at` as the locale speaks it in the zone: "today",
// "tomorrow" or the weekday and date, then the time, on the locale's clock
// (12 or 24 hours); `now` tells which day is today.
std::string spoken_time(const prompts::Calendar& calendar, const ZoneRule& rule, int64_t now, int64_t at);

}  // namespace cbvm
