// Voicemail retention's decision (decisions_retention.cpp).
#pragma once

#include "convert.hpp"

namespace cbvm::boundary {

Answer retention_plan_decision(const json& in);

}  // namespace cbvm::boundary
