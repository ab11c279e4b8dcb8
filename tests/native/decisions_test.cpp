// Edge cases of the decisions beyond the golden vectors: properties that need
// many inputs, and the typed C++ API used directly.
#include <gtest/gtest.h>

#include <set>

#include "cbvm/callback_task.hpp"
#include "cbvm/channel.hpp"
#include "cbvm/deployment.hpp"
#include "cbvm/outbound.hpp"
#include "cbvm/panel.hpp"
#include "cbvm/retry.hpp"
#include "cbvm/validation.hpp"
#include "convert.hpp"

namespace cbvm {
namespace {

using nlohmann::json;
using boundary::callback_task_json;
using boundary::original_task_from;

TEST(ClassifyTask, OnlyVoiceTasksWithOurTypesAreOurs) {
  EXPECT_EQ(classify_task("voice", "callback"), TaskKind::kCallback);
  EXPECT_EQ(classify_task("voice", "voicemail"), TaskKind::kVoicemail);
  EXPECT_EQ(classify_task("voice", "callback-outbound"), TaskKind::kCallbackOutbound);
  for (const char* channel : {"", "chat", "sms", "Voice", "voice ", "video", "email"})
    EXPECT_EQ(classify_task(channel, "callback"), TaskKind::kOther) << channel;
  for (const char* type : {"", "callback ", "CALLBACK", "voice-mail", "callback-outbound2"})
    EXPECT_EQ(classify_task("voice", type), TaskKind::kOther) << type;
}

TEST(ChannelTitle, EverySurfaceHasATitle) {
  // Narrow list surfaces lead with the name; the wide headers with the queue.
  const char* narrow_with_queue[] = {"TaskListItem", "IncomingTaskCanvas"};
  const char* wide_with_queue[] = {"TaskCanvasHeader", "SupervisorTaskOverview"};
  for (const char* s : narrow_with_queue)
    EXPECT_EQ(channel_title(*title_surface_from_name(s), "Voicemail", "Q", "N"), "N \u00b7 Voicemail \u00b7 Q");
  for (const char* s : wide_with_queue)
    EXPECT_EQ(channel_title(*title_surface_from_name(s), "Voicemail", "Q", "N"), "Q: Voicemail (N)");
  EXPECT_EQ(channel_title(*title_surface_from_name("TaskCard"), "Voicemail", "Q", "N"), "N \u00b7 Voicemail");
  EXPECT_EQ(channel_title(*title_surface_from_name("SupervisorTaskCanvasHeader"), "Voicemail", "Q", "N"),
            "Voicemail (N)");
  EXPECT_FALSE(title_surface_from_name("taskListItem"));
}

TEST(NormalizePhoneNumber, OnlyTheRegionsValidLengths) {
  // +1 415 555 0100 with one digit fewer or more is no number of the NANP.
  EXPECT_TRUE(normalize_phone_number("+14155550100", "n", NumberRole::kToCall).ok());
  EXPECT_FALSE(normalize_phone_number("+1415555010", "n", NumberRole::kToCall).ok());
  EXPECT_FALSE(normalize_phone_number("+141555501000", "n", NumberRole::kToCall).ok());
  EXPECT_FALSE(normalize_phone_number("+1234567", "n", NumberRole::kToCall).ok());
}

TEST(NormalizePhoneNumber, NationalEntriesTakeTheRegionsCountryCode) {
  auto us = normalize_phone_number("(415) 555-0100", "n", NumberRole::kToCall, "US");
  ASSERT_TRUE(us.ok());
  EXPECT_EQ(us.value(), "+14155550100");
  auto gb = normalize_phone_number("020 7946 0958", "n", NumberRole::kToCall, "gb");
  ASSERT_TRUE(gb.ok());
  EXPECT_EQ(gb.value(), "+442079460958");
  auto idd = normalize_phone_number("011 44 20 7946 0958", "n", NumberRole::kToCall, "US");
  ASSERT_TRUE(idd.ok());
  EXPECT_EQ(idd.value(), "+442079460958");
  EXPECT_FALSE(normalize_phone_number("1234567", "n", NumberRole::kToCall, "US").ok());
  EXPECT_FALSE(is_phone_region("ZZ"));
  EXPECT_TRUE(is_phone_region("de"));
}

TEST(NormalizePhoneNumber, ErrorsNameTheField) {
  auto r = normalize_phone_number("nope", "numberToCallFrom", NumberRole::kCallFrom);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidParameter);
  EXPECT_EQ(r.error().message.rfind("numberToCallFrom must be", 0), 0u);
}

TEST(NormalizePhoneNumber, NeverEchoesControlCharacters) {
  auto r = normalize_phone_number(std::string("+1\n\"\\abc"), "n", NumberRole::kToCall);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
}

TEST(RetryPolicy, DelaysStayWithinTheBoundsForManySeeds) {
  RetryInput in;
  in.status = 429;
  in.policy = {5, 100, 300};
  std::set<int> seen;
  for (uint64_t seed = 0; seed < 5000; ++seed) {
    in.seed = seed;
    in.retries_done = static_cast<int>(seed % 5);
    RetryDecision d = decide_retry(in);
    ASSERT_TRUE(d.retry);
    ASSERT_GE(d.delay_ms, 100);
    ASSERT_LE(d.delay_ms, 300);
    seen.insert(d.delay_ms);
  }
  EXPECT_GT(seen.size(), 150u) << "delays should spread over the range";
}

TEST(RetryPolicy, TheSameSeedGivesTheSameDelay) {
  RetryInput in;
  in.status = 503;
  in.seed = 99;
  EXPECT_EQ(decide_retry(in).delay_ms, decide_retry(in).delay_ms);
  RetryInput other = in;
  other.retries_done = 1;
  RetryInput third = in;
  third.seed = 100;
  std::set<int> delays{decide_retry(in).delay_ms, decide_retry(other).delay_ms,
                       decide_retry(third).delay_ms};
  EXPECT_GE(delays.size(), 2u);
}

TEST(RetryPolicy, ZeroRetriesMeansNone) {
  RetryInput in;
  in.status = 429;
  in.policy.max_retries = 0;
  EXPECT_FALSE(decide_retry(in).retry);
  in.policy.max_retries = -3;
  EXPECT_FALSE(decide_retry(in).retry);
}

// An original task as TaskRouter's REST API gives it.
OriginalTask original_with(const json& attributes, const char* workflow_sid = nullptr) {
  json task = {{"sid", "WT" + std::string(32, '1')}, {"attributes", attributes.dump()}};
  if (workflow_sid) task["workflow_sid"] = workflow_sid;
  return original_task_from(task);
}

TEST(BuildCallbackTask, AttemptsCountUpOnEveryRequeueUntilTheLimit) {
  CallbackConfig config;
  config.default_workflow_sid = "WW" + std::string(32, 'a');
  config.max_attempts = 4;
  json attributes = {{"taskType", "callback"},
                     {"callBackData", {{"numberToCall", "+14155550100"}}}};
  int attempts_seen = 0;
  for (int round = 0; round < 10; ++round) {
    const OriginalTask task = original_with(attributes);
    auto spec = decide_callback_task(CallbackRequest{}, &task, config, "2024-01-01T00:00:00.000Z");
    if (!spec.ok()) {
      EXPECT_EQ(spec.error().code, ErrorCode::kAttemptsExhausted);
      break;
    }
    attempts_seen = static_cast<int>(spec.value().callback_data.attempts);
    EXPECT_EQ(attempts_seen, round + 1);
    attributes = callback_task_json(spec.value(), attributes)["attributes"];
  }
  EXPECT_EQ(attempts_seen, 3) << "attempt numbers 1..4 mean attempts 0..3";
}

TEST(BuildCallbackTask, NeverCopiesTheCallIdentifiers) {
  const OriginalTask task = original_with(json::parse(R"({"taskType":"callback","call_sid":"CA1","conference":{},
    "reservation_attributes":{},"conversations":{"abandoned":"Yes","hang_up_by":"Agent","x":1},
    "callBackData":{"numberToCall":"+14155550100"}})"), "WWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  auto spec = decide_callback_task(CallbackRequest{}, &task, CallbackConfig{}, "2024-01-01T00:00:00.000Z");
  ASSERT_TRUE(spec.ok());
  const json a = callback_task_json(spec.value(), json::parse(R"({"taskType":"callback","call_sid":"CA1","conference":{},
    "reservation_attributes":{},"conversations":{"abandoned":"Yes","hang_up_by":"Agent","x":1}})"))["attributes"];
  EXPECT_FALSE(a.contains("call_sid"));
  EXPECT_FALSE(a.contains("conference"));
  EXPECT_FALSE(a.contains("reservation_attributes"));
  EXPECT_FALSE(a["conversations"].contains("abandoned"));
  EXPECT_FALSE(a["conversations"].contains("hang_up_by"));
  EXPECT_EQ(a["conversations"]["x"], 1);
  EXPECT_EQ(a["conversations"]["conversation_id"], "WT" + std::string(32, '1'));
}

TEST(BuildCallbackTask, ACallbackWithoutANumberIsRefused) {
  const OriginalTask task = original_with({{"taskType", "callback"}, {"callBackData", json::object()}},
                                          "WWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  auto spec = decide_callback_task(CallbackRequest{}, &task, CallbackConfig{}, "2024-01-01T00:00:00.000Z");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().code, ErrorCode::kNoNumberToCall);
}

TEST(PanelState, ButtonsFollowStatusPendingAndActivity) {
  for (const char* status : {"pending", "reserved", "assigned", "wrapping", "completed", "canceled"}) {
    for (bool pending : {false, true}) {
      for (bool offline : {false, true}) {
        PanelInput in;
        in.task.task_channel = "voice";
        in.task.task_status = status;
        in.task.task_type = "callback";
        in.task.has_callback_data = true;
        in.task.callback_data.number_to_call = "+14155550100";
        in.task.callback_data.attempts = 0;
        in.config.allow_requeue = true;
        in.config.max_attempts = 2;
        in.action_pending = pending;
        in.offline_activity_sid = "WAoff";
        in.worker_activity_sid = offline ? "WAoff" : "WAon";
        PanelState s = panel_state(in);
        const bool assigned = std::string(status) == "assigned";
        EXPECT_TRUE(s.place_call.visible);
        EXPECT_EQ(s.place_call.enabled, assigned && !pending && !offline) << status;
        EXPECT_TRUE(s.retry_later.visible);
        EXPECT_EQ(s.retry_later.enabled, assigned && !pending) << status;
      }
    }
  }
}

TEST(AutoSelect, OnlyRestoresAHeldTask) {
  AutoSelectInput in;
  in.enabled = true;
  in.selected_sid = "WT2";
  in.selected_parent_task = "WT1";
  in.worker_task_sids = {"WT2"};
  EXPECT_FALSE(decide_auto_select(in).abort);
  in.worker_task_sids.push_back("WT1");
  auto d = decide_auto_select(in);
  EXPECT_TRUE(d.abort);
  EXPECT_EQ(d.select_sid, "WT1");
}

// Every IPv4 address by its first two octets, in dotted form and as the one
// number a URL parser also reads: private exactly in the refused ranges.
TEST(Deployment, PrivateIpv4RangesOverEveryFirstTwoOctets) {
  for (uint32_t a = 0; a < 256; ++a) {
    for (uint32_t b = 0; b < 256; ++b) {
      const bool expected = a == 0 || a == 127 || a == 10 || (a == 172 && b >= 16 && b <= 31) ||
                            (a == 192 && b == 168) || (a == 169 && b == 254);
      const std::string dotted = std::to_string(a) + "." + std::to_string(b) + ".7.9";
      EXPECT_EQ(is_private_host(dotted), expected) << dotted;
      const uint32_t number = (a << 24) | (b << 16) | (7u << 8) | 9u;
      EXPECT_EQ(is_private_host(std::to_string(number)), expected) << number;
      EXPECT_EQ(is_private_host("[::ffff:" + dotted + "]"), expected) << dotted;
    }
  }
}

TEST(Deployment, UrlHostFindsTheHostAUrlParserConnectsTo) {
  EXPECT_EQ(url_host("http://127.0.0.1:3001/x"), "127.0.0.1");
  EXPECT_EQ(url_host("https://user:pw@Example.COM:443/a?b#c"), "example.com");
  EXPECT_EQ(url_host("http://example.com\\@127.0.0.1/"), "example.com");
  EXPECT_EQ(url_host("http://[::1]:8080/"), "[::1]");
  EXPECT_EQ(url_host(" http://a.example "), "a.example");
  EXPECT_EQ(url_host("ws://example.com"), std::nullopt);
  EXPECT_EQ(url_host("http://"), std::nullopt);
  EXPECT_EQ(url_host("example.com"), std::nullopt);
}

TEST(Deployment, TheRefusalSaysSoWhereverTheRegionIsWrong) {
  for (const char* region : {"AU1", "au 1", "au1.", "-au1", "au1-", "au_1", "äu1"}) {
    DeploymentInput in;
    in.domain_name = "localhost:3000";
    in.region = region;
    in.edge = "sydney";
    auto d = check_deployment(in);
    ASSERT_FALSE(d.ok()) << region;
    EXPECT_EQ(d.error().code, ErrorCode::kInvalidConfiguration);
    EXPECT_EQ(d.error().message.rfind("TWILIO_REGION must be", 0), 0u) << d.error().message;
  }
}

}  // namespace
}  // namespace cbvm
