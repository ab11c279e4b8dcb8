#include "cbvm/wire.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace cbvm::wire {

// ---------------------------------------------------------------- reading

double Value::as_number() const { return is_number() ? doc_->number(w_[1]) : 0.0; }

std::string_view Value::str() const { return is_string() ? doc_->text(w_[1], w_[2]) : std::string_view(); }

std::optional<int64_t> Value::integer() const {
  if (!is_number()) return std::nullopt;
  const double d = as_number();
  if (!(d > -9e15 && d < 9e15)) return std::nullopt;
  const auto i = static_cast<int64_t>(d);
  if (static_cast<double>(i) != d) return std::nullopt;
  return i;
}

namespace {
// The number of words of the token at p, its contents included.
int32_t token_words(const int32_t* p) {
  switch (p[0]) {
    case kNumber:
    case kShared:
    case kInputRef: return 2;
    case kString: return 3;
    case kArray:
    case kObject: return 3 + p[2];
    default: return 1;
  }
}
}  // namespace

const int32_t* Value::next() const { return w_ + token_words(w_); }

std::string_view Value::key_at(const int32_t* k) const {
  return k[0] < 0 ? numbered_key(-1 - k[0]) : doc_->text(k[0], k[1]);
}

Value Value::operator[](std::string_view key) const {
  const std::string_view keys[1] = {key};
  Value found[1];
  pick(keys, found);
  return found[0];
}

Doc::Doc(const int32_t* words, size_t word_count, const double* nums, size_t num_count,
         const char* text, size_t text_bytes, size_t text_units)
    : words_(words),
      word_count_(word_count),
      nums_(nums),
      num_count_(num_count),
      text_(text),
      text_bytes_(text_bytes),
      text_units_(text_units) {
  if (text_bytes != text_units) {
    // Map each UTF-16 offset to its byte offset. A four-byte sequence is two
    // units; the unit between them maps to the end of the sequence.
    byte_of_unit_.reserve(text_units + 1);
    size_t i = 0;
    while (i < text_bytes && byte_of_unit_.size() < text_units) {
      const auto c = static_cast<unsigned char>(text[i]);
      size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      if (i + len > text_bytes) len = text_bytes - i;
      byte_of_unit_.push_back(static_cast<uint32_t>(i));
      if (len == 4) byte_of_unit_.push_back(static_cast<uint32_t>(i + 4));
      i += len;
    }
    if (byte_of_unit_.size() > text_units) byte_of_unit_.resize(text_units);
    while (byte_of_unit_.size() <= text_units) byte_of_unit_.push_back(static_cast<uint32_t>(i));
  }
  if (word_count == 0) return;
  strings_.reserve(word_count / 3 + 1);
  const int32_t* end = check(words, words + word_count, 0);
  ok_ = end == words + word_count;
}

bool Doc::check_text(int32_t start, int32_t length) const {
  return start >= 0 && length >= 0 &&
         static_cast<uint64_t>(start) + static_cast<uint64_t>(length) <= text_units_;
}

std::string_view Doc::text(int32_t start, int32_t length) const {
  if (byte_of_unit_.empty()) return std::string_view(text_ + start, static_cast<size_t>(length));
  const uint32_t a = byte_of_unit_[static_cast<size_t>(start)];
  const uint32_t b = byte_of_unit_[static_cast<size_t>(start) + static_cast<size_t>(length)];
  return std::string_view(text_ + a, b >= a ? b - a : 0);
}

// Returns the word after the value at p, or nullptr when it is malformed.
const int32_t* Doc::check(const int32_t* p, const int32_t* end, int depth) {
  if (p >= end) return nullptr;
  switch (p[0]) {
    case kNull:
    case kFalse:
    case kTrue: return p + 1;
    case kNumber:
      if (end - p < 2 || p[1] < 0 || static_cast<size_t>(p[1]) >= num_count_) return nullptr;
      return p + 2;
    case kString: {
      if (end - p < 3 || !check_text(p[1], p[2])) return nullptr;
      const std::string_view t = text(p[1], p[2]);
      strings_.emplace_back(static_cast<uint32_t>(t.data() - text_), static_cast<int32_t>(p - words_));
      return p + 3;
    }
    case kArray:
    case kObject: {
      if (depth >= kMaxDepth || end - p < 3 || p[1] < 0 || p[2] < 0 || p[2] > end - p - 3)
        return nullptr;
      const int32_t* stop = p + 3 + p[2];
      const int32_t* q = p + 3;
      for (int32_t i = 0; i < p[1]; ++i) {
        if (p[0] == kObject) {
          if (stop - q < 2) return nullptr;
          if (q[0] < 0 ? q[1] != 0 || -1 - q[0] >= numbered_key_count() : !check_text(q[0], q[1]))
            return nullptr;
          q += 2;
        }
        q = check(q, stop, depth + 1);
        if (q == nullptr) return nullptr;
      }
      return q == stop ? stop : nullptr;
    }
    default: return nullptr;
  }
}

