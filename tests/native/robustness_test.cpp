// The JSON API must answer every input with an envelope: no crash, no throw.
#include <gtest/gtest.h>

#include <random>

#include <nlohmann/json.hpp>

#include "cbvm/api.hpp"

namespace {

using nlohmann::json;

void expect_envelope(const std::string& decision, const std::string& text) {
  std::string out;
  ASSERT_NO_THROW(out = cbvm::api::run(decision, text)) << decision << " " << text.substr(0, 200);
  json answer = json::parse(out, nullptr, false);
  ASSERT_FALSE(answer.is_discarded()) << out;
  ASSERT_TRUE(answer.contains("ok")) << out;
}

// Values of every JSON type, including ones of the wrong type for any field.
std::vector<json> odd_values() {
  return {nullptr, true, false, 0, -1, 1.5, 1e300, "", "x", std::string(5000, 'z'),
          "+14155550100", "WT00000000000000000000000000000000", json::array(),
          json::array({1, "a", nullptr}), json::object(), json{{"taskType", "callback"}},
          "{\"taskType\":\"voicemail\"}"};
}

TEST(Robustness, EveryDecisionAnswersOddValuesInEveryField) {
  const std::vector<std::string> fields = {
      "task", "params", "original", "config", "now", "context", "options", "lookups",
      "surface", "word", "number", "role", "failures", "tasks", "callSid", "status",
      "errorCode", "policy", "seed", "workerTaskSids", "enabled", "recordingSid", "path"};
  for (const auto& decision : cbvm::api::decision_names()) {
    for (const auto& field : fields) {
      for (const auto& value : odd_values()) {
        expect_envelope(decision, json{{field, value}}.dump());
      }
    }
  }
}

TEST(Robustness, RandomMutationsOfValidInputsNeverCrash) {
  std::mt19937 rng(12345);
  const std::string seed_inputs[] = {
      R"({"task":{"sid":"WT1","taskChannelUniqueName":"voice","taskStatus":"assigned","attributes":{"taskType":"voicemail","callBackData":{"numberToCall":"+14155550100","recordingSid":"RE00000000000000000000000000000000","attempts":1}}},"config":{"allow_requeue":true,"max_attempts":3}})",
      R"({"params":{"numberToCall":"+14155550100","numberToCallFrom":"+18005550199","timeout":"60"},"now":"2024-01-01T00:00:00Z","config":{"defaultWorkflowSid":"WWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}})",
      R"({"params":{"mode":"submit-callback","cbphone":"+14155550100","enqueuedTaskSid":"WT11111111111111111111111111111111"},"context":{"waitUrl":"https://x/w","now":"2024-01-01T00:00:00Z"},"lookups":{"task":{"sid":"WT11111111111111111111111111111111","assignment_status":"pending","attributes":"{}"}}})",
  };
  const char alphabet[] = "{}[]\":,0123456789abcdefnrtu\\+-. ";
  for (const auto& decision : cbvm::api::decision_names()) {
    for (const auto& base : seed_inputs) {
      for (int i = 0; i < 60; ++i) {
        std::string text = base;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
          const size_t pos = rng() % text.size();
          switch (rng() % 3) {
            case 0: text[pos] = alphabet[rng() % (sizeof alphabet - 1)]; break;
            case 1: text.erase(pos, 1 + rng() % 5); break;
            default: text.insert(pos, 1, alphabet[rng() % (sizeof alphabet - 1)]); break;
          }
          if (text.empty()) text = "{";
        }
        expect_envelope(decision, text);
      }
    }
  }
}

TEST(Robustness, UnknownDecisionsAreNamed) {
  json answer = json::parse(cbvm::api::run("deleteEverything", "{}"));
  EXPECT_EQ(answer["error"]["code"], "UNKNOWN_DECISION");
  EXPECT_EQ(answer["error"]["message"], "There is no decision named \"deleteEverything\".");
}

TEST(Robustness, InvalidUtf8InStringsIsReplacedNotFatal) {
  std::string text = "{\"number\":\"+1415\xff\xfe\"}";
  expect_envelope("normalizePhoneNumber", text);
}

}  // namespace
