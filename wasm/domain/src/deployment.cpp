#include "cbvm/deployment.hpp"

#include <array>
#include <cstdint>

#include "text.hpp"

namespace cbvm {
namespace {

// Twilio's default region: an edge named without a region is an edge of us1
// (the official libraries build <product>.<edge>.us1.twilio.com), and
// api.us1.twilio.com is the one <product>.<region> host Twilio keeps serving.
constexpr std::string_view kDefaultRegion = "us1";

enum class HostKind { kPublic, kPrivate, kInvalid };

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }
int hex_value(char c) { return is_digit(c) ? c - '0' : c - 'a' + 10; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// One part of an IPv4 address as a URL parser reads it: decimal, 0x hex or
// leading-zero octal. nullopt when it is not a number.
std::optional<uint64_t> ipv4_number(std::string_view part) {
  if (part.empty()) return std::nullopt;
  int radix = 10;
  if (part.size() >= 2 && part[0] == '0' && part[1] == 'x') {
    radix = 16;
    part.remove_prefix(2);
  } else if (part.size() >= 2 && part[0] == '0') {
    radix = 8;
    part.remove_prefix(1);
  }
  uint64_t value = 0;
  for (char c : part) {
    const bool ok = radix == 16 ? is_hex(c) : (is_digit(c) && c - '0' < radix);
    if (!ok) return std::nullopt;
    value = value * static_cast<uint64_t>(radix) + static_cast<uint64_t>(hex_value(c));
    if (value > 0xFFFFFFFFull) return uint64_t{0x100000000ull};  // too large either way
  }
  return value;
}

// Whether the name's last label is a number: then a URL parser reads the
// whole host as an IPv4 address (127.1, 0x7f.0.0.1, 2130706433) or refuses it.
bool ends_in_number(const std::vector<std::string_view>& labels) {
  std::string_view last = labels.back();
  if (last.empty()) return false;
  bool digits = true;
  for (char c : last) digits = digits && is_digit(c);
  if (digits) return true;
  if (last.size() < 2 || last[0] != '0' || last[1] != 'x') return false;
  for (char c : last.substr(2))
    if (!is_hex(c)) return false;
  return true;
}

bool private_ipv4(uint32_t a) {
  const uint32_t first = a >> 24;
  const uint32_t second = (a >> 16) & 0xFF;
  return first == 0 || first == 127 || first == 10 || (first == 172 && (second & 0xF0) == 16) ||
         (first == 192 && second == 168) || (first == 169 && second == 254);
}

HostKind ipv4_kind(const std::vector<std::string_view>& labels) {
  if (labels.size() > 4) return HostKind::kInvalid;
  std::vector<uint64_t> numbers;
  for (std::string_view label : labels) {
    auto n = ipv4_number(label);
    if (!n) return HostKind::kInvalid;
    numbers.push_back(*n);
  }
  uint64_t address = 0;
  for (size_t i = 0; i + 1 < numbers.size(); ++i) {
    if (numbers[i] > 255) return HostKind::kInvalid;
    address += numbers[i] << (8 * (3 - i));
  }
  const uint64_t last = numbers.back();
  if (last >= (uint64_t{1} << (8 * (5 - numbers.size())))) return HostKind::kInvalid;
  address += last;
  return private_ipv4(static_cast<uint32_t>(address)) ? HostKind::kPrivate : HostKind::kPublic;
}

// Parses the text between an IPv6 address's brackets (a zone, "%...", is
// dropped: it only ever follows a link-local address).
std::optional<std::array<uint8_t, 16>> parse_ipv6(std::string_view text) {
  if (auto zone = text.find('%'); zone != std::string_view::npos) text = text.substr(0, zone);
  std::vector<uint16_t> head, tail;
  bool compressed = false;
  std::string_view left = text, right;
  if (auto gap = text.find("::"); gap != std::string_view::npos) {
    compressed = true;
    left = text.substr(0, gap);
    right = text.substr(gap + 2);
    if (right.find("::") != std::string_view::npos) return std::nullopt;
  }
  auto groups = [](std::string_view s, std::vector<uint16_t>& out, bool last_side) {
    if (s.empty()) return true;
    auto parts = split(s, ':');
    for (size_t i = 0; i < parts.size(); ++i) {
      std::string_view p = parts[i];
      if (last_side && i + 1 == parts.size() && p.find('.') != std::string_view::npos) {
        auto octets = split(p, '.');
        if (octets.size() != 4) return false;
        uint32_t v4 = 0;
        for (std::string_view o : octets) {
          if (o.empty() || o.size() > 3) return false;
          uint32_t n = 0;
          for (char c : o) {
            if (!is_digit(c)) return false;
            n = n * 10 + static_cast<uint32_t>(c - '0');
          }
          if (n > 255) return false;
          v4 = (v4 << 8) | n;
        }
        out.push_back(static_cast<uint16_t>(v4 >> 16));
        out.push_back(static_cast<uint16_t>(v4 & 0xFFFF));
        continue;
      }
      if (p.empty() || p.size() > 4) return false;
      uint16_t n = 0;
      for (char c : p) {
        if (!is_hex(c)) return false;
        n = static_cast<uint16_t>(n * 16 + hex_value(c));
      }
      out.push_back(n);
    }
    return true;
  };
  if (!groups(left, head, !compressed) || !groups(right, tail, true)) return std::nullopt;
  const size_t count = head.size() + tail.size();
  if (compressed ? count > 7 : count != 8) return std::nullopt;
  std::array<uint16_t, 8> words{};
  for (size_t i = 0; i < head.size(); ++i) words[i] = head[i];
  for (size_t i = 0; i < tail.size(); ++i) words[8 - tail.size() + i] = tail[i];
  std::array<uint8_t, 16> bytes{};
  for (size_t i = 0; i < 8; ++i) {
    bytes[2 * i] = static_cast<uint8_t>(words[i] >> 8);
    bytes[2 * i + 1] = static_cast<uint8_t>(words[i] & 0xFF);
  }
  return bytes;
}

HostKind ipv6_kind(std::string_view inside) {
  auto parsed = parse_ipv6(inside);
  if (!parsed) return HostKind::kInvalid;
  const auto& b = *parsed;
  auto zero = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i)
      if (b[i] != 0) return false;
    return true;
  };
  auto embedded_v4 = [&] {
    return (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15];
  };
  if (zero(0, 15) && (b[15] == 0 || b[15] == 1)) return HostKind::kPrivate;  // :: and ::1
  if ((b[0] & 0xFE) == 0xFC) return HostKind::kPrivate;                      // fc00::/7
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return HostKind::kPrivate;      // fe80::/10
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64
  // (64:ff9b::a.b.c.d) addresses reach the IPv4 address they carry.
  const bool mapped = zero(0, 10) && b[10] == 0xFF && b[11] == 0xFF;
  const bool compatible = zero(0, 12);
  const bool nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && zero(4, 12);
  if ((mapped || compatible || nat64) && private_ipv4(embedded_v4())) return HostKind::kPrivate;
  return HostKind::kPublic;
}

