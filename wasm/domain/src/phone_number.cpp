// Phone numbers: national and international entries made E.164 with
// libphonenumber's numbering plans (cbvm/phone_metadata.hpp), SIP addresses
// checked for their basic syntax.
#include <array>
#include <cctype>
#include <cstring>

#include "cbvm/literals.hpp"
#include "cbvm/phone_metadata.hpp"
#include "cbvm/sms.hpp"
#include "cbvm/validation.hpp"
#include "text.hpp"

namespace cbvm {
namespace {

using phone::Region;

constexpr size_t kMaxRaw = 256;
constexpr size_t kMaxDigits = 20;  // more than any dialled form of a 15-digit number

// The number placeholders Twilio sends for withheld caller IDs: keypad
// spellings of ANONYMOUS, RESTRICTED, BLOCKED, UNKNOWN and UNAVAILABLE.
constexpr std::array<std::string_view, 5> kWithheldNumbers = {
    "+266696687", "+7378742833", "+2562533", "+8656696", "+86282452253"};

using text::quoted_echo;
using text::starts_with_ci;
using text::trim;

Error bad_number(std::string_view field, const Region* region, std::string_view raw,
                 std::string_view why) {
  std::string what = region ? std::string("a phone number of ") + region->iso +
                                  " or one with its country code"
                            : std::string("a phone number with its country code");
  return make_error(ErrorCode::kInvalidParameter,
                    std::string(field) + " must be " + what + ", like +14155550100 (got " +
                        quoted_echo(raw) + "): " + std::string(why) + ".");
}

#ifndef CBVM_PHONE_LENGTHS_ONLY
// A matcher for libphonenumber's regex subset that follows every alternative
// at once: a set of positions in the text (bit i: i digits consumed) goes in,
// the set of positions reachable after the pattern comes out. Texts are at
// most kMaxDigits long, so no backtracking and no allocation.
using Positions = uint64_t;

// Where the atom starting at p ends.
const char* atom_end(const char* p, const char* end) {
  if (*p == '\\') return p + 2;
  if (*p == '[') {
    while (p < end && *p != ']') ++p;
    return p + 1;
  }
  if (*p == '(') {
    int depth = 0;
    for (; p < end; ++p) {
      if (*p == '[') {
        while (p < end && *p != ']') ++p;
      } else if (*p == '(') {
        ++depth;
      } else if (*p == ')' && --depth == 0) {
        return p + 1;
      }
    }
  }
  return p + 1;
}

bool in_class(const char* p, const char* end, char c) {  // p after '[', end at ']'
  while (p < end) {
    if (*p == '\\') {
      if (c >= '0' && c <= '9') return true;
      p += 2;
    } else if (p + 2 < end && p[1] == '-') {
      if (c >= p[0] && c <= p[2]) return true;
      p += 3;
    } else {
      if (c == *p) return true;
      ++p;
    }
  }
  return false;
}

Positions match_alternatives(const char* p, const char* end, std::string_view text, Positions in);

Positions match_atom(const char* p, const char* e, std::string_view text, Positions in) {
  if (*p == '(') {
    const char* inner = p + 1;
    if (inner + 1 < e && inner[0] == '?' && inner[1] == ':') inner += 2;
    return match_alternatives(inner, e - 1, text, in);
  }
  Positions out = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!(in >> i & 1)) continue;
    const char c = text[i];
    bool ok = *p == '\\' ? (c >= '0' && c <= '9') : *p == '[' ? in_class(p + 1, e - 1, c) : c == *p;
    if (ok) out |= Positions{1} << (i + 1);
  }
  return out;
}

Positions match_sequence(const char* p, const char* end, std::string_view text, Positions in) {
  while (p < end && in) {
    const char* e = atom_end(p, end);
    int min = 1, max = 1;
    const char* next = e;
    if (next < end && *next == '?') {
      min = 0;
      ++next;
    } else if (next < end && *next == '{') {
      min = 0;
      for (++next; *next >= '0' && *next <= '9'; ++next) min = min * 10 + (*next - '0');
      max = min;
      if (*next == ',') {
        max = 0;
        for (++next; *next >= '0' && *next <= '9'; ++next) max = max * 10 + (*next - '0');
      }
      ++next;  // '}'
    }
    Positions result = 0, current = in;
    for (int i = 0; current; ++i) {
      if (i >= min) result |= current;
      if (i == max) break;
      current = match_atom(p, e, text, current);
    }
    in = result;
    p = next;
  }
  return in;
}

