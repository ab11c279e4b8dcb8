// The core's binary JSON: how values cross between JavaScript and the core
// without JSON text. A frame is three flat regions:
//
//   words  int32 tokens, in document order
//   nums   float64 numbers, referenced by index from a number token
//   text   UTF-8 bytes of every string and key, referenced by UTF-16 offset
//
// Offsets count UTF-16 units because that is what a JavaScript string's
// length counts: JavaScript appends every string to one text, writes it into
// memory once, and reads output strings back as slices of one decoded text.
//
// Tokens (each a tag word and its operands):
//   0 null · 1 false · 2 true · 3 number [index] · 4 string [start, length]
//   5 array [count, span] items… · 6 object [count, span] (key, value)…
// A key is [start, length], or [-1 - id, 0] for a key the core has numbered
// (once per module, see key_number): JavaScript writes the keys a decision
// reads by number (see Reads), and the core's answers name keys already sent
// in an earlier frame by number. In output, 7 [id] is a string the core
// writes again and again, and 8 [word] repeats a string of the input frame,
// named by the word index of its token (see Writer). `span` is the number
// of words after the container's three header words, so a reader can skip it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cbvm::wire {

enum Tag : int32_t {
  kNull = 0,
  kFalse = 1,
  kTrue = 2,
  kNumber = 3,
  kString = 4,
  kArray = 5,
  kObject = 6,
  kShared = 7,    // output only: a numbered string
  kInputRef = 8,  // output only: a string of the input frame, by its token's word index
};

inline constexpr int kMaxDepth = 64;

class Doc;

// The text of numbered key `id`, and how many keys are numbered. Numbers are
// given once per module and never change.
std::string_view numbered_key(int32_t id);
int32_t numbered_key_count();
// The number of key k, numbering it if it is new; -1 when the table is full.
// (A Writer that interns keys tells JavaScript a key's text the first time
// it sends that number, whoever numbered it.)
int32_t key_number(std::string_view k);

// The numbers of a list of keys, as written in a frame (-1 - number; 0 for
// a key that has none), kept for the life of the module; nullptr when too
// many lists are numbered already.
const int32_t* numbers_of(const std::string_view* keys, size_t count);

// What a decision reads of an object: the members it looks at and, for each,
// what it reads of that member when that is an object (nullptr: all of it).
// A decision picks members with exactly these key lists, so JavaScript can
// leave every other member out of the frame and write these keys by number.
struct Reads {
  const std::string_view* keys = nullptr;
  size_t count = 0;
  const Reads* const* members = nullptr;  // `count` entries, or nullptr: all read whole
};

template <size_t N>
constexpr Reads reads_of(const std::string_view (&keys)[N]) {
  return Reads{keys, N, nullptr};
}
template <size_t N>
constexpr Reads reads_of(const std::string_view (&keys)[N], const Reads* const (&members)[N]) {
  return Reads{keys, N, members};
}

// Keys are short: compared here rather than through a memcmp call.
inline bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// A read-only view of one value of a Doc. A default-constructed Value is
// "absent": every test on it is false and every member of it absent.
class Value {
 public:
  Value() = default;

  bool exists() const { return doc_ != nullptr; }
  int32_t tag() const { return doc_ ? w_[0] : -1; }
  bool is_null() const { return tag() == kNull; }
  bool is_bool() const { return tag() == kFalse || tag() == kTrue; }
  bool is_number() const { return tag() == kNumber; }
  bool is_string() const { return tag() == kString; }
  bool is_array() const { return tag() == kArray; }
  bool is_object() const { return tag() == kObject; }
  // Absent or null: what the core treats as "not given".
  bool missing() const { return !doc_ || w_[0] == kNull; }

  bool as_bool() const { return tag() == kTrue; }
  double as_number() const;
  std::string_view str() const;  // "" unless a string
  // An integral number (no fraction, within ±9e15).
  std::optional<int64_t> integer() const;

  // Number of items or members (0 unless an array or object).
  size_t size() const { return is_array() || is_object() ? static_cast<size_t>(w_[1]) : 0; }

  // The member named key (the last one, as JSON parsers keep), or absent.
  Value operator[](std::string_view key) const;
  // The member when it is present and not null, else absent.
  Value member(std::string_view key) const {
    Value v = (*this)[key];
    return v.is_null() ? Value() : v;
  }

  // Reads several members in one pass: out[i] is the member named keys[i]
  // (the last one), absent when missing. Cheaper than one lookup per key.
  template <size_t N>
  void pick(const std::string_view (&keys)[N], Value (&out)[N]) const {
    for (auto& v : out) v = Value();
    if (!is_object()) return;
    // Keys written by number (see Reads) are matched by number.
    const int32_t* numbers = numbers_of(keys, N);
    const int32_t* p = w_ + 3;
    for (int32_t i = 0; i < w_[1]; ++i) {
      Value v(doc_, p + 2);
      if (p[0] < 0 && numbers != nullptr) {
        for (size_t k = 0; k < N; ++k) {
          if (numbers[k] == p[0]) {
            out[k] = v;
            break;
          }
        }
      } else {
        const std::string_view key = key_at(p);
        for (size_t k = 0; k < N; ++k) {
          if (same(keys[k], key)) {
            out[k] = v;
            break;  // the keys of a list differ from one another
          }
        }
      }
      p = v.next();
    }
  }

  template <typename F>
  void for_each_item(F&& f) const {
    if (!is_array()) return;
    const int32_t* p = w_ + 3;
    for (int32_t i = 0; i < w_[1]; ++i) {
      Value v(doc_, p);
      f(v);
      p = v.next();
    }
  }
  template <typename F>
  void for_each_member(F&& f) const {
    if (!is_object()) return;
    const int32_t* p = w_ + 3;
    for (int32_t i = 0; i < w_[1]; ++i) {
      std::string_view key = key_at(p);
      Value v(doc_, p + 2);
      f(key, v);
      p = v.next();
    }
  }

