// The time zones of each country, generated into tz_countries.cpp by
// scripts/gen-tz-countries.mjs from the machine's tz database (zone.tab; a
// test fails when stale). Absent from the browser module (CBVM_AGENT_DECISIONS_ONLY).
#pragma once

#include <cstddef>

namespace cbvm::tz {

struct CountryZone {
  const char* country;  // ISO 3166 alpha-2, e.g. "DE"
  const char* zone;     // an IANA zone of it, e.g. "Europe/Berlin"
};

// Sorted by country; a country's zones in zone.tab's order (the most populous first).
extern const CountryZone kCountryZones[];
extern const size_t kCountryZoneCount;
extern const char kCountryZonesVersion[];  // e.g. "2025b"

}  // namespace cbvm::tz