int32_t Doc::string_token(std::string_view s) const {
  if (s.data() < text_ || s.data() > text_ + text_bytes_) return -1;
  const auto offset = static_cast<uint32_t>(s.data() - text_);
  size_t lo = 0;
  size_t hi = strings_.size();
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (strings_[mid].first < offset) lo = mid + 1;
    else hi = mid;
  }
  // Several tokens may start at one offset (empty strings): find one of the length.
  for (; lo < strings_.size() && strings_[lo].first == offset; ++lo) {
    const int32_t* w = words_ + strings_[lo].second;
    if (text(w[1], w[2]).size() == s.size()) return strings_[lo].second;
  }
  return -1;
}

// ---------------------------------------------------------------- writing

namespace {

// The first slot to probe for an address in a table of 2^bits slots.
size_t slot_of_address(const void* address, unsigned bits) {
  return (static_cast<uint32_t>(reinterpret_cast<uintptr_t>(address)) * 2654435761u) >> (32 - bits);
}

// Keys numbered for JavaScript, once per module: by content, with a cache by
// address for the literals the core writes again and again.
struct KeyTable {
  // By text, open addressing with FNV-1a: every numbered string once.
  struct TextSlot {
    uint32_t hash = 0;
    int32_t id = -1;
    bool sent = false;  // told to JavaScript through a Writer's new_keys()
    std::string text;
  };
  static constexpr size_t kTextSlots = 4096;  // twice kMaxInternedKeys
  std::vector<TextSlot> texts = std::vector<TextSlot>(kTextSlots);
  size_t text_count = 0;
  std::vector<const std::string*> by_id;  // into `texts`, which never moves
  static uint32_t hash_of(std::string_view s) {
    uint32_t h = 2166136261u;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
  }
  // Returns the slot holding s, or the empty slot where it goes.
  TextSlot& by_text(std::string_view s, uint32_t h) {
    for (size_t i = h & (kTextSlots - 1);; i = (i + 1) & (kTextSlots - 1)) {
      TextSlot& slot = texts[i];
      if (slot.id < 0) return slot;
      if (slot.hash == h && same(slot.text, s)) return slot;
    }
  }
  // By address, open addressing: a literal is found with a compare or two.
  // Entries are never removed; past kMaxFill a literal is looked up by text.
  struct Slot {
    const char* address = nullptr;
    size_t size = 0;
    int32_t id = -1;
  };
  static constexpr unsigned kSlotBits = 11;
  static constexpr size_t kSlots = size_t{1} << kSlotBits;
  static constexpr size_t kMaxFill = kSlots / 2;
  size_t string_count = 0;
  size_t key_count = 0;
  std::vector<Slot> strings = std::vector<Slot>(kSlots);  // matched by address and size
  std::vector<Slot> keys = std::vector<Slot>(kSlots);     // key literals, by address alone
  // Returns the slot holding (address, size), or the empty slot where it goes.
  static Slot& find(std::vector<Slot>& table, const char* address, size_t size, bool by_size) {
    size_t i = slot_of_address(address, kSlotBits);
    for (;; i = (i + 1) & (kSlots - 1)) {
      Slot& slot = table[i];
      if (slot.address == nullptr) return slot;
      if (slot.address == address && (!by_size || slot.size == size)) return slot;
    }
  }
};
KeyTable* g_key_table = nullptr;
KeyTable& key_table() {
  if (g_key_table == nullptr) g_key_table = new KeyTable();  // lives as long as the module
  return *g_key_table;
}
constexpr size_t kMaxInternedKeys = 2048;

// Numbers s; false when the table is full.
bool number_text(KeyTable& table, std::string_view s, uint32_t h, KeyTable::TextSlot& slot) {
  if (table.text_count >= kMaxInternedKeys) return false;
  slot.hash = h;
  slot.id = static_cast<int32_t>(table.text_count++);
  slot.text = std::string(s);
  table.by_id.push_back(&slot.text);
  return true;
}

}  // namespace

