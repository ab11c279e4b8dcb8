#include "cbvm/tz.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "cbvm/time.hpp"
#include "cbvm/tz_rules.hpp"

// The browser module decides no calling windows (see tz_rules.cpp).
#ifndef CBVM_AGENT_DECISIONS_ONLY

namespace cbvm {
namespace {

constexpr int64_t kDayMs = 86400000;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// 0 Sunday … 6 Saturday; 1970-01-01 was a Thursday.
int weekday_from_sunday(int64_t days) { return static_cast<int>(((days % 7) + 7 + 4) % 7); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return pos_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }
  bool take(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  // A zone abbreviation: three or more letters, or <...> of letters, digits, + and -.
  std::optional<std::string> name() {
    std::string out;
    if (take('<')) {
      while (!done() && peek() != '>') {
        char c = s_[pos_++];
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-') return std::nullopt;
        out += c;
      }
      if (!take('>')) return std::nullopt;
    } else {
      while (is_alpha(peek())) out += s_[pos_++];
    }
    if (out.size() < 3) return std::nullopt;
    return out;
  }

  // Up to `digits` digits as a number.
  std::optional<int> number(int digits) {
    int value = 0;
    int n = 0;
    while (n < digits && is_digit(peek())) {
      value = value * 10 + (s_[pos_++] - '0');
      ++n;
    }
    if (n == 0) return std::nullopt;
    return value;
  }

  // [+-]hh[:mm[:ss]] in seconds, hours at most max_hours.
  std::optional<int32_t> duration(int max_hours) {
    int sign = 1;
    if (take('-')) sign = -1;
    else take('+');
    auto h = number(3);
    if (!h || *h > max_hours) return std::nullopt;
    int m = 0;
    int s = 0;
    if (take(':')) {
      auto mm = number(2);
      if (!mm || *mm > 59) return std::nullopt;
      m = *mm;
      if (take(':')) {
        auto ss = number(2);
        if (!ss || *ss > 59) return std::nullopt;
        s = *ss;
      }
    }
    return sign * (*h * 3600 + m * 60 + s);
  }

  // Jn, n or Mm.w.d, then an optional /time.
  std::optional<TzDateRule> date_rule() {
    TzDateRule r;
    if (take('J')) {
      auto n = number(3);
      if (!n || *n < 1 || *n > 365) return std::nullopt;
      r.kind = TzDateRule::Kind::kJulian;
      r.day = *n;
    } else if (take('M')) {
      auto m = number(2);
      if (!m || *m < 1 || *m > 12 || !take('.')) return std::nullopt;
      auto w = number(1);
      if (!w || *w < 1 || *w > 5 || !take('.')) return std::nullopt;
      auto d = number(1);
      if (!d || *d > 6) return std::nullopt;
      r.kind = TzDateRule::Kind::kMonthWeek;
      r.month = *m;
      r.week = *w;
      r.weekday = *d;
    } else {
      auto n = number(3);
      if (!n || *n > 365) return std::nullopt;
      r.kind = TzDateRule::Kind::kZeroBased;
      r.day = *n;
    }
    if (take('/')) {
      auto t = duration(167);
      if (!t) return std::nullopt;
      r.time_seconds = *t;
    }
    return r;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// The date (days since 1970-01-01) a rule names in year y.
int64_t rule_day(const TzDateRule& r, int64_t y) {
  const int64_t jan1 = days_from_civil(y, 1, 1);
  switch (r.kind) {
    case TzDateRule::Kind::kJulian:
      return jan1 + r.day - 1 + (is_leap(y) && r.day >= 60 ? 1 : 0);
    case TzDateRule::Kind::kZeroBased:
      return jan1 + r.day;
    case TzDateRule::Kind::kMonthWeek:
    default: {
      const int64_t first = days_from_civil(y, r.month, 1);
      int64_t day = first + (r.weekday - weekday_from_sunday(first) + 7) % 7 + int64_t{r.week - 1} * 7;
      while (day >= first + days_in_month(y, r.month)) day -= 7;
      return day;
    }
  }
}

struct Change {
  int64_t at_ms;
  bool to_dst;
};

// The changes of years first..last, in time order (an end before a start at
// the same instant, so a zone in daylight time all year stays in it).
std::vector<Change> changes(const ZoneRule& rule, int64_t first, int64_t last) {
  std::vector<Change> out;
  for (int64_t y = first; y <= last; ++y) {
    const int64_t start = (rule_day(rule.dst_start, y) * 86400 + rule.dst_start.time_seconds - rule.std_offset) * 1000;
    const int64_t end = (rule_day(rule.dst_end, y) * 86400 + rule.dst_end.time_seconds - rule.dst_offset) * 1000;
    out.push_back({start, true});
    out.push_back({end, false});
  }
  std::sort(out.begin(), out.end(), [](const Change& a, const Change& b) {
    return a.at_ms != b.at_ms ? a.at_ms < b.at_ms : (!a.to_dst && b.to_dst);
  });
  return out;
}

int64_t year_of(const ZoneRule& rule, int64_t epoch_ms) {
  int64_t y;
  int m, d;
  civil_from_days(floor_div(epoch_ms + int64_t{rule.std_offset} * 1000, kDayMs), y, m, d);
  return y;
}

// Whether the rule puts the instant in daylight time.
bool posix_in_dst(const ZoneRule& rule, int64_t epoch_ms) {
  if (!rule.dst_name) return false;
  const int64_t y = year_of(rule, epoch_ms);
  const auto list = changes(rule, y - 1, y + 1);
  bool dst = !list.front().to_dst;  // before the first change: the other state
  for (const Change& c : list) {
    if (c.at_ms > epoch_ms) break;
    dst = c.to_dst;
  }
  return dst;
}

// The first change of the rule after the instant.
std::optional<int64_t> posix_next_transition(const ZoneRule& rule, int64_t epoch_ms) {
  if (!rule.dst_name || rule.dst_offset == rule.std_offset) return std::nullopt;
  const int64_t y = year_of(rule, epoch_ms);
  const auto list = changes(rule, y - 1, y + 2);
  bool dst = posix_in_dst(rule, epoch_ms);
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].at_ms <= epoch_ms) continue;
    // Every change at this instant, taken together.
    bool after = dst;
    size_t j = i;
    for (; j < list.size() && list[j].at_ms == list[i].at_ms; ++j) after = list[j].to_dst;
    if (j == list.size()) break;  // the list's last change: the next year's may undo it
    if (after != dst) return list[i].at_ms;
    i = j - 1;
  }
  return std::nullopt;  // daylight time all year
}

struct State {
  int32_t offset;
  bool is_dst;
  std::string_view abbreviation;
};

bool listed_at(const ZoneRule& rule, int64_t epoch_ms) {
  return rule.listed_count > 0 && epoch_ms < rule.listed[rule.listed_count - 1].at * 1000;
}

State state_at(const ZoneRule& rule, int64_t epoch_ms) {
  if (listed_at(rule, epoch_ms)) {
    size_t i = 0;
    while (i + 1 < rule.listed_count && rule.listed[i + 1].at * 1000 <= epoch_ms) ++i;
    const tz::TzChange& c = rule.listed[i];
    return {c.offset, c.is_dst, c.abbreviation};
  }
  if (posix_in_dst(rule, epoch_ms)) return {rule.dst_offset, true, *rule.dst_name};
  return {rule.std_offset, false, rule.std_name};
}

}  // namespace

