// One source of truth for the literals shared by the core, the plugin and the functions.
#pragma once

#include <string_view>

namespace cbvm::lit {

inline constexpr std::string_view kVoiceChannel = "voice";
inline constexpr std::string_view kTaskTypeCallback = "callback";
inline constexpr std::string_view kTaskTypeVoicemail = "voicemail";
inline constexpr std::string_view kTaskTypeCallbackOutbound = "callback-outbound";

inline constexpr int kDefaultTaskTimeoutSeconds = 86400;
inline constexpr int kMaxTaskTimeoutSeconds = 1209600;  // TaskRouter's two weeks
inline constexpr int kDefaultMaxAttempts = 1;
inline constexpr int kOutboundCallRetryBudget = 5;

inline constexpr std::string_view kCreateCallbackPath =
    "/features/callback-and-voicemail/studio/create-callback";
inline constexpr std::string_view kRequeueCallbackPath =
    "/features/callback-and-voicemail/flex/requeue-callback";
inline constexpr std::string_view kFetchVoicemailPath =
    "/features/callback-and-voicemail/flex/fetch-voicemail";
inline constexpr std::string_view kWaitExperiencePath =
    "/features/callback-and-voicemail/studio/wait-experience";

inline constexpr std::string_view kCancelReasonCallback = "Opted to request a callback";
inline constexpr std::string_view kCancelReasonVoicemail = "Opted to leave a voicemail";
inline constexpr std::string_view kAbandonedFollowUp = "Follow-Up";

}  // namespace cbvm::lit