Positions match_alternatives(const char* p, const char* end, std::string_view text, Positions in) {
  Positions out = 0;
  const char* start = p;
  while (p <= end) {
    if (p == end || *p == '|') {
      out |= match_sequence(start, p, text, in);
      start = p + 1;
      if (p == end) break;
      ++p;
    } else {
      p = atom_end(p, end);
    }
  }
  return out;
}

Positions match(const char* pattern, std::string_view text) {
  return match_alternatives(pattern, pattern + std::strlen(pattern), text, 1);
}
#endif

// Returns whether the national number is valid in the region.
bool valid_national(const Region& r, std::string_view national) {
  if (national.empty() || national.size() > 17 || !(r.lengths >> national.size() & 1)) return false;
#ifndef CBVM_PHONE_LENGTHS_ONLY
  if (r.national_pattern) return match(r.national_pattern, national) >> national.size() & 1;
#endif
  return true;
}

// The digits, country code first, as an E.164 number when one region of
// their calling code finds the rest valid.
std::optional<std::string> international(std::string_view digits) {
  for (size_t len = 1; len <= 3 && len < digits.size(); ++len) {
    int code = 0;
    for (char c : digits.substr(0, len)) code = code * 10 + (c - '0');
    if (digits[0] == '0') return std::nullopt;
    for (size_t i = 0; i < phone::kRegionCount; ++i) {
      const Region& r = phone::kRegions[i];
      if (r.country_code == code && valid_national(r, digits.substr(len)))
        return "+" + std::string(digits);
    }
  }
  return std::nullopt;
}

// The national number keyed in the region, without its national prefix, as E.164.
std::optional<std::string> national(const Region& r, std::string_view digits) {
  const std::string code = std::to_string(r.country_code);
  auto valid_in_code = [&](std::string_view n) {
    if (valid_national(r, n)) return true;
#ifdef CBVM_PHONE_LENGTHS_ONLY
    return false;  // lengths alone cannot tell the regions of a shared code apart
#endif
    for (size_t i = 0; i < phone::kRegionCount; ++i)
      if (phone::kRegions[i].country_code == r.country_code && valid_national(phone::kRegions[i], n))
        return true;
    return false;
  };
  // libphonenumber's rule: strip the national prefix unless what remains is not valid.
#ifndef CBVM_PHONE_LENGTHS_ONLY
  if (r.national_prefix_pattern && *r.national_prefix_pattern) {
    Positions ends = match(r.national_prefix_pattern, digits);
    for (size_t n = digits.size(); n > 0; --n)
      if (ends >> n & 1 && valid_in_code(digits.substr(n))) return "+" + code + std::string(digits.substr(n));
  }
#else
  const size_t np = std::strlen(r.national_prefix);
  if (np && digits.substr(0, np) == r.national_prefix && valid_in_code(digits.substr(np)))
    return "+" + code + std::string(digits.substr(np));
#endif
  if (valid_in_code(digits)) return "+" + code + std::string(digits);
  return std::nullopt;
}

// The digits after the region's international prefix, when they start with one.
std::optional<std::string_view> after_idd(const Region* r, std::string_view digits) {
  if (!r) {
    if (digits.size() > 2 && digits.substr(0, 2) == "00") return digits.substr(2);
    return std::nullopt;
  }
#ifndef CBVM_PHONE_LENGTHS_ONLY
  if (r->idd_pattern && *r->idd_pattern) {
    Positions ends = match(r->idd_pattern, digits);
    for (size_t n = digits.size() - 1; n > 0; --n)
      if (ends >> n & 1 && digits[n] != '0') return digits.substr(n);
    return std::nullopt;
  }
#endif
  const size_t n = std::strlen(r->idd);
  if (n && digits.size() > n && digits.substr(0, n) == r->idd && digits[n] != '0')
    return digits.substr(n);
  return std::nullopt;
}

