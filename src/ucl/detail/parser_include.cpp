// SPDX-License-Identifier: BSD-2-Clause
// .include and .try_include with libucl's parameters: try, glob, priority, duplicate, key,
// prefix, target and path.
#include "ucl/detail/chars.hpp"
#include "ucl/detail/parser_impl.hpp"
#include "ucl/detail/paths.hpp"

#include <algorithm>
#include <array>

namespace jrun::ucl::detail {

namespace {

constexpr std::size_t k_max_include_depth = 16; // libucl's UCL_MAX_RECURSION

void read_bool_param(IncludeParams& params, const std::string& key, bool value) {
    if (key == "try") {
        params.must_exist = !value;
    } else if (key == "glob") {
        params.glob = value;
    } else if (key == "prefix") {
        params.use_prefix = value;
    } else if (key == "sign") {
        params.sign = value;
    } else if (key == "url") {
        params.url = value;
    }
}

void read_string_param(IncludeParams& params, const std::string& key, const std::string& value) {
    if (key == "key") {
        params.key = value;
    } else if (key == "target") {
        params.target = value;
    } else if (key == "duplicate") {
        static const std::array<std::pair<const char*, Duplicates>, 4> k_names = {
            {{"append", Duplicates::append},
             {"merge", Duplicates::merge},
             {"rewrite", Duplicates::rewrite},
             {"error", Duplicates::error}}};
        for (const auto& [name, strategy] : k_names) {
            if (value == name) {
                params.duplicates = strategy;
            }
        }
    }
}

// Read the macro arguments the way libucl does: unknown keys and wrong types are ignored.
IncludeParams read_params(const Value& args, bool soft) {
    IncludeParams params;
    params.must_exist = !soft;
    if (!args.is_object()) {
        return params;
    }
    for (const Member& member : args.members()) {
        const Value& value = member.value;
        if (value.type() == Type::boolean) {
            read_bool_param(params, member.key, value.as_bool());
        } else if (value.is_string()) {
            read_string_param(params, member.key, value.as_string());
        } else if (value.type() == Type::integer && member.key == "priority") {
            params.priority = static_cast<unsigned>(value.as_int()) & 0xFU;
        } else if (value.is_array() && member.key == "path") {
            for (const Value& dir : value.elements()) {
                if (dir.is_string()) {
                    params.search_path.push_back(dir.as_string());
                }
            }
        }
    }
    return params;
}

bool has_glob_characters(std::string_view path) {
    return path.find_first_of("*?[") != std::string_view::npos;
}

// libucl names a `prefix=true` include after the file, without .conf or .ucl.
std::string key_from_file_name(const std::string& path) {
    std::string name = path.substr(path.rfind('/') + 1);
    const auto dot = name.rfind('.');
    if (dot != std::string::npos && (name.substr(dot) == ".conf" || name.substr(dot) == ".ucl")) {
        name.resize(dot);
    }
    return name;
}

} // namespace

void Parser::include(
    Chunk& chunk, Location at, const Value& args, const std::string& path, bool soft) {
    const IncludeParams params = read_params(args, soft);
    if (params.sign) {
        fail(at, "signed includes are not supported (jrun cannot check signatures)");
    }
    if (params.url && path.find("://") != std::string::npos) {
        fail(at, "cannot include '" + path + "': URLs are not supported");
    }
    if (m_options.includes == nullptr) {
        fail(at, "cannot include '" + path + "': includes are not available here");
    }
    if (params.search_path.empty() || (!path.empty() && path.front() == '/')) {
        include_path(chunk, at, params, join_path(chunk.directory, path));
        return;
    }
    // `path = [dirs]`: the first directory that has the file wins (all of them with globs).
    bool found = false;
    for (const auto& dir : params.search_path) {
        IncludeParams quiet = params;
        quiet.must_exist = false;
        const std::string candidate = join_path(join_path(chunk.directory, dir), path);
        found = include_path(chunk, at, quiet, candidate) || found;
        if (found && !params.glob) {
            break;
        }
    }
    if (!found && params.must_exist) {
        fail(at, "cannot find '" + path + "' in the include path");
    }
}

// Include one path or glob pattern; return whether any file was included.
bool Parser::include_path(Chunk& chunk,
                          Location at,
                          const IncludeParams& params,
                          const std::string& path) {
    // Rationale: libucl globs only with glob=true and otherwise fails on '*'; a pattern is
    // expanded here either way.
    if (!params.glob && !has_glob_characters(path)) {
        return include_file(chunk, at, params, path);
    }
    const std::vector<std::string> matches = m_options.includes->glob(path);
    if (matches.empty() && params.must_exist) {
        fail(at, "no file matches '" + path + "'");
    }
    for (const auto& match : matches) {
        include_file(chunk, at, params, match);
    }
    return !matches.empty();
}

bool Parser::include_file(Chunk& chunk,
                          Location at,
                          const IncludeParams& params,
                          const std::string& path) {
    if (std::find(m_file_stack.begin(), m_file_stack.end(), path) != m_file_stack.end()) {
        fail(at, "'" + path + "' includes itself");
    }
    if (chunk.include_depth + 1 >= k_max_include_depth) {
        fail(at,
             "includes are nested too deeply (more than " + std::to_string(k_max_include_depth)
                 + " levels)");
    }
    auto contents = m_options.includes->read(path);
    if (!contents) {
        if (!params.must_exist) {
            return false;
        }
        fail(at, "cannot read included file '" + path + "'");
    }
    const SourceFile* file = m_sources.add(path, std::move(*contents));
    const std::size_t depth = m_stack.size();
    const bool nested = params.use_prefix || !params.key.empty();
    if (nested) {
        Value& target = include_target(at, params, path);
        push_frame(target, m_stack.back().level, false, at);
    }
    m_file_stack.push_back(path);
    parse_included(chunk, file, params);
    m_file_stack.pop_back();
    m_stack.erase(m_stack.begin() + static_cast<std::ptrdiff_t>(depth), m_stack.end());
    return true;
}

// The object a `key`/`prefix` include puts the file's keys into (libucl's nest_obj).
Value& Parser::include_target(Location at, const IncludeParams& params, const std::string& path) {
    const std::string key = params.key.empty() ? key_from_file_name(path) : params.key;
    Value& container = *m_stack.back().value;
    Value* old = container.find(key);
    const bool to_array = params.target == "array";
    if (old == nullptr) {
        if (!to_array) {
            return container.insert(key, at, Value::object(at));
        }
        Value& array = container.insert(key, at, Value::array(at));
        array.push_back(Value::object(at));
        return array.elements().back();
    }
    if (old->is_array()) {
        old->push_back(Value::object(at));
        return old->elements().back();
    }
    if (to_array) {
        return container.insert(key, at, Value::object(at));
    }
    if (!old->is_object()) {
        fail(at, "cannot include into '" + key + "': it is not an object");
    }
    return *old;
}

void Parser::parse_included(Chunk& chunk, const SourceFile* file, const IncludeParams& params) {
    Chunk inner(Cursor{file});
    inner.base_depth = m_stack.size();
    inner.priority = params.priority;
    inner.duplicates = params.duplicates;
    inner.variables = file_variables(file->path, m_options);
    inner.directory = parent_directory(file->path);
    inner.include_depth = chunk.include_depth + 1;
    skip_blank(inner);
    Cursor& cursor = inner.cursor;
    if (cursor.peek() == '[') {
        fail(cursor.location(), "an included file must hold keys, not an array");
    }
    // Rationale: libucl skips a leading '{' of an included file without matching it to the
    // closing '}'; here the braces simply wrap the keys.
    if (cursor.peek() == '{') {
        inner.wrapped = true;
        push_frame(*m_stack.back().value, m_stack.back().level, true, cursor.location());
        cursor.advance();
    }
    run(inner, State::key);
    check_unclosed(inner);
}

} // namespace jrun::ucl::detail
