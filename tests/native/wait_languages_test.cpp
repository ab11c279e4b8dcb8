// The wait experience in each locale it speaks: every prompt translated, every
// mode speaking only the caller's language with that locale's voice, and every
// URL it writes keeping the language for the next step.
#include <gtest/gtest.h>

#include <functional>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "cbvm/literals.hpp"
#include "cbvm/wait_experience.hpp"

namespace cbvm {
namespace {

const std::string kTask = "WT" + std::string(32, '1');
const std::string kCall = "CA" + std::string(32, '9');

Param text(std::string value) {
  Param p;
  p.text = std::move(value);
  return p;
}

WaitStepInput call_in(std::string_view mode, std::string_view language, std::string_view digits) {
  WaitStepInput in;
  in.params = {{"mode", text(std::string(mode))},
               {"language", text(std::string(language))},
               {"CallSid", text(kCall)},
               {"QueueSid", text("QU" + std::string(32, '0'))},
               {"From", text("+14155550100")},
               {"To", text("+18005550199")},
               {"enqueuedTaskSid", text(kTask)},
               {"Digits", text(std::string(digits))},
               {"cbphone", text("+14155550100")},
               {"RecordingSid", text("RE" + std::string(32, 'c'))}};
  in.options.callback.default_workflow_sid = "WW" + std::string(32, 'a');
  in.context = {"https://x.test/wait", "https://x.test", "2024-01-01T00:00:00.000Z"};
  in.lookups.queue_fetched = true;
  in.lookups.queue_name = "WW" + std::string(32, 'b');
  in.lookups.pending_pages = {PendingPage{0, false, {PendingTask{kTask, "pending", kCall, {}}}}};
  in.lookups.task_fetched = true;
  CallTask task;
  task.task.sid = kTask;
  task.assignment_status = "pending";
  in.lookups.task = task;
  return in;
}

void each_verb(const std::vector<Verb>& verbs, const std::function<void(const Verb&)>& visit) {
  for (const Verb& v : verbs) {
    visit(v);
    each_verb(v.children, visit);
  }
}

TEST(WaitLanguages, TheLocalesAreThePluginsWithEnglishFirst) {
  std::vector<std::string> tags;
  for (const WaitLocale& l : wait_locales()) tags.emplace_back(l.tag);
  EXPECT_EQ(tags, (std::vector<std::string>{"en-US", "es-MX", "es-ES", "pt-BR", "th", "zh-Hans"}));
}

TEST(WaitLanguages, EveryLocaleHasEveryMessageAndNoneIsTheEnglishText) {
  const auto& english = default_wait_messages("en-US");
  for (const WaitLocale& l : wait_locales()) {
    if (l.tag == "en-US") continue;
    const auto& messages = default_wait_messages(l.tag);
    ASSERT_EQ(messages.size(), english.size()) << l.tag;
    for (const auto& [key, text] : english) {
      ASSERT_EQ(messages.count(key), 1u) << l.tag << "." << key;
      EXPECT_NE(messages.at(key), text) << l.tag << "." << key << " is still English";
      EXPECT_FALSE(messages.at(key).empty()) << l.tag << "." << key;
    }
  }
}

TEST(WaitLanguages, TagsAndAliasesSelectALocaleWhateverTheirCase) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"en-US", "en-US"}, {"EN", "en-US"},      {"es", "es-MX"},         {"es-mx", "es-MX"},
      {"es-US", "es-MX"}, {"ES-es", "es-ES"},   {"pt", "pt-BR"},         {"pt_BR", "pt-BR"},
      {"th", "th"},       {"th-TH", "th"},      {"zh", "zh-Hans"},       {"zh-CN", "zh-Hans"},
      {"zh_cn", "zh-Hans"}, {"ZH-HANS", "zh-Hans"}, {"cmn-CN", "zh-Hans"}};
  for (const auto& [tag, locale] : cases) {
    auto l = wait_locale(tag);
    ASSERT_TRUE(l) << tag;
    EXPECT_EQ(l->tag, locale) << tag;
  }
  for (std::string_view unknown : {"", "fr", "fr-FR", "pt-PT", "zh-TW", "en-US-x", "e", "thai"})
    EXPECT_FALSE(wait_locale(unknown)) << unknown;
}

