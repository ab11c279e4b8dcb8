// The JSON door of the calling windows' decisions (the Node module only).
#include "cbvm/calling_window.hpp"
#include "cbvm/time.hpp"
#include "cbvm/tz.hpp"
#include "decisions.hpp"

#ifndef CBVM_AGENT_DECISIONS_ONLY

namespace cbvm::boundary {
namespace {

constexpr const char* kDayKeys[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

}  // namespace

// Member `window`: { timeZone, weekly: { mon: [["08:00", "18:00"]], … }, holidays: ["2026-12-25"] }.
// The shape is read here; the values are checked by the domain (calling_window).
Result<CallingWindow> window_from(Reader& r, const json& in) {
  const json* w = r.object(&in, "window", "window", true);
  CallingWindowSpec spec;
  spec.time_zone = r.text(w, "timeZone", "window.timeZone").value_or("");
  if (w != nullptr && r.status().ok() && spec.time_zone.empty())
    r.fail("window.timeZone is required: an IANA time zone such as \"America/New_York\".");
  const json* weekly = r.object(w, "weekly", "window.weekly", w != nullptr);
  if (weekly != nullptr) {
    for (const auto& [key, ranges] : weekly->items()) {
      int day = -1;
      for (int d = 0; d < 7; ++d) {
        if (key == kDayKeys[d]) day = d;
      }
      const std::string at = "window.weekly." + key.substr(0, 16);
      if (day < 0) {
        r.fail(at + " is not a day: the days are mon, tue, wed, thu, fri, sat and sun.");
        break;
      }
      if (ranges.is_null()) continue;
      bool shaped = ranges.is_array() && ranges.size() <= 48;
      for (size_t i = 0; shaped && i < ranges.size(); ++i) {
        const json& pair = ranges[i];
        shaped = pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string();
        if (shaped) spec.weekly[day].emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
      }
      if (!shaped) {
        r.fail(at + " must be a list of at most 48 ranges [\"HH:MM\", \"HH:MM\"] (opens, closes).");
        break;
      }
    }
  }
  if (const json* holidays = Reader::member(w, "holidays")) {
    bool shaped = holidays->is_array() && holidays->size() <= 1000;
    for (size_t i = 0; shaped && i < holidays->size(); ++i) {
      shaped = (*holidays)[i].is_string();
      if (shaped) spec.holidays.push_back((*holidays)[i].get<std::string>());
    }
    if (!shaped) r.fail("window.holidays must be a list of at most 1000 dates \"YYYY-MM-DD\".");
  }
  if (auto s = r.status(); !s.ok()) return s.error();
  return calling_window(spec);
}

namespace {

// A required instant (ISO-8601 with its offset) at member `key`.
std::optional<int64_t> instant_from(Reader& r, const json& in, std::string_view key) {
  const std::string name(key);
  auto text = r.text(&in, key, name);
  if (!r.status().ok()) return std::nullopt;
  std::optional<int64_t> at = text ? parse_iso_instant(*text) : std::nullopt;
  if (!at) r.fail(name + " is required: an ISO-8601 instant such as \"2027-03-15T14:00:00Z\".");
  return at;
}

json local_json(const CallingWindow& w, int64_t instant) {
  return format_local_date_time(to_local(w.rule, instant).local);
}

json instant_or_null(const std::optional<int64_t>& at) { return at ? json(format_iso_instant(*at)) : json(nullptr); }

}  // namespace


Answer calling_window_decision(const json& in) {
  Reader r("callingWindow");
  auto now = instant_from(r, in, "now");
  auto window = window_from(r, in);
  if (!window.ok()) return window.error();
  if (auto s = r.status(); !s.ok()) return s.error();
  const CallingWindow& w = window.value();
  const LocalTime local = to_local(w.rule, *now);
  const bool open = is_open(w, *now);
  return json{{"timeZone", w.time_zone},
              {"tzdata", std::string(tz_database_version())},
              {"local", format_local_date_time(local.local)},
              {"utcOffsetMinutes", local.offset / 60},
              {"abbreviation", local.abbreviation},
              {"open", open},
              {"nextOpen", instant_or_null(next_open(w, *now))},
              {"openUntil", instant_or_null(open_until(w, *now))}};
}

Answer open_slots_decision(const json& in) {
  Reader r("openSlots");
  auto from = instant_from(r, in, "from");
  const int64_t count = r.integer(&in, "count", "count", 1, 200).value_or(10);
  const int64_t slot = r.integer(&in, "slotMinutes", "slotMinutes", 1, 1440).value_or(30);
  const int64_t horizon = r.integer(&in, "horizonDays", "horizonDays", 1, kMaxHorizonDays).value_or(14);
  auto window = window_from(r, in);
  if (!window.ok()) return window.error();
  if (auto s = r.status(); !s.ok()) return s.error();
  json slots = json::array();
  for (int64_t start : open_slots(window.value(), *from, static_cast<int>(count), static_cast<int>(slot),
                                  static_cast<int>(horizon))) {
    slots.push_back({{"start", format_iso_instant(start)}, {"local", local_json(window.value(), start)}});
  }
  return json{{"slots", std::move(slots)}};
}

Answer validate_scheduled_for_decision(const json& in) {
  Reader r("validateScheduledFor");
  auto now = instant_from(r, in, "now");
  auto text = r.text(&in, "scheduledFor", "scheduledFor");
  if (r.status().ok() && !text) r.fail("scheduledFor is required: the instant the callback is wanted at.");
  const int64_t horizon = r.integer(&in, "horizonDays", "horizonDays", 1, kMaxHorizonDays).value_or(30);
  auto window = window_from(r, in);
  if (!window.ok()) return window.error();
  if (auto s = r.status(); !s.ok()) return s.error();
  auto requested = scheduled_instant(window.value(), *text);
  if (!requested.ok()) return requested.error();
  auto valid = validate_scheduled_for(*now, requested.value(), window.value(), static_cast<int>(horizon));
  if (!valid.ok()) return valid.error();
  return json{{"scheduledFor", format_iso_instant(valid.value())},
              {"local", local_json(window.value(), valid.value())}};
}

Answer callback_due_decision(const json& in) {
  Reader r("callbackDue");
  auto now = instant_from(r, in, "now");
  auto text = r.text(&in, "scheduledFor", "scheduledFor");
  const int64_t horizon = r.integer(&in, "horizonDays", "horizonDays", 1, kMaxHorizonDays).value_or(30);
  auto window = window_from(r, in);
  if (!window.ok()) return window.error();
  if (auto s = r.status(); !s.ok()) return s.error();
  std::optional<int64_t> scheduled;
  if (text) {
    auto requested = scheduled_instant(window.value(), *text);
    if (!requested.ok()) return requested.error();
    scheduled = requested.value();
  }
  auto due = callback_due(window.value(), *now, scheduled, static_cast<int>(horizon));
  if (!due.ok()) return due.error();
  return json{{"due", format_iso_instant(due.value())},
              {"local", local_json(window.value(), due.value())},
              {"immediate", due.value() <= *now}};
}

Answer hold_step_decision(const json& in) {
  Reader r("holdStep");
  auto now = instant_from(r, in, "now");
  auto due = instant_from(r, in, "due");
  if (auto s = r.status(); !s.ok()) return s.error();
  const HoldStep step = hold_step(*now, *due);
  if (step.release) return json{{"release", true}};
  return json{{"release", false}, {"holdMinutes", step.hold_minutes}, {"wakeAt", format_iso_instant(step.wake_at)}};
}

}  // namespace cbvm::boundary

#endif  // CBVM_AGENT_DECISIONS_ONLY
