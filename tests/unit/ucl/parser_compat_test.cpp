// SPDX-License-Identifier: BSD-2-Clause
// Behaviour shared with libucl (its tests/basic cases) and with the Python implementation's
// parser (reference-behaviour.md §2.1) where the two agree; JSON input.
#include "ucl_test_util.hpp"

namespace jrun::ucl {

using test::parse_error;
using test::parsed;

TEST(ParserCompat, ParsesTheReferenceExample) {
    const std::string text = R"(jail "fastapi-314" {
  base { type = "jail"; name = "python-314"; }
  depends ["postgres-16"]
  setup  { fastapi { type = "ansible"; file = "playbooks/fastapi-314.yml"; } }
  forward { http { host = 8080; jail = 8000; } }
  mount  { src { host = "."; jail = "/srv/app"; } }
  exec   { uvicorn { cmd = "python3.14 -m uvicorn app:app --reload --host 0.0.0.0"; dir = "/srv/app";
           healthcheck { test = "fetch -qo /dev/null http://127.0.0.1:8000"; interval = "30s"; retries = 5; } } }
}
jail "core" {}          # an empty jail is valid
)";
    EXPECT_EQ(parsed(text),
              "{jail: <{fastapi-314: {base: {type: \"jail\", name: \"python-314\"}, "
              "depends: [\"postgres-16\"], setup: {fastapi: {type: \"ansible\", "
              "file: \"playbooks/fastapi-314.yml\"}}, forward: {http: {host: 8080, jail: 8000}}, "
              "mount: {src: {host: \".\", jail: \"/srv/app\"}}, exec: {uvicorn: {cmd: "
              "\"python3.14 -m uvicorn app:app --reload --host 0.0.0.0\", dir: \"/srv/app\", "
              "healthcheck: {test: \"fetch -qo /dev/null http://127.0.0.1:8000\", interval: "
              "\"30s\", retries: 5}}}}}, {core: {}}>}");
}

TEST(ParserCompat, ParsesJson) {
    const std::string text = R"({
  "name": "web", "port": 8080, "ratio": 0.25, "on": true, "none": null,
  "list": [1, "two", {"three": [3]}], "nested": {"a": {"b": {}}},
  "esc": "tab\there \u00e9"
})";
    EXPECT_EQ(
        parsed(text),
        "{name: \"web\", port: 8080, ratio: 0.25f, on: true, none: null, "
        "list: [1, \"two\", {three: [3]}], nested: {a: {b: {}}}, esc: \"tab\there \xc3\xa9\"}");
}

TEST(ParserCompat, LibuclBasic12ValueStartingWithDigitsIsAString) {
    EXPECT_EQ(parsed("key: 12 value\n"), "{key: \"12 value\"}");
}

TEST(ParserCompat, LibuclBasicEscapes) {
    EXPECT_EQ(parsed("# Checks for escapes in strings\nstr = \"\\r\\n\\b\\t\\f\\\\\\\"\\u03B4\"\n"),
              "{str: \"\r\n\b\t\f\\\"\xce\xb4\"}");
}

TEST(ParserCompat, LibuclBasicHeredocLookalikeInAString) {
    EXPECT_EQ(parsed("k = \"one\\nEOD\\nthree\"\n"), "{k: \"one\nEOD\nthree\"}");
}

TEST(ParserCompat, SharedWithPythonNamedSectionsAndSeparators) {
    EXPECT_EQ(parsed("a = 1, b = 2; c = 3\n"), "{a: 1, b: 2, c: 3}");
    EXPECT_EQ(parsed("x \"y\" \"z\" { k = v }"), "{x: {y: {z: {k: \"v\"}}}}");
    EXPECT_EQ(parsed("s { }\n"), "{s: {}}");
}

TEST(ParserCompat, SharedWithPythonValues) {
    EXPECT_EQ(parsed("a = TRUE; b = Off; c = -0x10; d = 1.5e2; e = 2kb; f = 3min; g = 10.17.89.50"),
              "{a: true, b: false, c: -16, d: 150f, e: 2048, f: 180s, g: \"10.17.89.50\"}");
    EXPECT_EQ(parsed("a = \"not # a comment\"; b = \"/* nor this */\""),
              "{a: \"not # a comment\", b: \"/* nor this */\"}");
}

TEST(ParserCompat, SharedWithPythonArraysAfterKeyWithoutEquals) {
    EXPECT_EQ(parsed("depends [\"a\", \"b\",]"), "{depends: [\"a\", \"b\"]}");
}

TEST(ParserCompat, DiffersFromPythonOnBareKeysAndDottedKeys) {
    // Python turns a bare key into `= true` and splits dotted keys; libucl does neither.
    EXPECT_EQ(parse_error("mount.devfs;"), "1:1: missing value for key 'mount.devfs'");
    EXPECT_EQ(parsed("a.b.c = 1"), "{a.b.c: 1}");
}

TEST(ParserCompat, DiffersFromPythonOnRepeatedObjects) {
    // Python deep-merges `s{a=1} s{a=2}`; libucl keeps both objects.
    EXPECT_EQ(parsed("s { a = 1 } s { a = 2 }"), "{s: <{a: 1}, {a: 2}>}");
}

TEST(ParserCompat, LibuclQuirksAreKept) {
    // A comment after a key's separator hides nothing: the value is on the next line.
    EXPECT_EQ(parsed("key = # c\n 5"), "{key: 5}");
    // `key value {` on one line opens nested objects.
    EXPECT_EQ(parsed("cmd echo {}"), "{cmd: {echo: {}}}");
    // Bare values keep balanced braces and stop at '#'.
    EXPECT_EQ(parsed("a = x{y z}w # c"), "{a: \"x{y z}w\"}");
    // A backslash in a bare value escapes the next character.
    EXPECT_EQ(parsed("a = x\\;y"), "{a: \"x;y\"}");
    // "*/" inside double quotes does not end a comment.
    EXPECT_EQ(parsed("/* \"*/\" */ a = 1"), "{a: 1}");
}

} // namespace jrun::ucl
