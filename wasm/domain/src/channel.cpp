#include "cbvm/channel.hpp"

#include <initializer_list>

#include "cbvm/literals.hpp"

namespace cbvm {

TaskKind classify_task(std::string_view channel, std::string_view task_type) {
  if (channel != lit::kVoiceChannel) return TaskKind::kOther;
  if (task_type == lit::kTaskTypeCallback) return TaskKind::kCallback;
  if (task_type == lit::kTaskTypeVoicemail) return TaskKind::kVoicemail;
  if (task_type == lit::kTaskTypeCallbackOutbound) return TaskKind::kCallbackOutbound;
  return TaskKind::kOther;
}

const std::array<ChannelDefinition, 2>& channel_definitions() {
  static const std::array<ChannelDefinition, 2> kDefinitions = {{
      {TaskKind::kCallback, "palegreen", "outgoing-call", StringKey::kCallbackChannelName},
      {TaskKind::kVoicemail, "deepskyblue", "voicemail", StringKey::kVoicemailChannelName},
  }};
  return kDefinitions;
}

std::optional<TitleSurface> title_surface_from_name(std::string_view name) {
  if (name == "TaskListItem") return TitleSurface::kTaskList;
  if (name == "TaskCanvasHeader") return TitleSurface::kCanvasHeader;
  if (name == "IncomingTaskCanvas") return TitleSurface::kIncomingCanvas;
  if (name == "SupervisorTaskOverview") return TitleSurface::kSupervisorOverview;
  if (name == "TaskCard") return TitleSurface::kTaskCard;
  if (name == "SupervisorTaskCanvasHeader") return TitleSurface::kSupervisorCanvasHeader;
  return std::nullopt;
}

std::string channel_title(TitleSurface surface, std::string_view word, std::string_view queue_name,
                          std::string_view name) {
  const bool with_queue = surface == TitleSurface::kTaskList ||
                          surface == TitleSurface::kCanvasHeader ||
                          surface == TitleSurface::kIncomingCanvas ||
                          surface == TitleSurface::kSupervisorOverview;
  const bool narrow = surface == TitleSurface::kTaskList ||
                      surface == TitleSurface::kIncomingCanvas ||
                      surface == TitleSurface::kTaskCard;
  std::string title;
  if (narrow) {
    for (std::string_view part : {name, word, with_queue ? queue_name : std::string_view()}) {
      if (part.empty()) continue;
      if (!title.empty()) title.append(" \u00b7 ");
      title.append(part);
    }
    return title;
  }
  if (with_queue && !queue_name.empty()) {
    title.append(queue_name);
    title.append(": ");
  }
  title.append(word);
  if (!name.empty()) {
    title.append(" (");
    title.append(name);
    title.append(")");
  }
  return title;
}

}  // namespace cbvm
