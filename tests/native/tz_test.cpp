// The POSIX TZ rules of the core, and their agreement with the machine's tz
// database (read through the C library's localtime_r).
#include <gtest/gtest.h>

#include <fstream>

#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "cbvm/time.hpp"
#include "cbvm/tz.hpp"
#include "cbvm/tz_rules.hpp"

namespace cbvm {
namespace {

int64_t at(const char* iso) { return parse_iso_instant(iso).value(); }

ZoneRule rule(const char* posix) {
  auto r = parse_posix_tz(posix);
  EXPECT_TRUE(r) << posix;
  return r.value_or(ZoneRule{});
}

TEST(PosixTz, ReadsNamesOffsetsAndDates) {
  ZoneRule ny = rule("EST5EDT,M3.2.0,M11.1.0");
  EXPECT_EQ(ny.std_name, "EST");
  EXPECT_EQ(ny.std_offset, -5 * 3600);
  EXPECT_EQ(ny.dst_name, "EDT");
  EXPECT_EQ(ny.dst_offset, -4 * 3600);  // an hour ahead when not given
  EXPECT_EQ(ny.dst_start.kind, TzDateRule::Kind::kMonthWeek);
  EXPECT_EQ(ny.dst_start.month, 3);
  EXPECT_EQ(ny.dst_start.week, 2);
  EXPECT_EQ(ny.dst_start.weekday, 0);
  EXPECT_EQ(ny.dst_start.time_seconds, 7200);  // 02:00 when not given

  ZoneRule london = rule("GMT0BST,M3.5.0/1,M10.5.0");
  EXPECT_EQ(london.std_offset, 0);
  EXPECT_EQ(london.dst_start.time_seconds, 3600);

  ZoneRule kolkata = rule("IST-5:30");
  EXPECT_EQ(kolkata.std_offset, 5 * 3600 + 1800);
  EXPECT_FALSE(kolkata.dst_name);

  ZoneRule nuuk = rule("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");  // a negative change time
  EXPECT_EQ(nuuk.std_name, "-02");
  EXPECT_EQ(nuuk.dst_name, "-01");
  EXPECT_EQ(nuuk.dst_start.time_seconds, -3600);

  ZoneRule santiago = rule("<-04>4<-03>,M9.1.6/24,M4.1.6/24");  // 24:00
  EXPECT_EQ(santiago.dst_end.time_seconds, 24 * 3600);

  ZoneRule chatham = rule("<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45");
  EXPECT_EQ(chatham.std_offset, 12 * 3600 + 45 * 60);
  EXPECT_EQ(chatham.dst_start.time_seconds, 2 * 3600 + 45 * 60);

  ZoneRule dublin = rule("IST-1GMT0,M10.5.0,M3.5.0/1");  // negative daylight saving
  EXPECT_EQ(dublin.std_offset, 3600);
  EXPECT_EQ(dublin.dst_offset, 0);

  ZoneRule troll = rule("<+00>0<+02>-2,M3.5.0/1,M10.5.0/3");
  EXPECT_EQ(troll.dst_offset, 7200);

  ZoneRule julian = rule("AAA3BBB,J60/0,J300/25");
  EXPECT_EQ(julian.dst_start.kind, TzDateRule::Kind::kJulian);
  EXPECT_EQ(julian.dst_end.time_seconds, 25 * 3600);
  ZoneRule zero = rule("AAA-3BBB-4:30:15,59,300/-167");
  EXPECT_EQ(zero.dst_start.kind, TzDateRule::Kind::kZeroBased);
  EXPECT_EQ(zero.dst_offset, 4 * 3600 + 30 * 60 + 15);
  EXPECT_EQ(zero.dst_end.time_seconds, -167 * 3600);
}

TEST(PosixTz, RefusesWhatIsNotARule) {
  for (const char* bad : {"", "EST", "ES5", "EST5EDT", "EST5EDT,M3.2.0", "EST25", "<AB>5", "<A B>5",
                          "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0",
                          "EST5EDT,J0,J100", "EST5EDT,J366,J100", "EST5EDT,366,100", "EST5EDT,M3.2.0/168,M11.1.0",
                          "EST5EDT,M3.2.0,M11.1.0,", "EST5:60", "EST5EDT;M3.2.0,M11.1.0", "EST5 "}) {
    EXPECT_FALSE(parse_posix_tz(bad)) << bad;
  }
}

TEST(PosixTz, ChangesAtTheRulesInstants) {
  ZoneRule ny = rule("EST5EDT,M3.2.0,M11.1.0");
  // 2027-03-14 02:00 EST = 07:00Z; 2027-11-07 02:00 EDT = 06:00Z.
  EXPECT_EQ(utc_offset_seconds(ny, at("2027-03-14T06:59:59.999Z")), -5 * 3600);
  EXPECT_EQ(utc_offset_seconds(ny, at("2027-03-14T07:00:00Z")), -4 * 3600);
  EXPECT_EQ(utc_offset_seconds(ny, at("2027-11-07T05:59:59.999Z")), -4 * 3600);
  EXPECT_EQ(utc_offset_seconds(ny, at("2027-11-07T06:00:00Z")), -5 * 3600);
  EXPECT_EQ(next_transition(ny, at("2027-01-01T00:00:00Z")), at("2027-03-14T07:00:00Z"));
  EXPECT_EQ(next_transition(ny, at("2027-03-14T07:00:00Z")), at("2027-11-07T06:00:00Z"));

  ZoneRule sydney = rule("AEST-10AEDT,M10.1.0,M4.1.0/3");  // summer across the new year
  EXPECT_EQ(utc_offset_seconds(sydney, at("2027-01-15T00:00:00Z")), 11 * 3600);
  EXPECT_EQ(utc_offset_seconds(sydney, at("2027-06-15T00:00:00Z")), 10 * 3600);
  // 2027-04-04 03:00 AEDT = 2027-04-03T16:00Z; 2027-10-03 02:00 AEST = 2027-10-02T16:00Z.
  EXPECT_EQ(next_transition(sydney, at("2027-02-01T00:00:00Z")), at("2027-04-03T16:00:00Z"));
  EXPECT_EQ(next_transition(sydney, at("2027-04-03T16:00:00Z")), at("2027-10-02T16:00:00Z"));

  // Jn never counts February 29; n does.
  ZoneRule julian = rule("AAA0BBB,J60/0,J300/0");
  EXPECT_EQ(next_transition(julian, at("2028-01-01T00:00:00Z")), at("2028-03-01T00:00:00Z"));
  ZoneRule zero = rule("AAA0BBB,59/0,300/0");
  EXPECT_EQ(next_transition(zero, at("2028-01-01T00:00:00Z")), at("2028-02-29T00:00:00Z"));
  EXPECT_EQ(next_transition(zero, at("2027-01-01T00:00:00Z")), at("2027-03-01T00:00:00Z"));

  // Daylight time all year (a start and an end at one instant) never changes.
  ZoneRule always = rule("EST5EDT,0/0,J365/25");
  EXPECT_EQ(utc_offset_seconds(always, at("2027-01-01T05:00:00Z")), -4 * 3600);
  EXPECT_EQ(utc_offset_seconds(always, at("2027-07-01T00:00:00Z")), -4 * 3600);
  EXPECT_FALSE(next_transition(always, at("2027-07-01T00:00:00Z")));
  EXPECT_FALSE(next_transition(rule("IST-5:30"), 0));
}

TEST(PosixTz, ResolvesSkippedAndRepeatedWallTimes) {
  ZoneRule ny = rule("EST5EDT,M3.2.0,M11.1.0");
  // Skipped: 02:30 on 2027-03-14 is the change, 03:00 EDT.
  EXPECT_EQ(from_local(ny, {2027, 3, 14, 2, 30, 0, 0}), at("2027-03-14T07:00:00Z"));
  EXPECT_EQ(from_local(ny, {2027, 3, 14, 1, 59, 0, 0}), at("2027-03-14T06:59:00Z"));
  EXPECT_EQ(from_local(ny, {2027, 3, 14, 3, 0, 0, 0}), at("2027-03-14T07:00:00Z"));
  // Repeated: 01:30 on 2027-11-07 is the earlier, in EDT.
  EXPECT_EQ(from_local(ny, {2027, 11, 7, 1, 30, 0, 0}), at("2027-11-07T05:30:00Z"));
  EXPECT_EQ(from_local(ny, {2027, 11, 7, 2, 0, 0, 0}), at("2027-11-07T07:00:00Z"));
  EXPECT_FALSE(from_local(ny, {2027, 2, 29, 12, 0, 0, 0}));
  EXPECT_FALSE(from_local(ny, {2027, 3, 1, 24, 0, 0, 0}));

  ZoneRule dublin = rule("IST-1GMT0,M10.5.0,M3.5.0/1");
  EXPECT_EQ(from_local(dublin, {2027, 3, 28, 1, 30, 0, 0}), at("2027-03-28T01:00:00Z"));
  EXPECT_EQ(from_local(dublin, {2027, 10, 31, 1, 30, 0, 0}), at("2027-10-31T00:30:00Z"));

  const LocalTime shown = to_local(ny, at("2027-11-07T06:30:00Z"));
  EXPECT_EQ(format_local_date_time(shown.local), "2027-11-07T01:30:00");
  EXPECT_EQ(shown.abbreviation, "EST");
  EXPECT_FALSE(shown.is_dst);
  EXPECT_EQ(shown.weekday, 6);  // Sunday
}

TEST(PosixTz, ReadsLocalDateTimes) {
  EXPECT_EQ(format_local_date_time(parse_local_date_time("2027-03-14T02:30").value()), "2027-03-14T02:30:00");
  EXPECT_EQ(format_local_date_time(parse_local_date_time("2027-03-14 02:30:15").value()), "2027-03-14T02:30:15");
  for (const char* bad : {"", "2027-03-14", "2027-03-14T2:30", "2027-02-29T10:00", "2027-03-14T24:00",
                          "2027-03-14T10:00Z", "2027-03-14T10:00:60"}) {
    EXPECT_FALSE(parse_local_date_time(bad)) << bad;
  }
}

TEST(ZoneRules, NameEveryZoneAndLinkOfTheDatabase) {
  EXPECT_GT(tz::kZoneCount, 500u);
  EXPECT_FALSE(tz_database_version().empty());
  for (size_t i = 0; i < tz::kZoneCount; ++i) {
    EXPECT_TRUE(parse_posix_tz(tz::kZones[i].posix)) << tz::kZones[i].name << " " << tz::kZones[i].posix;
    if (i > 0) EXPECT_LT(std::string(tz::kZones[i - 1].name), std::string(tz::kZones[i].name));
  }
  for (const char* name : {"America/New_York", "US/Eastern", "Europe/London", "Australia/Sydney",
                           "Asia/Kolkata", "Asia/Calcutta", "UTC", "Etc/GMT+5"}) {
    EXPECT_TRUE(zone_rule(name)) << name;
  }
  for (const char* name : {"", "America/new_york", "Mars/Base", "EST5EDT,M3.2.0,M11.1.0", "America/"}) {
    EXPECT_FALSE(zone_rule(name)) << name;
  }
}

// The offsets and abbreviations the C library reads from /usr/share/zoneinfo.
struct LibcZone {
  explicit LibcZone(const std::string& name) {
    const char* old = std::getenv("TZ");
    saved_ = old ? std::optional<std::string>(old) : std::nullopt;
    setenv("TZ", (":" + name).c_str(), 1);
    tzset();
  }
  ~LibcZone() {
    if (saved_) setenv("TZ", saved_->c_str(), 1);
    else unsetenv("TZ");
    tzset();
  }
  static std::pair<long, std::string> at(int64_t epoch_ms) {
    time_t t = static_cast<time_t>(epoch_ms / 1000);
    struct tm tm {};
    localtime_r(&t, &tm);
    return {tm.tm_gmtoff, tm.tm_zone ? tm.tm_zone : ""};
  }
  std::optional<std::string> saved_;
};

// Which zones disagree with the C library somewhere in [from, to) at `step_hours`.
std::vector<std::string> disagreements(const std::vector<std::string>& zones, const char* from, const char* to,
                                       int step_hours) {
  std::vector<std::string> out;
  for (const std::string& name : zones) {
    auto r = zone_rule(name);
    if (!r) {
      out.push_back(name + " (not named)");
      continue;
    }
    LibcZone libc(name);
    for (int64_t t = at(from); t < at(to); t += step_hours * int64_t{3600000}) {
      const auto [offset, abbreviation] = LibcZone::at(t);
      const LocalTime ours = to_local(*r, t);
      if (ours.offset != offset || ours.abbreviation != abbreviation) {
        out.push_back(name + " at " + format_iso_instant(t) + ": " + std::to_string(ours.offset) + " " +
                      ours.abbreviation + ", the tz database says " + std::to_string(offset) + " " + abbreviation);
        break;
      }
    }
  }
  return out;
}

// The tz database version this machine has (tzdata.zi's "# version 2025b"), "" without one.
std::string machine_tz_version() {
  std::ifstream zi("/usr/share/zoneinfo/tzdata.zi");
  std::string line;
  if (!std::getline(zi, line) || line.rfind("# version ", 0) != 0) return "";
  return line.substr(10);
}

// The comparisons below hold while the machine's tz database is the one the
// rules were generated from; a machine with another release skips them.
#define SKIP_UNLESS_SAME_TZDATA()                                                               \
  do {                                                                                          \
    const std::string machine = machine_tz_version();                                           \
    if (machine != std::string(tz_database_version()))                                          \
      GTEST_SKIP() << "the machine's tz database is \"" << machine << "\", the rules were made from " \
                   << tz_database_version();                                                    \
  } while (false)

TEST(ZoneRules, AgreeWithTheMachinesTzDatabaseHourlyFor2026To2028) {
  SKIP_UNLESS_SAME_TZDATA();
  const std::vector<std::string> zones = {
      "America/New_York", "America/Chicago",   "America/Los_Angeles", "America/Sao_Paulo",
      "Europe/London",    "Europe/Berlin",     "Europe/Dublin",       "Australia/Sydney",
      "Australia/Lord_Howe", "Pacific/Auckland", "Asia/Kolkata",      "Asia/Tokyo",
      "America/Santiago", "America/Nuuk",      "Pacific/Chatham",     "Antarctica/Troll",  "Africa/Casablanca"};
  const auto wrong = disagreements(zones, "2026-01-01T00:00:00Z", "2029-01-01T00:00:00Z", 1);
  EXPECT_TRUE(wrong.empty()) << ::testing::PrintToString(wrong);
}

TEST(ZoneRules, AgreeWithTheMachinesTzDatabaseForEveryZone) {
  SKIP_UNLESS_SAME_TZDATA();
  std::vector<std::string> zones;
  for (size_t i = 0; i < tz::kZoneCount; ++i) zones.emplace_back(tz::kZones[i].name);
  // Every 7 hours from 2026 to 2028 (drifts through every hour of the day).
  const auto wrong = disagreements(zones, "2026-01-01T00:00:00Z", "2029-01-01T00:00:00Z", 7);
  EXPECT_TRUE(wrong.empty()) << ::testing::PrintToString(wrong);
}

}  // namespace
}  // namespace cbvm
