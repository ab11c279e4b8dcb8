// The only file that knows about Emscripten. A deliberately narrow boundary:
// no C++ object for JavaScript to own or delete.
//   _run(decision, json)          JSON text in, JSON text out (any decision)
//   _classifyTask(channel, type)  a task's kind, asked on every render
//   _cbvm_frame_in / _cbvm_frame_call   frames in and out (see wire.hpp)
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstdint>
#include <string>
#include <vector>

#include "cbvm/api.hpp"
#include "cbvm/channel.hpp"
#include "cbvm/wire.hpp"

namespace {

std::string run_decision(const std::string& decision, const std::string& input_json) {
  return cbvm::api::run(decision, input_json);
}

int classify_task(const std::string& channel, const std::string& task_type) {
  return static_cast<int>(cbvm::classify_task(channel, task_type));
}

// One input area and one answer, reused call after call: JavaScript copies
// its frame in, calls, and reads the answer before the next call.
std::vector<int32_t> g_in_words;
std::vector<double> g_in_nums;
std::vector<char> g_in_text;
uint32_t g_in_info[3];
cbvm::wire::Writer g_out(/*intern_keys=*/true);
int32_t g_out_info[9];

template <typename T>
T* room(std::vector<T>& v, uint32_t n) {
  if (v.size() < n) v.resize(n);
  return v.data();
}

}  // namespace

extern "C" {

// Makes room for a frame of the given sizes; returns [words, nums, text] addresses.
EMSCRIPTEN_KEEPALIVE uint32_t* cbvm_frame_in(uint32_t words, uint32_t nums, uint32_t text_bytes) {
  g_in_info[0] = reinterpret_cast<uintptr_t>(room(g_in_words, words + 1));
  g_in_info[1] = reinterpret_cast<uintptr_t>(room(g_in_nums, nums + 1));
  g_in_info[2] = reinterpret_cast<uintptr_t>(room(g_in_text, text_bytes + 1));
  return g_in_info;
}

// Runs a decision on the frame in the input area. Returns the answer's
// [words, word count, nums, num count, text, text bytes, text units,
//  new keys, new key ints] — valid until the next call.
EMSCRIPTEN_KEEPALIVE int32_t* cbvm_frame_call(uint32_t decision, uint32_t words, uint32_t nums,
                                              uint32_t text_bytes, uint32_t text_units,
                                              uint32_t flags) {
  cbvm::api::FrameIn in;
  const bool fits = words <= g_in_words.size() && nums <= g_in_nums.size() &&
                    text_bytes <= g_in_text.size() && text_units <= text_bytes * 2 + 1;
  if (fits) {
    in.words = g_in_words.data();
    in.word_count = words;
    in.nums = g_in_nums.data();
    in.num_count = nums;
    in.text = g_in_text.data();
    in.text_bytes = text_bytes;
    in.text_units = text_units;
  }
  in.too_deep = (flags & 1u) != 0;
  g_out.clear();
  cbvm::api::run_frame(decision, in, g_out);
  const auto addr = [](const void* p) { return static_cast<int32_t>(reinterpret_cast<uintptr_t>(p)); };
  g_out_info[0] = addr(g_out.words().data());
  g_out_info[1] = static_cast<int32_t>(g_out.words().size());
  g_out_info[2] = addr(g_out.nums().data());
  g_out_info[3] = static_cast<int32_t>(g_out.nums().size());
  g_out_info[4] = addr(g_out.text().data());
  g_out_info[5] = static_cast<int32_t>(g_out.text().size());
  g_out_info[6] = static_cast<int32_t>(g_out.text_units());
  g_out_info[7] = addr(g_out.new_keys().data());
  g_out_info[8] = static_cast<int32_t>(g_out.new_keys().size());
  return g_out_info;
}

}  // extern "C"

EMSCRIPTEN_BINDINGS(cbvm_core) {
  emscripten::function("_run", &run_decision);
  emscripten::function("_classifyTask", &classify_task);
}