bool sip_user_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("-_.!~*%&=+$,;?/", c);
}

// sip:user@host[:port][;params] with the characters RFC 3261 allows there
// (no quotes, angle brackets, spaces or control characters).
std::optional<std::string_view> sip_syntax_error(std::string_view s) {
  std::string_view rest = s.substr(4);
  const size_t at = rest.rfind('@');
  if (at == std::string_view::npos || at == 0) return "a sip: address needs a user before an @";
  for (char c : rest.substr(0, at))
    if (!sip_user_char(c)) return "the user of a sip: address contains a character it cannot have";
  std::string_view host = rest.substr(at + 1);
  size_t i = 0;
  while (i < host.size() && (std::isalnum(static_cast<unsigned char>(host[i])) || host[i] == '.' ||
                             host[i] == '-'))
    ++i;
  if (i == 0 || host[0] == '.' || host[0] == '-') return "a sip: address needs a host after its @";
  if (i < host.size() && host[i] == ':') {
    size_t digits = 0;
    for (++i; i < host.size() && std::isdigit(static_cast<unsigned char>(host[i])); ++i) ++digits;
    if (digits == 0 || digits > 5) return "the port of a sip: address must be a number";
  }
  if (i < host.size() && host[i] == ';') {
    for (; i < host.size(); ++i)
      if (!sip_user_char(host[i]) || host[i] == '?') break;
  }
  if (i != host.size()) return "the host of a sip: address contains a character it cannot have";
  return std::nullopt;
}

const phone::Region* find_region(std::string_view iso) {
  iso = trim(iso);
  if (iso.size() != 2) return nullptr;
  const char up[3] = {static_cast<char>(std::toupper(static_cast<unsigned char>(iso[0]))),
                      static_cast<char>(std::toupper(static_cast<unsigned char>(iso[1]))), 0};
  for (size_t i = 0; i < phone::kRegionCount; ++i)
    if (std::strcmp(phone::kRegions[i].iso, up) == 0) return &phone::kRegions[i];
  return nullptr;
}

}  // namespace

bool is_phone_region(std::string_view region) { return find_region(region) != nullptr; }

std::optional<std::string> region_of_number(std::string_view e164) {
  if (e164.size() < 3 || e164[0] != '+' || e164[1] == '0') return std::nullopt;
  const std::string_view digits = e164.substr(1);
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  for (size_t len = 1; len <= 3 && len < digits.size(); ++len) {
    int code = 0;
    for (char c : digits.substr(0, len)) code = code * 10 + (c - '0');
    for (size_t i = 0; i < phone::kRegionCount; ++i) {
      const Region& r = phone::kRegions[i];
      if (r.country_code == code && std::strcmp(r.iso, "001") != 0 && valid_national(r, digits.substr(len)))
        return std::string(r.iso);
    }
  }
  return std::nullopt;
}

// libphonenumber's getNumberType, for the two types SMS cares about: the
// region of the calling code whose national pattern takes the number, then
// its fixed-line and mobile patterns (each with its own lengths, if any).
NumberType phone_number_type(std::string_view e164) {
#ifdef CBVM_PHONE_LENGTHS_ONLY
  (void)e164;
  return NumberType::kUnknown;
#else
  if (e164.size() < 2 || e164[0] != '+') return NumberType::kUnknown;
  const std::string_view digits = e164.substr(1);
  for (char c : digits)
    if (c < '0' || c > '9') return NumberType::kUnknown;
  auto is = [](const char* pattern, uint32_t lengths, const Region& r, std::string_view n) {
    if (pattern == nullptr || *pattern == 0) return false;
    if (!((lengths ? lengths : r.lengths) >> n.size() & 1)) return false;
    return (match(pattern, n) >> n.size() & 1) != 0;
  };
  for (size_t len = 1; len <= 3 && len < digits.size(); ++len) {
    int code = 0;
    for (char c : digits.substr(0, len)) code = code * 10 + (c - '0');
    const std::string_view n = digits.substr(len);
    for (size_t i = 0; i < phone::kRegionCount; ++i) {
      const Region& r = phone::kRegions[i];
      if (r.country_code != code || !valid_national(r, n)) continue;
      if (is(r.fixed_line_pattern, r.fixed_line_lengths, r, n)) {
        if (r.mobile_pattern != nullptr && *r.mobile_pattern == 0) return NumberType::kFixedLineOrMobile;
        return is(r.mobile_pattern, r.mobile_lengths, r, n) ? NumberType::kFixedLineOrMobile : NumberType::kFixedLine;
      }
      return is(r.mobile_pattern, r.mobile_lengths, r, n) ? NumberType::kMobile : NumberType::kOther;
    }
  }
  return NumberType::kUnknown;
#endif
}

