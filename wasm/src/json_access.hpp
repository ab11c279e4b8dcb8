// Non-throwing reads of nlohmann::json values: the core never calls get<T>()
// on a value whose type it has not checked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cbvm::detail {

using json = nlohmann::json;

// Returns the member, or nullptr when obj is not an object, lacks key, or the member is null.
inline const json* member(const json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

inline std::optional<std::string> string_member(const json& obj, std::string_view key) {
  const json* m = member(obj, key);
  if (m == nullptr || !m->is_string()) return std::nullopt;
  return m->get_ref<const std::string&>();
}

// A string member, with "" treated as absent (Studio sends empty templates as "").
inline std::optional<std::string> nonempty_string_member(const json& obj, std::string_view key) {
  auto s = string_member(obj, key);
  if (!s || s->empty()) return std::nullopt;
  return s;
}

inline std::optional<bool> bool_member(const json& obj, std::string_view key) {
  const json* m = member(obj, key);
  if (m == nullptr || !m->is_boolean()) return std::nullopt;
  return m->get<bool>();
}

// An integral number member (a JSON number with no fraction).
inline std::optional<int64_t> int_member(const json& obj, std::string_view key) {
  const json* m = member(obj, key);
  if (m == nullptr) return std::nullopt;
  if (m->is_number_integer()) return m->get<int64_t>();
  if (m->is_number_float()) {
    double d = m->get<double>();
    if (d == static_cast<double>(static_cast<int64_t>(d)) && d > -9e15 && d < 9e15)
      return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

inline const json& empty_object() {
  static const json kEmpty = json::object();
  return kEmpty;
}

inline const json& object_member_or_empty(const json& obj, std::string_view key) {
  const json* m = member(obj, key);
  return (m != nullptr && m->is_object()) ? *m : empty_object();
}

// Task attributes arrive as an object from Flex and as a JSON string from REST.
inline json attributes_object(const json* raw) {
  if (raw == nullptr) return json::object();
  if (raw->is_object()) return *raw;
  if (raw->is_string()) {
    json parsed = json::parse(raw->get_ref<const std::string&>(), nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) return parsed;
  }
  return json::object();
}

}  // namespace cbvm::detail
