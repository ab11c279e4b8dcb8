// Runs every golden vector in tests/vectors/<decision>/*.json through the
// core's JSON API, exactly as the WebAssembly build runs them in
// tests/wasm/vectors.test.mjs. Case names are the same on both sides.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cbvm/api.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Vector {
  std::string decision;
  std::string file;
  std::string name;
  json spec;
};

// Keeps GoogleTest from dumping the struct's bytes in test names.
void PrintTo(const Vector& v, std::ostream* os) { *os << v.decision << ": " << v.name; }

std::vector<Vector> load_vectors() {
  std::vector<Vector> out;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(CBVM_VECTORS_DIR)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    json cases = json::parse(in);
    for (const auto& c : cases) {
      out.push_back({path.parent_path().filename().string(), path.stem().string(),
                     c.at("name").get<std::string>(), c});
    }
  }
  return out;
}

// The input text of a vector: its JSON input, its literal text, or a text
// built by repetition (for inputs too large to keep in a file).
std::string input_text(const json& spec) {
  if (spec.contains("inputText")) {
    const json& t = spec.at("inputText");
    if (t.is_string()) return t.get<std::string>();
    std::string s = t.at("prefix").get<std::string>();
    const std::string unit = t.at("repeat").get<std::string>();
    for (int i = 0, n = t.at("times").get<int>(); i < n; ++i) s += unit;
    return s + t.at("suffix").get<std::string>();
  }
  return spec.at("input").dump();
}

// Every member of `expected` is in `actual` with a matching value; arrays
// match element by element and must have the same length.
bool subset_match(const json& expected, const json& actual, std::string& where) {
  if (expected.is_object()) {
    if (!actual.is_object()) return false;
    for (const auto& [key, value] : expected.items()) {
      if (!actual.contains(key)) {
        where += "." + key + " (missing)";
        return false;
      }
      if (!subset_match(value, actual.at(key), where += "." + key)) return false;
      where.resize(where.size() - key.size() - 1);
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) {
      where += " (array length)";
      return false;
    }
    for (size_t i = 0; i < expected.size(); ++i) {
      std::string idx = "[" + std::to_string(i) + "]";
      if (!subset_match(expected[i], actual[i], where += idx)) return false;
      where.resize(where.size() - idx.size());
    }
    return true;
  }
  return expected == actual;
}

class GoldenVector : public ::testing::TestWithParam<Vector> {};

TEST_P(GoldenVector, MatchesExpected) {
  const Vector& v = GetParam();
  const json& expected = v.spec.at("expected");
  const json answer = json::parse(cbvm::api::run(v.decision, input_text(v.spec)));
  SCOPED_TRACE(v.decision + ": " + v.name);
  ASSERT_EQ(answer.at("ok"), expected.at("ok")) << answer.dump(2);
  if (expected.at("ok").get<bool>()) {
    if (expected.contains("value")) {
      EXPECT_EQ(answer.at("value"), expected.at("value")) << answer.at("value").dump(2);
    } else {
      std::string where = "value";
      EXPECT_TRUE(subset_match(expected.at("subset"), answer.at("value"), where))
          << "mismatch at " << where << "\n" << answer.at("value").dump(2);
    }
  } else {
    const json& e = expected.at("error");
    EXPECT_EQ(answer.at("error").at("code"), e.at("code")) << answer.dump(2);
    if (e.contains("message")) EXPECT_EQ(answer.at("error").at("message"), e.at("message"));
  }
}

std::string test_name(const ::testing::TestParamInfo<Vector>& info) {
  std::string name = info.param.decision + "_" + info.param.file + "_" + info.param.name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Vectors, GoldenVector, ::testing::ValuesIn(load_vectors()), test_name);

TEST(GoldenVectors, CoverEveryDecision) {
  std::set<std::string> covered;
  for (const auto& v : load_vectors()) covered.insert(v.decision);
  for (const auto& name : cbvm::api::decision_names()) {
    EXPECT_TRUE(covered.count(name)) << "no golden vector for decision " << name;
  }
  EXPECT_GE(load_vectors().size(), 150u);
}

}  // namespace
