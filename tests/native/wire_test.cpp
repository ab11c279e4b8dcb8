// The frame format: JSON text in and out, reads that stay in bounds, text
// that always decodes to the units counted.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "cbvm/api.hpp"
#include "cbvm/wire.hpp"

namespace cbvm::wire {
namespace {

std::string round_trip(std::string_view text) {
  Writer w;
  EXPECT_EQ(from_json_text(text, w), ParseStatus::kOk) << text;
  const Document doc(std::move(w));
  EXPECT_TRUE(doc.ok());
  std::string out;
  to_json_text(doc.root(), out);
  return out;
}

TEST(Wire, JsonTextRoundTripsValues) {
  const char* text =
      R"({"a":[1,-2.5,true,false,null,"x"],"b":{"c":"é😀\n\"q\""},"n":1e21,"e":{},"l":[]})";
  EXPECT_EQ(nlohmann::json::parse(round_trip(text)), nlohmann::json::parse(text));
}

TEST(Wire, LastDuplicateKeyWins) {
  Writer w;
  ASSERT_EQ(from_json_text(R"({"k":1,"k":2})", w), ParseStatus::kOk);
  const Document doc(std::move(w));
  EXPECT_EQ(doc.root()["k"].integer(), 2);
}

TEST(Wire, RefusesDeepNestingAndBadText) {
  Writer w;
  EXPECT_EQ(from_json_text(std::string(65, '[') + std::string(65, ']'), w), ParseStatus::kTooDeep);
  EXPECT_EQ(from_json_text(std::string(64, '[') + std::string(64, ']'), w), ParseStatus::kOk);
  EXPECT_EQ(from_json_text("{\"a\":", w), ParseStatus::kInvalid);
  EXPECT_EQ(from_json_text("{\"a\":\"\xff\"}", w), ParseStatus::kInvalid);
}

TEST(Wire, InvalidUtf8IsReplacedAndUnitsCounted) {
  Writer w;
  w.string("a\xff" "b\xe2\x82" "c\xf0\x9f\x98\x80");
  // Each byte that does not begin a valid sequence becomes one U+FFFD.
  EXPECT_EQ(w.text(), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c\xf0\x9f\x98\x80");
  EXPECT_EQ(w.text_units(), 8u);  // a, U+FFFD, b, U+FFFD, U+FFFD, c, and a surrogate pair
}

TEST(Wire, Utf16OffsetsMapToBytes) {
  // As JavaScript writes it: one text, strings at UTF-16 offsets.
  const std::string text = "é😀x";  // units: é=1, 😀=2, x=1
  const int32_t words[] = {kArray, 2, 6, kString, 0, 3, kString, 3, 1};
  const Doc doc(words, 9, nullptr, 0, text.data(), text.size(), 4);
  ASSERT_TRUE(doc.ok());
  std::vector<std::string_view> got;
  doc.root().for_each_item([&](const Value& v) { got.push_back(v.str()); });
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], "é😀");
  EXPECT_EQ(got[1], "x");
}

TEST(Wire, MalformedFramesAreRefused) {
  const char text[] = "ab";
  const double nums[] = {1.0};
  auto ok = [&](std::vector<int32_t> words) {
    return Doc(words.data(), words.size(), nums, 1, text, 2, 2).ok();
  };
  EXPECT_TRUE(ok({kObject, 1, 4, 0, 1, kNumber, 0}));
  EXPECT_FALSE(ok({kObject, 1, 4, 0, 3, kNumber, 0}));  // key beyond the text
  EXPECT_FALSE(ok({kObject, 1, 4, 0, 1, kNumber, 1}));  // number beyond the numbers
  EXPECT_FALSE(ok({kObject, 1, 3, 0, 1, kNumber, 0}));  // span too short
  EXPECT_FALSE(ok({kArray, 2, 1, kTrue}));              // fewer items than counted
  EXPECT_FALSE(ok({kArray, 1, 9, kTrue}));              // span beyond the frame
  EXPECT_FALSE(ok({kString, -1, 1}));
  EXPECT_FALSE(ok({9}));
  EXPECT_FALSE(ok({kTrue, kTrue}));  // trailing words
}

