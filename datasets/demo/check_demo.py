#!/usr/bin/env python3
"""Self-check of the sanx demo dataset (canonical CSV). Standard library only.

    python3 check_demo.py [DIR]      # DIR defaults to this script's folder; exit status 1 on any error
"""
import csv
import datetime as dt
import decimal
import os
import re
import sys

HEADERS = {
    "entities.csv": ["id", "kind", "name", "aliases", "country", "identifiers", "birth_date", "incorporated", "address"],
    "relations.csv": ["source", "target", "kind", "share", "basis", "start", "end"],
    "designations.csv": ["entity", "regime", "list", "programs", "listed_from", "listed_to"],
    "payments.csv": ["id", "date", "originator", "beneficiary", "originator_bic", "beneficiary_bic",
                     "intermediary_bics", "network", "currency", "amount", "purpose"],
    "shipments.csv": ["id", "date", "exporter", "consignee", "end_user", "hs_code", "description", "value",
                      "currency", "origin", "destination", "route", "mode", "vessel"],
}
ENTITY_KINDS = {"person", "company", "organization", "bank", "vessel", "aircraft"}
RELATION_KINDS = {"ownership", "control", "director", "family", "associate"}
CONTROL_BASES = {"board_majority", "voting_agreement", "dominant_influence", "nominee", "trust", "veto"}
REGIMES = {"OFAC", "EU", "UK", "UN"}
LISTS = {"SDN", "EU-269", "EU-833", "UK-OFSI", "UN"}
NETWORKS = {"SWIFT", "SPFS", "SEPAM", "CIPS", "MIR", "SHETAB", "SEPA", "FEDWIRE", "CHAPS", "CARD", "BOOK", "OTHER"}
CURRENCIES = {"RUB", "IRR", "KZT", "AMD", "BYN", "KGS", "AZN", "AED", "TRY", "HKD", "CNY", "GBP", "USD", "EUR"}
MODES = {"sea", "rail", "road", "air"}
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


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
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
        bics = [p["originator_bic"], p["beneficiary_bic"]] + list(filter(None, p["intermediary_bics"].split("|")))
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

    for e in errors[:50]:
        print("error:", e)
    if len(errors) > 50:
        print("... %d more" % (len(errors) - 50))
    print("%s: entities=%d relations=%d designations=%d payments=%d shipments=%d, %d error(s)" % (
        "FAIL" if errors else "OK", len(ents), len(rels), len(dess), len(pays), len(ships), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
