#include "wait_schedule.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "cbvm/tz_countries.hpp"
#include "cbvm/tz_rules.hpp"
#include "cbvm/validation.hpp"

// The browser module decides no calling windows.
#ifndef CBVM_AGENT_DECISIONS_ONLY

namespace cbvm {
namespace {

// The zone table's entry of an IANA name, or nullptr.
const tz::ZoneEntry* zone_entry(const char* name) {
  const tz::ZoneEntry* end = tz::kZones + tz::kZoneCount;
  const tz::ZoneEntry* at = std::lower_bound(
      tz::kZones, end, name, [](const tz::ZoneEntry& e, const char* n) { return std::strcmp(e.name, n) < 0; });
  return at != end && std::strcmp(at->name, name) == 0 ? at : nullptr;
}

// Whether two zones keep the same clock from now on.
bool same_clock(const tz::ZoneEntry& a, const tz::ZoneEntry& b) {
  if (std::strcmp(a.posix, b.posix) != 0 || a.listed_count != b.listed_count) return false;
  for (size_t i = 0; i < a.listed_count; ++i) {
    if (a.listed[i].at != b.listed[i].at || a.listed[i].offset != b.listed[i].offset) return false;
  }
  return true;
}

void fill(std::string& text, std::string_view mark, std::string_view value) {
  for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size()))
    text.replace(at, mark.size(), value);
}

// Days since 1970-01-01 of a local date.
int64_t day_number(const LocalDateTime& d) {
  // Howard Hinnant's days_from_civil.
  const int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

CallerZone caller_zone(const CallingWindow& window, const std::optional<std::string>& number) {
  CallerZone centre{window.time_zone, window.rule};
  if (!number) return centre;
  const std::optional<std::string> region = region_of_number(*number);
  if (!region) return centre;
  const tz::CountryZone* end = tz::kCountryZones + tz::kCountryZoneCount;
  const auto [first, last] = std::equal_range(
      tz::kCountryZones, end, tz::CountryZone{region->c_str(), ""},
      [](const tz::CountryZone& a, const tz::CountryZone& b) { return std::strcmp(a.country, b.country) < 0; });
  if (first == last) return centre;
  const tz::ZoneEntry* one = zone_entry(first->zone);
  if (one == nullptr) return centre;
  for (const tz::CountryZone* z = first + 1; z != last; ++z) {
    const tz::ZoneEntry* other = zone_entry(z->zone);
    if (other == nullptr || !same_clock(*one, *other)) return centre;
  }
  auto rule = zone_rule(first->zone);
  if (!rule) return centre;
  return CallerZone{first->zone, std::move(*rule)};
}

std::string spoken_time(const prompts::Calendar& c, const ZoneRule& rule, int64_t now, int64_t at) {
  const LocalTime when = to_local(rule, at);
  const int64_t days = day_number(when.local) - day_number(to_local(rule, now).local);
  std::string date;
  if (days == 0) {
    date = std::string(c.today);
  } else if (days == 1) {
    date = std::string(c.tomorrow);
  } else {
    date = std::string(c.date);
    fill(date, "{{weekday}}", c.weekdays[when.weekday]);
    fill(date, "{{day}}", std::to_string(when.local.day));
    fill(date, "{{month}}", c.months[when.local.month - 1]);
  }
  const int hour24 = when.local.hour;
  int hour = hour24;
  std::string_view period;
  if (c.hour12) {
    hour = hour24 % 12 == 0 ? 12 : hour24 % 12;
    for (size_t i = 0; i < c.period_count; ++i)
      if (hour24 >= c.periods[i].from_hour) period = c.periods[i].word;
  }
  std::string time(when.local.minute == 0 ? c.time_on_hour : c.time);
  const char minute[3] = {static_cast<char>('0' + when.local.minute / 10),
                          static_cast<char>('0' + when.local.minute % 10), 0};
  fill(time, "{{hour}}", std::to_string(hour));
  fill(time, "{{minute}}", minute);
  fill(time, "{{period}}", period);
  std::string slot(hour == 1 ? c.slot_at_one : c.slot);
  fill(slot, "{{date}}", date);
  fill(slot, "{{time}}", time);
  return slot;
}

}  // namespace cbvm

#endif  // CBVM_AGENT_DECISIONS_ONLY