std::string_view numbered_key(int32_t id) { return *key_table().by_id[static_cast<size_t>(id)]; }

int32_t numbered_key_count() {
  return g_key_table == nullptr ? 0 : static_cast<int32_t>(g_key_table->text_count);
}

namespace {
struct KeyListNumbers {
  const std::string_view* keys = nullptr;
  std::vector<int32_t> numbers;
};
constexpr unsigned kKeyListBits = 8;
constexpr size_t kKeyListSlots = size_t{1} << kKeyListBits;
KeyListNumbers* g_key_lists = nullptr;
}  // namespace

const int32_t* numbers_of(const std::string_view* keys, size_t count) {
  if (g_key_lists == nullptr) g_key_lists = new KeyListNumbers[kKeyListSlots];  // lives as long as the module
  size_t i = slot_of_address(keys, kKeyListBits);
  for (size_t probes = 0; probes < kKeyListSlots / 2; ++probes, i = (i + 1) & (kKeyListSlots - 1)) {
    KeyListNumbers& slot = g_key_lists[i];
    if (slot.keys == keys) return slot.numbers.data();
    if (slot.keys == nullptr) {
      slot.keys = keys;
      slot.numbers.resize(count);
      for (size_t k = 0; k < count; ++k) {
        const int32_t id = key_number(keys[k]);
        slot.numbers[k] = id >= 0 ? -1 - id : 0;  // 0 matches no numbered key
      }
      return slot.numbers.data();
    }
  }
  return nullptr;
}

int32_t key_number(std::string_view k) {
  KeyTable& table = key_table();
  const uint32_t h = KeyTable::hash_of(k);
  KeyTable::TextSlot& slot = table.by_text(k, h);
  if (slot.id >= 0) return slot.id;
  return number_text(table, k, h, slot) ? slot.id : -1;
}

void Writer::clear() {
  words_.clear();
  nums_.clear();
  text_.clear();
  units_ = 0;
  open_.clear();
  new_keys_.clear();
}

void Writer::number(double d) {
  if (!std::isfinite(d)) {  // as JSON.stringify writes them
    null();
    return;
  }
  words_.push_back(kNumber);
  words_.push_back(static_cast<int32_t>(nums_.size()));
  nums_.push_back(d);
}

void Writer::append_text(std::string_view s, int32_t& start, int32_t& length) {
  start = static_cast<int32_t>(units_);
  const size_t n = s.size();
  size_t i = 0;
  while (i < n && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  text_.append(s.data(), i);
  units_ += i;
  // Beyond ASCII: count UTF-16 units and replace invalid UTF-8 with U+FFFD,
  // so the text always decodes to exactly the units counted.
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      len = 1;
      cp = c;
    } else if (c >= 0xC2 && c < 0xE0) {
      len = 2;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c < 0xF0) {
      len = 3;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c < 0xF5) {
      len = 4;
      cp = c & 0x07u;
    }
    bool valid = len > 0 && i + len <= n;
    for (size_t k = 1; valid && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0u) != 0x80u) valid = false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (valid && ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
                  (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))))
      valid = false;
    if (!valid) {
      text_ += "\xEF\xBF\xBD";
      units_ += 1;
      i += 1;
      continue;
    }
    text_.append(s.data() + i, len);
    units_ += len == 4 ? 2 : 1;
    i += len;
  }
  length = static_cast<int32_t>(units_) - start;
}

void Writer::string(std::string_view s) {
  if (source_ != nullptr && !s.empty()) {
    const int32_t token = source_->string_token(s);
    if (token >= 0) {
      words_.push_back(kInputRef);
      words_.push_back(token);
      return;
    }
  }
  int32_t start = 0;
  int32_t length = 0;
  append_text(s, start, length);
  words_.push_back(kString);
  words_.push_back(start);
  words_.push_back(length);
}

void Writer::key(std::string_view k) { key_numbered(k, -1); }

