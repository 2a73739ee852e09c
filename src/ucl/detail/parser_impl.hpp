// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "ucl/detail/cursor.hpp"
#include "ucl/detail/text.hpp"
#include "ucl/parser.hpp"
#include "ucl/value.hpp"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace jrun::ucl::detail {

// The first syntax error; thrown inside the parser and turned into a Diagnostic by parse().
struct ParseError {
    Location location;
    std::string message;
};

[[noreturn]] void fail(const Location& location, std::string message);

// What to do when a key repeats (libucl's ucl_duplicate_strategy, chosen per .include).
enum class Duplicates : std::uint8_t { append, merge, rewrite, error };

// One file being parsed: the outer file or an included one.
struct Chunk {
    explicit Chunk(Cursor start)
        : cursor(start) {}

    Cursor cursor;
    std::size_t base_depth = 0; // stack frames below this belong to the including files
    unsigned priority = 0;      // libucl priority (0..15) of the values of this file
    Duplicates duplicates = Duplicates::append;
    VariableList variables; // FILENAME, CURDIR, CONFDIR, then the user's, in that order
    std::string directory;  // where relative .include paths start
    std::size_t include_depth = 0;
    bool wrapped = false; // an included file whose keys are inside `{ }`
};

// The parameters of .include (libucl's ucl_include_params).
struct IncludeParams {
    bool must_exist = true;
    bool glob = false;
    bool use_prefix = false;
    bool sign = false;
    bool url = false;
    std::string key;               // put the file's keys under this key
    std::string target = "object"; // or "array": one object per included file
    Duplicates duplicates = Duplicates::append;
    unsigned priority = 0;
    std::vector<std::string> search_path;
};

// Parse state per key of an open object, kept only for keys that need it.
struct KeyMeta {
    unsigned priority = 0;
    bool inherited = false;
};

// libucl's parser as an explicit state machine over a stack of open containers.
// Rationale: an explicit stack (not recursion) bounds memory by max_depth whatever the input,
// and mirrors libucl's rules for nested keys (`a "b" { }`) closely enough to match its output.
class Parser {
public:
    Parser(const ParseOptions& options, SourceSet& sources, std::size_t nesting = 0);

    // Parse `file` as the top-level document; throws ParseError.
    Value parse_document(const SourceFile* file, VariableList variables, std::string directory);
    // Parse what `chunk` holds as a whole document (also used for macro arguments).
    Value parse_root(Chunk& chunk);

    [[nodiscard]] std::vector<Diagnostic> take_warnings() { return std::move(m_warnings); }

private:
    enum class State : std::uint8_t { key, value, after_value, done };

    struct Frame {
        Value* value;
        int level;   // libucl's stack level: nested-key containers go one deeper
        bool braced; // opened by '{' or '[' (may be closed by one)
        Location open;
        std::unique_ptr<std::unordered_map<std::string, KeyMeta>> meta;
    };

    struct KeyToken {
        enum class Kind : std::uint8_t { none, end_of_object, macro, key } kind = Kind::none;
        std::string name;
        Location location;
        bool nested = false; // `key key2 ... {`: the key opens an object
    };

    // States (parser_core.cpp).
    void run(Chunk& chunk, State state);
    State state_key(Chunk& chunk);
    State state_value(Chunk& chunk);
    State state_after_value(Chunk& chunk);
    void check_unclosed(const Chunk& chunk) const;
    void push_frame(Value& value, int level, bool braced, Location open);
    bool close_container(Chunk& chunk, int closer);
    Value& value_slot(Location location);
    void open_container(Chunk& chunk, bool array);

    // Lexing (parser_lex.cpp).
    static void skip_blank(Chunk& chunk);
    static bool at_comment(const Chunk& chunk);
    static void skip_comment(Chunk& chunk);
    static KeyToken read_key(Chunk& chunk);
    static void read_bare_key(Chunk& chunk, KeyToken& token);
    static void read_key_separator(Chunk& chunk, KeyToken& token);
    static std::string_view lex_double_quoted(Cursor& cursor, bool& escaped, bool& dollar);
    static std::string_view lex_single_quoted(Cursor& cursor, bool& escaped);

    // Keys (parser_keys.cpp).
    Value& insert_key(Chunk& chunk, const KeyToken& token);
    static KeyMeta meta_of(const Frame& frame, const std::string& key);
    static void set_meta(Frame& frame, const std::string& key, KeyMeta meta);
    Value& discard_slot();

    // Scalars (parser_scalars.cpp).
    void parse_double_quoted(Chunk& chunk);
    void parse_single_quoted(Chunk& chunk);
    bool try_heredoc(Chunk& chunk);
    void parse_atom(Chunk& chunk);
    static bool parse_number_value(Chunk& chunk, Value& slot, Location at);
    static std::string_view scan_word(Chunk& chunk, bool& escaped, bool& dollar);
    static std::string finish_string(const Chunk& chunk, std::string text, bool dollar);

    // Macros (parser_macros.cpp).
    void parse_macro(Chunk& chunk, Location at);
    Value parse_macro_arguments(Chunk& chunk);
    static std::string read_macro_value(Chunk& chunk, Location at);
    static void
    set_priority(Chunk& chunk, Location at, const Value& args, const std::string& value);
    void load(Chunk& chunk, Location at, const Value& args, const std::string& path);
    void inherit(Location at, const Value& args, const std::string& name);

    // .include (parser_include.cpp).
    void include(Chunk& chunk, Location at, const Value& args, const std::string& path, bool soft);
    bool
    include_path(Chunk& chunk, Location at, const IncludeParams& params, const std::string& path);
    bool
    include_file(Chunk& chunk, Location at, const IncludeParams& params, const std::string& path);
    Value& include_target(Location at, const IncludeParams& params, const std::string& path);
    void parse_included(Chunk& chunk, const SourceFile* file, const IncludeParams& params);
    static Value& reuse_or_make(Value& slot, bool array, Location at);

    const ParseOptions& m_options;
    SourceSet& m_sources;
    Value* m_root = nullptr;
    std::vector<std::string> m_file_stack; // files being parsed, outermost first
    std::vector<Frame> m_stack;
    Value* m_current = nullptr;                      // the slot of the key just read
    std::vector<std::unique_ptr<Value>> m_discarded; // values of lower-priority duplicates
    std::vector<Diagnostic> m_warnings;
    std::size_t m_nesting;              // how many macro-argument parsers enclose this one
    std::size_t m_inherited_values = 0; // values copied by .inherit so far
    std::size_t m_document_size = 0;    // bytes of the top-level file
};

} // namespace jrun::ucl::detail