std::optional<ZoneRule> parse_posix_tz(std::string_view text) {
  if (text.empty() || text.size() > 128) return std::nullopt;
  Cursor c(text);
  ZoneRule rule;
  auto std_name = c.name();
  if (!std_name) return std::nullopt;
  auto std_west = c.duration(24);
  if (!std_west) return std::nullopt;
  rule.std_name = *std_name;
  rule.std_offset = -*std_west;
  if (c.done()) return rule;
  auto dst_name = c.name();
  if (!dst_name) return std::nullopt;
  rule.dst_name = *dst_name;
  rule.dst_offset = rule.std_offset + 3600;
  if (c.peek() != ',') {
    auto dst_west = c.duration(24);
    if (!dst_west) return std::nullopt;
    rule.dst_offset = -*dst_west;
  }
  if (!c.take(',')) return std::nullopt;  // no dates: refused, not guessed
  auto start = c.date_rule();
  if (!start || !c.take(',')) return std::nullopt;
  auto end = c.date_rule();
  if (!end || !c.done()) return std::nullopt;
  rule.dst_start = *start;
  rule.dst_end = *end;
  return rule;
}

std::optional<ZoneRule> zone_rule(std::string_view iana) {
  const tz::ZoneEntry* first = tz::kZones;
  const tz::ZoneEntry* last = tz::kZones + tz::kZoneCount;
  const tz::ZoneEntry* it = std::lower_bound(
      first, last, iana, [](const tz::ZoneEntry& e, std::string_view name) { return e.name < name; });
  if (it == last || it->name != iana) return std::nullopt;
  auto rule = parse_posix_tz(it->posix);
  if (rule) {
    rule->listed = it->listed;
    rule->listed_count = it->listed_count;
  }
  return rule;
}

std::string_view tz_database_version() { return tz::kTzdataVersion; }

