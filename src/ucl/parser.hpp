// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "ucl/value.hpp"
#include "util/diagnostic.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace jrun::ucl {

// How the parser reaches files named by `.include`. Rationale: the parser is pure; the CLI
// passes a real file system, tests pass an in-memory one.
class IncludeSource {
public:
    virtual ~IncludeSource() = default;
    // Return the contents of `path`, or nullopt when it cannot be read.
    virtual std::optional<std::string> read(const std::string& path) = 0;
    // Return the paths matching the glob `pattern`, sorted (like glob(3)).
    virtual std::vector<std::string> glob(const std::string& pattern) = 0;
};

struct ParseOptions {
    // Variables for `$NAME` / `${NAME}` (from `--var NAME=VALUE`). CONFDIR and FILENAME are set
    // by parse_file for each file (absolute directory and path of the file being read).
    std::map<std::string, std::string, std::less<>> variables;
    // Where `.include` reads from; null means `.include` is an error.
    IncludeSource* includes = nullptr;
    // Bound on nesting of objects/arrays and includes; deeper input is an error, never a crash.
    std::size_t max_depth = 128;
    // Absolute directory that relative paths given to parse()/parse_file() are relative to,
    // used only to make FILENAME/CONFDIR absolute (empty: leave them as given). Rationale: the
    // parser touches no file system itself; the CLI passes its working directory.
    std::string working_directory;
};

// A parsed document. `sources` owns the text every Location points into, so keep the
// Document alive while using `root` locations.
struct Document {
    std::shared_ptr<SourceSet> sources;
    Value root; // always an object or array on success
};

// The outcome of a parse: a document, or the first syntax error (libucl stops at the first).
struct ParseResult {
    std::optional<Document> document;
    std::vector<Diagnostic> errors;   // empty on success
    std::vector<Diagnostic> warnings; // e.g. text after the document's closing '}' (ignored)
    // Owns the text that `errors` and `warnings` point into (same as document->sources).
    std::shared_ptr<SourceSet> sources;
};

// Parse `text` as UCL named `path` (used for messages, CONFDIR and FILENAME). Never throws,
// crashes or recurses without bound, whatever the input.
ParseResult parse(const std::string& path, std::string text, const ParseOptions& options);

// Read `path` through `options.includes` and parse it.
ParseResult parse_file(const std::string& path, const ParseOptions& options);

} // namespace jrun::ucl
