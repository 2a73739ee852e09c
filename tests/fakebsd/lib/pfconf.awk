# SPDX-License-Identifier: BSD-2-Clause
# Check a pf.conf(5) subset as pfctl(8) parses it: macros, set options, scrub, nat/rdr (with
# their anchors), pass/block/antispoof/anchor, tables and `load anchor`, in pf's rule order.
# Input: "FILE<TAB>LINE<TAB>TEXT". -v anchor=1 when loading into an anchor (no options).
# Output: "RULE<TAB>section<TAB>normalised rule", "LOAD<TAB>anchor<TAB>file",
# "TABLE<TAB>name<TAB>addresses"; errors as "ERR<TAB>FILE:LINE: message" lines (exit 1).

BEGIN {
    FS = "\t"; order["options"] = 1; order["normalization"] = 2; order["queueing"] = 3
    order["translation"] = 4; order["filtering"] = 5; stage = 0
    split("ssh 22 http 80 https 443 domain 53 smtp 25 ntp 123 ftp 21 telnet 23 imap 143 pop3 110 " \
        "submission 587 imaps 993 pop3s 995 bootps 67 bootpc 68 syslog 514 www 80", sv, " ")
    for (i = 1; i < 40; i += 2) if (sv[i] != "") svc[sv[i]] = sv[i + 1]
}

function bad(msg) { print "ERR\t" cf ":" cl ": " msg; nerr++ }

