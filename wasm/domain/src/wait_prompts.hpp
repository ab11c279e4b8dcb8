// The wait experience's prompts in each locale it speaks, with the <Say> voice
// and language of each. The table is data: scripts/gen-wait-prompts.mjs writes
// wait_prompts.cpp from literals/wait-prompts.json. Only the wait step reads
// it, and the browser module (CBVM_AGENT_DECISIONS_ONLY) has no wait step, so
// the prompts are linked into the functions' module alone.
#pragma once

#include <cstddef>
#include <string_view>

namespace cbvm::prompts {

// A word for the hours from `from_hour` on (until the next period's), on a 12-hour clock.
struct Period {
  int from_hour;
  std::string_view word;  // "AM", "de la tarde"
};

// How a locale speaks a date and time; the patterns' {{placeholders}} are
// filled by the core (see literals/wait-prompts.json, "calendar").
struct Calendar {
  std::string_view weekdays[7];  // Monday first
  std::string_view months[12];
  std::string_view today;
  std::string_view tomorrow;
  std::string_view date;          // {{weekday}} {{day}} {{month}}
  std::string_view slot;          // {{date}} {{time}}
  std::string_view slot_at_one;   // the same when the hour spoken is 1 ("a la 1:00")
  std::string_view time;          // {{hour}} {{minute}} [{{period}}]
  std::string_view time_on_hour;  // the same when the minutes are 00
  bool hour12;                    // hours 1-12 with a period word, else 0-23
  const Period* periods;          // by rising from_hour, the first from 0; ends with {24, ""}
  size_t period_count;
};

struct Locale {
  std::string_view tag;       // as the plugin names it: "es-MX", "zh-Hans"
  std::string_view voice;     // <Say voice>
  std::string_view language;  // <Say language>: the code the voice speaks
  const std::string_view* aliases;  // other tags that select it, in lower case
  size_t alias_count;
  const std::string_view* messages;  // one per key, in kMessageKeys' order
  const Calendar* calendar;
};

extern const std::string_view kMessageKeys[];
extern const size_t kMessageCount;
// The first locale is the default and the one every other is checked against.
extern const Locale kLocales[];
extern const size_t kLocaleCount;

}  // namespace cbvm::prompts
