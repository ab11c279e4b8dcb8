#include "cbvm/calling_window.hpp"

#include <algorithm>

#include "cbvm/time.hpp"

// The browser module decides no calling windows (see tz_rules.cpp).
#ifndef CBVM_AGENT_DECISIONS_ONLY

namespace cbvm {
namespace {

constexpr int64_t kDayMs = 86400000;
constexpr int64_t kMinuteMs = 60000;
constexpr const char* kDayNames[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

Error config_error(std::string what) { return make_error(ErrorCode::kInvalidConfiguration, std::move(what)); }
Error param_error(std::string what) { return make_error(ErrorCode::kInvalidParameter, std::move(what)); }

bool digits(std::string_view s, size_t at, size_t n, int& out) {
  out = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Minutes after midnight of "HH:MM" (00:00-23:59, and 24:00 when allowed).
std::optional<int> parse_hhmm(std::string_view s, bool allow_24) {
  int h, m;
  if (s.size() != 5 || s[2] != ':' || !digits(s, 0, 2, h) || !digits(s, 3, 2, m)) return std::nullopt;
  if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_24))) return std::nullopt;
  return h * 60 + m;
}

std::optional<int64_t> parse_date(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 0, 4, y) || !digits(s, 5, 2, m) ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return days_from_civil(y, m, d);
}

std::string hhmm(int minutes) {
  std::string s = "00:00";
  s[0] = static_cast<char>('0' + minutes / 600);
  s[1] = static_cast<char>('0' + minutes / 60 % 10);
  s[3] = static_cast<char>('0' + minutes % 60 / 10);
  s[4] = static_cast<char>('0' + minutes % 10);
  return s;
}

std::string quoted(std::string_view s) { return "\"" + std::string(s.substr(0, 64)) + "\""; }

int64_t local_day(const LocalDateTime& l) { return days_from_civil(l.year, l.month, l.day); }

int weekday_of(int64_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }  // 0 Monday

bool is_holiday(const CallingWindow& w, int64_t day) {
  return std::binary_search(w.holidays.begin(), w.holidays.end(), day);
}

// The instant of `minute` (0-1440) after the local midnight of `day`.
int64_t at_local(const CallingWindow& w, int64_t day, int minute) {
  if (minute >= 1440) {
    day += minute / 1440;
    minute %= 1440;
  }
  LocalDateTime l;
  civil_from_days(day, l.year, l.month, l.day);
  l.hour = minute / 60;
  l.minute = minute % 60;
  // Every valid date and time has an instant (a skipped one the change).
  return from_local(w.rule, l).value_or(day * kDayMs);
}

// Adds the instants the wall clock shows `minute` of `day`: the later one too
// when clocks going back show it twice.
void add_instants(const CallingWindow& w, int64_t day, int minute, std::vector<int64_t>& out) {
  const int64_t first = at_local(w, day, minute);
  out.push_back(first);
  const int64_t wall = day * kDayMs + minute * kMinuteMs;
  for (int32_t offset : {w.rule.std_offset, w.rule.dst_offset}) {
    const int64_t t = wall - int64_t{offset} * 1000;
    if (t != first && utc_offset_seconds(w.rule, t) == offset) out.push_back(t);
  }
}

// Every instant of the local day at which the window may open or close: its
// midnight, each range's open and close, and the zone's changes that day.
std::vector<int64_t> boundaries(const CallingWindow& w, int64_t day) {
  const int64_t midnight = at_local(w, day, 0);
  const int64_t next_midnight = at_local(w, day + 1, 0);
  std::vector<int64_t> out{midnight};
  for (const OpenRange& r : w.weekly[weekday_of(day)]) {
    add_instants(w, day, r.open, out);
    add_instants(w, day, r.close, out);
  }
  for (auto t = next_transition(w.rule, midnight - 1); t && *t < next_midnight; t = next_transition(w.rule, *t))
    out.push_back(*t);
  std::sort(out.begin(), out.end());
  return out;
}

std::string local_label(const CallingWindow& w, int64_t instant) {
  std::string s = format_local_date_time(to_local(w.rule, instant).local);
  if (s.size() == 19 && s.compare(16, 3, ":00") == 0) s.resize(16);
  return s;
}

}  // namespace

