// Channel rules: which Flex presentation a task gets, and its titles.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "cbvm/literals.hpp"

namespace cbvm {

// Returns the kind of a task from its TaskRouter channel and its
// `attributes.taskType`. Only `voice` tasks are ours: the TaskRouter channel
// stays voice so agents take these single-file with calls. Runs on every
// render of every task, so it allocates nothing.
TaskKind classify_task(std::string_view task_channel_unique_name, std::string_view task_type);

// A Flex channel the plugin registers.
struct ChannelDefinition {
  TaskKind kind;              // its name is the Flex channel name and the taskType it matches
  std::string_view color;     // CSS colour of the channel's icon and card
  std::string_view icon;      // icon id the plugin maps to a Paste icon
  StringKey string_key;       // the localised channel word ("Callback")
};

// Returns the callback and voicemail channel definitions, in that order.
const std::array<ChannelDefinition, 2>& channel_definitions();

// The Flex surfaces that show a task's title.
enum class TitleSurface {
  kTaskList,
  kCanvasHeader,
  kIncomingCanvas,
  kSupervisorOverview,
  kTaskCard,
  kSupervisorCanvasHeader,
};

// Returns the surface for its Flex template name ("TaskListItem", ...), or nullopt.
std::optional<TitleSurface> title_surface_from_name(std::string_view name);

// Returns the title of a callback or voicemail task on a Flex surface. Where
// the list is narrow (task list, incoming task, task card) the name comes
// first so that truncated rows stay distinguishable: "<name> · <word> · <queue>"
// (the card has no queue). The wide headers read "<queue>: <word> (<name>)"
// (the supervisor's canvas header has no queue). `word` is already localised
// ("Callback", "Devolución de llamada"); an empty queue or name drops its part.
std::string channel_title(TitleSurface surface, std::string_view word, std::string_view queue_name,
                          std::string_view name);

}  // namespace cbvm
