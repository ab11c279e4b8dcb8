// Small text helpers the domain's validation and phone-number rules share.
#pragma once

#include <cstdint>
#include <optional>

#include <cctype>
#include <string>
#include <string_view>

namespace cbvm::text {

// The raw input as a message may echo it: quoted, at most 40 characters, with
// control characters, quotes and backslashes shown as '?'.
inline std::string quoted_echo(std::string_view raw) {
  constexpr size_t kMaxEchoChars = 40;
  std::string out = "\"";
  size_t n = 0;
  for (char c : raw) {
    if (n == kMaxEchoChars) {
      out += "…";
      break;
    }
    const unsigned char u = static_cast<unsigned char>(c);
    out += (u < 0x20 || c == '"' || c == '\\') ? '?' : c;
    ++n;
  }
  out += "\"";
  return out;
}

// Returns the text without leading and trailing white space.
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Returns whether s starts with prefix (given in lower case), ignoring case.
inline bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

// Returns the whole number spelled by 1 to max_digits ASCII digits (Twilio's
// QueueTime, QueuePosition, an epoch in seconds), or nullopt for anything else.
inline std::optional<int64_t> whole_number(std::string_view s, size_t max_digits) {
  if (s.empty() || s.size() > max_digits || s.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace cbvm::text
