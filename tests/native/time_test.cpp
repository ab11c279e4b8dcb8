#include <gtest/gtest.h>

#include "cbvm/time.hpp"

namespace cbvm {
namespace {

TEST(ParseIsoInstant, ReadsUtcAndOffsets) {
  EXPECT_EQ(parse_iso_instant("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso_instant("1970-01-01T00:00:01.250Z"), 1250);
  EXPECT_EQ(parse_iso_instant("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(parse_iso_instant("1969-12-31T19:00:00-0500"), 0);
  EXPECT_EQ(parse_iso_instant("2024-05-01t14:30z"), parse_iso_instant("2024-05-01T14:30:00Z"));
  EXPECT_EQ(parse_iso_instant("2024-05-01 14:30:00Z"), parse_iso_instant("2024-05-01T14:30:00Z"));
}

TEST(ParseIsoInstant, KeepsMillisecondsAndDropsFinerDigits) {
  EXPECT_EQ(parse_iso_instant("1970-01-01T00:00:00.1Z"), 100);
  EXPECT_EQ(parse_iso_instant("1970-01-01T00:00:00.123456789Z"), 123);
  EXPECT_FALSE(parse_iso_instant("1970-01-01T00:00:00.1234567890Z"));
  EXPECT_FALSE(parse_iso_instant("1970-01-01T00:00:00.Z"));
}

TEST(ParseIsoInstant, RefusesImpossibleOrIncompleteInstants) {
  for (const char* bad :
       {"", "2024", "2024-05-01", "2024-05-01T14:30:00", "2024-13-01T00:00:00Z",
        "2024-00-10T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
        "2024-05-01T24:00:00Z", "2024-05-01T23:60:00Z", "2024-05-01T23:59:60Z",
        "2024-05-01T10:00:00+24:00", "2024-05-01T10:00:00Zjunk", "2024-5-1T10:00:00Z",
        "yesterday", "2024-05-01T10:00:00 Z", "２０２４-05-01T10:00:00Z"}) {
    EXPECT_FALSE(parse_iso_instant(bad)) << bad;
  }
}

TEST(ParseIsoInstant, HandlesLeapYearsAcrossCenturies) {
  EXPECT_TRUE(parse_iso_instant("2000-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_iso_instant("1900-02-29T00:00:00Z"));
  EXPECT_TRUE(parse_iso_instant("2400-02-29T00:00:00Z"));
}

TEST(FormatIsoInstant, MatchesJavaScriptToIsoString) {
  EXPECT_EQ(format_iso_instant(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso_instant(1714573800000), "2024-05-01T14:30:00.000Z");
  EXPECT_EQ(format_iso_instant(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_iso_instant(951782400000), "2000-02-29T00:00:00.000Z");
}

TEST(FormatIsoInstant, RoundTripsEveryDayOfAFourHundredYearCycle) {
  const int64_t start = *parse_iso_instant("2000-01-01T12:34:56.789Z");
  for (int64_t day = 0; day < 146097; day += 13) {
    const int64_t ms = start + day * 86400000;
    EXPECT_EQ(parse_iso_instant(format_iso_instant(ms)), ms);
  }
}

TEST(LooksLikeIanaZone, AcceptsZoneNamesOnly) {
  for (const char* zone : {"UTC", "America/New_York", "America/Argentina/Buenos_Aires",
                           "Etc/GMT+5", "Asia/Ho_Chi_Minh"})
    EXPECT_TRUE(looks_like_iana_zone(zone)) << zone;
  for (const char* bad : {"", "New York", "/UTC", "UTC/", "America/New_York;drop", "<b>"})
    EXPECT_FALSE(looks_like_iana_zone(bad)) << bad;
}

}  // namespace
}  // namespace cbvm