bool is_sip_address(std::string_view text) { return starts_with_ci(trim(text), "sip:"); }

Result<std::string> normalize_phone_number(std::string_view raw, std::string_view field,
                                           NumberRole role, std::string_view region_code) {
  const Region* region = find_region(region_code);
  std::string_view s = trim(raw);
  if (s.empty()) return bad_number(field, region, raw, "it is empty");
  if (s.size() > kMaxRaw) return bad_number(field, region, raw, "it is far too long");
  if (starts_with_ci(s, "sip:")) {
    if (role != NumberRole::kCallFrom)
      return bad_number(field, region, raw, "a sip: address can only be the number to call from");
    if (auto why = sip_syntax_error(s)) return bad_number(field, region, raw, *why);
    return std::string(s);
  }
  if (starts_with_ci(s, "client:"))
    return bad_number(field, region, raw, "a Twilio Client identity cannot be called back by phone");
  if (s.back() == '#') s.remove_suffix(1);  // the key that ends an entry on a keypad

  bool plus = false;
  std::string digits;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && i == 0) {
      plus = true;
    } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/') {
      continue;
    } else {
      std::string why = "it contains ";
      if (static_cast<unsigned char>(c) < 0x80 && static_cast<unsigned char>(c) >= 0x20)
        why += std::string("'") + c + "'";
      else
        why += "a character that is not a digit";
      return bad_number(field, region, raw, why);
    }
  }
  if (digits.empty()) return bad_number(field, region, raw, "it has no digits");
  if (digits.size() > kMaxDigits) return bad_number(field, region, raw, "it has too many digits");

  for (auto withheld : kWithheldNumbers)
    if (withheld.substr(1) == digits) return bad_number(field, region, raw, "the caller withheld their number");

  // E.164 bounds what any international entry can be.
  auto out_of_e164 = [&](std::string_view international_digits) -> std::optional<std::string_view> {
    if (international_digits[0] == '0') return "a country code cannot start with 0";
    if (international_digits.size() < 7) return "it has fewer than 7 digits";
    if (international_digits.size() > 15) return "it has more than 15 digits";
    return std::nullopt;
  };
  std::optional<std::string> e164;
  if (plus) {
    if (auto why = out_of_e164(digits)) return bad_number(field, region, raw, *why);
    e164 = international(digits);
  } else if (auto rest = after_idd(region, digits)) {
    if (auto why = out_of_e164(*rest)) return bad_number(field, region, raw, *why);
    e164 = international(*rest);
  } else if (!region) {
    if (digits[0] == '0')
      return bad_number(field, region, raw,
                        "it starts with a national trunk prefix 0 instead of a country code");
    if (auto why = out_of_e164(digits)) return bad_number(field, region, raw, *why);
    e164 = international(digits);
  } else {
    e164 = national(*region, digits);
    // Digits keyed country code first, as on a keypad (or a "+" lost to URL decoding).
    if (!e164 && digits[0] != '0' && digits.size() <= 15) e164 = international(digits);
  }
  if (!e164) {
    std::string why = region ? std::string("it is not a valid number in ") + region->iso +
                                   " nor with a country code first"
                             : "it is not a valid number with its country code, and the region "
                               "to read a national number in is not known";
    return bad_number(field, region, raw, why);
  }
  for (auto withheld : kWithheldNumbers)
    if (*e164 == withheld) return bad_number(field, region, raw, "the caller withheld their number");
  return *e164;
}

}  // namespace cbvm