// Every mode, after every key a caller can press, in every locale: each <Say>
// has the locale's voice and language and none of the English prompts, and
// every URL for the next step carries the locale.
TEST(WaitLanguages, EveryModeSpeaksOnlyTheCallersLanguageAndKeepsIt) {
  std::set<std::string> english;
  for (const auto& [key, text] : default_wait_messages("en-US")) english.insert(text);
  std::vector<std::string_view> modes(std::begin(kWaitModeNames), std::end(kWaitModeNames));
  modes.push_back("no-such-mode");
  for (const WaitLocale& l : wait_locales()) {
    const std::string carried = "language=" + std::string(l.tag);
    int says = 0;
    int urls = 0;
    for (std::string_view mode : modes) {
      for (std::string_view digits : {"*", "1", "2", "9", "4155550100"}) {
        const std::string where = std::string(l.tag) + " " + std::string(mode) + " " + std::string(digits);
        auto plan = wait_step(call_in(mode, l.tag, digits));
        ASSERT_TRUE(plan.ok()) << where;
        each_verb(plan.value().twiml, [&](const Verb& v) {
          if (v.type == VerbType::kSay) {
            ++says;
            EXPECT_EQ(v.voice, l.voice) << where;
            EXPECT_EQ(v.language, l.language) << where;
            if (l.tag != "en-US" && !v.as_telephone)
              EXPECT_EQ(english.count(v.text), 0u) << where << ": \"" << v.text << "\"";
          }
          for (const std::string* url : {&v.url, &v.action}) {
            if (!url->empty() && url->rfind("https://x.test/wait", 0) == 0 && ++urls > 0)
              EXPECT_NE(url->find(carried), std::string::npos) << where << ": " << *url;
          }
          if (v.transcribe_callback)
            EXPECT_NE(v.transcribe_callback->find(carried), std::string::npos) << where;
        });
        for (const WaitEffect& e : plan.value().effects) {
          if (e.type == WaitEffectType::kUpdateCall)
            EXPECT_NE(e.url.find(carried), std::string::npos) << where << ": " << e.url;
        }
      }
    }
    // The walk reached the prompts and links of every mode, not just a few.
    EXPECT_GT(says, 60) << l.tag;
    EXPECT_GT(urls, 60) << l.tag;
  }
}

TEST(WaitLanguages, WithoutALanguageTheUrlsAreAsBefore) {
  auto plan = wait_step(call_in("main-wait-loop", "", ""));
  ASSERT_TRUE(plan.ok());
  each_verb(plan.value().twiml, [](const Verb& v) {
    EXPECT_EQ(v.url.find("language="), std::string::npos) << v.url;
    EXPECT_EQ(v.action.find("language="), std::string::npos) << v.action;
  });
}

TEST(WaitLanguages, AConfiguredLanguageChoosesTheDefaultOrStaysTheSayLanguage) {
  WaitStepInput in = call_in("main-wait-loop", "", "");
  in.options.language = "es-ES";
  auto plan = wait_step(in);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan.value().twiml[0].text, default_wait_messages("es-ES").at("greeting"));
  EXPECT_EQ(plan.value().twiml[0].voice, "Polly.Lucia");
  EXPECT_EQ(plan.value().twiml[0].language, "es-ES");

  // Not a locale: the English prompts in that <Say> language, as before.
  in.options.language = "en-GB";
  in.options.voice = "Polly.Amy";
  plan = wait_step(in);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan.value().twiml[0].text, default_wait_messages().at("greeting"));
  EXPECT_EQ(plan.value().twiml[0].voice, "Polly.Amy");
  EXPECT_EQ(plan.value().twiml[0].language, "en-GB");

  // A locale named by a tag that is no <Say> language: the locale's own.
  in.options.language = "zh-Hans";
  in.options.voice = "Polly.Zhiyu-Neural";
  plan = wait_step(in);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan.value().twiml[0].voice, "Polly.Zhiyu-Neural");
  EXPECT_EQ(plan.value().twiml[0].language, "cmn-CN");
}

}  // namespace
}  // namespace cbvm
