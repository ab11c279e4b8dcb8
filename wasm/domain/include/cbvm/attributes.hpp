// Task attributes are an open JSON object the core never holds whole: it
// reads the few members its rules need (given as plain fields by the
// boundary) and answers with a patch the boundary applies to the original.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cbvm {

// A change to a task's attributes, applied in this order: `removed` keys are
// dropped; `conversations` is updated (see below); `texts` and `flags` are set.
struct AttributePatch {
  std::vector<std::string_view> removed;
  std::vector<std::pair<std::string_view, std::string>> texts;
  std::vector<std::pair<std::string_view, bool>> flags;
  // When set, `conversations` is taken as an object (a value that is not one
  // counts as {}), its `conversations_removed` members are dropped and its
  // `conversations_texts` set; it is written back when it was an object or
  // is no longer empty.
  bool update_conversations = false;
  std::vector<std::string_view> conversations_removed;
  std::vector<std::pair<std::string_view, std::string>> conversations_texts;
  // The same for `callBackData`, applied after `texts` and `flags`.
  bool update_callback_data = false;
  std::vector<std::string_view> callback_data_removed;
  std::vector<std::pair<std::string_view, std::string>> callback_data_texts;
};

}  // namespace cbvm
