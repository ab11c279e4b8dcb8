// Where the functions run and which Twilio hosts they talk to: the region and
// edge of every API call, and whether this configuration may run here at all.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cbvm/result.hpp"

namespace cbvm {

// A URL the configuration sends requests to, with the variable that set it
// (named in a refusal).
struct ConfiguredUrl {
  std::string variable;  // e.g. "TWILIO_API_BASE_URL"
  std::string url;
};

struct DeploymentInput {
  // The host (and port) the runtime serves this service on: Twilio sets
  // DOMAIN_NAME to the service's public domain; twilio-run to localhost:<port>.
  std::optional<std::string> domain_name;
  std::optional<std::string> region;  // TWILIO_REGION, e.g. "au1"
  std::optional<std::string> edge;    // TWILIO_EDGE, e.g. "sydney"
  // Endpoints a local run points elsewhere (the emulator, a tunnel); none of
  // them may point inside a private network once deployed.
  std::vector<ConfiguredUrl> urls;
};

struct Deployment {
  bool deployed = false;  // running on Twilio's runtime, not on this machine
  std::string region;     // "" for Twilio's default (us1, api.twilio.com)
  std::string edge;       // "" for none
  // The hosts' common suffix: "twilio.com", or "<edge>.<region>.twilio.com";
  // a product's API host is "<product>.<host_suffix>".
  std::string host_suffix;
};

// Returns where and how the functions run: the region and edge every Twilio
// API host carries, and whether this is a deployment. Refuses (INVALID_CONFIGURATION,
// a sentence naming the variable) a region or edge that is not a host label,
// a region other than us1 without an edge (Twilio serves other regions only
// through an edge: <product>.<edge>.<region>.twilio.com), and, when deployed,
// any configured URL that is not http(s) or that points at a loopback, private
// or link-local address.
Result<Deployment> check_deployment(const DeploymentInput& input);

// Returns whether `host` (a URL's host: a name, a dotted IPv4 address in any
// form a URL parser accepts, or a bracketed IPv6 address) is this machine or a
// private network: localhost, 0/8, 127/8, 10/8, 172.16/12, 192.168/16,
// 169.254/16, ::, ::1, fc00::/7, fe80::/10 and IPv4-mapped forms of these.
// A name is judged by its text; what it resolves to is not known here.
bool is_private_host(std::string_view host);

// Returns the host of a Twilio URL, or nullopt when `url` is not http(s) with a host.
std::optional<std::string> url_host(std::string_view url);

}  // namespace cbvm
