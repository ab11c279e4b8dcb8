// The JSON door of the core: every decision by name, JSON text in, JSON text
// out. The WebAssembly bindings, the golden vectors and the shim all go
// through here, so one input gives one answer natively and in the browser.
//
// Every answer is an envelope:
//   {"ok": true,  "value": ...}
//   {"ok": false, "error": {"code": "MISSING_PARAMETER", "message": "...", "status": 400}}
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cbvm::api {

// Largest input accepted, and deepest nesting, before parsing.
inline constexpr size_t kMaxInputBytes = 1 << 20;
inline constexpr int kMaxNestingDepth = 64;

// Runs the named decision on a JSON input. Never throws, never aborts.
std::string run(std::string_view decision, std::string_view input_json);

// Returns the names of every decision `run` knows, sorted.
std::vector<std::string> decision_names();

}  // namespace cbvm::api
