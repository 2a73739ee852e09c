// SPDX-License-Identifier: BSD-2-Clause
// .include and .try_include.
#include "ucl/detail/parser_impl.hpp"
#include "ucl/detail/paths.hpp"

namespace jrun::ucl::detail {

namespace {

constexpr std::size_t k_max_include_depth = 16; // libucl's UCL_MAX_RECURSION

bool bool_param(const Value& args, std::string_view key, bool fallback) {
    const Value* value = args.is_object() ? args.find(key) : nullptr;
    return value != nullptr && value->type() == Type::boolean ? value->as_bool() : fallback;
}

} // namespace

void Parser::include(
    Chunk& chunk, Location at, const Value& args, const std::string& path, bool must_exist) {
    const bool try_only = bool_param(args, "try", !must_exist);
    if (m_options.includes == nullptr) {
        fail(at, "cannot include '" + path + "': includes are not available here");
    }
    if (chunk.include_depth + 1 >= k_max_include_depth) {
        fail(at,
             "includes are nested too deeply (more than " + std::to_string(k_max_include_depth)
                 + " levels)");
    }
    const std::string resolved = join_path(chunk.directory, path);
    auto contents = m_options.includes->read(resolved);
    if (!contents) {
        if (try_only) {
            return;
        }
        fail(at, "cannot read included file '" + resolved + "'");
    }
    const SourceFile* file = m_sources.add(resolved, std::move(*contents));
    include_text(chunk, file, args);
}

void Parser::include_text(Chunk& chunk, const SourceFile* file, const Value& /*args*/) {
    Chunk inner(Cursor{file});
    inner.base_depth = m_stack.size();
    inner.priority = chunk.priority;
    inner.variables = file_variables(file->path, m_options);
    inner.directory = parent_directory(file->path);
    inner.include_depth = chunk.include_depth + 1;
    run(inner, m_stack.back().value->is_array() ? State::value : State::key);
    check_unclosed(inner);
    while (m_stack.size() > inner.base_depth) {
        m_stack.pop_back();
    }
}

} // namespace jrun::ucl::detail
