// SPDX-License-Identifier: BSD-2-Clause
// .include and the other macros, through an in-memory IncludeSource.
#include "ucl_test_util.hpp"

namespace jrun::ucl {

using test::MemoryIncludes;

namespace {

struct Fixture {
    MemoryIncludes files;
    ParseOptions options;
    Fixture() { options.includes = &files; }

    std::string parse_main(const std::string& text) {
        files.add("/cfg/main.ucl", text);
        const auto result = parse_file("/cfg/main.ucl", options);
        if (!result.document) {
            ADD_FAILURE() << render_diagnostic(result.errors.at(0));
            return "";
        }
        return test::compact(result.document->root);
    }

    std::string error_of(const std::string& text) {
        files.add("/cfg/main.ucl", text);
        const auto result = parse_file("/cfg/main.ucl", options);
        if (result.errors.size() != 1) {
            ADD_FAILURE() << "expected an error";
            return "";
        }
        const auto& e = result.errors[0];
        return e.location.file->path + ":" + std::to_string(e.location.line) + ":"
               + std::to_string(e.location.column) + ": " + e.message;
    }
};

} // namespace

TEST(ParserInclude, IncludesKeysRelativeToTheIncludingFile) {
    Fixture f;
    f.files.add("/cfg/jails/web.ucl", "jail \"web\" { ip = 2 }\n.include \"db.ucl\"\n");
    f.files.add("/cfg/jails/db.ucl", "jail \"db\" { ip = 3 }\n");
    EXPECT_EQ(f.parse_main("a = 1\n.include \"jails/web.ucl\"\nb = 2"),
              "{a: 1, jail: <{web: {ip: 2}}, {db: {ip: 3}}>, b: 2}");
}

TEST(ParserInclude, IncludesIntoTheCurrentObject) {
    Fixture f;
    f.files.add("/cfg/x.ucl", "k = v");
    EXPECT_EQ(f.parse_main("s { .include \"x.ucl\"; z = 1 }"), "{s: {k: \"v\", z: 1}}");
}

TEST(ParserInclude, AcceptsAnIncludedFileWrappedInBraces) {
    Fixture f;
    f.files.add("/cfg/x.json", "{ \"k\": [1, 2] }");
    EXPECT_EQ(f.parse_main("s { .include \"x.json\"\n z = 1 }"), "{s: {k: [1, 2], z: 1}}");
}

TEST(ParserInclude, ExpandsVariablesInThePath) {
    Fixture f;
    f.files.add("/cfg/x.ucl", "k = 1");
    EXPECT_EQ(f.parse_main(".include \"$CURDIR/x.ucl\""), "{k: 1}");
    EXPECT_EQ(f.parse_main(".include \"${CONFDIR}/x.ucl\""), "{k: 1}");
}

TEST(ParserInclude, FileVariablesNameTheIncludedFile) {
    Fixture f;
    f.files.add("/cfg/sub/x.ucl", "inner = $FILENAME");
    EXPECT_EQ(f.parse_main(".include \"sub/x.ucl\"\nouter = $FILENAME"),
              "{inner: \"/cfg/sub/x.ucl\", outer: \"/cfg/main.ucl\"}");
}

TEST(ParserInclude, MissingFileIsAnErrorUnlessTried) {
    Fixture f;
    EXPECT_EQ(f.error_of("a = 1\n.include \"nope.ucl\""),
              "/cfg/main.ucl:2:1: cannot read included file '/cfg/nope.ucl'");
    EXPECT_EQ(f.parse_main(".include(try=true) \"nope.ucl\"\na = 1"), "{a: 1}");
    EXPECT_EQ(f.parse_main(".try_include \"nope.ucl\"\na = 1"), "{a: 1}");
}

TEST(ParserInclude, ErrorsInAnIncludedFilePointIntoIt) {
    Fixture f;
    f.files.add("/cfg/bad.ucl", "ok = 1\nbad = \"x\n");
    EXPECT_EQ(f.error_of(".include \"bad.ucl\""),
              "/cfg/bad.ucl:2:7: unterminated string (missing '\"' before the end of the line)");
}

TEST(ParserInclude, GlobsIncludeEveryMatchInOrder) {
    Fixture f;
    f.files.add("/cfg/conf.d/b.ucl", "jail \"b\" {}");
    f.files.add("/cfg/conf.d/a.ucl", "jail \"a\" {}");
    f.files.add("/cfg/conf.d/skip.txt", "garbage {");
    EXPECT_EQ(f.parse_main(".include \"conf.d/*.ucl\""), "{jail: <{a: {}}, {b: {}}>}");
    EXPECT_EQ(f.parse_main(".include(glob=true) \"conf.d/?.ucl\""), "{jail: <{a: {}}, {b: {}}>}");
}

TEST(ParserInclude, GlobWithoutMatchesIsAnErrorUnlessTried) {
    Fixture f;
    EXPECT_EQ(f.error_of(".include \"none/*.ucl\""),
              "/cfg/main.ucl:1:1: no file matches '/cfg/none/*.ucl'");
    EXPECT_EQ(f.parse_main(".include(try=true) \"none/*.ucl\""), "{}");
}

TEST(ParserInclude, DetectsAFileIncludingItself) {
    Fixture f;
    f.files.add("/cfg/a.ucl", ".include \"b.ucl\"");
    f.files.add("/cfg/b.ucl", ".include \"a.ucl\"");
    EXPECT_EQ(f.error_of(".include \"a.ucl\""), "/cfg/b.ucl:1:1: '/cfg/a.ucl' includes itself");
    EXPECT_EQ(f.error_of(".include \"main.ucl\""),
              "/cfg/main.ucl:1:1: '/cfg/main.ucl' includes itself");
}

TEST(ParserInclude, KeyParameterNestsTheFile) {
    Fixture f;
    f.files.add("/cfg/x.ucl", "a = 1");
    EXPECT_EQ(f.parse_main(".include(key=\"sub\") \"x.ucl\""), "{sub: {a: 1}}");
    EXPECT_EQ(f.parse_main("sub { b = 2 }\n.include(key=\"sub\") \"x.ucl\""),
              "{sub: {b: 2, a: 1}}");
    EXPECT_EQ(f.parse_main(".include(prefix=true) \"x.ucl\""), "{x: {a: 1}}");
    EXPECT_EQ(f.parse_main(".include(key=\"l\", target=\"array\") \"x.ucl\"\n"
                           ".include(key=\"l\", target=\"array\") \"x.ucl\""),
              "{l: [{a: 1}, {a: 1}]}");
}

TEST(ParserInclude, PriorityDecidesBetweenDuplicates) {
    Fixture f;
    f.files.add("/cfg/hi.ucl", "a = high");
    f.files.add("/cfg/lo.ucl", "a = low");
    EXPECT_EQ(f.parse_main(".priority 2\na = main\n.include(priority=3) \"hi.ucl\""),
              "{a: \"high\"}");
    EXPECT_EQ(f.parse_main(".priority 2\na = main\n.include(priority=1) \"lo.ucl\""),
              "{a: \"main\"}");
    EXPECT_EQ(f.parse_main("a = main\n.include \"lo.ucl\""), "{a: <\"main\", \"low\">}");
}

TEST(ParserInclude, DuplicateStrategies) {
    Fixture f;
    f.files.add("/cfg/inc.ucl", "o { key = value1; key1 = value2 }\nl = [\"value3\"]\ns = value4");
    const std::string base = "o { key = value }\nl = [\"value\"]\ns = value\n";
    EXPECT_EQ(f.parse_main(base + ".include(duplicate=\"append\") \"inc.ucl\""),
              "{o: <{key: \"value\"}, {key: \"value1\", key1: \"value2\"}>, "
              "l: <[\"value\"], [\"value3\"]>, s: <\"value\", \"value4\">}");
    EXPECT_EQ(f.parse_main(base + ".include(duplicate=\"merge\") \"inc.ucl\""),
              "{o: {key: <\"value\", \"value1\">, key1: \"value2\"}, "
              "l: [\"value\", \"value3\"], s: <\"value\", \"value4\">}");
    EXPECT_EQ(f.parse_main(base + ".include(duplicate=\"rewrite\") \"inc.ucl\""),
              "{o: {key: \"value1\", key1: \"value2\"}, l: [\"value3\"], s: \"value4\"}");
    EXPECT_EQ(f.error_of(base + ".include(duplicate=\"error\") \"inc.ucl\""),
              "/cfg/inc.ucl:1:1: duplicate key 'o'");
}

TEST(ParserInclude, MergingAnArrayIntoAnObjectIsAnError) {
    Fixture f;
    f.files.add("/cfg/inc.ucl", "o = [1]");
    EXPECT_EQ(f.error_of("o { a = 1 }\n.include(duplicate=\"merge\") \"inc.ucl\""),
              "/cfg/inc.ucl:1:5: cannot merge an object with an array");
}

TEST(ParserInclude, WithoutAnIncludeSourceIncludesAreErrors) {
    EXPECT_EQ(test::parse_error(".include \"x.ucl\""),
              "1:1: cannot include 'x.ucl': includes are not available here");
}

TEST(ParserInclude, SignedAndUrlIncludesAreNotSupported) {
    Fixture f;
    EXPECT_EQ(f.error_of(".includes \"x.ucl\""),
              "/cfg/main.ucl:1:1: '.includes' (signed includes) is not supported: jrun cannot "
              "check signatures");
    EXPECT_EQ(f.error_of(".include(url=true) \"http://x/y.ucl\""),
              "/cfg/main.ucl:1:1: cannot include 'http://x/y.ucl': URLs are not supported");
}

TEST(ParserInclude, SearchPathParameter) {
    Fixture f;
    f.files.add("/cfg/two/x.ucl", "a = 2");
    EXPECT_EQ(f.parse_main(".include(path=[\"one\", \"two\"]) \"x.ucl\""), "{a: 2}");
    EXPECT_EQ(f.error_of(".include(path=[\"one\"]) \"x.ucl\""),
              "/cfg/main.ucl:1:1: cannot find 'x.ucl' in the include path");
}

TEST(ParserMacros, PriorityMacroOrdersDuplicates) {
    EXPECT_EQ(test::parsed("a = 1\n.priority 5\na = 2\n.priority 1\na = 3"), "{a: 2}");
    // Like libucl, a macro takes the text after its arguments as its value, so end it with ';'.
    EXPECT_EQ(test::parsed(".priority(priority=2);\na = 1\n.priority 2\na = 2"), "{a: <1, 2>}");
    EXPECT_EQ(test::parse_error(".priority high"),
              "1:1: invalid priority 'high' (a number from 0 to 15 expected)");
}

TEST(ParserMacros, LoadReadsAFileIntoAKey) {
    Fixture f;
    f.files.add("/cfg/motd.txt", "  hello\n");
    f.files.add("/cfg/n.txt", "42\n");
    EXPECT_EQ(f.parse_main(".load(key=\"motd\") \"motd.txt\""), "{motd: \"  hello\n\"}");
    EXPECT_EQ(f.parse_main(".load(key=\"motd\", trim=true) \"motd.txt\""), "{motd: \"hello\"}");
    EXPECT_EQ(f.parse_main(".load(key=\"n\", target=\"int\") \"n.txt\""), "{n: 42}");
    EXPECT_EQ(f.parse_main(".load(key=\"x\", try=true) \"none.txt\""), "{}");
    EXPECT_EQ(f.error_of("motd = 1\n.load(key=\"motd\") \"motd.txt\""),
              "/cfg/main.ucl:2:1: cannot load into 'motd': the key already exists");
}

TEST(ParserMacros, InheritCopiesMissingKeys) {
    EXPECT_EQ(test::parsed("base { a = 1; b = 2 }\nweb { .inherit \"base\"; b = 3 }"),
              "{base: {a: 1, b: 2}, web: {a: 1, b: 3}}");
    EXPECT_EQ(test::parse_error("web { .inherit \"nope\" }"),
              "1:7: cannot inherit from 'nope': no such top-level object");
}

TEST(ParserMacros, MacroArgumentsAreUcl) {
    Fixture f;
    f.files.add("/cfg/x.ucl", "a = 1");
    EXPECT_EQ(f.parse_main(".include(try = yes; priority: 1) \"x.ucl\""), "{a: 1}");
    EXPECT_EQ(f.error_of(".include(try=true \"x.ucl\""),
              "/cfg/main.ucl:1:9: '(' of macro arguments is never closed");
}

} // namespace jrun::ucl
