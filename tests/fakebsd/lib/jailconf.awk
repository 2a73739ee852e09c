# SPDX-License-Identifier: BSD-2-Clause
# Parse jail.conf(5) as jail(8) does (jaillex.l, jailparse.y, config.c), for the fake jail.
# Input: records "FILE<TAB>LINE<TAB>TEXT" (includes already expanded by the caller).
# -v mode=names      print the jail names defined, in order (wildcards excluded)
# -v mode=jail -v name=NAME   print NAME's resolved parameters, one per line:
#                   KEY<TAB>VALUE[<US>VALUE...]  (booleans normalised to true/false)
# Errors are printed as "ERR<TAB>message" (jail(8)'s wording, without the "jail: " prefix) and
# the exit status is 1.

BEGIN {
    FS = "\t"; US = "\037"; VO = "\001"; VC = "\002"
    nt = 0; incomment = 0
    split("path host.hostname host.domainname host.hostuuid host.hostid ip4.addr ip6.addr ip4 ip6 " \
        "vnet vnet.interface persist mount mount.fstab mount.devfs mount.fdescfs mount.procfs " \
        "devfs_ruleset exec.prepare exec.prestart exec.created exec.start exec.poststart exec.prestop " \
        "exec.stop exec.poststop exec.release exec.clean exec.jail_user exec.system_jail_user " \
        "exec.system_user exec.timeout exec.consolelog exec.fib stop.timeout interface ip_hostname " \
        "securelevel enforce_statfs children.max children.cur osrelease osreldate name jid depend " \
        "command sysvmsg sysvsem sysvshm cpuset.id parent dying " \
        "allow.set_hostname allow.sysvipc allow.raw_sockets allow.chflags allow.mount allow.mount.devfs " \
        "allow.mount.fdescfs allow.mount.nullfs allow.mount.procfs allow.mount.tmpfs allow.mount.zfs " \
        "allow.quotas allow.socket_af allow.mlock allow.reserved_ports allow.unprivileged_proc_debug " \
        "allow.suser allow.nfsd allow.vmm allow.read_msgbuf allow.extattr allow.adjtime allow.settime " \
        "allow.routing allow.unprivileged_parent_tampering", kp, " ")
    for (i in kp) known[kp[i]] = 1
    split("persist mount.devfs mount.fdescfs mount.procfs exec.clean ip_hostname exec.system_jail_user " \
        "allow.set_hostname allow.sysvipc allow.raw_sockets allow.chflags allow.mount allow.mount.devfs " \
        "allow.mount.fdescfs allow.mount.nullfs allow.mount.procfs allow.mount.tmpfs allow.mount.zfs " \
        "allow.quotas allow.socket_af allow.mlock allow.reserved_ports allow.unprivileged_proc_debug " \
        "allow.suser allow.nfsd allow.vmm allow.read_msgbuf allow.extattr allow.adjtime allow.settime " \
        "allow.routing allow.unprivileged_parent_tampering", bp, " ")
    for (i in bp) isbool[bp[i]] = 1
    split("devfs_ruleset securelevel enforce_statfs children.max exec.timeout stop.timeout exec.fib jid",
        ip, " ")
    for (i in ip) isint[ip[i]] = 1
    multi["exec.prepare"] = multi["exec.prestart"] = multi["exec.created"] = multi["exec.start"] = 1
    multi["exec.poststart"] = multi["exec.prestop"] = multi["exec.stop"] = multi["exec.poststop"] = 1
    multi["exec.release"] = multi["mount"] = multi["mount.fstab"] = multi["ip4.addr"] = 1
    multi["ip6.addr"] = multi["vnet.interface"] = multi["depend"] = multi["command"] = 1
}

function fail(msg) { print "ERR\t" msg; failed = 1; exit 1 }
function tok(type, text, val) { nt++; T[nt] = type; X[nt] = text; V[nt] = val; F[nt] = file; L[nt] = line }

# Read a double-quoted or bare string starting at position i of s; sets ni and returns its value
# with variable references encoded as VO name VC.
function readvars(s, i, stop,    out, c, n) {
    out = ""
    while (i <= length(s)) {
        c = substr(s, i, 1)
        if (index(stop, c)) break
        if (c == "\\" && stop == "\"") {
            c = substr(s, i + 1, 1); i += 2
            if (c == "n") out = out "\n"; else if (c == "t") out = out "\t"; else out = out c
            continue
        }
        if (c == "$") {
            if (substr(s, i + 1, 1) == "{") {
                n = index(substr(s, i + 2), "}")
                if (!n) fail(file " line " line ": " substr(s, i) ": syntax error")
                out = out VO substr(s, i + 2, n - 1) VC; i += n + 2; continue
            }
            n = match(substr(s, i + 1), /^[A-Za-z0-9_.]+/)
            if (n) { out = out VO substr(s, i + 1, RLENGTH) VC; i += RLENGTH + 1; continue }
        }
        out = out c; i++
    }
    ni = i
    return out
}

{
    file = $1; line = $2; s = $3; i = 1; lastfile = file
    while (i <= length(s)) {
        c = substr(s, i, 1)
        if (incomment) {
            n = index(substr(s, i), "*/")
            if (!n) { i = length(s) + 1; continue }
            incomment = 0; i += n + 1; continue
        }
        if (c == " " || c == "\t" || c == "\r") { i++; continue }
        if (c == "#" || substr(s, i, 2) == "//") break
        if (substr(s, i, 2) == "/*") { incomment = 1; i += 2; continue }
        if (substr(s, i, 2) == "+=") { tok("PLEQ", "+=", ""); i += 2; continue }
        if (index("{};,=", c)) { tok(c, c, ""); i++; continue }
        if (c == "\"") {
            v = readvars(s, i + 1, "\"")
            if (substr(s, ni, 1) != "\"") fail(file " line " line ": " substr(s, i) ": syntax error")
            tok("STR", substr(s, i, ni - i + 1), v); i = ni + 1; continue
        }
        if (c == "'") {
            n = index(substr(s, i + 1), "'")
            if (!n) fail(file " line " line ": " substr(s, i) ": syntax error")
            tok("STR", substr(s, i, n + 1), substr(s, i + 1, n - 1)); i += n + 1; continue
        }
        v = readvars(s, i, " \t\r{};,=\"'#")
        tok("STR", substr(s, i, ni - i), v); i = ni
    }
}

