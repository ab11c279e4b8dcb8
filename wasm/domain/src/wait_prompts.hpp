// The wait experience's prompts in each locale it speaks, with the <Say> voice
// and language of each. The table is data: scripts/gen-wait-prompts.mjs writes
// wait_prompts.cpp from literals/wait-prompts.json. Only the wait step reads
// it, and the browser module (CBVM_AGENT_DECISIONS_ONLY) has no wait step, so
// the prompts are linked into the functions' module alone.
#pragma once

#include <cstddef>
#include <string_view>

namespace cbvm::prompts {

struct Locale {
  std::string_view tag;       // as the plugin names it: "es-MX", "zh-Hans"
  std::string_view voice;     // <Say voice>
  std::string_view language;  // <Say language>: the code the voice speaks
  const std::string_view* aliases;  // other tags that select it, in lower case
  size_t alias_count;
  const std::string_view* messages;  // one per key, in kMessageKeys' order
};

extern const std::string_view kMessageKeys[];
extern const size_t kMessageCount;
// The first locale is the default and the one every other is checked against.
extern const Locale kLocales[];
extern const size_t kLocaleCount;

}  // namespace cbvm::prompts
