#!/usr/bin/env python3
"""Self-check of the sanx demo dataset (canonical CSV), and of an audit of it against the planted cases.
Standard library only.

    python3 check_demo.py [DIR]                          # the files: ids, references, identifiers, dates, columns
    python3 check_demo.py [DIR] --audit FINDINGS.jsonl   # also: every planted case found, no near-miss flagged
    python3 check_demo.py --audit FINDINGS.jsonl --rules rules --quiet

DIR defaults to this script's folder. FINDINGS is `sanx audit --format jsonl` output (a JSON array is read
too). Findings are matched to planted cases by the catalog pattern of their rule (the finding's `pattern`;
when it has none, the `pattern` in the rule's meta, read from the files under --rules) and by subject id.
Exit status 1 on any error or any planted-case mismatch.
"""
import argparse
import csv
import datetime as dt
import decimal
import os
import json
import re
import sys

HEADERS = {
    "entities.csv": ["id", "kind", "name", "aliases", "country", "identifiers", "birth_date", "incorporated", "address",
                     "sectors", "web_presence", "phones"],
    "relations.csv": ["source", "target", "kind", "share", "basis", "start", "end"],
    "designations.csv": ["entity", "regime", "list", "programs", "listed_from", "listed_to"],
    "payments.csv": ["id", "date", "originator", "beneficiary", "originator_bic", "beneficiary_bic",
                     "intermediary_bics", "network", "currency", "amount", "purpose", "ordering_bic", "reference", "channel"],
    "shipments.csv": ["id", "date", "exporter", "consignee", "end_user", "hs_code", "description", "value",
                      "currency", "origin", "destination", "route", "mode", "vessel", "notify_party", "contract",
                      "contract_date", "no_russia_clause", "loading_port", "discharge_port", "quantity", "unit"],
}
ENTITY_KINDS = {"person", "company", "organization", "bank", "vessel", "aircraft"}
RELATION_KINDS = {"ownership", "control", "director", "family", "associate", "branch"}
CONTROL_BASES = {"board_majority", "voting_agreement", "dominant_influence", "nominee", "trust", "veto"}
REGIMES = {"OFAC", "EU", "UK", "UN"}
LISTS = {"SDN", "EU-269", "EU-833", "EU-833-SPFS", "UK-OFSI", "UN"}
NETWORKS = {"SWIFT", "SPFS", "SEPAM", "CIPS", "MIR", "SHETAB", "SEPA", "FEDWIRE", "CHAPS", "CARD", "BOOK", "OTHER"}
CURRENCIES = {"RUB", "IRR", "KZT", "AMD", "BYN", "KGS", "AZN", "AED", "TRY", "HKD", "CNY", "GBP", "USD", "EUR"}
MODES = {"sea", "rail", "road", "air"}
CHANNELS = {"", "transfer", "atm", "pos", "ecom"}
CARD_NETWORKS = {"MIR", "SHETAB", "CARD"}
WEB = {"", "none", "thin", "normal"}
SECTOR_RE = re.compile(r"^[a-z0-9_.]+$")
PHONE_RE = re.compile(r"^\+[0-9][0-9 ()./-]*$")
ID_RE = re.compile(r"^[A-Za-z0-9:._-]+$")
BIC_RE = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
CC_RE = re.compile(r"^[A-Z]{2}$")
CCY_RE = re.compile(r"^[A-Z]{3}$")
PARTIAL_RE = re.compile(r"^\d{4}(-\d{2})?$")
ALIAS_PREFIXES = ("aka:", "fka:", "weak:")
SCHEMES = {"bic", "lei", "imo", "inn", "ogrn", "passport", "registration"}

errors = []


def err(where, msg):
    errors.append("%s: %s" % (where, msg))


def read(folder, name):
    path = os.path.join(folder, name)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != HEADERS[name]:
        err(name, "header %r, expected %r" % (rows[0] if rows else None, HEADERS[name]))
        return []
    out = []
    for i, r in enumerate(rows[1:], start=2):
        if len(r) != len(rows[0]):
            err("%s:%d" % (name, i), "%d columns, header has %d" % (len(r), len(rows[0])))
            continue
        d = dict(zip(rows[0], r))
        d["_at"] = "%s:%d" % (name, i)
        out.append(d)
    return out


