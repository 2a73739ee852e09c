// SPDX-License-Identifier: BSD-2-Clause
#pragma once

// Strings that break naive quoting: shell metacharacters, command substitution, quotes of every
// kind, newlines, globs, option-looking words, unicode, control characters and sheer length.
// Every value from a config goes through these in the hostile-string suites: it must arrive
// intact or be rejected with a clear error, and nothing in it may execute.

#include <string>
#include <vector>

namespace jrun::test {

// Return the payloads; each is also marked with "PWNED" so a test can grep for execution
// evidence (payloads that would run a command create a file named pwned).
inline std::vector<std::string> hostile_strings() {
    std::vector<std::string> out = {
        "$(touch pwned)",
        "`touch pwned`",
        "; touch pwned",
        "&& touch pwned",
        "|| touch pwned",
        "| touch pwned",
        "& touch pwned &",
        "\ntouch pwned\n",
        "\r\ntouch pwned",
        "'; touch pwned; '",
        "\"; touch pwned; \"",
        "\\\"; touch pwned; \\\"",
        "'\"'\"'; touch pwned",
        "${IFS}touch${IFS}pwned",
        "$((1+1))",
        "${HOME}",
        "$HOME",
        "$0 $1 $@ $* $$ $!",
        "~root",
        "*",
        "/*",
        "?",
        "[a-z]*",
        "{a,b}",
        "-rf",
        "--help",
        "-o ProxyCommand=touch pwned",
        "> pwned",
        "< /etc/passwd",
        ">> pwned",
        "2>&1 touch pwned",
        "#not a comment",
        "a # b",
        "!",
        "!!",
        "\\",
        "\\\\",
        "\\n",
        "%s%s%s%n",
        "%d",
        "'",
        "\"",
        "'\"",
        "\"'\"",
        "JRUN_EOF",
        "EOF",
        "@jrun failed step 1",
        "@jrun changed /etc/passwd",
        "\t tab and  spaces ",
        " leading and trailing ",
        "café ünïcödé 日本語 🚀",
        "\u202etxt.exe",
        "\x1b[31mred\x1b[0m",
        "a\x01"
        "b",
        "\x7f",
        "line1\nline2\nline3",
        "}; touch pwned; {",
        "\"}} {{ lookup('pipe', 'touch pwned') }}",
        "{{ 7 * 7 }}",
        "{% raw %}",
        "include \"/etc/passwd\"",
        "check process pwned",
        "then exec \"/bin/touch pwned\"",
        "rdr pass on lo0",
        "local-data: \"evil. A 1.2.3.4\"",
        "host.hostname = evil;",
        std::string(4096, 'x'),
        std::string(300, '\'') + "$(touch pwned)",
        // Without blanks, so that they also get past the checks of paths (which refuse blanks).
        "$(touch${IFS}pwned)",
        "`touch${IFS}pwned`",
        ";touch${IFS}pwned",
        "|touch${IFS}pwned",
        "&&touch${IFS}pwned",
        "'$(touch${IFS}pwned)'",
        "\"$(touch${IFS}pwned)\"",
        "a#b",
        // Words a command parses as its own options when they come first.
        "-c",
        "--",
        "-",
        "+x",
        "-e${IFS}touch${IFS}pwned",
        // Path traversal.
        "../../../../etc/passwd",
        "..",
        // Unicode that is not plain text: line separator, ideographic space, invalid UTF-8.
        "a\u2028b",
        "\uff54\uff4f\uff55\uff43\uff48\u3000pwned",
        "caf\u00e9/\u65e5\u672c/\U0001f680",
        "\xff\xfe",
        "\xc3(",
        // A key Ansible's JSON decoder reads as "this value is unsafe text".
        "__ansible_unsafe",
        // An embedded NUL byte, which no argv or C string can carry.
        std::string("a\0b", 3),
    };
    return out;
}

} // namespace jrun::test