TEST(Wire, FramesAndTextGiveTheSameAnswer) {
  const char* input = R"({"task":{"taskChannelUniqueName":"voice","taskStatus":"assigned",
    "attributes":"{\"taskType\":\"callback\",\"callBackData\":{\"numberToCall\":\"+14155550100\"}}"},
    "config":{"allow_requeue":true,"max_attempts":3}})";
  Writer in;
  ASSERT_EQ(from_json_text(input, in), ParseStatus::kOk);
  const auto names = api::decision_names();
  const size_t index = std::find(names.begin(), names.end(), "panelState") - names.begin();
  api::FrameIn frame{in.words().data(), in.words().size(), in.nums().data(), in.nums().size(),
                     in.text().data(), in.text().size(), in.text_units(), false};
  Writer out;
  api::run_frame(index, frame, out, /*refer_to_input=*/false);
  const Document answer(std::move(out));
  std::string text;
  to_json_text(answer.root(), text);
  EXPECT_EQ(nlohmann::json::parse(text), nlohmann::json::parse(api::run("panelState", input)));
  EXPECT_EQ(nlohmann::json::parse(text)["value"]["contactPhone"], "+14155550100");

  // For JavaScript, strings repeated from the input refer to their tokens.
  Writer referring;
  api::run_frame(index, frame, referring);
  const auto& words = referring.words();
  const int32_t refs = static_cast<int32_t>(std::count(words.begin(), words.end(), kInputRef));
  EXPECT_GE(refs, 1);  // at least the contact phone; values may equal the tag by chance too

  frame.too_deep = true;
  Writer refused;
  api::run_frame(index, frame, refused);
  const Document refusal(std::move(refused));
  EXPECT_EQ(refusal.root()["error"]["code"].str(), "INVALID_JSON");
}

TEST(Wire, NumberedKeysAreReadByTheirText) {
  const int32_t id = key_number("numberedKeyOfTheTest");
  ASSERT_GE(id, 0);
  EXPECT_EQ(key_number("numberedKeyOfTheTest"), id);  // numbered once
  EXPECT_EQ(numbered_key(id), "numberedKeyOfTheTest");
  const char text[] = "v";
  const double nums[] = {0};
  // {<id>: "v"}
  const int32_t words[] = {kObject, 1, 5, -1 - id, 0, kString, 0, 1};
  const Doc doc(words, 8, nums, 0, text, 1, 1);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.root()["numberedKeyOfTheTest"].str(), "v");
  std::string out;
  to_json_text(doc.root(), out);
  EXPECT_EQ(out, R"({"numberedKeyOfTheTest":"v"})");

  // A number no key has, or a numbered key with a length, is malformed.
  const int32_t unknown[] = {kObject, 1, 5, -1 - numbered_key_count(), 0, kString, 0, 1};
  EXPECT_FALSE(Doc(unknown, 8, nums, 0, text, 1, 1).ok());
  const int32_t with_length[] = {kObject, 1, 5, -1 - id, 3, kString, 0, 1};
  EXPECT_FALSE(Doc(with_length, 8, nums, 0, text, 1, 1).ok());
}

TEST(Wire, AKeyNumberedForInputIsToldWhenFirstWritten) {
  const int32_t id = key_number("keyNumberedBeforeAnyAnswer");
  Writer w(/*intern_keys=*/true);
  w.begin_object();
  w.key_shared("keyNumberedBeforeAnyAnswer");
  w.null();
  w.end_object();
  // (id, start, length): the reader learns the text with the number.
  ASSERT_EQ(w.new_keys().size(), 3u);
  EXPECT_EQ(w.new_keys()[0], id);
  EXPECT_EQ(w.text().substr(static_cast<size_t>(w.new_keys()[1]),
                            static_cast<size_t>(w.new_keys()[2])),
            "keyNumberedBeforeAnyAnswer");
  Writer again(/*intern_keys=*/true);
  again.key_shared("keyNumberedBeforeAnyAnswer");
  EXPECT_TRUE(again.new_keys().empty());  // told once
}

}  // namespace
}  // namespace cbvm::wire
