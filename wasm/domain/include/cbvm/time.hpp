// ISO-8601 instants and the proleptic Gregorian calendar (local times: cbvm/tz.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cbvm {

// Returns milliseconds since the Unix epoch for an ISO-8601 date-time with a
// "Z" or ±HH:MM offset (fractional seconds optional), or nullopt when the text
// is not such an instant or names an impossible date.
std::optional<int64_t> parse_iso_instant(std::string_view text);

// Returns the instant as "YYYY-MM-DDTHH:MM:SS.mmmZ", the shape JavaScript's
// Date.prototype.toISOString produces.
std::string format_iso_instant(int64_t epoch_ms);

// Returns whether year y of the proleptic Gregorian calendar is a leap year.
bool is_leap(int64_t y);

// Returns the number of days of month m (1-12) of year y.
int days_in_month(int64_t y, int m);

// Returns the days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t y, int m, int d);

// Writes the proleptic Gregorian date of day z (days since 1970-01-01).
void civil_from_days(int64_t z, int64_t& y, int& m, int& d);

// Returns whether the text looks like an IANA zone name ("UTC",
// "America/New_York", "Etc/GMT+5"). The zone database lives in the browser.
bool looks_like_iana_zone(std::string_view text);

}  // namespace cbvm
