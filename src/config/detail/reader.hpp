// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Generic helpers for reading typed fields out of ucl::Value trees with plain-language
// diagnostics. Messages name what is wrong as "'KEY' in SCOPE", where SCOPE is a phrase such as
// "forward 'http' of jail 'web'".

#include "ucl/value.hpp"
#include "util/diagnostic.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jrun::config::detail {

// Where a value sits, for messages: "forward 'http' of jail 'web'". A chain of views into the
// document, turned into text only when a message needs it. Rationale: building the phrase for
// every entry of a 10,000-jail config cost more than all the checks.
class Scope {
public:
    // The top level of the document.
    Scope() = default;
    // `kind` ("forward"), optional `label` ("http"), inside `parent` (null: the top level).
    Scope(std::string_view kind, std::string_view label, const Scope* parent)
        : m_kind(kind),
          m_label(label),
          m_parent(parent) {}

    [[nodiscard]] bool top() const { return m_kind.empty(); }
    [[nodiscard]] std::string_view label() const { return m_label; }
    // Return "forward 'http' of jail 'web'", "healthcheck of exec 'api' of jail 'web'", "base".
    [[nodiscard]] std::string text() const;

private:
    std::string_view m_kind;
    std::string_view m_label;
    const Scope* m_parent = nullptr;
};

// Remembers the first value given for each key. Rationale: most sections hold a handful of
// entries, for which a linear scan beats allocating a hash table; large ones (10,000 jails)
// switch to hashing so that checks stay linear.
template <class T> class FirstSeen {
public:
    // Return the value first given for `key`, or null after remembering `value` as it.
    const T* add(std::string_view key, T value) {
        if (m_map) {
            const auto [it, inserted] = m_map->try_emplace(std::string(key), std::move(value));
            return inserted ? nullptr : &it->second;
        }
        for (const auto& [k, v] : m_items) {
            if (k == key) {
                return &v;
            }
        }
        if (m_items.size() < k_linear_limit) {
            m_items.emplace_back(key, std::move(value));
            return nullptr;
        }
        m_map.emplace(std::make_move_iterator(m_items.begin()),
                      std::make_move_iterator(m_items.end()));
        m_items.clear();
        m_map->emplace(std::string(key), std::move(value));
        return nullptr;
    }

private:
    static constexpr std::size_t k_linear_limit = 16;

    std::vector<std::pair<std::string, T>> m_items;
    std::optional<std::unordered_map<std::string, T>> m_map;
};

// Collects diagnostics and answers "how was this value written?".
class Reader {
public:
    void error(const Location& loc, std::string message);
    void warning(const Location& loc, std::string message);
    void note(const Location& loc, std::string message);
    [[nodiscard]] bool has_errors() const { return m_errors; }
    [[nodiscard]] std::vector<Diagnostic> take() { return std::move(m_diagnostics); }

    // Return the scalar token at `loc` as written in the source ("4096M", "30s", "yes"), or an
    // empty view when the value has no source text. Rationale: UCL reads `4096M` as 4096*10^6
    // and `5m` as five million, while users of sizes and durations mean MiB and minutes; the
    // written token tells them apart. Lines are indexed once per file, so this stays O(log n).
    [[nodiscard]] std::string_view token_at(const Location& loc);

private:
    std::vector<Diagnostic> m_diagnostics;
    bool m_errors = false;
    std::unordered_map<const SourceFile*, std::vector<std::size_t>> m_line_starts;
};

// Return `text` in single quotes, control characters escaped.
std::string quote(std::string_view text);

// Return how `value` reads in a message: a quoted string, a number as written, "a list", ...
std::string describe(Reader& reader, const ucl::Value& value);

// Return "'KEY' in SCOPE" ("'KEY' at the top level").
std::string subject(std::string_view key, const Scope& scope);

// Report "'KEY' in SCOPE must be EXPECTED, not VALUE" at the value.
void type_error(Reader& reader,
                const ucl::Value& value,
                std::string_view key,
                const Scope& scope,
                std::string_view expected);

// Report every member of `object` whose key is not in `allowed`, with a suggestion.
void check_keys(Reader& reader,
                const ucl::Value& object,
                std::span<const std::string_view> allowed,
                const Scope& scope);

// Return the value of `key` in `object` (null when absent). A key given twice (an implicit
// array) is reported and its first value returned.
const ucl::Value*
single(Reader& reader, const ucl::Value& object, std::string_view key, const Scope& scope);

// Return the value of `member`; a key given twice (an implicit array) is reported and its first
// value returned.
const ucl::Value& single(Reader& reader, const ucl::Member& member, const Scope& scope);

// Like `single`, but report "SCOPE needs 'KEY' (MEANING)" at `object` when the key is absent.
const ucl::Value* required(Reader& reader,
                           const ucl::Value& object,
                           std::string_view key,
                           const Scope& scope,
                           std::string_view meaning);

// Typed field readers: report and return nullopt when `value` does not fit.
std::optional<std::string>
string_field(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope);
std::optional<bool>
bool_field(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope);
// An integer, also from a whole float or a string of digits (as pydantic's lax mode coerces).
std::optional<std::int64_t>
integer_field(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope);
std::optional<std::uint16_t>
port_field(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope);
std::optional<std::chrono::milliseconds>
duration_field(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope);
// A size in bytes, written with a unit ("4096M", 4G, 4gb).
std::optional<std::uint64_t>
size_field(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope);
// A string, number or boolean as text (non-strings as written in the source).
std::optional<std::string>
scalar_text(Reader& reader, const ucl::Value& value, std::string_view key, const Scope& scope);

// One named entry of a section: `http` in `forward { http { ... } }`.
struct Entry {
    std::string_view label; // the key in the document
    Location location;      // of the label
    const ucl::Value* body = nullptr;
};

// What a labelled section is, for messages: `forward` entries of jail 'web'.
struct SectionInfo {
    std::string_view kind;                       // "forward"
    const Scope* owner = nullptr;                // jail 'web'; the top level for jails
    std::span<const std::string_view> body_keys; // to spot an entry written without a label
};

// Return the scope of one entry: forward 'http' of jail 'web' (or jail 'web').
Scope entry_scope(const SectionInfo& info, std::string_view label);

// Report a label that is not safe as a file and service name (`kind` is "forward", ...).
void check_label(Reader& reader, const Entry& entry, std::string_view kind);

// Return the entries of a labelled section in order, each label once. Accepts every shape
// libucl produces: `k { a { } b { } }`, `k "a" { } k "b" { }` (an implicit array of objects),
// and explicit arrays of objects (JSON). Reports duplicates (with a note at the first) and
// entries that are not objects.
std::vector<Entry> entries(Reader& reader, const ucl::Value& section, const SectionInfo& info);

} // namespace jrun::config::detail
