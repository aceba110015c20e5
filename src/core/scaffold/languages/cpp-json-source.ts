// The C++ scaffold's JSON reader and string quoting, embedded verbatim.

/** json.hpp: the declarations. */
export const CPP_JSON_HPP = `// Just enough JSON for a runtime with no library but libcurl: read one top-level string field of an object,
// and write a string as a JSON literal. Everything else in the event is checked and skipped.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

namespace json {

// The text is not the JSON these functions read; what() says where and why.
class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The string value of the field \`key\` of the JSON object \`text\`; nullopt when the field is absent or not
// a string. Throws ParseError when \`text\` is not a JSON object. The last of duplicate keys wins, as in
// JavaScript's JSON.parse; fields of nested objects never match.
std::optional<std::string> string_field(const std::string& text, const std::string& key);

// \`value\` (UTF-8) as a JSON string literal, quotes included.
std::string quote(const std::string& value);

}  // namespace json
`;

/** json.cpp: a top-level string field reader and a JSON string escaper. */
export const CPP_JSON_CPP = `#include "json.hpp"

#include <cstdio>

namespace json {
namespace {

// Nesting deeper than this is refused rather than risking the stack.
constexpr int kMaxDepth = 512;

class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text) {}

  std::optional<std::string> top_level_field(const std::string& key) {
    skip_ws();
    if (peek() != '{') fail("expected an object");
    std::optional<std::string> found;
    object(0, &key, &found);
    skip_ws();
    if (pos_ != text_.size()) fail("unexpected text after the value");
    return found;
  }

 private:
  const std::string& text_;
  std::size_t pos_ = 0;

  [[noreturn]] void fail(const char* reason) const {
    throw ParseError("invalid JSON at byte " + std::to_string(pos_) + ": " + reason);
  }

  int peek() const { return pos_ < text_.size() ? static_cast<unsigned char>(text_[pos_]) : -1; }

  void skip_ws() {
    while (peek() == ' ' || peek() == '\\t' || peek() == '\\n' || peek() == '\\r') ++pos_;
  }

  void expect(char c, const char* reason) {
    skip_ws();
    if (peek() != c) fail(reason);
    ++pos_;
  }

  // An object; when \`wanted\` is given, its string value (or nullopt, if not a string) lands in \`found\`.
  void object(int depth, const std::string* wanted, std::optional<std::string>* found) {
    expect('{', "expected '{'");
    skip_ws();
    if (peek() == '}') {
      ++pos_;
      return;
    }
    for (;;) {
      skip_ws();
      if (peek() != '"') fail("expected a key");
      std::string key = string();
      expect(':', "expected ':'");
      std::optional<std::string> value = any(depth + 1);
      if (wanted != nullptr && key == *wanted) *found = value;
      skip_ws();
      if (peek() == ',') {
        ++pos_;
      } else if (peek() == '}') {
        ++pos_;
        return;
      } else {
        fail("expected ',' or '}'");
      }
    }
  }

  // Any value, checked and skipped; a string is returned.
  std::optional<std::string> any(int depth) {
    if (depth > kMaxDepth) fail("nested too deeply");
    skip_ws();
    switch (peek()) {
      case '"':
        return string();
      case '{':
        object(depth, nullptr, nullptr);
        break;
      case '[':
        array(depth);
        break;
      case 't':
        literal("true");
        break;
      case 'f':
        literal("false");
        break;
      case 'n':
        literal("null");
        break;
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) {
          number();
          break;
        }
        fail("expected a value");
    }
    return std::nullopt;
  }

  void array(int depth) {
    ++pos_;
    skip_ws();
    if (peek() == ']') {
      ++pos_;
      return;
    }
    for (;;) {
      any(depth + 1);
      skip_ws();
      if (peek() == ',') {
        ++pos_;
      } else if (peek() == ']') {
        ++pos_;
        return;
      } else {
        fail("expected ',' or ']'");
      }
    }
  }

  void literal(const std::string& word) {
    if (text_.compare(pos_, word.size(), word) != 0) fail("expected true, false or null");
    pos_ += word.size();
  }

  void digits() {
    std::size_t start = pos_;
    while (peek() >= '0' && peek() <= '9') ++pos_;
    if (pos_ == start) fail("expected a digit");
  }

  void number() {
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else {
      digits();
    }
    if (peek() == '.') {
      ++pos_;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      digits();
    }
  }

  unsigned hex4() {
    if (pos_ + 4 > text_.size()) fail("short \\\\u escape");
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      int c = peek();
      unsigned digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        fail("bad \\\\u escape");
      }
      code = code * 16 + digit;
      ++pos_;
    }
    return code;
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  // \\uXXXX, with a following low surrogate joined to a high one; a lone surrogate becomes U+FFFD, since
  // UTF-8 cannot encode it.
  unsigned unicode_escape() {
    unsigned first = hex4();
    if (first >= 0xD800 && first < 0xDC00 && text_.compare(pos_, 2, "\\\\u") == 0) {
      std::size_t save = pos_;
      pos_ += 2;
      unsigned second = hex4();
      if (second >= 0xDC00 && second < 0xE000) return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
      pos_ = save;
    }
    return first >= 0xD800 && first < 0xE000 ? 0xFFFD : first;
  }

  // A string literal, unescaped.
  std::string string() {
    ++pos_;
    std::string out;
    for (;;) {
      int c = peek();
      if (c < 0) fail("unterminated string");
      ++pos_;
      if (c == '"') return out;
      if (c < 0x20) fail("control character in string");
      if (c != '\\\\') {
        out += static_cast<char>(c);
        continue;
      }
      int escape = peek();
      ++pos_;
      switch (escape) {
        case '"': out += '"'; break;
        case '\\\\': out += '\\\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\\b'; break;
        case 'f': out += '\\f'; break;
        case 'n': out += '\\n'; break;
        case 'r': out += '\\r'; break;
        case 't': out += '\\t'; break;
        case 'u': append_utf8(out, unicode_escape()); break;
        default: --pos_; fail("unknown escape");
      }
    }
  }
};

}  // namespace

std::optional<std::string> string_field(const std::string& text, const std::string& key) {
  return Parser(text).top_level_field(key);
}

std::string quote(const std::string& value) {
  std::string out = "\\"";
  for (char c : value) {
    switch (c) {
      case '"': out += "\\\\\\""; break;
      case '\\\\': out += "\\\\\\\\"; break;
      case '\\n': out += "\\\\n"; break;
      case '\\r': out += "\\\\r"; break;
      case '\\t': out += "\\\\t"; break;
      case '\\b': out += "\\\\b"; break;
      case '\\f': out += "\\\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\\"";
}

}  // namespace json
`;