def full_date(at, col, v, required=True):
    if not v:
        if required:
            err(at, "%s missing" % col)
        return None
    try:
        if len(v) != 10:
            raise ValueError
        return dt.date.fromisoformat(v)
    except ValueError:
        err(at, "%s=%r is not a full ISO date" % (col, v))
        return None


def partial_date(at, col, v):
    """Returns a sortable string (YYYY, YYYY-MM, YYYY-MM-DD) or None."""
    if not v:
        return None
    if PARTIAL_RE.match(v):
        y = int(v[:4])
        if len(v) == 7 and not 1 <= int(v[5:]) <= 12:
            err(at, "%s=%r bad month" % (col, v))
        if not 1800 <= y <= 2100:
            err(at, "%s=%r implausible year" % (col, v))
        return v
    return full_date(at, col, v) and v


def decimal_ok(at, col, v, minimum=None, strict=False, places=None):
    if not re.match(r"^-?\d+(\.\d+)?$", v or ""):
        err(at, "%s=%r is not a plain decimal" % (col, v))
        return None
    x = decimal.Decimal(v)
    if minimum is not None and (x < minimum or (strict and x == minimum)):
        err(at, "%s=%s out of range" % (col, v))
    if places is not None and "." in v and len(v.split(".")[1]) > places:
        err(at, "%s=%s has more than %d decimals" % (col, v, places))
    return x


def lei_ok(v):
    if not re.match(r"^[A-Z0-9]{18}[0-9]{2}$", v):
        return False
    return int("".join(str(int(c, 36)) for c in v)) % 97 == 1


def imo_ok(v):
    if not re.match(r"^\d{7}$", v):
        return False
    return sum(int(v[i]) * (7 - i) for i in range(6)) % 10 == int(v[6])


def inn_ok(v):
    if len(v) == 10:
        w = [2, 4, 10, 3, 5, 9, 4, 6, 8]
        return sum(int(a) * b for a, b in zip(v, w)) % 11 % 10 == int(v[9])
    return len(v) == 12 and v.isdigit()


def countries(at, col, v, required):
    if not v:
        if required:
            err(at, "%s missing" % col)
        return []
    cs = v.split("|")
    for c in cs:
        if not CC_RE.match(c):
            err(at, "%s value %r is not two upper-case letters" % (col, c))
    return cs


# --------------------------------------------------------------------------- planted cases against an audit

# Catalog ids of the patterns (patterns.md, "Pattern index"); the front-company rule has no catalog letter.
PATTERN_IDS = {
    "spfs_cross_border_message": "A1", "sepam_spfs_bridge_iran_russia": "A2", "mir_shetab_card_link": "A3",
    "ffi_military_industrial_base_exposure": "A4", "cips_rmb_russia_corridor": "A5",
    "iran_shadow_banking_exchange_house": "A6", "third_party_payer_mismatch": "A7",
    "nested_correspondent_for_sanctioned_jurisdiction": "A8", "ofac_50pct_aggregate_blocked": "B1",
    "eu_owned_or_controlled": "B2", "uk_owned_or_controlled": "B3", "control_without_ownership": "B4",
    "near_threshold_ownership": "B5", "designation_time_validity": "B6",
    "chp_item_via_transshipment_hub_to_russia": "C1", "eaeu_internal_border_diversion": "C2",
    "consignee_incorporated_after_invasion": "C3", "trade_flow_anomaly_third_country": "C4",
    "eu_no_russia_clause_missing": "C5", "eu_best_efforts_subsidiary": "C6",
    "iran_uav_component_procurement": "E1", "caspian_instc_sensitive_cargo": "E2",
    "eaeu_iran_fta_origin_misdeclaration": "E3", "foreign_branch_or_subsidiary_of_sanctioned_bank": "E4",
    "proliferation_financing_profile": "E5", "china_iran_intermediary_trade": "E6",
    "front_company_shared_identity": "FRONT",
}
SEVERITY = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


