// SPDX-License-Identifier: BSD-2-Clause
#include "ucl/parser.hpp"

#include "ucl/detail/parser_impl.hpp"
#include "ucl/detail/paths.hpp"

#include <new>

namespace jrun::ucl {

ParseResult parse(const std::string& path, std::string text, const ParseOptions& options) {
    ParseResult result;
    result.sources = std::make_shared<SourceSet>();
    const SourceFile* file = result.sources->add(path, std::move(text));
    detail::Parser parser(options, *result.sources);
    try {
        Value root = parser.parse_document(
            file, detail::file_variables(path, options), detail::parent_directory(path));
        result.document = Document{result.sources, std::move(root)};
    } catch (const detail::ParseError& error) {
        result.errors.push_back(Diagnostic{Severity::error, error.location, error.message});
    } catch (const std::bad_alloc&) {
        result.errors.push_back(
            Diagnostic{Severity::error, Location{file, 0, 0}, "out of memory while parsing"});
    }
    result.warnings = parser.take_warnings();
    return result;
}

ParseResult parse_file(const std::string& path, const ParseOptions& options) {
    std::optional<std::string> text;
    if (options.includes != nullptr) {
        text = options.includes->read(path);
    }
    if (!text) {
        ParseResult result;
        result.sources = std::make_shared<SourceSet>();
        result.errors.push_back(
            Diagnostic{Severity::error, Location{}, "cannot read '" + path + "'"});
        return result;
    }
    return parse(path, std::move(*text), options);
}

} // namespace jrun::ucl