HostKind host_kind(std::string_view raw) {
  const std::string host = lower(raw);
  if (host.empty()) return HostKind::kInvalid;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return HostKind::kInvalid;
    return ipv6_kind(std::string_view(host).substr(1, host.size() - 2));
  }
  std::string_view name = host;
  if (name.size() > 1 && name.back() == '.') name.remove_suffix(1);  // the root: localhost.
  const auto labels = split(name, '.');
  if (ends_in_number(labels)) return ipv4_kind(labels);
  if (name == "localhost" || (name.size() > 10 && name.substr(name.size() - 10) == ".localhost"))
    return HostKind::kPrivate;
  return HostKind::kPublic;
}

// A URL parser percent-decodes a host before reading it (%31%32%37.0.0.1).
std::string percent_decoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const std::string pair = lower(s.substr(i + 1, 2));
      if (is_hex(pair[0]) && is_hex(pair[1])) {
        out += static_cast<char>(hex_value(pair[0]) * 16 + hex_value(pair[1]));
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// Whether the text is one host label: lowercase letters and digits, with
// hyphens inside (edge locations such as sao-paulo and ashburn-ix have them).
bool is_label(std::string_view s) {
  if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
  for (char c : s)
    if (!(is_digit(c) || (c >= 'a' && c <= 'z') || c == '-')) return false;
  return true;
}

std::string_view edge_example(std::string_view region) {
  // Twilio's pairs of region and edge location (Twilio CLI, "Regional").
  if (region == "au1") return "sydney";
  if (region == "ie1") return "dublin";
  if (region == "jp1") return "tokyo";
  return "";
}

Error config_error(std::string message) {
  return make_error(ErrorCode::kInvalidConfiguration, std::move(message));
}

std::optional<std::string> given(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  std::string_view t = text::trim(*v);
  if (t.empty()) return std::nullopt;
  return std::string(t);
}

}  // namespace