def case(pattern, subjects, severity=None, text=None):
    """A planted expectation: `pattern` on the subject (or on at least one of a list of subjects), at
    `severity` or above for a positive, never at `severity` or above for a near-miss (default: any). A
    positive with `text` also needs a finding of the pattern on that subject whose reason contains it."""
    return (pattern, subjects if isinstance(subjects, list) else [subjects], severity, text)


def ids(prefix, numbers):
    return ["%s%02d" % (prefix, n) for n in numbers]


# What the demo world plants (README.md, "Planted cases"). Each positive must be found; each near-miss
# must not be. Subjects are payment / shipment ids, or entity ids for entity rules.
POSITIVES = [
    case("A1", "PAY-A1-01"), case("A1", "PAY-A1-02"), case("A1", "PAY-A1-03"), case("A1", "PAY-A1-04"),
    case("A1", "PAY-A2-02"), case("A1", "PAY-A1-05", "critical"),
    case("A1", "demo:kg-bank-tian-shan", "info", "Tian Shan Commercial Bank OJSC (KG) first used SPFS on 2024-12-05"),
    case("A2", "PAY-A2-01"), case("A2", "PAY-A2-02"), case("A2", "PAY-A2-03"),
    case("A3", "PAY-A3-01"), case("A3", "PAY-A3-02"), case("A3", "PAY-A3-03"), case("A3", "PAY-A3-04"),
    case("A3", "PAY-A3-05"), case("A3", ids("PAY-A3-C", range(1, 15)), "high"),
    case("A5", "PAY-A5-01"), case("A5", "PAY-A5-02"), case("A5", "PAY-A5-03"), case("A5", "PAY-A5-04"),
    case("A5", "PAY-A5-05"),
    case("A6", "PAY-A6-01"), case("A6", "PAY-A6-02"), case("A6", "PAY-A6-03"), case("A6", "PAY-A6-04"),
    case("A7", "PAY-A7-01", "high"), case("A7", "PAY-A7-02", "high"), case("A7", "PAY-C1-02", "high"),
    case("A8", "PAY-A8-01"), case("A8", "PAY-A8-02"), case("A8", "PAY-A8-03"),
    case("B1", "PAY-B1-A"), case("B1", "PAY-B1-B"), case("B1", "PAY-B1-C"), case("B1", "PAY-B1-D"),
    case("B1", "PAY-B1-J"), case("B1", "PAY-B1-K"), case("B1", "PAY-B6-01"), case("B1", "PAY-F-02"),
    case("B2", "PAY-B2-H"), case("B2", "PAY-B4-I"), case("B3", "PAY-B4-I"),
    case("B4", "demo:cy-co-paphos-maritime"), case("B5", "PAY-B5-G"), case("B5", "PAY-B1-E"),
    case("C1", "SHP-C1-01"), case("C1", "SHP-C1-03"), case("C1", "SHP-C1-05", "critical"),
    case("C1", "SHP-C1-06", "critical"), case("C1", "SHP-C2-01"), case("C1", "SHP-C2-03"), case("C1", "SHP-C2-05"),
    case("C1", "SHP-E6-01"),
    case("C2", "SHP-C2-01"), case("C2", "SHP-C2-03"), case("C2", "SHP-C2-05"), case("C2", "SHP-C3-01"),
    case("C3", "SHP-C3-01"), case("C3", "SHP-C3-02"), case("C3", "SHP-C2-05"), case("C3", "SHP-E2-04"),
    case("C4", "SHP-C4-06"), case("C4", "SHP-C4-09"), case("C4", "SHP-C4-12"), case("C4", "SHP-C4-15"),
    case("C4", "SHP-C4-18"), case("C4", "SHP-C4-21"), case("C4", "SHP-C4-24"),
    case("C5", "SHP-C5-01"),
    case("E1", "SHP-E1-01"), case("E1", "SHP-E1-02"), case("E1", "SHP-E1-03"), case("E1", "SHP-E1-04"),
    case("E1", "SHP-E2-01"), case("E1", "SHP-E2-04"), case("E1", "SHP-E6-02"),
    case("E1", "SHP-C2-05", "high"), case("E1", "SHP-C3-01", "high"), case("E1", "SHP-C1-06", "high"),
    case("E2", "SHP-E2-01", "critical"), case("E2", "SHP-E2-02", "high"), case("E2", "SHP-E2-03", "high"),
    case("E2", "SHP-E2-04", "critical"),
    case("E3", "SHP-E3-02"), case("E3", "SHP-E3-04"), case("E3", "SHP-E3-06"),
    case("E5", "SHP-E1-02", "critical"), case("E5", "SHP-E2-01", "critical"), case("E5", "SHP-E2-03", "critical"),
    case("E5", "SHP-E1-01", "high"), case("E5", "SHP-E2-04", "high"),
    case("E4", "PAY-E4-01"), case("E4", "PAY-E4-02"), case("E4", "PAY-E4-03"), case("E4", "PAY-E4-04"),
    case("E6", ["demo:hk-co-lianhe-tongda", "SHP-E6-01", "SHP-E6-02"]),
    case("E6", ["demo:cn-co-dongguan-lanque", "SHP-E6-03", "SHP-E6-04"]), case("E1", "SHP-E6-03"),
    case("FRONT", ["demo:ae-co-silverline-general-trading", "PAY-F-01"]),
    case("FRONT", ["demo:hk-co-kowloon-bayview", "PAY-F-03"]),
    case("FRONT", ["demo:ru-co-nevsky-stroytekhnika", "PAY-F-04"]),
]
NEAR_MISSES = [
    case("A1", "PAY-A1-N1"), case("A1", "PAY-A1-N2"), case("A1", "PAY-A3-N1"),
    case("A1", ["demo:ru-bank-volzhsky", "demo:ru-bank-vneshtorgkredit", "demo:ru-bank-kamsky",
                "demo:ru-bank-uralpromstroy"]),
    case("A2", "PAY-A2-N1"), case("A2", "PAY-A3-01"), case("A2", "PAY-A3-C01"),
    case("A3", "PAY-A3-N1"), case("A3", "PAY-A3-05", "high"), case("A3", "PAY-A3-01", "high"),
    case("A5", "PAY-A5-N1"),
    case("A6", "PAY-A6-N1"), case("A6", "PAY-F-N3"),
    case("A7", "PAY-A7-N1"), case("A7", "PAY-A8-N2"),
    case("A8", "PAY-A8-N1"), case("A8", "PAY-A8-N2"),
    case("B1", "PAY-B1-E"), case("B1", "PAY-B1-F"), case("B1", "PAY-B5-G"), case("B1", "PAY-B1-L"),
    case("B1", "PAY-B1-M"), case("B1", "PAY-B6-02"), case("B1", "PAY-B6-03"), case("B1", "PAY-B4-I"),
    case("C1", "SHP-C1-N1"), case("C1", "SHP-C1-N2"), case("C1", "SHP-C2-N1"), case("C1", "SHP-C2-N3"),
    case("C1", "SHP-C3-N1"), case("C1", "SHP-C3-N2"),
    case("C2", "SHP-C2-N1"), case("C2", "SHP-C2-N3"), case("C2", "SHP-C2-N4"), case("C2", "SHP-C4-09"),
    case("C3", "SHP-C3-N1"), case("C3", "SHP-C3-N2"), case("C3", "SHP-C2-N3"),
    case("C4", ids("SHP-C4-N", range(1, 15))),
    case("C5", "SHP-C5-N1"), case("C5", "SHP-C5-N2"), case("C1", "SHP-C5-01"), case("C3", "SHP-C5-01"),
    case("E1", "SHP-E1-N1"), case("E1", "SHP-E6-N1"), case("E1", "SHP-C2-N3"), case("E1", "SHP-C3-N1"),
    case("E2", "SHP-E2-N1", "medium"), case("E2", "SHP-E2-N2", "medium"), case("E2", "SHP-E2-N3", "medium"),
    case("E3", "SHP-E3-N1"), case("E3", "SHP-E3-N2"),
    case("E5", "SHP-E1-N1", "medium"), case("E5", "SHP-E2-N1", "medium"), case("E5", "SHP-E2-N3", "medium"),
    case("E5", "SHP-C3-N2", "medium"),
    case("E4", "PAY-E4-N1"), case("E4", "PAY-E4-N2"),
    case("E6", ["demo:cn-co-ningbo-haiyun", "SHP-E6-N1"]), case("E6", "demo:cn-co-shenzhen-kaixin"),
    case("FRONT", ["demo:ae-co-desert-rose-trading", "PAY-F-N1"]),
    case("FRONT", ["demo:ru-co-alabuga-facility", "PAY-F-N2"]),
    case("FRONT", ["demo:ae-co-oasis-line-trading", "PAY-F-N3"]),
]
# Patterns whose findings on background rows (PAY-0..., SHP-0...) are reported: the background is meant to
# carry no cross-border Russia/Iran signal.
CIRCUMVENTION = {"A1", "A2", "A3", "A5", "A6", "A7", "A8", "C1", "C2", "C3", "C4", "C5", "E1", "E2", "E3", "E4", "E5", "E6", "FRONT"}


