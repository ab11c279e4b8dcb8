// Numbering plans from Google's libphonenumber metadata, generated into
// phone_metadata.cpp by scripts/gen-phone-metadata.mjs (a test fails when stale).
#pragma once

#include <cstddef>
#include <cstdint>

namespace cbvm::phone {

// One region's numbering plan. The patterns use libphonenumber's regex subset
// (digits, \d, [classes], groups, |, ? and {n}/{n,m}); they are null in a build
// with CBVM_PHONE_LENGTHS_ONLY (the browser module, for its size budget), which
// then judges national numbers by their possible lengths alone.
struct Region {
  const char* iso;              // ISO 3166 alpha-2, or "001" for a non-geographic code
  uint16_t country_code;        // the calling code
  uint32_t lengths;             // bit n set: a national number may have n digits
  const char* national_prefix;  // the trunk prefix dialled before national numbers, or ""
  const char* idd;              // the international prefix as dialled (00, 011), or ""
  const char* idd_pattern;      // every international prefix of the region, or null
  const char* national_prefix_pattern;  // prefixes stripped from national entries, or null
  const char* national_pattern;         // valid national numbers, or null
  // libphonenumber's number types that matter for SMS: the fixed-line and the
  // mobile numbers (null: the region names none). A mobile pattern "" means the
  // region's fixed-line numbers may be mobile too (FIXED_LINE_OR_MOBILE, as in
  // the NANP). Lengths as above; 0 means the region's own.
  const char* fixed_line_pattern;
  uint32_t fixed_line_lengths;
  const char* mobile_pattern;
  uint32_t mobile_lengths;
};

// Each calling code's main region comes first among the regions sharing it.
extern const Region kRegions[];
extern const size_t kRegionCount;

}  // namespace cbvm::phone