void Writer::key_numbered(std::string_view k, int32_t id) {
  if (id >= 0) {
    words_.push_back(-1 - id);
    words_.push_back(0);
  } else {
    int32_t start = 0;
    int32_t length = 0;
    append_text(k, start, length);
    words_.push_back(start);
    words_.push_back(length);
  }
  if (!open_.empty()) ++words_[open_.back() + 1];
}

int32_t Writer::intern_text(std::string_view s) {
  KeyTable& table = key_table();
  const uint32_t h = KeyTable::hash_of(s);
  KeyTable::TextSlot& slot = table.by_text(s, h);
  if (slot.id >= 0 && slot.sent) return slot.id;
  // New, or numbered by key_number and not yet sent: the reader learns its text here.
  if (slot.id < 0 && !number_text(table, s, h, slot)) return -1;
  slot.sent = true;
  int32_t start = 0;
  int32_t length = 0;
  append_text(s, start, length);
  new_keys_.insert(new_keys_.end(), {slot.id, start, length});
  return slot.id;
}

void Writer::key_shared(std::string_view k) { key_numbered(k, intern_ ? intern_text(k) : -1); }

int32_t Writer::intern(std::string_view s) {
  KeyTable& table = key_table();
  KeyTable::Slot& slot = KeyTable::find(table.strings, s.data(), s.size(), true);
  if (slot.address != nullptr) return slot.id;
  const int32_t id = intern_text(s);
  if (id >= 0 && table.string_count < KeyTable::kMaxFill) {
    slot = {s.data(), s.size(), id};
    ++table.string_count;
  }
  return id;
}

void Writer::key_lit(const char* k) {
  int32_t id = -1;
  if (intern_) {
    // A literal's address names it: no need to measure it again.
    KeyTable::Slot& slot = KeyTable::find(key_table().keys, k, 0, false);
    if (slot.address != nullptr) {
      id = slot.id;
    } else {
      id = intern_text(k);
      KeyTable& table = key_table();
      if (id >= 0 && table.key_count < KeyTable::kMaxFill) {
        slot = {k, 0, id};
        ++table.key_count;
      }
    }
  }
  if (id >= 0) key_numbered({}, id);  // the text is not needed, nor measured
  else key_numbered(k, -1);
}

void Writer::string_lit(std::string_view s) {
  const int32_t id = intern_ ? intern(s) : -1;
  if (id < 0) {
    string(s);
    return;
  }
  words_.push_back(kShared);
  words_.push_back(id);
}

void Writer::open(int32_t tag) {
  open_.push_back(words_.size());
  words_.insert(words_.end(), {tag, 0, 0});
}

void Writer::close() {
  const size_t at = open_.back();
  open_.pop_back();
  words_[at + 2] = static_cast<int32_t>(words_.size() - at - 3);
  if (words_[at] == kArray) {
    // Arrays count their items here: each direct child starts a value.
    int32_t count = 0;
    const int32_t* p = words_.data() + at + 3;
    const int32_t* end = words_.data() + words_.size();
    for (; p < end; p += token_words(p)) ++count;
    words_[at + 1] = count;
  }
}

void Writer::rewind(const Mark& m) {
  words_.resize(m.words);
  nums_.resize(m.nums);
  open_.resize(m.open);
}

void Writer::value(const Value& v) {
  switch (v.tag()) {
    case kFalse:
    case kTrue: boolean(v.as_bool()); break;
    case kNumber: number(v.as_number()); break;
    case kString: string(v.str()); break;
    case kArray:
      begin_array();
      v.for_each_item([&](const Value& item) { value(item); });
      end_array();
      break;
    case kObject:
      begin_object();
      v.for_each_member([&](std::string_view k, const Value& item) {
        key_shared(k);
        value(item);
      });
      end_object();
      break;
    default: null();
  }
}

void Writer::json(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::boolean: boolean(j.get<bool>()); break;
    case nlohmann::json::value_t::number_integer: number(static_cast<double>(j.get<int64_t>())); break;
    case nlohmann::json::value_t::number_unsigned:
      number(static_cast<double>(j.get<uint64_t>()));
      break;
    case nlohmann::json::value_t::number_float: number(j.get<double>()); break;
    case nlohmann::json::value_t::string: string(j.get_ref<const std::string&>()); break;
    case nlohmann::json::value_t::array:
      begin_array();
      for (const auto& item : j) json(item);
      end_array();
      break;
    case nlohmann::json::value_t::object:
      begin_object();
      for (const auto& [k, item] : j.items()) {
        key_shared(k);  // attribute names recur from call to call
        json(item);
      }
      end_object();
      break;
    default: null();
  }
}

