// The voicemail notification decision (decisions_voicemail.cpp).
#pragma once

#include "convert.hpp"

namespace cbvm::boundary {

Answer voicemail_notification_decision(const json& in);

}  // namespace cbvm::boundary