{
    text = $3
    if (cont != "") { text = cont " " text; cont = "" } else { cf = $1; cl = $2 }
    if (text ~ /\\$/) { cont = substr(text, 1, length(text) - 1); next }
    sub(/#.*/, "", text)
    if (text ~ /^[ \t]*$/) next
    handle(text)
}

function expand(s,    out, n, name) {
    out = ""
    while (match(s, /\$[A-Za-z_][A-Za-z0-9_]*/)) {
        name = substr(s, RSTART + 1, RLENGTH - 1)
        if (!(name in macro)) { bad("macro '" name "' not defined"); return "" }
        out = out substr(s, 1, RSTART - 1) macro[name]; s = substr(s, RSTART + RLENGTH)
    }
    return out s
}

function tokenize(s,    n, c, t) {
    nt = 0
    gsub(/[{}(),<>!]/, " & ", s); gsub(/- >/, "->", s)
    done = ""
    while (match(s, /"[^"]*"/)) { t = substr(s, RSTART, RLENGTH); gsub(/ /, "\001", t); done = done substr(s, 1, RSTART - 1) t; s = substr(s, RSTART + RLENGTH) }
    s = done s
    n = split(s, parts, /[ \t]+/)
    for (c = 1; c <= n; c++) if (parts[c] != "") { nt++; T[nt] = parts[c]; gsub(/\001/, " ", T[nt]) }
    T[nt + 1] = ""
}

function section(sec) {
    if (order[sec] < stage) {
        bad("Rules must be in order: options, ethernet, normalization, queueing, translation, filtering")
        return
    }
    stage = order[sec]
}

function isaddr(t) {
    if (t ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+(\/[0-9]+)?$/) {
        split(t, o, /[.\/]/); for (q = 1; q <= 4; q++) if (o[q] > 255) return 0
        if (t ~ /\// && o[5] > 32) return 0
        return 1
    }
    if (t ~ /^[0-9a-fA-F:]+:[0-9a-fA-F:]*(\/[0-9]+)?$/) return 1
    return t == "any" || t == "self" || t == "all" || t ~ /^[A-Za-z][A-Za-z0-9_.]*$/
}

function isport(t) {
    if (t ~ /^[0-9]+$/) return t + 0 <= 65535
    if (t ~ /^[0-9]+:[0-9]+$/) { split(t, pr, ":"); return pr[1] + 0 <= 65535 && pr[2] + 0 <= 65535 }
    return (t in svc)
}

# address at k: [!] (any|ADDR|(IF)|<table>|{list}); returns next index or 0.
function addr(k) {
    if (T[k] == "!") k++
    if (T[k] == "(") { if (T[k + 2] != ")") return 0; return k + 3 }
    if (T[k] == "<") { if (T[k + 2] != ">") return 0; return k + 3 }
    if (T[k] == "{") { k++; while (T[k] != "}" && T[k] != "") { if (T[k] != "," && !isaddr(T[k]) && T[k] != "!") return 0; k++ } return T[k] == "}" ? k + 1 : 0 }
    if (T[k] == "no-route" || T[k] == "urpf-failed") return k + 1
    return isaddr(T[k]) && T[k] != "" ? k + 1 : 0
}

function port(k) {
    if (T[k] == "{") { k++; while (T[k] != "}" && T[k] != "") { if (T[k] != "," && !isport(T[k])) return 0; k++ } return T[k] == "}" ? k + 1 : 0 }
    if (T[k] ~ /^(=|!=|<|>|<=|>=)$/) k++
    return isport(T[k]) ? k + 1 : 0
}

# from/to part of a rule at k; returns next index or 0 on error.
function hosts(k) {
    if (T[k] == "all") return k + 1
    if (T[k] == "from") { k = (T[k + 1] == "port") ? k + 1 : addr(k + 1); if (!k) return 0; if (T[k] == "port") { k = port(k + 1); if (!k) return 0 } }
    if (T[k] == "to") { k = (T[k + 1] == "port") ? k + 1 : addr(k + 1); if (!k) return 0; if (T[k] == "port") { k = port(k + 1); if (!k) return 0 } }
    return k
}

function iface(k) {
    if (T[k] != "on") return k
    k++
    if (T[k] == "!") k++
    if (T[k] == "{") { while (T[k] != "}" && T[k] != "") k++; return T[k] == "}" ? k + 1 : 0 }
    if (T[k] == "(") return T[k + 2] == ")" ? k + 3 : 0
    return T[k] ~ /^[A-Za-z][A-Za-z0-9_.]*$/ ? k + 1 : 0
}

function common(k) {
    while (T[k] == "in" || T[k] == "out" || T[k] == "log" || T[k] == "quick") k++
    k = iface(k); if (!k) return 0
    if (T[k] == "inet" || T[k] == "inet6") k++
    if (T[k] == "proto") {
        k++
        if (T[k] == "{") { while (T[k] != "}" && T[k] != "") k++; k++ }
        else if (T[k] ~ /^(tcp|udp|icmp|icmp6|ipv6-icmp|[0-9]+)$/) k++
        else return 0
    }
    return hosts(k)
}

function tail_opts(k) {
    while (T[k] != "") {
        if (T[k] == "flags") { if (T[k + 1] !~ /^[A-Z]*\/[A-Z]+$|^any$/) return 0; k += 2; continue }
        if ((T[k] == "keep" || T[k] == "modulate" || T[k] == "synproxy") && T[k + 1] == "state") { k += 2; if (T[k] == "(") { while (T[k] != ")" && T[k] != "") k++; k++ } continue }
        if (T[k] == "no" && T[k + 1] == "state") { k += 2; continue }
        if (T[k] == "label" || T[k] == "tag" || T[k] == "tagged") { k += 2; continue }
        if (T[k] == "icmp-type" || T[k] == "icmp6-type") { k += 2; continue }
        return 0
    }
    return k
}

function emit(sec, s) { gsub(/[ \t]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); print "RULE\t" sec "\t" s }

function handle(line,    eq, name, val, k, w) {
    if (match(line, /^[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*=/)) {
        eq = index(line, "="); name = substr(line, 1, eq - 1); gsub(/[ \t]/, "", name)
        val = substr(line, eq + 1); gsub(/^[ \t]+|[ \t]+$/, "", val)
        if (val ~ /^".*"$/) val = substr(val, 2, length(val) - 2)
        macro[name] = expand(val); return
    }
    before = nerr; line = expand(line); if (nerr > before) { bad("syntax error"); return }
    tokenize(line); w = T[1]; k = 0
    if (w == "set") {
        if (anchor) { bad("syntax error"); return }
        section("options")
        if (T[2] == "skip" && T[3] == "on" && T[4] != "") k = 5
        else if (T[2] == "block-policy" && (T[3] == "drop" || T[3] == "return")) k = 4
        else if (T[2] ~ /^(limit|timeout|optimization|state-policy|loginterface|debug|ruleset-optimization|hostid|fingerprints|reassemble|syncookies|keepcounters)$/) k = nt + 1
    } else if (w == "scrub") {
        section("normalization"); k = common(2)
        while (k && T[k] != "") { if (T[k] ~ /^(fragment|reassemble|no-df|random-id|max-mss|min-ttl|set-tos|reassemble|tcp|crop|drop-ovl|[0-9]+)$/) k++; else k = 0 }
    } else if (w == "nat" || w == "rdr" || w == "binat") {
        section("translation"); k = 2; if (T[k] == "pass") k++
        k = common(k)
        if (k && T[k] == "->") { k = addr(k + 1); if (k && T[k] == "port") k = port(k + 1) }
        else if (k && !(w == "nat" && T[k] == "")) k = 0
        while (k && T[k] != "") { if (T[k] ~ /^(round-robin|random|source-hash|bitmask|static-port|sticky-address)$/) k++; else k = 0 }
    } else if (w == "nat-anchor" || w == "rdr-anchor" || w == "binat-anchor") {
        section("translation"); k = (T[2] ~ /^".+"$/) ? common(3) : 0
    } else if (w == "anchor") {
        section("filtering"); k = (T[2] ~ /^".+"$/) ? common(3) : 0
    } else if (w == "load" && T[2] == "anchor") {
        if (T[3] ~ /^".+"$/ && T[4] == "from" && T[5] ~ /^".+"$/ && T[6] == "") {
            print "LOAD\t" substr(T[3], 2, length(T[3]) - 2) "\t" substr(T[5], 2, length(T[5]) - 2); return
        }
    } else if (w == "pass" || w == "block" || w == "match") {
        section("filtering"); k = 2
        if (w == "block" && (T[k] == "drop" || T[k] == "return" || T[k] == "return-rst")) k++
        k = common(k); if (k) k = tail_opts(k)
    } else if (w == "antispoof") {
        section("filtering"); k = 2
        while (T[k] == "log" || T[k] == "quick") k++
        if (T[k] == "for" && T[k + 1] != "") { k += 2; if (T[k] == "inet" || T[k] == "inet6") k++ } else k = 0
    } else if (w == "table") {
        if (T[2] == "<" && T[4] == ">") {
            name = T[3]; k = 5; val = ""
            while (T[k] == "persist" || T[k] == "const" || T[k] == "counters") k++
            if (T[k] == "{") { k++; while (T[k] != "}" && T[k] != "") { if (T[k] != ",") { if (!isaddr(T[k])) { k = 0; break } val = val " " T[k] } k++ } if (k) k++ }
            if (k && T[k] == "") { print "TABLE\t" name "\t" substr(val, 2); return }
            k = 0
        }
    }
    if (!k || T[k] != "") { bad("syntax error"); return }
    emit(w ~ /^(nat|rdr|binat|nat-anchor|rdr-anchor|binat-anchor)$/ ? "nat" : (w == "scrub" ? "scrub" : (w == "set" ? "option" : "filter")), line)
}

END { if (cont != "") handle(cont); exit nerr ? 1 : 0 }
