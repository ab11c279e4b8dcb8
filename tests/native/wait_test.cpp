// Edge cases of the wait experience beyond the golden vectors, on the plain
// structs of the domain.
#include <gtest/gtest.h>

#include <iterator>
#include <string>
#include <vector>

#include "cbvm/literals.hpp"
#include "cbvm/wait_experience.hpp"

namespace cbvm {
namespace {

const std::string kTask1 = "WT" + std::string(32, '1');
const std::string kTask2 = "WT" + std::string(32, '2');
const std::string kCall = "CA" + std::string(32, '9');
const std::string kOtherCall = "CA" + std::string(32, '8');
const std::string kWorkflow = "WW" + std::string(32, 'b');

Param text(std::string value) {
  Param p;
  p.text = std::move(value);
  return p;
}

WaitStepInput base_input(std::string_view mode) {
  WaitStepInput in;
  in.params = {{"mode", text(std::string(mode))},
               {"CallSid", text(kCall)},
               {"QueueSid", text("QU" + std::string(32, '0'))},
               {"From", text("+14155550100")},
               {"To", text("+18005550199")}};
  in.options.callback.default_workflow_sid = "WW" + std::string(32, 'a');
  in.context = {"https://x.test/wait", "https://x.test", "2024-01-01T00:00:00.000Z"};
  return in;
}

CallTask waiting_task(std::string status = "pending") {
  CallTask t;
  t.task.sid = kTask1;
  t.task.date_created = "2023-12-31T23:59:00Z";
  t.assignment_status = std::move(status);
  return t;
}

PendingTask pending(std::string sid, std::string call_sid, std::string status = "pending",
                    std::optional<std::string> created = std::nullopt) {
  return PendingTask{std::move(sid), std::move(status), std::move(call_sid), std::move(created)};
}

// The initialize step once the queue named the workflow.
WaitStepInput initialize_with(std::vector<PendingPage> pages) {
  WaitStepInput in = base_input("initialize");
  in.lookups.queue_fetched = true;
  in.lookups.queue_name = kWorkflow;
  in.lookups.pending_pages = std::move(pages);
  return in;
}

WaitPlan plan_of(const WaitStepInput& in) {
  auto plan = wait_step(in);
  EXPECT_TRUE(plan.ok()) << (plan.ok() ? "" : plan.error().message);
  return plan.ok() ? plan.value() : WaitPlan{};
}

TEST(WaitExperience, EveryModeAnswersWithoutNeedsOnceTheDataIsIn) {
  std::vector<std::string_view> modes(std::begin(kWaitModeNames), std::end(kWaitModeNames));
  modes.insert(modes.end(), std::begin(kOldWaitModeNames), std::end(kOldWaitModeNames));
  modes.push_back("no-such-mode");
  for (std::string_view mode : modes) {
    WaitStepInput in = initialize_with({PendingPage{0, false, {pending(kTask1, kCall)}}});
    in.params["mode"] = text(std::string(mode));
    in.params["Digits"] = text("1");
    in.params["RecordingSid"] = text("RE" + std::string(32, 'c'));
    in.params["cbphone"] = text("+14155550100");
    in.params["enqueuedTaskSid"] = text(kTask1);
    in.lookups.task_fetched = true;
    in.lookups.task = waiting_task();
    const WaitPlan plan = plan_of(in);
    EXPECT_FALSE(plan.needs) << mode;
  }
}

TEST(WaitExperience, UrlsEncodeEverythingTheCallerTyped) {
  WaitStepInput in = base_input("confirm-callback-number");
  in.context.wait_url = "https://x.test/wait?service=1";
  in.params["Digits"] = text("447700900123");
  in.params["enqueuedTaskSid"] = text(kTask1);
  const WaitPlan plan = plan_of(in);
  ASSERT_FALSE(plan.twiml.empty());
  const std::string& action = plan.twiml[0].action;
  EXPECT_EQ(action.rfind("https://x.test/wait?service=1&mode=handle-confirm-callback-number&", 0),
            0u);
  EXPECT_NE(action.find("cbphone=%2B447700900123"), std::string::npos);
}

TEST(WaitExperience, APlanThatNeedsDataSaysAndDoesNothing) {
  WaitStepInput in = base_input("submit-callback");
  in.params["cbphone"] = text("+14155550100");
  in.params["enqueuedTaskSid"] = text(kTask1);
  const WaitPlan plan = plan_of(in);
  ASSERT_TRUE(plan.needs);
  EXPECT_EQ(plan.needs->type, NeedType::kTask);
  EXPECT_EQ(plan.needs->task_sid, kTask1);
  EXPECT_TRUE(plan.twiml.empty());
  EXPECT_TRUE(plan.effects.empty());
}

TEST(WaitExperience, ParametersThatAreNotTextAreAbsent) {
  WaitStepInput in = base_input("main-wait-loop");
  Param number;
  number.kind = Param::Kind::kNumber;
  number.text = "1";
  in.params["enqueuedTaskSid"] = number;
  in.params["mode"] = number;  // a mode that is not text starts the experience
  const WaitPlan plan = plan_of(in);
  ASSERT_TRUE(plan.needs);
  EXPECT_EQ(plan.needs->type, NeedType::kQueue);
}

TEST(WaitExperience, SubmittingACallbackCreatesThenCancelsTheCallTask) {
  WaitStepInput in = base_input("submit-callback");
  in.params["cbphone"] = text("+14155550100");
  in.params["enqueuedTaskSid"] = text(kTask1);
  in.lookups.task_fetched = true;
  in.lookups.task = waiting_task();
  const WaitPlan plan = plan_of(in);
  ASSERT_EQ(plan.effects.size(), 2u);
  EXPECT_EQ(plan.effects[0].type, WaitEffectType::kCreateTask);
  EXPECT_TRUE(plan.effects[0].from_call_task);
  EXPECT_EQ(plan.effects[0].task.virtual_start_time, "2023-12-31T23:59:00.000Z");
  const WaitEffect& cancel = plan.effects[1];
  EXPECT_EQ(cancel.type, WaitEffectType::kCancelTask);
  EXPECT_EQ(cancel.task_sid, kTask1);
  EXPECT_EQ(cancel.reason, lit::kCancelReasonCallback);
  ASSERT_TRUE(cancel.attributes);
  EXPECT_TRUE(cancel.attributes->update_conversations);
  ASSERT_EQ(cancel.attributes->conversations_texts.size(), 1u);
  EXPECT_EQ(cancel.attributes->conversations_texts[0].first, "abandoned");
  EXPECT_EQ(cancel.attributes->conversations_texts[0].second, lit::kAbandonedFollowUp);
}

TEST(WaitExperience, WithoutTheRoutingTheCallbackStartsFromNoAttributes) {
  WaitStepInput in = base_input("submit-callback");
  in.options.retain_routing = false;
  in.options.retain_place_in_queue = false;
  in.params["cbphone"] = text("+14155550100");
  in.params["enqueuedTaskSid"] = text(kTask1);
  in.lookups.task_fetched = true;
  in.lookups.task = waiting_task();
  const WaitPlan plan = plan_of(in);
  ASSERT_FALSE(plan.effects.empty());
  EXPECT_FALSE(plan.effects[0].from_call_task);
  EXPECT_FALSE(plan.effects[0].task.virtual_start_time);
}

TEST(WaitExperience, AnAgentTakingTheCallStopsTheCallback) {
  for (const char* status : {"assigned", "wrapping", "completed", "canceled", ""}) {
    WaitStepInput in = base_input("submit-callback");
    in.params["cbphone"] = text("+14155550100");
    in.params["enqueuedTaskSid"] = text(kTask1);
    in.lookups.task_fetched = true;
    in.lookups.task = waiting_task(status);
    const WaitPlan plan = plan_of(in);
    EXPECT_TRUE(plan.effects.empty()) << status;
    ASSERT_FALSE(plan.twiml.empty()) << status;
    EXPECT_EQ(plan.twiml[0].text, default_wait_messages().at("agentAnswering")) << status;
  }
}

// The call task as a recovery reads it again.
TaskReread reread(std::string status, std::string reason = "") {
  CallTask now = waiting_task(std::move(status));
  now.reason = std::move(reason);
  return TaskReread{kTask1, true, std::move(now)};
}

TEST(WaitExperience, AFailedCancelWithdrawsTheCreatedCallbackWithoutTouchingItsAttributes) {
  WaitStepInput in = base_input("submit-callback");
  in.params["enqueuedTaskSid"] = text(kTask1);
  in.lookups.task = waiting_task();
  in.lookups.failure = WaitFailure{WaitEffectType::kCancelTask, {WaitEffectType::kCreateTask},
                                   kTask2};
  in.lookups.reread = reread("pending");
  const WaitPlan plan = plan_of(in);
  ASSERT_EQ(plan.effects.size(), 1u);
  EXPECT_EQ(plan.effects[0].type, WaitEffectType::kCancelTask);
  EXPECT_EQ(plan.effects[0].task_sid, kTask2);
  EXPECT_FALSE(plan.effects[0].attributes);

  in.lookups.failure = WaitFailure{WaitEffectType::kCreateTask, {}, std::nullopt};
  EXPECT_TRUE(plan_of(in).effects.empty());
}

TEST(WaitExperience, AFailedCancelReadsTheCallTaskAgainBeforeChoosing) {
  WaitStepInput in = base_input("submit-callback");
  in.params["enqueuedTaskSid"] = text(kTask1);
  in.lookups.task = waiting_task();  // as it was before the effects: not enough
  in.lookups.failure = WaitFailure{WaitEffectType::kCancelTask, {WaitEffectType::kCreateTask},
                                   kTask2};
  WaitPlan plan = plan_of(in);
  ASSERT_TRUE(plan.needs);
  EXPECT_EQ(plan.needs->type, NeedType::kReread);
  EXPECT_EQ(plan.needs->task_sid, kTask1);
  EXPECT_TRUE(plan.twiml.empty());
  EXPECT_TRUE(plan.effects.empty());

  // A reread of another task is not an answer.
  in.lookups.reread = TaskReread{kTask2, true, std::nullopt};
  EXPECT_TRUE(plan_of(in).needs);
}

TEST(WaitExperience, ACallbackStandsWhenTheCallTaskIsGone) {
  WaitStepInput in = base_input("submit-callback");
  in.params["enqueuedTaskSid"] = text(kTask1);
  in.lookups.task = waiting_task();
  in.lookups.failure = WaitFailure{WaitEffectType::kCancelTask, {WaitEffectType::kCreateTask},
                                   kTask2};
  const std::vector<TaskReread> gone = {
      reread("canceled", std::string(lit::kCancelReasonCallback)),  // our cancel, answer lost
      reread("canceled", "hangup"),
      reread("completed"),
      TaskReread{kTask1, true, std::nullopt},   // TaskRouter no longer knows it
      TaskReread{kTask1, false, std::nullopt},  // could not be read: hanging up is safe
  };
  for (const TaskReread& now : gone) {
    in.lookups.reread = now;
    const WaitPlan plan = plan_of(in);
    EXPECT_FALSE(plan.needs);
    EXPECT_TRUE(plan.effects.empty()) << "the callback is never withdrawn";
    ASSERT_EQ(plan.twiml.size(), 2u);
    EXPECT_EQ(plan.twiml[0].text, default_wait_messages().at("callbackSubmitted"));
    EXPECT_EQ(plan.twiml[1].type, VerbType::kHangup);
  }
  // An agent has the call: the callback is withdrawn and the caller stays with the agent.
  in.lookups.reread = reread("assigned");
  const WaitPlan plan = plan_of(in);
  ASSERT_EQ(plan.effects.size(), 1u);
  EXPECT_EQ(plan.effects[0].task_sid, kTask2);
  EXPECT_EQ(plan.twiml[0].text, default_wait_messages().at("agentAnswering"));
}

TEST(WaitExperience, AVoicemailGoesOnWhenTheCancelHappenedAnyway) {
  WaitStepInput in = base_input("request-voicemail");
  in.params["enqueuedTaskSid"] = text(kTask1);
  in.lookups.task = waiting_task();
  in.lookups.failure = WaitFailure{WaitEffectType::kCancelTask, {}, std::nullopt};
  EXPECT_TRUE(plan_of(in).needs);
  for (const TaskReread& now :
       {reread("canceled", std::string(lit::kCancelReasonVoicemail)), reread("canceled", "x"),
        TaskReread{kTask1, true, std::nullopt}, TaskReread{kTask1, false, std::nullopt}}) {
    in.lookups.reread = now;
    const WaitPlan plan = plan_of(in);
    ASSERT_EQ(plan.effects.size(), 1u);
    EXPECT_EQ(plan.effects[0].type, WaitEffectType::kUpdateCall);
    EXPECT_EQ(plan.effects[0].call_sid, kCall);
    ASSERT_EQ(plan.twiml.size(), 1u);
    EXPECT_EQ(plan.twiml[0].type, VerbType::kPause);
  }
  // Still queued: back to the queue with the task.
  in.lookups.reread = reread("reserved");
  const WaitPlan plan = plan_of(in);
  EXPECT_TRUE(plan.effects.empty());
  ASSERT_EQ(plan.twiml.size(), 2u);
  EXPECT_EQ(plan.twiml[1].type, VerbType::kRedirect);
  EXPECT_NE(plan.twiml[1].url.find("enqueuedTaskSid=" + kTask1), std::string::npos);
}

TEST(WaitExperience, AFailedCallUpdateAfterTheCancelHangsUp) {
  WaitStepInput in = base_input("request-voicemail");
  in.params["enqueuedTaskSid"] = text(kTask1);
  in.lookups.task = waiting_task();
  in.lookups.failure = WaitFailure{WaitEffectType::kUpdateCall, {WaitEffectType::kCancelTask},
                                   std::nullopt};
  // Nothing holds the caller any more: a callback instead of the voicemail.
  WaitPlan plan = plan_of(in);
  ASSERT_EQ(plan.effects.size(), 1u);
  EXPECT_EQ(plan.effects[0].type, WaitEffectType::kCreateTask);
  ASSERT_EQ(plan.twiml.size(), 2u);
  EXPECT_EQ(plan.twiml[0].text, default_wait_messages().at("voicemailFailedCallback"));
  EXPECT_EQ(plan.twiml[1].type, VerbType::kHangup);

  // When even that callback cannot be created, the caller hears so.
  in.lookups.failure = WaitFailure{WaitEffectType::kCreateTask, {}, std::nullopt};
  plan = plan_of(in);
  EXPECT_TRUE(plan.effects.empty());
  ASSERT_EQ(plan.twiml.size(), 2u);
  EXPECT_EQ(plan.twiml[0].text, default_wait_messages().at("voicemailFailedHangup"));
  EXPECT_EQ(plan.twiml[1].type, VerbType::kHangup);
}

TEST(WaitExperience, PendingPagesAreSearchedInOrderWhileTheyFollowOn) {
  const PendingPage first{0, true, {pending(kTask2, kOtherCall)}};
  const PendingPage second{1, true, {pending(kTask1, kCall)}};
  WaitPlan plan = plan_of(initialize_with({first, second}));
  ASSERT_EQ(plan.twiml.size(), 1u);
  EXPECT_NE(plan.twiml[0].url.find("enqueuedTaskSid=" + kTask1), std::string::npos);

  // A page after the last one, or one that skips a page, is not searched.
  PendingPage last = first;
  last.has_more = false;
  plan = plan_of(initialize_with({last, second}));
  EXPECT_FALSE(plan.needs);
  EXPECT_EQ(plan.log.size(), 1u);
  PendingPage skipped = second;
  skipped.page = 2;
  plan = plan_of(initialize_with({first, skipped}));
  ASSERT_TRUE(plan.needs);
  EXPECT_EQ(plan.needs->page, 1);
}

TEST(WaitExperience, PagingStopsAtTheConfiguredLimitWithoutQueueTime) {
  for (int limit = 1; limit <= 5; ++limit) {
    for (int64_t page = 0; page < 6; ++page) {
      WaitStepInput in = initialize_with({PendingPage{page, true, {}}});
      in.options.max_lookup_pages = limit;
      const WaitPlan plan = plan_of(in);
      EXPECT_EQ(plan.needs.has_value(), page + 1 < limit) << limit << " " << page;
    }
  }
}

TEST(WaitExperience, WithQueueTimePagingGoesOnWhileTasksAreNewerThanTheCall) {
  // The call entered the queue 60 s before now; tasks may look up to 30 s older.
  auto page_with_oldest = [](const char* created) {
    WaitStepInput in = initialize_with(
        {PendingPage{10, true, {pending(kTask2, kOtherCall, "assigned", std::string(created))}}});
    in.params["QueueTime"] = text("60");
    return plan_of(in);
  };
  EXPECT_TRUE(page_with_oldest("2023-12-31T23:58:30.000Z").needs);
  EXPECT_FALSE(page_with_oldest("2023-12-31T23:58:29.999Z").needs);

  WaitStepInput in = initialize_with({PendingPage{kMaxLookupPagesByTime - 1, true, {}}});
  in.params["QueueTime"] = text("60");
  EXPECT_FALSE(plan_of(in).needs);
}

TEST(FindTaskByCallSid, OnlyAWaitingTaskOfTheCallMatches) {
  const std::vector<PendingTask> tasks = {
      pending("WT" + std::string(32, '3'), kCall, "canceled"),
      pending(kTask2, kOtherCall),
      pending(kTask1, kCall, "reserved"),
      pending("WT" + std::string(32, '4'), kCall),
  };
  EXPECT_EQ(find_task_by_call_sid(tasks, kCall), kTask1);
  EXPECT_EQ(find_task_by_call_sid(tasks, kOtherCall), kTask2);
  EXPECT_FALSE(find_task_by_call_sid(tasks, ""));
  EXPECT_FALSE(find_task_by_call_sid({pending(kTask1, "")}, ""));
  // A page that does not give the status is taken as waiting.
  EXPECT_EQ(find_task_by_call_sid({pending(kTask1, kCall, "")}, kCall), kTask1);
}

TEST(WaitExperience, UnknownMessageKeysAndAMissingUrlAreRefused) {
  WaitStepInput in = base_input("main-wait-loop");
  in.options.messages["greting"] = "Hi";
  auto plan = wait_step(in);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().message, "options.messages.greting is not a known message.");
  in.options.messages.clear();
  in.context.wait_url.clear();
  plan = wait_step(in);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace cbvm