  const Doc* doc() const { return doc_; }
  const int32_t* words() const { return w_; }

 private:
  friend class Doc;
  Value(const Doc* doc, const int32_t* w) : doc_(doc), w_(w) {}
  const int32_t* next() const;  // the word after this value
  std::string_view key_at(const int32_t* k) const;

  const Doc* doc_ = nullptr;
  const int32_t* w_ = nullptr;
};

// A frame's regions, checked once so that no Value read goes out of bounds.
class Doc {
 public:
  // Returns nullopt-equivalent (ok() false) when the frame is malformed.
  Doc(const int32_t* words, size_t word_count, const double* nums, size_t num_count,
      const char* text, size_t text_bytes, size_t text_units);

  bool ok() const { return ok_; }
  Value root() const { return ok_ && word_count_ > 0 ? Value(this, words_) : Value(); }
  // The word index of the string token whose text is exactly s, or -1.
  int32_t string_token(std::string_view s) const;
  double number(int32_t index) const { return nums_[index]; }
  std::string_view text(int32_t start, int32_t length) const;

 private:
  const int32_t* check(const int32_t* p, const int32_t* end, int depth);
  bool check_text(int32_t start, int32_t length) const;

  const int32_t* words_;
  size_t word_count_;
  const double* nums_;
  size_t num_count_;
  const char* text_;
  size_t text_bytes_;
  size_t text_units_;
  std::vector<uint32_t> byte_of_unit_;  // only when the text is not all ASCII
  // (byte offset, word index) of each string value, in text order.
  std::vector<std::pair<uint32_t, int32_t>> strings_;
  bool ok_ = false;
};

// Builds a frame. Containers are opened and closed; counts and spans are
// filled in on close. With `intern_keys`, keys given as literals (key_lit) are
// numbered once per module and sent by number afterwards; the numbers defined
// by this frame are listed in new_keys() for the reader to remember.
class Writer {
 public:
  explicit Writer(bool intern_keys = false) : intern_(intern_keys) {}

  // With a source, a string that is exactly one of the source's strings is
  // sent as a reference to it (for JavaScript, which still holds it).
  void set_source(const Doc* source) { source_ = source; }

  void null() { words_.push_back(kNull); }
  void boolean(bool b) { words_.push_back(b ? kTrue : kFalse); }
  void number(double d);
  void string(std::string_view s);
  void begin_array() { open(kArray); }
  void end_array() { close(); }
  void begin_object() { open(kObject); }
  void end_object() { close(); }
  void key(std::string_view k);        // any key
  void key_lit(const char* k);         // a key that is a string literal of the core
  void key_shared(std::string_view k); // a key likely to recur: numbered by its text
  // A string with static storage (a literal, or a constant table's entry):
  // numbered like key_lit. Never text that lives only for one call.
  void string_lit(std::string_view s);
  void value(const Value& v);          // copies a value of another frame (keys as key_shared)
  void json(const nlohmann::json& j);  // writes a JSON value

  template <typename T>
  void optional_string(const std::optional<T>& s) {
    if (s) string(*s);
    else null();
  }

  // Truncates words and numbers back to a mark (text is kept).
  struct Mark {
    size_t words, nums, open;
  };
  Mark mark() const { return {words_.size(), nums_.size(), open_.size()}; }
  void rewind(const Mark& m);

  const std::vector<int32_t>& words() const { return words_; }
  const std::vector<double>& nums() const { return nums_; }
  const std::string& text() const { return text_; }
  size_t text_units() const { return units_; }
  const std::vector<int32_t>& new_keys() const { return new_keys_; }  // (id, start, length)…

  void clear();

 private:
  void open(int32_t tag);
  void close();
  void append_text(std::string_view s, int32_t& start, int32_t& length);
  void key_numbered(std::string_view k, int32_t id);  // by number when id >= 0
  int32_t intern(std::string_view s);       // by address, then by text; -1 when full
  int32_t intern_text(std::string_view s);  // by text; -1 when full

  bool intern_;
  const Doc* source_ = nullptr;
  std::vector<int32_t> words_;
  std::vector<double> nums_;
  std::string text_;
  size_t units_ = 0;
  std::vector<size_t> open_;  // word index of each open container
  std::vector<int32_t> new_keys_;
};

// An owned frame: a Writer's regions and the Doc over them.
class Document {
 public:
  Document() = default;
  explicit Document(Writer&& w);
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;
  Document(Document&&) = delete;

  bool ok() const { return doc_.has_value() && doc_->ok(); }
  Value root() const { return doc_ ? doc_->root() : Value(); }

 private:
  Writer writer_;
  std::optional<Doc> doc_;
};

enum class ParseStatus { kOk, kInvalid, kTooDeep };

// An object given as itself or as JSON text (task attributes arrive as an
// object from Flex and as text from REST): the object, or the text parsed into
// `holder`, which must outlive the returned view; absent when neither is an object.
Value object_or_parsed(const Value& v, std::unique_ptr<Document>& holder);

// Converts JSON text into a frame (keys inline), refusing nesting deeper than kMaxDepth.
ParseStatus from_json_text(std::string_view text, Writer& out);

// Writes a value as JSON text (strings escaped as nlohmann::json does).
void to_json_text(const Value& v, std::string& out);

// Converts a value to nlohmann::json, for rules that edit whole documents.
nlohmann::json to_json(const Value& v);

}  // namespace cbvm::wire
