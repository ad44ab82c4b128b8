#!/usr/bin/env python3
"""Peer for bench/lists_bench.sh: reads a sanctions list with Python's standard library only (csv,
xml.etree.ElementTree) and counts its entries, aliases and addresses. It parses and walks every record as
sanx does, but builds no model, checks nothing and writes no database: a floor for "just reading it"."""
import csv
import os
import sys
import xml.etree.ElementTree as ET


def local(tag):
    return tag.rsplit("}", 1)[-1]


def ofac_csv(path):
    folder = os.path.dirname(path)
    counts = {}
    for name, key in (("sdn.csv", "entries"), ("add.csv", "addresses"), ("alt.csv", "aliases"),
                      ("sdn_comments.csv", "comments")):
        full = os.path.join(folder, name)
        if not os.path.exists(full):
            continue
        with open(full, newline="", encoding="ascii", errors="replace") as f:
            rows = 0
            for row in csv.reader(f):
                if not row or row == ["\x1a"]:
                    continue
                _ = [None if field.strip() == "-0-" else field for field in row]
                rows += 1
            counts[key] = rows
    return counts


def xml_entries(path, entry_tags, alias_tags):
    entries = aliases = 0
    for _, element in ET.iterparse(path, events=("end",)):
        tag = local(element.tag)
        if tag in entry_tags:
            entries += 1
            element.clear()
        elif tag in alias_tags:
            aliases += 1
    return {"entries": entries, "aliases": aliases}


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    if fmt == "ofac-csv":
        counts = ofac_csv(path)
    elif fmt == "un-xml":
        counts = xml_entries(path, {"INDIVIDUAL", "ENTITY"}, {"INDIVIDUAL_ALIAS", "ENTITY_ALIAS"})
    elif fmt == "ofac-advanced":
        counts = xml_entries(path, {"DistinctParty"}, {"Alias"})
    else:
        sys.exit(f"unknown format {fmt}")
    print(" ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