Result<CallingWindow> calling_window(const CallingWindowSpec& spec) {
  CallingWindow w;
  const std::string& f = spec.field;
  auto rule = zone_rule(spec.time_zone);
  if (!rule) {
    return config_error(f + ".timeZone must be an IANA time zone such as \"America/New_York\" (" +
                        quoted(spec.time_zone) + " is not one the tz database names).");
  }
  w.time_zone = spec.time_zone;
  w.rule = *rule;
  bool any_open = false;
  for (int day = 0; day < 7; ++day) {
    const auto& given = spec.weekly[day];
    struct Indexed {
      OpenRange range;
      size_t index;
    };
    std::vector<Indexed> ranges;
    for (size_t i = 0; i < given.size(); ++i) {
      const std::string at = f + ".weekly." + kDayNames[day] + "[" + std::to_string(i) + "]";
      auto open = parse_hhmm(given[i].first, false);
      if (!open) {
        return config_error(at + " opens at " + quoted(given[i].first) +
                            ", which is not a time \"HH:MM\" from 00:00 to 23:59.");
      }
      auto close = parse_hhmm(given[i].second, true);
      if (!close) {
        return config_error(at + " closes at " + quoted(given[i].second) +
                            ", which is not a time \"HH:MM\" from 00:01 to 24:00.");
      }
      if (*close <= *open) {
        return config_error(at + " closes at " + hhmm(*close) + ", which is not after it opens (" + hhmm(*open) +
                            "); a range ends the day it starts (close at \"24:00\" for midnight).");
      }
      ranges.push_back({{*open, *close}, i});
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const Indexed& a, const Indexed& b) { return a.range.open < b.range.open; });
    for (size_t k = 1; k < ranges.size(); ++k) {
      const Indexed& a = ranges[k - 1];
      const Indexed& b = ranges[k];
      if (b.range.open < a.range.close) {
        const Indexed& later = a.index > b.index ? a : b;
        const Indexed& earlier = a.index > b.index ? b : a;
        const std::string base = f + ".weekly." + kDayNames[day];
        return config_error(base + "[" + std::to_string(later.index) + "] (" + hhmm(later.range.open) + "-" +
                            hhmm(later.range.close) + ") overlaps " + base + "[" +
                            std::to_string(earlier.index) + "] (" + hhmm(earlier.range.open) + "-" +
                            hhmm(earlier.range.close) + ").");
      }
    }
    for (const Indexed& r : ranges) w.weekly[day].push_back(r.range);
    any_open = any_open || !ranges.empty();
  }
  if (!any_open) {
    return config_error(f + ".weekly has no open hour in the whole week: give at least one day a range such as "
                            "[\"09:00\", \"17:00\"].");
  }
  for (size_t i = 0; i < spec.holidays.size(); ++i) {
    auto day = parse_date(spec.holidays[i]);
    if (!day) {
      return config_error(f + ".holidays[" + std::to_string(i) + "] must be a date \"YYYY-MM-DD\" (" +
                          quoted(spec.holidays[i]) + " is not one).");
    }
    w.holidays.push_back(*day);
  }
  std::sort(w.holidays.begin(), w.holidays.end());
  w.holidays.erase(std::unique(w.holidays.begin(), w.holidays.end()), w.holidays.end());
  return w;
}

bool is_open(const CallingWindow& w, int64_t epoch_ms) {
  const LocalTime t = to_local(w.rule, epoch_ms);
  const int64_t day = local_day(t.local);
  if (is_holiday(w, day)) return false;
  const int64_t ms = t.local.hour * int64_t{3600000} + t.local.minute * kMinuteMs + t.local.second * int64_t{1000} +
                     t.local.millisecond;
  for (const OpenRange& r : w.weekly[t.weekday]) {
    if (ms >= r.open * kMinuteMs && ms < r.close * kMinuteMs) return true;
  }
  return false;
}

std::optional<int64_t> next_open(const CallingWindow& w, int64_t epoch_ms) {
  if (is_open(w, epoch_ms)) return epoch_ms;
  const int64_t first = local_day(to_local(w.rule, epoch_ms).local) - 1;
  for (int64_t day = first; day <= first + kWindowSearchDays; ++day) {
    for (int64_t c : boundaries(w, day)) {
      if (c >= epoch_ms && is_open(w, c)) return c;
    }
  }
  return std::nullopt;
}