function synerr(k) {
    if (k > nt) fail(lastfile ": unexpected EOF")
    fail(F[k] " line " L[k] ": " X[k] ": syntax error")
}

# param at k: NAME [= value{,value}] ; returns the index after the ';'.
function param(k, owner,    key, op, vals) {
    if (T[k] != "STR") synerr(k)
    key = V[k]; k++; op = ""; vals = ""
    if (substr(key, 1, 1) == VO && index(key, VC) == length(key)) key = "$" substr(key, 2, length(key) - 2)
    if (T[k] == "=" || T[k] == "PLEQ") {
        op = T[k]; k++
        if (T[k] != "STR") synerr(k)
        vals = V[k]; k++
        while (T[k] == ",") { k++; if (T[k] != "STR") synerr(k); vals = vals US V[k]; k++ }
    }
    if (T[k] != ";") synerr(k)
    np++; PO[np] = owner; PK[np] = key; POP[np] = op; PV[np] = vals
    return k + 1
}

END {
    if (failed) exit 1
    if (incomment) fail(lastfile ": unexpected EOF")
    k = 1; nj = 0
    while (k <= nt) {
        if (T[k] == ";") { k++; continue }
        if (T[k] == "STR" && T[k + 1] == "{") {
            owner = V[k]; if (!(owner in seenj) && owner !~ /\*/) { nj++; J[nj] = owner }
            seenj[owner] = 1; k += 2
            while (k <= nt && T[k] != "}") { if (T[k] == ";") { k++; continue } k = param(k, owner) }
            if (k > nt) fail(lastfile ": unexpected EOF")
            k++; continue
        }
        k = param(k, "")
    }
    if (mode == "names") { for (i = 1; i <= nj; i++) print J[i]; exit 0 }
    resolve(name)
}

function wildmatch(j, w) { return w == "*" || (substr(w, length(w) - 1) == ".*" && index(j, substr(w, 1, length(w) - 1)) == 1) }

function addp(key, op, vals,    base) {
    base = key
    if (!(key in val)) { no++; order[no] = key; val[key] = "" }
    if (op == "PLEQ" && val[key] != "" && vals != "") val[key] = val[key] US vals
    else if (op == "PLEQ" && vals == "") { }
    else val[key] = vals
}

function subst(key, s, depth,    out, a, b, v) {
    if (depth > 8) fail(name ": " key ": variable loop")
    while ((a = index(s, VO))) {
        b = index(s, VC); v = substr(s, a + 1, b - a - 1)
        if (!(v in val) && !(("$" v) in val)) fail(name ": " key ": variable \"" v "\" not found")
        r = (("$" v) in val) ? val["$" v] : val[v]
        if (index(r, US)) fail(name ": " key ": array cannot be substituted inline")
        s = substr(s, 1, a - 1) subst(key, r, depth + 1) substr(s, b + 1)
    }
    return s
}

function resolve(j,    i, p, key, n, vs, out, bkey, last, neg) {
    if (!(j in seenj)) { print "NOTFOUND"; exit 0 }
    addp("name", "=", j)
    # global parameters, then matching wildcard blocks, then the jail's own block
    for (p = 1; p <= np; p++) if (PO[p] == "") addp(PK[p], POP[p], PV[p])
    for (p = 1; p <= np; p++) if (PO[p] != "" && PO[p] != j && wildmatch(j, PO[p])) addp(PK[p], POP[p], PV[p])
    for (p = 1; p <= np; p++) if (PO[p] == j) addp(PK[p], POP[p], PV[p])
    for (i = 1; i <= no; i++) {
        key = order[i]
        if (substr(key, 1, 1) == "$") continue
        bkey = key; neg = 0
        if (!(bkey in known)) {
            if (key ~ /^no/) { bkey = substr(key, 3); neg = 1 }
            else if (key ~ /\.no[^.]*$/) { bkey = key; sub(/\.no[^.]*$/, "", bkey); bkey = bkey "." substr(key, length(bkey) + 4); neg = 1 }
            if (!neg || !isbool[bkey]) fail(j ": unknown parameter: " key)
        }
        n = split(val[key], vs, US); out = ""
        for (p = 1; p <= n; p++) out = out (p > 1 ? US : "") subst(key, vs[p], 0)
        if (isbool[bkey] || (bkey == "vnet" && val[key] == "")) {
            last = (n == 0) ? "true" : tolower(vs[n])
            if (last != "true" && last != "false" && last !~ /^-?[0-9]+$/) fail(j ": " key ": unknown boolean value \"" vs[n] "\"")
            b = (n == 0 || last == "true" || (last ~ /^-?[0-9]+$/ && last + 0 != 0)) ? 1 : 0
            if (neg) b = !b
            if (bkey == "vnet") print bkey "\t" (b ? "new" : "inherit")
            else print bkey "\t" (b ? "true" : "false")
            continue
        }
        if (isint[bkey] && n > 0 && vs[n] !~ /^-?[0-9]+$/) fail(j ": " key ": non-integer value \"" vs[n] "\"")
        if (n > 1 && !multi[bkey]) out = vs[n]
        print bkey "\t" out
    }
}
