// libFuzzer target over the JSON door: every decision, any text. An input is
// "<decision>\n<text>"; the decision is matched against the registry so most
// inputs reach a real decision. The core must answer an envelope and never
// crash, read out of bounds or hit undefined behaviour (built with ASan and
// UBSan, see scripts/fuzz.sh).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cbvm/api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> kDecisions = cbvm::api::decision_names();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  std::string_view decision = input.substr(0, newline);
  const std::string_view text = newline == std::string_view::npos ? "" : input.substr(newline + 1);
  // A name that is not a decision picks one by its first byte, so mutated names still test one.
  bool known = false;
  for (const auto& name : kDecisions) known = known || name == decision;
  if (!known && !kDecisions.empty())
    decision = kDecisions[decision.empty() ? 0 : static_cast<uint8_t>(decision[0]) % kDecisions.size()];
  const std::string answer = cbvm::api::run(decision, text);
  if (answer.rfind("{\"error\":", 0) != 0 && answer.rfind("{\"ok\":", 0) != 0) __builtin_trap();
  return 0;
}
