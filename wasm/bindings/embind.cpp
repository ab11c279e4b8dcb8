// The only file that knows about Emscripten. A deliberately narrow boundary:
// strings in, strings out, no C++ object for JavaScript to own or delete.
#include <emscripten/bind.h>

#include <string>

#include "cbvm/api.hpp"
#include "cbvm/channel.hpp"

namespace {

std::string run_decision(const std::string& decision, const std::string& input_json) {
  return cbvm::api::run(decision, input_json);
}

// Channel classification runs on every render of every task: skip JSON.
int classify_task(const std::string& channel, const std::string& task_type) {
  return static_cast<int>(cbvm::classify_task(channel, task_type));
}

}  // namespace

EMSCRIPTEN_BINDINGS(cbvm_core) {
  emscripten::function("_run", &run_decision);
  emscripten::function("_classifyTask", &classify_task);
}
