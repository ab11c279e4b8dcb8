// What the hold decision's door shares with decisions woken the same way
// (voicemail retention): the wake-up request a function sends when a held
// task's timer runs out or a sweep finds it, and the timer it answers.
#pragma once

#include <string>

#include "cbvm/holds.hpp"
#include "convert.hpp"

namespace cbvm::boundary {

struct WakeRequest {
  const json* held = nullptr;  // the held task, as the function read it
  bool expired = false;        // its own time to live ran out
  bool has_timer = false;      // a timer task still waits for it
  bool from_sweep = false;     // found by a sweep, not woken by its timer
  std::string sid;
  json attributes;
};

// Reads {held, expired?, hasTimer?, fromSweep?}; the Reader keeps any error.
WakeRequest read_wake_request(Reader& r, const json& in);

// {timeout, wakeAt}: the timer task that wakes a held task.
json timer_json(const HoldWake& wake);

}  // namespace cbvm::boundary