int32_t utc_offset_seconds(const ZoneRule& rule, int64_t epoch_ms) { return state_at(rule, epoch_ms).offset; }

std::optional<int64_t> next_transition(const ZoneRule& rule, int64_t epoch_ms) {
  if (listed_at(rule, epoch_ms)) {
    const int32_t now = state_at(rule, epoch_ms).offset;
    for (size_t i = 0; i < rule.listed_count; ++i) {
      const int64_t at = rule.listed[i].at * 1000;
      if (at > epoch_ms && rule.listed[i].offset != now) return at;
    }
    epoch_ms = rule.listed[rule.listed_count - 1].at * 1000;
  }
  return posix_next_transition(rule, epoch_ms);
}

LocalTime to_local(const ZoneRule& rule, int64_t epoch_ms) {
  LocalTime out;
  const State state = state_at(rule, epoch_ms);
  out.is_dst = state.is_dst;
  out.offset = state.offset;
  out.abbreviation = std::string(state.abbreviation);
  const int64_t local_ms = epoch_ms + int64_t{out.offset} * 1000;
  const int64_t days = floor_div(local_ms, kDayMs);
  const int64_t ms_of_day = local_ms - days * kDayMs;
  civil_from_days(days, out.local.year, out.local.month, out.local.day);
  out.local.hour = static_cast<int>(ms_of_day / 3600000);
  out.local.minute = static_cast<int>(ms_of_day / 60000 % 60);
  out.local.second = static_cast<int>(ms_of_day / 1000 % 60);
  out.local.millisecond = static_cast<int>(ms_of_day % 1000);
  out.weekday = (weekday_from_sunday(days) + 6) % 7;
  return out;
}

std::optional<int64_t> from_local(const ZoneRule& rule, const LocalDateTime& l) {
  if (l.month < 1 || l.month > 12 || l.day < 1 || l.day > days_in_month(l.year, l.month) || l.hour < 0 ||
      l.hour > 23 || l.minute < 0 || l.minute > 59 || l.second < 0 || l.second > 59 ||
      l.millisecond < 0 || l.millisecond > 999)
    return std::nullopt;
  const int64_t wall = days_from_civil(l.year, l.month, l.day) * kDayMs + l.hour * int64_t{3600000} +
                       l.minute * int64_t{60000} + l.second * int64_t{1000} + l.millisecond;
  if (!rule.dst_name && rule.listed_count == 0) return wall - int64_t{rule.std_offset} * 1000;
  std::vector<int32_t> offsets{rule.std_offset};
  if (rule.dst_name) offsets.push_back(rule.dst_offset);
  for (size_t i = 0; i < rule.listed_count; ++i) offsets.push_back(rule.listed[i].offset);
  std::optional<int64_t> best;
  int32_t largest = offsets.front();
  for (int32_t offset : offsets) {
    largest = std::max(largest, offset);
    const int64_t t = wall - int64_t{offset} * 1000;
    if (utc_offset_seconds(rule, t) == offset && (!best || t < *best)) best = t;
  }
  if (best) return best;
  // Skipped when clocks went forward: the first instant after is the change
  // that first shows a later wall time.
  for (auto t = next_transition(rule, wall - int64_t{largest} * 1000 - 1); t; t = next_transition(rule, *t)) {
    if (*t + int64_t{utc_offset_seconds(rule, *t)} * 1000 > wall) return t;
  }
  return std::nullopt;
}

std::optional<LocalDateTime> parse_local_date_time(std::string_view text) {
  if (text.size() != 16 && text.size() != 19) return std::nullopt;
  auto digits = [&](size_t at, size_t n) -> std::optional<int> {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (!is_digit(text[i])) return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':')
    return std::nullopt;
  auto y = digits(0, 4), mo = digits(5, 2), d = digits(8, 2), h = digits(11, 2), mi = digits(14, 2);
  std::optional<int> s = 0;
  if (text.size() == 19) s = text[16] == ':' ? digits(17, 2) : std::nullopt;
  if (!y || !mo || !d || !h || !mi || !s) return std::nullopt;
  if (*mo < 1 || *mo > 12 || *d < 1 || *d > days_in_month(*y, *mo) || *h > 23 || *mi > 59 || *s > 59)
    return std::nullopt;
  return LocalDateTime{*y, *mo, *d, *h, *mi, *s, 0};
}

std::string format_local_date_time(const LocalDateTime& l) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d", static_cast<long long>(l.year), l.month,
                l.day, l.hour, l.minute, l.second);
  return buf;
}

}  // namespace cbvm

#endif  // CBVM_AGENT_DECISIONS_ONLY