std::optional<int64_t> open_until(const CallingWindow& w, int64_t epoch_ms) {
  if (!is_open(w, epoch_ms)) return std::nullopt;
  const int64_t first = local_day(to_local(w.rule, epoch_ms).local) - 1;
  for (int64_t day = first; day <= first + kWindowSearchDays; ++day) {
    for (int64_t c : boundaries(w, day)) {
      if (c > epoch_ms && !is_open(w, c)) return c;
    }
  }
  return std::nullopt;
}

std::vector<int64_t> open_slots(const CallingWindow& w, int64_t from, int count, int slot_minutes,
                                int horizon_days) {
  std::vector<int64_t> out;
  if (count <= 0 || slot_minutes <= 0 || horizon_days <= 0) return out;
  const int64_t end = from + horizon_days * kDayMs;
  for (int64_t day = local_day(to_local(w.rule, from).local) - 1; at_local(w, day, 0) < end; ++day) {
    if (is_holiday(w, day)) continue;
    for (const OpenRange& r : w.weekly[weekday_of(day)]) {
      for (int m = (r.open + slot_minutes - 1) / slot_minutes * slot_minutes; m + slot_minutes <= r.close;
           m += slot_minutes) {
        const int64_t start = at_local(w, day, m);
        const LocalTime shown = to_local(w.rule, start);
        if (local_day(shown.local) != day || shown.local.hour * 60 + shown.local.minute != m) continue;  // skipped
        if (start < from) continue;
        if (start >= end) return out;
        out.push_back(start);
        if (static_cast<int>(out.size()) == count) return out;
      }
    }
  }
  return out;
}

Result<int64_t> scheduled_instant(const CallingWindow& w, std::string_view text) {
  if (auto instant = parse_iso_instant(text)) return *instant;
  if (auto local = parse_local_date_time(text)) {
    if (auto instant = from_local(w.rule, *local)) return *instant;
  }
  return param_error("scheduledFor must be an ISO-8601 instant (\"2027-03-15T14:00:00Z\") or a date and time "
                     "in the calling window's zone (\"2027-03-15T10:00\"); " +
                     quoted(text) + " is neither.");
}

Result<int64_t> validate_scheduled_for(int64_t now, int64_t requested, const CallingWindow& w, int horizon_days) {
  const std::string when = "scheduledFor (" + format_iso_instant(requested) + ")";
  if (requested < now - kScheduleSlackMs) {
    return param_error(when + " is in the past (it is now " + format_iso_instant(now) +
                       "); choose a time from now on.");
  }
  if (requested > now + horizon_days * kDayMs) {
    return param_error(when + " is more than " + std::to_string(horizon_days) +
                       " days ahead; choose a time within " + std::to_string(horizon_days) + " days.");
  }
  if (!is_open(w, requested)) {
    std::string next = "it does not open within " + std::to_string(kWindowSearchDays) + " days";
    if (auto at = next_open(w, requested)) {
      next = "it next opens at " + local_label(w, *at) + " (" + format_iso_instant(*at) + ")";
    }
    return param_error(when + " is outside the calling window (" + local_label(w, requested) + " in " +
                       w.time_zone + "); " + next + ".");
  }
  return requested;
}

Result<int64_t> callback_due(const CallingWindow& w, int64_t now, std::optional<int64_t> scheduled_for,
                             int horizon_days) {
  if (scheduled_for) return validate_scheduled_for(now, *scheduled_for, w, horizon_days);
  if (auto at = next_open(w, now)) return *at;
  return config_error("The calling window does not open within " + std::to_string(kWindowSearchDays) +
                      " days of now: its holidays cover every open day.");
}

HoldStep hold_step(int64_t now, int64_t due) {
  HoldStep step;
  const int64_t left = due - now;
  if (left <= kReleaseSlackMs) {
    step.release = true;
    step.wake_at = now;
    return step;
  }
  const int64_t minutes = left / kMinuteMs;
  int64_t b = 1;
  while (b * 2 <= minutes && b * 2 <= kMaxHoldMinutes) b *= 2;
  step.hold_minutes = b;
  step.wake_at = now + b * kMinuteMs;
  return step;
}

}  // namespace cbvm

#endif  // CBVM_AGENT_DECISIONS_ONLY
