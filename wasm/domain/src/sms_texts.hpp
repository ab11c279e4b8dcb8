// The customer's text messages in each locale, with the words that cancel a
// callback. The table is data: scripts/gen-sms-texts.mjs writes sms_texts.cpp
// from literals/sms-texts.json. Only the SMS decisions read it (sms.cpp).
#pragma once

#include <cstddef>
#include <string_view>

namespace cbvm::sms_texts {

struct Locale {
  std::string_view tag;  // a wait-experience locale: "es-MX", "zh-Hans"
  const std::string_view* cancel_words;
  size_t cancel_word_count;
  const std::string_view* messages;  // one per key, in kMessageKeys' order
};

extern const std::string_view kMessageKeys[];
extern const size_t kMessageCount;
// The first locale is the default and the reference.
extern const Locale kLocales[];
extern const size_t kLocaleCount;

}  // namespace cbvm::sms_texts
