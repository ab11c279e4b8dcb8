// ISO-8601 instants without a time-zone database: the core only ever needs UTC.
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

// Returns whether the text looks like an IANA zone name ("UTC",
// "America/New_York", "Etc/GMT+5"). The zone database lives in the browser.
bool looks_like_iana_zone(std::string_view text);

}  // namespace cbvm
