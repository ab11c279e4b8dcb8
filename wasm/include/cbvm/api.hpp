// The JSON face of the core: every decision by name, JSON text in, JSON text
// out. The WebAssembly bindings, the golden vectors and the shim all go
// through here, so one input gives one answer natively and in the browser.
//
// Every answer is an envelope:
//   {"ok": true,  "value": ...}
//   {"ok": false, "error": {"code": "MISSING_PARAMETER", "message": "...", "status": 400}}
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cbvm/wire.hpp"

namespace cbvm::api {

// Largest input accepted, and deepest nesting, before parsing.
inline constexpr size_t kMaxInputBytes = 1 << 20;
inline constexpr int kMaxNestingDepth = 64;

// Runs the named decision on a JSON input. Never throws, never aborts.
std::string run(std::string_view decision, std::string_view input_json);

// An input frame written by JavaScript (see wire.hpp).
struct FrameIn {
  const int32_t* words = nullptr;
  size_t word_count = 0;
  const double* nums = nullptr;
  size_t num_count = 0;
  const char* text = nullptr;
  size_t text_bytes = 0;
  size_t text_units = 0;
  bool too_deep = false;  // the writer stopped at kMaxNestingDepth
};

// Runs decision number `decision_index` (its place in decision_names()) on a
// frame and writes the envelope to `out`: the same answers as `run`. With
// `refer_to_input`, strings the answer repeats from the input are written as
// references to the input's tokens (the caller holds those strings already).
void run_frame(size_t decision_index, const FrameIn& in, wire::Writer& out,
               bool refer_to_input = true);

// Returns the names of every decision `run` knows, in decision-number order.
std::vector<std::string> decision_names();

}  // namespace cbvm::api
