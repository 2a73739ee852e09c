// SPDX-License-Identifier: BSD-2-Clause
#pragma once

#include "ucl/value.hpp"

#include <string>

namespace jrun::ucl {

// Return `value` as libucl's JSON emitter writes it (ucl_object_emit with UCL_EMIT_JSON, as
// printed by `ucl_tool --format json`, which adds a final newline): 4-space indentation, keys
// in insertion order, implicit arrays as arrays, integers as %jd, floats and times as libucl
// formats doubles ("1.0", "0.500000", "1e-08"), empty objects as "{\n\n}".
[[nodiscard]] std::string to_json(const Value& value);

// How json_escape treats control characters other than \n \r \b \t \f: `replace` writes them
// as the emitter does (\v as \u000b, the rest and DEL as \uFFFD); `keep` leaves them raw, as
// libucl's `.load(escape=true)` does.
enum class ControlChars { keep, replace };

// Return `text` with JSON escapes for \n \r \b \t \f \\ and ", no quotes added.
[[nodiscard]] std::string json_escape(std::string_view text, ControlChars controls);

// Return `text` as a JSON string literal, quotes included, escaped as libucl escapes it.
[[nodiscard]] std::string json_quote(std::string_view text);

// Return `number` formatted as libucl's emitter formats doubles.
[[nodiscard]] std::string json_double(double number);

} // namespace jrun::ucl