Document::Document(Writer&& w) : writer_(std::move(w)) {
  doc_.emplace(writer_.words().data(), writer_.words().size(), writer_.nums().data(),
               writer_.nums().size(), writer_.text().data(), writer_.text().size(),
               writer_.text_units());
}

// ---------------------------------------------------------------- JSON text

namespace {

class SaxToWire {
 public:
  using json = nlohmann::json;
  explicit SaxToWire(Writer& w) : w_(w) {}

  bool null() {
    w_.null();
    return true;
  }
  bool boolean(bool b) {
    w_.boolean(b);
    return true;
  }
  bool number_integer(json::number_integer_t v) {
    w_.number(static_cast<double>(v));
    return true;
  }
  bool number_unsigned(json::number_unsigned_t v) {
    w_.number(static_cast<double>(v));
    return true;
  }
  bool number_float(json::number_float_t v, const json::string_t&) {
    w_.number(v);
    return true;
  }
  bool string(json::string_t& s) {
    w_.string(s);
    return true;
  }
  bool binary(json::binary_t&) { return false; }
  bool start_object(std::size_t) { return enter(true); }
  bool key(json::string_t& k) {
    w_.key(k);
    return true;
  }
  bool end_object() {
    --depth_;
    w_.end_object();
    return true;
  }
  bool start_array(std::size_t) { return enter(false); }
  bool end_array() {
    --depth_;
    w_.end_array();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

  bool too_deep() const { return too_deep_; }

 private:
  bool enter(bool object) {
    if (++depth_ > kMaxDepth) {
      too_deep_ = true;
      return false;
    }
    if (object) w_.begin_object();
    else w_.begin_array();
    return true;
  }

  Writer& w_;
  int depth_ = 0;
  bool too_deep_ = false;
};

void escape(std::string_view s, std::string& out) {
  static const char* kHex = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

}  // namespace

ParseStatus from_json_text(std::string_view text, Writer& out) {
  out.clear();
  SaxToWire sax(out);
  const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
  if (sax.too_deep()) return ParseStatus::kTooDeep;
  return ok ? ParseStatus::kOk : ParseStatus::kInvalid;
}

Value object_or_parsed(const Value& v, std::unique_ptr<Document>& holder) {
  if (v.is_object()) return v;
  if (v.is_string()) {
    Writer w;
    if (from_json_text(v.str(), w) == ParseStatus::kOk) {
      holder = std::make_unique<Document>(std::move(w));
      if (holder->ok() && holder->root().is_object()) return holder->root();
    }
  }
  return {};
}

void to_json_text(const Value& v, std::string& out) {
  switch (v.tag()) {
    case kFalse: out += "false"; break;
    case kTrue: out += "true"; break;
    case kNumber: {
      const double d = v.as_number();
      char buf[32];
      if (auto i = v.integer()) std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(*i));
      else std::snprintf(buf, sizeof buf, "%.17g", d);
      out += buf;
      break;
    }
    case kString: escape(v.str(), out); break;
    case kArray: {
      out += '[';
      bool first = true;
      v.for_each_item([&](const Value& item) {
        if (!first) out += ',';
        first = false;
        to_json_text(item, out);
      });
      out += ']';
      break;
    }
    case kObject: {
      out += '{';
      bool first = true;
      v.for_each_member([&](std::string_view k, const Value& item) {
        if (!first) out += ',';
        first = false;
        escape(k, out);
        out += ':';
        to_json_text(item, out);
      });
      out += '}';
      break;
    }
    default: out += "null";
  }
}

nlohmann::json to_json(const Value& v) {
  switch (v.tag()) {
    case kFalse: return false;
    case kTrue: return true;
    case kNumber:
      if (auto i = v.integer()) return *i;
      return v.as_number();
    case kString: return std::string(v.str());
    case kArray: {
      nlohmann::json a = nlohmann::json::array();
      v.for_each_item([&](const Value& item) { a.push_back(to_json(item)); });
      return a;
    }
    case kObject: {
      nlohmann::json o = nlohmann::json::object();
      v.for_each_member(
          [&](std::string_view k, const Value& item) { o[std::string(k)] = to_json(item); });
      return o;
    }
    default: return nullptr;
  }
}

}  // namespace cbvm::wire
