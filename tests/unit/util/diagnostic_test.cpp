// SPDX-License-Identifier: BSD-2-Clause
#include "util/diagnostic.hpp"

#include <gtest/gtest.h>

namespace jrun {

TEST(Diagnostic, RendersLocationMessageAndCaret) {
    SourceSet sources;
    const SourceFile* file = sources.add("site.ucl", "jail \"a\" {\n  memroy = 1;\n}\n");
    const Diagnostic diag{Severity::error, Location{file, 2, 3}, "unknown key 'memroy'"};
    EXPECT_EQ(render_diagnostic(diag),
              "site.ucl:2:3: error: unknown key 'memroy'\n"
              "      memroy = 1;\n"
              "      ^");
}

TEST(Diagnostic, OmitsExcerptWithoutFile) {
    const Diagnostic diag{Severity::warning, Location{}, "something"};
    EXPECT_EQ(render_diagnostic(diag), "<input>: warning: something");
}

TEST(Diagnostic, RendersNotesWithTheirOwnLabel) {
    SourceSet sources;
    const SourceFile* file = sources.add("site.ucl", "jail \"a\" {}\n");
    const Diagnostic diag{Severity::note, Location{file, 1, 6}, "jail 'a' is first defined here"};
    EXPECT_EQ(render_diagnostic(diag),
              "site.ucl:1:6: note: jail 'a' is first defined here\n"
              "    jail \"a\" {}\n"
              "         ^");
}

TEST(LineOf, ReturnsRequestedLineWithoutNewline) {
    EXPECT_EQ(line_of("a\nbb\r\nc", 2), "bb");
    EXPECT_EQ(line_of("a\nbb\nc", 3), "c");
    EXPECT_EQ(line_of("a", 5), "");
}

} // namespace jrun