def rule_patterns(rule_dirs):
    """`namespace.rule` -> pattern, read from the rules' meta blocks (for findings that carry no pattern)."""
    out = {}
    for d in rule_dirs:
        for root, _, files in os.walk(d):
            for name in sorted(files):
                if not name.endswith(".rules"):
                    continue
                text = open(os.path.join(root, name), encoding="utf-8").read()
                ns = re.search(r"^namespace\s+([A-Za-z0-9_]+)", text, re.M)
                for m in re.finditer(r"^rule\s+([A-Za-z0-9_]+)\s*\{(.*?)^\}", text, re.M | re.S):
                    p = re.search(r'pattern\s*=\s*"([^"]+)"', m.group(2))
                    if p:
                        out["%s.%s" % (ns.group(1) if ns else "", m.group(1))] = p.group(1)
    return out


def read_findings(path):
    text = open(path, encoding="utf-8").read()
    if text.lstrip().startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def pattern_id(name):
    return PATTERN_IDS.get(name, name)


def check_audit(path, rule_dirs, quiet):
    """Compares the audit's findings with POSITIVES and NEAR_MISSES; returns the number of mismatches."""
    by_rule = rule_patterns(rule_dirs)
    hits = {}        # (pattern id, subject) -> highest severity among fired findings
    reasons = {}
    texts = {}       # (pattern id, subject) -> the reasons of every fired finding
    background = {}
    for f in read_findings(path):
        if f.get("outcome", "fired") != "fired":
            continue
        pid = pattern_id(f.get("pattern") or by_rule.get(f.get("rule", ""), ""))
        if not pid:
            continue
        key = (pid, f["subject"])
        sev = SEVERITY.get(f.get("severity"), 0)
        texts.setdefault(key, []).append(f.get("reason", ""))
        if sev >= hits.get(key, -1):
            hits[key] = sev
            reasons[key] = "%s %s: %s" % (f.get("severity"), f.get("rule"), f.get("reason", ""))
        if pid in CIRCUMVENTION and re.match(r"^(PAY|SHP)-\d", f["subject"]) and sev >= SEVERITY["medium"]:
            background.setdefault((pid, f.get("rule")), []).append(f["subject"])
    bad = 0
    tally = {}   # pattern -> [positives found, positives, near-misses clean, near-misses]
    for pid, subjects, sev, text in POSITIVES:
        need = SEVERITY[sev] if sev else 0
        found = [s for s in subjects if hits.get((pid, s), -1) >= need
                 and (not text or any(text in r for r in texts[(pid, s)]))]
        t = tally.setdefault(pid, [0, 0, 0, 0])
        t[0] += bool(found)
        t[1] += 1
        if not found:
            bad += 1
            have = ["%s at %s" % (s, [k for k, v in SEVERITY.items() if v == hits[(pid, s)]][0])
                    for s in subjects if (pid, s) in hits]
            print("MISSING   %s on %s%s%s%s" % (pid, " or ".join(subjects), " at %s or above" % sev if sev else "",
                                                   " saying '%s'" % text if text else "",
                                                   " (found: %s)" % ", ".join(have) if have else ""))
        elif not quiet:
            print("found     %s on %s: %s" % (pid, found[0], reasons[(pid, found[0])]))
    for pid, subjects, sev, _ in NEAR_MISSES:
        limit = SEVERITY[sev] if sev else 0
        flagged = [s for s in subjects if hits.get((pid, s), -1) >= limit]
        t = tally.setdefault(pid, [0, 0, 0, 0])
        t[2] += not flagged
        t[3] += 1
        if flagged:
            bad += 1
            for s in flagged:
                print("FLAGGED   near-miss %s on %s%s: %s" % (pid, s, " at %s or above" % sev if sev else "",
                                                             reasons[(pid, s)]))
        elif not quiet:
            print("clean     near-miss %s on %s" % (pid, " / ".join(subjects)))
    for (pid, rule), subs in sorted(background.items()):
        print("note      %d background row(s) raise %s at medium or above (rule %s), e.g. %s" % (
            len(subs), pid, rule, ", ".join(sorted(subs)[:3])))
    order = sorted(tally, key=lambda k: (k == "FRONT", k))
    print("by pattern (positives found / planted, near-misses clean / planted): " +
          ", ".join("%s %d/%d %d/%d" % ((k,) + tuple(tally[k])) for k in order))
    print("%s: %d planted positive(s), %d near-miss(es), %d mismatch(es)" % (
        "FAIL" if bad else "OK", len(POSITIVES), len(NEAR_MISSES), bad))
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--audit", metavar="FINDINGS", help="sanx audit --format jsonl output to check the planted cases against")
    ap.add_argument("--rules", action="append", default=[], metavar="DIR", help="rule folders (pattern of findings without one)")
    ap.add_argument("--quiet", action="store_true", help="print only mismatches and the totals")
    args = ap.parse_args()
    folder = args.dir
    manifest = open(os.path.join(folder, "dataset.toml"), encoding="utf-8").read()
    for name in HEADERS:
        if 'path = "%s"' % name not in manifest:
            err("dataset.toml", "does not list %s" % name)
    for key in ('name = "demo"', 'licence = "CC0-1.0"', "as_of = 2025-06-30"):
        if key not in manifest:
            err("dataset.toml", "missing %s" % key)

    ents = read(folder, "entities.csv")
    rels = read(folder, "relations.csv")
    dess = read(folder, "designations.csv")
    pays = read(folder, "payments.csv")
    ships = read(folder, "shipments.csv")

    # ---- entities
    kind = {}
    bic_owner = {}
    for e in ents:
        at, eid = e["_at"], e["id"]
        if not ID_RE.match(eid) or not eid.startswith("demo:"):
            err(at, "bad id %r" % eid)
        if eid in kind:
            err(at, "duplicate id %r" % eid)
        kind[eid] = e["kind"]
        if e["kind"] not in ENTITY_KINDS:
            err(at, "bad kind %r" % e["kind"])
        if not e["name"]:
            err(at, "name missing")
        for a in filter(None, e["aliases"].split("|")):
            if ":" in a[:5] and not a.startswith(ALIAS_PREFIXES):
                err(at, "alias %r has an unknown prefix" % a)
        countries(at, "country", e["country"], True)
        bics = []
        for ident in filter(None, e["identifiers"].split("|")):
            scheme, _, val = ident.partition(":")
            if scheme not in SCHEMES or not val:
                err(at, "identifier %r: unknown scheme or empty value" % ident)
            elif scheme == "bic":
                bics.append(val)
                if not BIC_RE.match(val):
                    err(at, "malformed BIC %r" % val)
                bic_owner.setdefault(val, []).append(eid)
            elif scheme == "lei" and not lei_ok(val):
                err(at, "LEI %r fails the check digits" % val)
            elif scheme == "imo" and not imo_ok(val):
                err(at, "IMO %r fails the check digit" % val)
            elif scheme == "inn" and not inn_ok(val):
                err(at, "INN %r fails the check digit" % val)
            elif scheme == "ogrn" and not (len(val) == 13 and int(val[:12]) % 11 % 10 == int(val[12])):
                err(at, "OGRN %r fails the check digit" % val)
        if e["kind"] == "bank":
            if not bics:
                err(at, "bank without a bic: identifier")
            for b in bics:
                if b[4:6] != e["country"].split("|")[0]:
                    err(at, "BIC %s country differs from the bank's country %s" % (b, e["country"]))
        elif bics:
            err(at, "bic: on a non-bank entity")
        if e["kind"] == "vessel" and "imo:" not in e["identifiers"]:
            err(at, "vessel without imo:")
        if e["birth_date"] and e["kind"] != "person":
            err(at, "birth_date on a non-person")
        if e["incorporated"] and e["kind"] not in ("company", "organization", "bank"):
            err(at, "incorporated on a %s" % e["kind"])
        partial_date(at, "birth_date", e["birth_date"])
        partial_date(at, "incorporated", e["incorporated"])
        for x in filter(None, e["sectors"].split("|")):
            if not SECTOR_RE.match(x):
                err(at, "sector %r is not a lower-case word" % x)
        if e["web_presence"] not in WEB:
            err(at, "web_presence %r is not none, thin or normal" % e["web_presence"])
        for ph in filter(None, e["phones"].split("|")):
            digits = re.sub(r"[^0-9]", "", ph)
            if not PHONE_RE.match(ph) or not 7 <= len(digits) <= 15:
                err(at, "phone %r is not an international number" % ph)
    for b, owners in bic_owner.items():
        if len(owners) != 1:
            err("entities.csv", "BIC %s belongs to %d entities" % (b, len(owners)))

    def ref(at, col, v, required=True, want=None):
        if not v:
            if required:
                err(at, "%s missing" % col)
            return
        if v not in kind:
            err(at, "%s=%r is not an entity id" % (col, v))
        elif want and kind[v] != want:
            err(at, "%s=%r is a %s, expected %s" % (col, v, kind[v], want))

    # ---- relations
    for r in rels:
        at = r["_at"]
        ref(at, "source", r["source"])
        ref(at, "target", r["target"])
        if r["source"] == r["target"]:
            err(at, "self relation")
        if r["kind"] not in RELATION_KINDS:
            err(at, "bad kind %r" % r["kind"])
        if r["kind"] == "branch" and (r["share"] or r["basis"]):
            err(at, "share or basis on a branch relation")
        if r["kind"] == "branch" and (kind.get(r["source"]) != "bank" or kind.get(r["target"]) != "bank"):
            err(at, "branch relation between entities that are not both banks")
        if r["share"]:
            if r["kind"] != "ownership":
                err(at, "share on a %s relation" % r["kind"])
            x = decimal_ok(at, "share", r["share"], 0)
            if x is not None and x > 100:
                err(at, "share %s > 100" % x)
        if r["basis"]:
            if r["kind"] != "control" or r["basis"] not in CONTROL_BASES:
                err(at, "basis %r on a %s relation" % (r["basis"], r["kind"]))
        s, e = partial_date(at, "start", r["start"]), partial_date(at, "end", r["end"])
        if s and e and e < s[:len(e)]:
            err(at, "end %s before start %s" % (e, s))

    # ---- designations
    for d in dess:
        at = d["_at"]
        ref(at, "entity", d["entity"])
        if d["regime"] not in REGIMES:
            err(at, "bad regime %r" % d["regime"])
        if d["list"] not in LISTS:
            err(at, "bad list %r" % d["list"])
        f = full_date(at, "listed_from", d["listed_from"])
        t = full_date(at, "listed_to", d["listed_to"], required=False)
        if f and t and t <= f:
            err(at, "listed_to not after listed_from")

    # ---- payments
    seen = set()
    for p in pays:
        at = p["_at"]
        if not p["id"] or p["id"] in seen or not ID_RE.match(p["id"]):
            err(at, "bad or duplicate id %r" % p["id"])
        seen.add(p["id"])
        full_date(at, "date", p["date"])
        ref(at, "originator", p["originator"])
        ref(at, "beneficiary", p["beneficiary"])
        bics = [p["originator_bic"], p["beneficiary_bic"], p["ordering_bic"]] + \
            list(filter(None, p["intermediary_bics"].split("|")))
        for b in filter(None, bics):
            if not BIC_RE.match(b):
                err(at, "malformed BIC %r" % b)
            owners = bic_owner.get(b, [])
            if len(owners) != 1 or kind.get(owners[0]) != "bank":
                err(at, "BIC %s does not resolve to exactly one bank" % b)
        if p["network"] not in NETWORKS:
            err(at, "bad network %r" % p["network"])
        if not CCY_RE.match(p["currency"]) or p["currency"] not in CURRENCIES:
            err(at, "bad currency %r" % p["currency"])
        decimal_ok(at, "amount", p["amount"], decimal.Decimal(0), strict=True, places=2)
        if p["channel"] not in CHANNELS:
            err(at, "bad channel %r" % p["channel"])
        elif p["channel"] not in ("", "transfer") and p["network"] not in CARD_NETWORKS:
            err(at, "card channel %s on network %s" % (p["channel"], p["network"]))
        if p["ordering_bic"] and p["ordering_bic"] == p["originator_bic"]:
            err(at, "ordering_bic repeats originator_bic (leave it empty when the originator's bank orders)")

    # ---- shipments
    seen = set()
    for s in ships:
        at = s["_at"]
        if not s["id"] or s["id"] in seen or not ID_RE.match(s["id"]):
            err(at, "bad or duplicate id %r" % s["id"])
        seen.add(s["id"])
        full_date(at, "date", s["date"])
        ref(at, "exporter", s["exporter"])
        ref(at, "consignee", s["consignee"])
        ref(at, "end_user", s["end_user"], required=False)
        ref(at, "vessel", s["vessel"], required=False, want="vessel")
        if not re.match(r"^\d{6,10}$", s["hs_code"]):
            err(at, "hs_code %r is not 6-10 digits" % s["hs_code"])
        if s["value"]:
            decimal_ok(at, "value", s["value"], decimal.Decimal(0), places=2)
        if s["currency"] and s["currency"] not in CURRENCIES:
            err(at, "bad currency %r" % s["currency"])
        countries(at, "origin", s["origin"], True)
        countries(at, "destination", s["destination"], True)
        countries(at, "route", s["route"], False)
        if s["mode"] and s["mode"] not in MODES:
            err(at, "bad mode %r" % s["mode"])
        ref(at, "notify_party", s["notify_party"], required=False)
        full_date(at, "contract_date", s["contract_date"], required=False)
        if s["contract_date"] and not s["contract"]:
            err(at, "contract_date without contract")
        if s["no_russia_clause"] not in ("", "yes", "no"):
            err(at, "no_russia_clause %r is not yes or no" % s["no_russia_clause"])
        if s["quantity"]:
            decimal_ok(at, "quantity", s["quantity"], decimal.Decimal(0))
            if not re.match(r"^[a-z]+$", s["unit"]):
                err(at, "quantity without a lower-case unit")

    for e in errors[:50]:
        print("error:", e)
    if len(errors) > 50:
        print("... %d more" % (len(errors) - 50))
    print("%s: entities=%d relations=%d designations=%d payments=%d shipments=%d, %d error(s)" % (
        "FAIL" if errors else "OK", len(ents), len(rels), len(dess), len(pays), len(ships), len(errors)))
    mismatches = check_audit(args.audit, args.rules, args.quiet) if args.audit else 0
    return 1 if errors or mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
