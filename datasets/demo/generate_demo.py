#!/usr/bin/env python3
"""Generate the sanx demo dataset: a small fictional world drawn from the pattern catalog.

Deterministic (fixed seed), Python 3 standard library only, no network.
All names, companies, banks, vessels and identifiers are fictional.

    python3 generate_demo.py                    # writes next to this file
    python3 generate_demo.py --entities 500 --payments 20000 --shipments 5000 --out /tmp/demo
"""
import argparse
import csv
import datetime as dt
import math
import os
import random

D = dt.date

ENTITY_COLS = ["id", "kind", "name", "aliases", "country", "identifiers", "birth_date", "incorporated", "address"]
RELATION_COLS = ["source", "target", "kind", "share", "basis", "start", "end"]
DESIGNATION_COLS = ["entity", "regime", "list", "programs", "listed_from", "listed_to"]
PAYMENT_COLS = ["id", "date", "originator", "beneficiary", "originator_bic", "beneficiary_bic",
                "intermediary_bics", "network", "currency", "amount", "purpose"]
SHIPMENT_COLS = ["id", "date", "exporter", "consignee", "end_user", "hs_code", "description", "value",
                 "currency", "origin", "destination", "route", "mode", "vessel"]

START = D(2022, 1, 3)
END = D(2025, 6, 30)
INVASION = D(2022, 2, 24)

EU = {"DE", "NL", "IT", "CY", "FI"}
EAEU = {"RU", "BY", "KZ", "KG", "AM"}


# --------------------------------------------------------------------------- identifiers

def lei_checked(base18):
    """ISO 17442: 18 alphanumerics + 2 check digits (ISO 7064 MOD 97-10)."""
    digits = "".join(str(int(c, 36)) for c in base18 + "00")
    return base18 + "%02d" % (98 - int(digits) % 97)


def inn10(first9):
    w = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    c = sum(int(d) * k for d, k in zip(first9, w)) % 11 % 10
    return first9 + str(c)


def ogrn13(first12):
    return first12 + str(int(first12) % 11 % 10)


def imo7(first6):
    s = sum(int(d) * k for d, k in zip(first6, [7, 6, 5, 4, 3, 2]))
    return first6 + str(s % 10)


# --------------------------------------------------------------------------- world container

class World:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.entities = {}          # id -> row dict (insertion ordered)
        self.relations = []
        self.designations = []
        self.payments = []
        self.shipments = []
        self.bank_of_country = {}   # country -> default bank id for background
        self.bic = {}               # bank id -> primary BIC
        self.planted = []           # (case, description, objects, expected) for README
        self.lei_n = 0
        self.reg_n = 0

    # -- entities -----------------------------------------------------------------------
    def add(self, eid, kind, name, country, aliases=(), identifiers=(), birth=None, inc=None, address=()):
        assert eid.startswith("demo:") and eid not in self.entities, eid
        self.entities[eid] = {
            "id": eid, "kind": kind, "name": name, "aliases": "|".join(aliases),
            "country": country, "identifiers": "|".join(identifiers),
            "birth_date": birth or "", "incorporated": inc or "", "address": "|".join(address),
        }
        return eid

    def lei(self, eid):
        self.lei_n += 1
        h = 0
        for ch in eid:
            h = (h * 131 + ord(ch)) % (36 ** 10)
        body = ""
        for _ in range(10):
            h, r = divmod(h, 36)
            body += "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[r]
        # 4-char prefix "9845" is fictional; 2 fixed chars "00"; 12 chars body+counter
        return lei_checked("984500" + body + "%02d" % (self.lei_n % 100))

    def bank(self, eid, name, country, bic, aliases=(), inc=None, address=(), extra_ids=(), default=False):
        assert len(bic) in (8, 11) and bic[:4].isalpha() and bic[4:6] == country, bic
        ids = ["bic:" + bic, "lei:" + self.lei(eid)] + list(extra_ids)
        self.add(eid, "bank", name, country, aliases, ids, inc=inc, address=address)
        self.bic[eid] = bic
        if default:
            self.bank_of_country.setdefault(country, eid)
        return eid

    # -- relations / designations ---------------------------------------------------------
    def rel(self, src, dst, kind, share="", basis="", start="", end=""):
        self.relations.append({"source": src, "target": dst, "kind": kind, "share": share,
                               "basis": basis, "start": start, "end": end})

    def desig(self, eid, regime, lst, programs, frm, to=""):
        self.designations.append({"entity": eid, "regime": regime, "list": lst,
                                  "programs": "|".join(programs), "listed_from": frm, "listed_to": to})

    # -- payments / shipments -----------------------------------------------------------
    def pay(self, pid, date, orig, bene, obank, bbank, network, currency, amount, purpose="", inter=()):
        self.payments.append({
            "id": pid, "date": date.isoformat() if isinstance(date, D) else date,
            "originator": orig, "beneficiary": bene,
            "originator_bic": self.bic[obank] if obank else "",
            "beneficiary_bic": self.bic[bbank] if bbank else "",
            "intermediary_bics": "|".join(self.bic[b] for b in inter),
            "network": network, "currency": currency, "amount": "%.2f" % amount, "purpose": purpose})
        return pid

    def ship(self, sid, date, exporter, consignee, hs, desc, value, currency, origin, dest,
             route=(), mode="road", vessel="", end_user=""):
        self.shipments.append({
            "id": sid, "date": date.isoformat() if isinstance(date, D) else date,
            "exporter": exporter, "consignee": consignee, "end_user": end_user, "hs_code": hs,
            "description": desc, "value": "%.2f" % value, "currency": currency, "origin": origin,
            "destination": dest, "route": "|".join(route), "mode": mode, "vessel": vessel})
        return sid

    def case(self, code, title, objects, expected, near_miss):
        self.planted.append((code, title, objects, expected, near_miss))


def write_csv(path, cols, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)
