// Local time in IANA zones, for present and future instants: each zone is the
// POSIX TZ rule that ends its TZif file (`man 5 tzfile`, POSIX `TZ`), e.g.
// "EST5EDT,M3.2.0,M11.1.0": standard and daylight names and offsets, and the
// dates and local times daylight time starts and ends. Past rule changes are
// not known (the core schedules from now on).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cbvm {
namespace tz {
struct TzChange;
}

// When, in a year, a change of offset happens: a date rule and a local time.
struct TzDateRule {
  enum class Kind : uint8_t {
    kJulian,      // Jn: day n (1-365) of the year, February 29 never counted
    kZeroBased,   // n: day n (0-365) of the year, February 29 counted in leap years
    kMonthWeek,   // Mm.w.d: weekday d (0 Sunday) of week w (1-4, 5 the last) of month m
  };
  Kind kind = Kind::kMonthWeek;
  int day = 0;    // n of Jn and n
  int month = 0;  // m of Mm.w.d
  int week = 0;   // w of Mm.w.d
  int weekday = 0;  // d of Mm.w.d
  // Seconds after the local midnight of that date, in the offset in force just
  // before the change (RFC 8536 allows -167 to 167 hours).
  int32_t time_seconds = 7200;
};

// A POSIX TZ rule. Offsets are seconds east of UTC (the opposite sign of the
// TZ string's, where "EST5" means five hours west).
struct ZoneRule {
  std::string std_name;
  int32_t std_offset = 0;
  std::optional<std::string> dst_name;  // none: the zone keeps one offset all year
  int32_t dst_offset = 0;
  TzDateRule dst_start;
  TzDateRule dst_end;
  // Changes the database lists before the rule takes over (the rule cannot
  // say them: Morocco's Ramadan), in time order; the rule applies from the last.
  const tz::TzChange* listed = nullptr;
  size_t listed_count = 0;
};

// A local date and time of day, as a wall clock shows it.
struct LocalDateTime {
  int64_t year = 1970;
  int month = 1;   // 1-12
  int day = 1;     // 1-31
  int hour = 0;    // 0-23
  int minute = 0;
  int second = 0;
  int millisecond = 0;
};

// An instant seen in a zone.
struct LocalTime {
  LocalDateTime local;
  int weekday = 0;         // 0 Monday … 6 Sunday
  int32_t offset = 0;      // seconds east of UTC in force
  bool is_dst = false;
  std::string abbreviation;  // "EST", "BST", "+0530"
};

// Returns the rule a POSIX TZ string spells, or nullopt when the text is not
// one (a daylight name without its dates is refused: its dates would be guesses).
std::optional<ZoneRule> parse_posix_tz(std::string_view text);

// Returns the rule of an IANA zone or link name ("America/New_York",
// "US/Eastern", "UTC"), or nullopt when the tz database does not name it.
std::optional<ZoneRule> zone_rule(std::string_view iana);

// Returns the tz database version the zones were generated from ("2025b").
std::string_view tz_database_version();

// Returns the UTC offset, in seconds east, in force at the instant.
int32_t utc_offset_seconds(const ZoneRule& rule, int64_t epoch_ms);

// Returns the first change of offset after the instant, or nullopt for a zone
// without daylight time.
std::optional<int64_t> next_transition(const ZoneRule& rule, int64_t epoch_ms);

// Returns the instant as the zone's wall clock shows it.
LocalTime to_local(const ZoneRule& rule, int64_t epoch_ms);

// Returns the instant the wall clock shows `local`. A time skipped when clocks
// go forward is the first instant after the gap (the change itself); a time
// shown twice when clocks go back is the earlier instant. nullopt when the
// date or time is impossible (February 30, 25:00).
std::optional<int64_t> from_local(const ZoneRule& rule, const LocalDateTime& local);

// Returns the local date-time a text "YYYY-MM-DDTHH:MM[:SS]" (no offset) spells,
// or nullopt when it is not one or names an impossible date or time.
std::optional<LocalDateTime> parse_local_date_time(std::string_view text);

// Returns the local date-time as "YYYY-MM-DDTHH:MM:SS".
std::string format_local_date_time(const LocalDateTime& local);

}  // namespace cbvm