std::optional<std::string> url_host(std::string_view url) {
  url = text::trim(url);
  size_t colon = url.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string scheme = lower(url.substr(0, colon));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(colon + 1);
  // A URL parser takes any run of slashes or backslashes after http(s):.
  while (!rest.empty() && (rest.front() == '/' || rest.front() == '\\')) rest.remove_prefix(1);
  const size_t end = rest.find_first_of("/\\?#");
  std::string_view authority = rest.substr(0, end);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
  } else {
    host = authority.substr(0, authority.find(':'));
  }
  if (host.empty()) return std::nullopt;
  return lower(percent_decoded(host));
}

bool is_private_host(std::string_view host) { return host_kind(host) == HostKind::kPrivate; }

Result<Deployment> check_deployment(const DeploymentInput& input) {
  Deployment out;
  // Twilio's runtime serves the service on its public domain; a local run is
  // served on this machine (twilio-run: localhost:<port>). Without a domain
  // the answer is "deployed", the side on which the checks below refuse.
  out.deployed = true;
  if (auto domain = given(input.domain_name)) {
    auto host = url_host("https://" + *domain);
    out.deployed = !(host && host_kind(*host) == HostKind::kPrivate);
  }

  const auto region = given(input.region);
  const auto edge = given(input.edge);
  if (region && !is_label(*region))
    return config_error(
        "TWILIO_REGION must be a Twilio region such as au1 or ie1 (lowercase letters, digits and "
        "inner hyphens); got " +
        text::quoted_echo(*region) + ".");
  if (edge && !is_label(*edge))
    return config_error(
        "TWILIO_EDGE must be a Twilio edge location such as sydney or dublin (lowercase letters, "
        "digits and inner hyphens); got " +
        text::quoted_echo(*edge) + ".");
  if (region && !edge && *region != kDefaultRegion) {
    const std::string_view example = edge_example(*region);
    return config_error(
        "TWILIO_REGION is " + *region +
        " but TWILIO_EDGE is not set: Twilio serves a region other than us1 only through an edge "
        "location (api.<edge>." +
        *region + ".twilio.com), so set TWILIO_EDGE" +
        (example.empty() ? std::string(" to that region's edge location.")
                         : ", e.g. " + std::string(example) + "."));
  }
  out.edge = edge.value_or("");
  out.region = region ? *region : (edge ? std::string(kDefaultRegion) : "");
  out.host_suffix = (out.edge.empty() ? "" : out.edge + ".") +
                    (out.region.empty() ? "" : out.region + ".") + "twilio.com";

  for (const ConfiguredUrl& configured : input.urls) {
    const auto value = given(std::optional<std::string>(configured.url));
    if (!value) continue;
    const auto host = url_host(*value);
    const HostKind kind = host ? host_kind(*host) : HostKind::kInvalid;
    if (kind == HostKind::kInvalid)
      return config_error(configured.variable + " must be an http(s) URL with a host; got " +
                          text::quoted_echo(*value) + ".");
    if (out.deployed && kind == HostKind::kPrivate)
      return config_error(configured.variable + " points at " + *host +
                          ", a loopback or private address a deployed service must not call (it "
                          "is for local runs against the emulator): remove " +
                          configured.variable + " from the service's environment.");
  }
  return out;
}

}  // namespace cbvm
