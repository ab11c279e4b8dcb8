// The IANA zones as POSIX TZ rules, generated into tz_rules.cpp by
// scripts/gen-tz-rules.mjs from the machine's tz database (a test fails when
// stale). Absent from the browser module (CBVM_AGENT_DECISIONS_ONLY).
#pragma once

#include <cstddef>
#include <cstdint>

namespace cbvm::tz {

// A change of offset the tz database lists.
struct TzChange {
  int64_t at;      // seconds since the Unix epoch
  int32_t offset;  // seconds east of UTC from then on
  bool is_dst;
  const char* abbreviation;
};

struct ZoneEntry {
  const char* name;   // IANA zone or link name, e.g. "America/New_York"
  const char* posix;  // the rule of its future, e.g. "EST5EDT,M3.2.0,M11.1.0"
  // Changes the rule cannot say (Ramadan in Morocco), in time order, the first
  // the one in force when the list starts; the rule applies after the last.
  const TzChange* listed;
  size_t listed_count;
};

// Sorted by name (byte order), for binary search.
extern const ZoneEntry kZones[];
extern const size_t kZoneCount;
extern const char kTzdataVersion[];  // e.g. "2025b"

}  // namespace cbvm::tz
