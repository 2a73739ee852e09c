# SPDX-License-Identifier: BSD-2-Clause
# Check a monit control file (includes already expanded into "FILE<TAB>LINE<TAB>TEXT" records)
# with a subset of monit's grammar: set statements, check process|program|system|file|
# directory|host, and the service statements jrun writes. Prints on success:
#   SVC<TAB>name<TAB>type<TAB>group<TAB>start<TAB>stop<TAB>path-or-pidfile<TAB>depends
#   HTTPD<TAB>port<TAB>address
# and on error "ERR<TAB>FILE:LINE: message" (exit 1), monit's "syntax error 'token'" wording.

BEGIN { FS = "\t"; nt = 0 }

function err(k, msg) { print "ERR\t" F[k] ":" L[k] ": " msg; bad = 1; exit 1 }
function synerr(k) { if (k > nt) { print "ERR\t" lastf ":" lastl ": syntax error 'end of file'"; bad = 1; exit 1 } err(k, "syntax error '" W[k] "'") }

{
    lastf = $1; lastl = $2; s = $3; i = 1
    while (i <= length(s)) {
        c = substr(s, i, 1)
        if (c == " " || c == "\t" || c == "\r") { i++; continue }
        if (c == "#") break
        if (c == "\"" || c == "'") {
            n = index(substr(s, i + 1), c)
            if (!n) { print "ERR\t" $1 ":" $2 ": syntax error '" substr(s, i) "'"; bad = 1; exit 1 }
            nt++; W[nt] = substr(s, i + 1, n - 1); Q[nt] = 1; F[nt] = $1; L[nt] = $2; i += n + 1; continue
        }
        if (c == "," || c == "=") { nt++; W[nt] = c; Q[nt] = 0; F[nt] = $1; L[nt] = $2; i++; continue }
        match(substr(s, i), /^[^ \t\r#,="']+/)
        nt++; W[nt] = substr(s, i, RLENGTH); Q[nt] = 0; F[nt] = $1; L[nt] = $2; i += RLENGTH
    }
}

function kw(k) { return Q[k] ? "" : tolower(W[k]) }
function stmt_start(k) { return kw(k) == "set" || kw(k) == "check" || kw(k) == "include" }
function skip_noise(k) { while (kw(k) == "with" || kw(k) == "and" || kw(k) == "using" || kw(k) == "use" || kw(k) == "on" || kw(k) == "program") k++; return k }

# set statement at k; returns the index after it
function do_set(k,    what) {
    what = kw(k + 1)
    if (what == "httpd") {
        k += 2
        while (k <= nt && !stmt_start(k)) {
            if (kw(k) == "port") { if (W[k + 1] !~ /^[0-9]+$/) synerr(k + 1); httpd_port = W[k + 1]; k += 2; continue }
            if (kw(k) == "address") { httpd_addr = W[k + 1]; k += 2; continue }
            if (kw(k) == "allow") { k += 2; continue }
            if (kw(k) == "and" || kw(k) == "use" || kw(k) == "with" || kw(k) == "ssl" || kw(k) == "enable") { k++; continue }
            synerr(k)
        }
        if (httpd_port == "") synerr(k)
        return k
    }
    if (what == "daemon") {
        if (W[k + 2] !~ /^[0-9]+$/) synerr(k + 2)
        k += 3
        if (kw(k) == "with" && kw(k + 1) == "start" && kw(k + 2) == "delay") { if (W[k + 3] !~ /^[0-9]+$/) synerr(k + 3); k += 4 }
        return k
    }
    if (what == "log" || what == "logfile" || what == "idfile" || what == "statefile" || what == "pidfile") {
        if (k + 2 > nt || stmt_start(k + 2)) synerr(k + 2)
        return k + 3
    }
    if (what == "onreboot" || what == "init" || what == "heartbeat" || what == "limits" || what == "eventqueue" ||
        what == "mailserver" || what == "alert" || what == "mail-format" || what == "ssl" || what == "fips" || what == "mmonit") {
        k += 2
        while (k <= nt && !stmt_start(k)) k++
        return k
    }
    synerr(k + 1)
}

function program(k,    v) {
    # start [program] = "cmd" [as uid X] [with timeout N seconds]
    k++
    if (kw(k) == "program") k++
    if (W[k] != "=") synerr(k)
    k++
    if (!Q[k]) synerr(k)
    v = W[k]; k++
    while (kw(k) == "as" || kw(k) == "uid" || kw(k) == "gid" || kw(k) == "user" || kw(k) == "group" && kw(k - 1) == "as") k++
    if (kw(k) == "with" && kw(k + 1) == "timeout") { if (W[k + 2] !~ /^[0-9]+$/) synerr(k + 2); k += 3; if (kw(k) == "seconds" || kw(k) == "second" || kw(k) == "cycles" || kw(k) == "cycle") k++ }
    prog = v
    return k
}

function do_check(k,    type, name, start, stop, path, group, deps, c, x, ifopen) {
    type = kw(k + 1); name = W[k + 2]; k0 = k
    if (type !~ /^(process|program|system|file|directory|host|filesystem|fifo|network)$/) synerr(k + 1)
    if (name == "" || stmt_start(k + 2)) synerr(k + 2)
    if (name in seen) err(k + 2, "Service name conflict, " name " already defined '" name "'")
    seen[name] = 1; k += 3; path = ""
    if (type == "process") {
        k = skip_noise(k)
        if (kw(k) == "pidfile" || kw(k) == "matching") { path = W[k + 1]; k += 2 } else synerr(k)
        if (kw(k0 + 3) == "with" && path == "") synerr(k)
    } else if (type == "program" || type == "file" || type == "directory" || type == "filesystem" || type == "fifo") {
        k = skip_noise(k)
        if (kw(k) != "path") synerr(k)
        path = W[k + 1]; k += 2
        if (type == "program" && kw(k) == "with" && kw(k + 1) == "timeout") { if (W[k + 2] !~ /^[0-9]+$/) synerr(k + 2); k += 3; if (kw(k) ~ /^seconds?$/) k++ }
        if (type == "program") { pathk = k - 1; progs[name] = path; progk[name] = k0 }
    } else if (type == "host") {
        if (kw(k) != "with" || kw(k + 1) != "address") synerr(k); k += 3
    }
    group = ""; deps = ""; start = ""; stop = ""; ifopen = 0
    while (k <= nt && !stmt_start(k)) {
        x = kw(k)
        if (x == "start" && !ifopen) { k = program(k); start = prog; startk[name] = k; continue }
        if (x == "stop" && !ifopen) { k = program(k); stop = prog; continue }
        if (x == "restart" && kw(k + 1) == "program") { k = program(k); continue }
        if (x == "group") { group = W[k + 1]; k += 2; continue }
        if (x == "depends") {
            k++; if (kw(k) == "on") k++
            deps = W[k]; depk[name] = k; k++
            while (W[k] == ",") { deps = deps "," W[k + 1]; k += 2 }
            continue
        }
        if (x == "if") { if (ifopen) synerr(k); ifopen = 1; k++; continue }
        if (x == "then") { if (!ifopen) synerr(k); ifopen = 0; k++; if (kw(k) == "exec" && !Q[k + 1]) synerr(k + 1); continue }
        if (x == "repeat" && !ifopen) {
            if (kw(k + 1) == "every" && W[k + 2] ~ /^[0-9]+$/ && kw(k + 3) ~ /^cycles?$/) { k += 4; continue }
            synerr(k + 1)
        }
        if (x == "every" && !ifopen) {
            if (W[k + 1] ~ /^[0-9]+$/ && kw(k + 2) ~ /^cycles?$/) { k += 3; continue }
            if (Q[k + 1]) { k += 2; continue }
            synerr(k + 1)
        }
        if (!ifopen && x != "alert" && x != "noalert" && x != "mode" && x != "onreboot" && x != "active" &&
            x != "passive" && x != "manual" && x != "start" && x != "nostart" && x != "laststate" &&
            x != "else" && x != "exec" && x != "restart" && x != "unmonitor" && x != "timeout" &&
            x != "and" && x != "with" && x != "on" && x != "not" && x != "every" && !Q[k] && W[k] != "," &&
            W[k] !~ /^[0-9]+$/ && x !~ /^(cycles?|seconds?|times|within|succeeded|failed|changed|is|of|uid|gid|as)$/)
            synerr(k)
        k++
    }
    if (ifopen) synerr(k)
    N++; SN[N] = name; ST[N] = type; SG[N] = group; SS[N] = start; SP[N] = stop; SX[N] = path; SD[N] = deps
    return k
}

END {
    if (bad) exit 1
    k = 1
    while (k <= nt) {
        if (kw(k) == "set") { k = do_set(k); continue }
        if (kw(k) == "check") { k = do_check(k); continue }
        synerr(k)
    }
    for (i = 1; i <= N; i++) {
        n = split(SD[i], d, ",")
        for (j = 1; j <= n; j++) if (!(d[j] in seen)) err(depk[SN[i]], "Error: depend service '" d[j] "' is not defined in the control file")
    }
    for (i = 1; i <= N; i++) print "SVC\t" SN[i] "\t" ST[i] "\t" SG[i] "\t" SS[i] "\t" SP[i] "\t" SX[i] "\t" SD[i]
    if (httpd_port != "") print "HTTPD\t" httpd_port "\t" httpd_addr
}
