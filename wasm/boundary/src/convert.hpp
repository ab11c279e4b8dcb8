// The JSON side of the boundary: reading decision inputs into the domain's
// plain structs and writing its answers back. Nothing here decides; every
// rule is in the domain (wasm/domain).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cbvm/attributes.hpp"
#include "cbvm/callback_task.hpp"
#include "cbvm/panel.hpp"
#include "cbvm/result.hpp"
#include "cbvm/validation.hpp"

namespace cbvm::boundary {

using json = nlohmann::json;

// An answer of a decision through the JSON door.
using Answer = Result<json>;

Error bad_input(std::string_view decision, std::string what);

// Reads typed members of a decision's input, remembering the first problem so
// a decision can read everything and check once. Null counts as absent.
class Reader {
 public:
  explicit Reader(std::string_view decision) : decision_(decision) {}

  // The member, or nullptr when `from` is not an object, lacks it, or it is null.
  static const json* member(const json* from, std::string_view key);

  const json* object(const json* from, std::string_view key, std::string_view path, bool required);
  std::optional<std::string> text(const json* from, std::string_view key, std::string_view path);
  std::optional<bool> boolean(const json* from, std::string_view key, std::string_view path);
  std::optional<int64_t> integer(const json* from, std::string_view key, std::string_view path,
                                 int64_t min, int64_t max);

  [[nodiscard]] Status status() const { return error_ ? Status(*error_) : Status(); }
  void fail(std::string what);

 private:
  std::string_view decision_;
  std::optional<Error> error_;
};

// Lenient reads of values a rule tolerates in any shape (task attributes).
std::string text_or_empty(const json* value);                  // "" unless text
std::optional<std::string> nonempty_text(const json* value);   // nullopt unless non-empty text
std::optional<int64_t> integral(const json* value);            // an integral number within ±9e15
std::optional<int64_t> integral(double value);                 // the same rule for a number
// A count some flows and older versions wrote as text ("2"): the number it
// spells, by the same rule; nullopt when it spells none.
std::optional<int64_t> integral_text(const std::string& text);

// A task's attributes: an object from Flex, or the JSON text TaskRouter's REST
// API sends; anything else reads as an empty object.
json attributes_of(const json& task);

// The HTTP parameters of a request (an object) as the domain takes them.
Params params_from(const json& params);

// The feature's Flex configuration: member `config` of `from`.
FeatureConfig feature_config_from(Reader& r, const json* from);

// Server configuration of a callback: member `key` of `from` (`config` of
// buildCallbackTask, the wait step's `options.config`).
CallbackConfig callback_config_from(Reader& r, const json* from, std::string_view key,
                                    std::string_view path);

// A TaskRouter task in the REST wire shape (snake_case, attributes as text)
// or the twilio library's camelCase shape.
OriginalTask original_task_from(const json& task);

// What the panel reads of a task given as Flex holds it.
PanelTask panel_task_from(Reader& r, const json* task);

// Applies a patch to attributes (an object).
void apply_patch(json& attributes, const AttributePatch& patch);

// The task to create, as the functions hand it to TaskRouter, its attributes
// built over `base` (the original's attributes, or {}).
json callback_task_json(const CallbackTaskSpec& spec, json base);

// The validated request, with only the fields that were given.
json request_json(const CallbackRequest& request);

}  // namespace cbvm::boundary
