#!/usr/bin/env python3
"""Builds eval.csv, the labelled evaluation set of name screening (docs/screening.md), from the official
lists bundled in datasets/lists/ only. Deterministic: the same lists and seed give the same file.

    python3 tests/data/screening/make_eval.py            # writes tests/data/screening/eval.csv

Columns: category, query, expected, against, note
- expected: the entity id (`ofac:<ent_num>`, `un:<DATAID>`, `uk:<Group ID>`, as the list readers name
  them) that screening must find; empty for a negative, where any hit at the threshold is a false alert.
- against: `all` (every name of every entity), `latin` (only the Latin-script names: a query written in
  another script must be transliterated to meet them) or `script` (only the names in other scripts: a
  Latin query must meet the original-script name).

Queries in other scripts are the lists' own original-script names, or Latin Russian names written in
Cyrillic by the simple reverse BGN/PCGN table below (hand-checked). Nothing here uses sanx's screener.
Negatives are checked against every listed name with this file's own crude rules (no listed name holds
all of a negative's words, up to vowels and one typo), so that they really name nobody listed.
"""
import csv
import pathlib
import random
import re
import unicodedata
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parents[3]
LISTS = ROOT / "datasets" / "lists"
OUT = pathlib.Path(__file__).resolve().parent / "eval.csv"
rng = random.Random(20261130)

# ---------------------------------------------------------------------------------------------- lists


class Party:
    def __init__(self, pid, kind):
        self.id = pid
        self.kind = kind  # person, company, vessel, other
        self.latin = []  # Latin-script names
        self.script = []  # (name, script label)
        self.programs = set()


parties = {}
all_latin_names = []  # every Latin name of every list (for the negatives' check)


def party(pid, kind):
    if pid not in parties:
        parties[pid] = Party(pid, kind)
    return parties[pid]


def ofac_kind(t):
    t = t.strip().lower()
    return {"individual": "person", "vessel": "vessel", "aircraft": "vessel"}.get(t, "company")


def ofac_name(name, kind):
    # OFAC writes individuals "LAST, First"; the readers make it "First LAST"
    if kind == "person" and "," in name:
        last, first = name.split(",", 1)
        return f"{first.strip()} {last.strip()}"
    return name


def read_ofac(prim, alt):
    for row in csv.reader(open(prim, encoding="latin-1").read().replace("\x1a", "").splitlines()):
        if len(row) < 4:
            continue
        kind = ofac_kind(row[2]) if row[2].strip() != "-0-" else "company"
        p = party("ofac:" + row[0].strip(), kind)
        p.latin.append(ofac_name(row[1], kind))
        p.programs.update(x.strip() for x in row[3].replace("] [", ";").strip("[]").split(";"))
    for row in csv.reader(open(alt, encoding="latin-1").read().replace("\x1a", "").splitlines()):
        if len(row) < 4:
            continue
        pid = "ofac:" + row[0].strip()
        if pid in parties:
            parties[pid].latin.append(ofac_name(row[3], parties[pid].kind))


def read_un(path):
    root = ET.parse(path).getroot()
    for node in root.iter():
        tag = node.tag
        if tag not in ("INDIVIDUAL", "ENTITY"):
            continue
        kind = "person" if tag == "INDIVIDUAL" else "company"
        p = party("un:" + node.findtext("DATAID").strip(), kind)
        parts = [node.findtext(t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        p.latin.append(" ".join(x.strip() for x in parts if x and x.strip()))
        original = (node.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
        if original:
            p.script.append((original, script_of(original)))
        for alias in node.iter(tag + "_ALIAS"):
            name = (alias.findtext("ALIAS_NAME") or "").strip()
            if name and alias.findtext("QUALITY") != "Low":
                p.latin.append(name) if script_of(name) == "latin" else p.script.append((name, script_of(name)))


def read_uk(path, encoding, non_latin):
    rows = list(csv.reader(open(path, encoding=encoding)))
    header = rows[1]
    for r in rows[2:]:
        d = dict(zip(header, r))
        if not d.get("Group ID"):
            continue
        kind = {"Individual": "person", "Entity": "company", "Ship": "vessel"}.get(d["Group Type"], "other")
        p = party("uk:" + d["Group ID"].strip(), kind)
        given = [d[f"Name {i}"].strip() for i in range(1, 6) if d[f"Name {i}"].strip()]
        name = " ".join(given + [d["Name 6"].strip()]).strip()
        if name:
            p.latin.append(name)
        if non_latin and d.get("Name Non-Latin Script", "").strip():
            p.script.append((d["Name Non-Latin Script"].strip(), script_of(d["Name Non-Latin Script"])))
        p.programs.add("UK-" + d["Regime"])


def script_of(text):
    counts = {}
    for ch in text:
        if not ch.isalpha():
            continue
        n = unicodedata.name(ch, "")
        if n.startswith("CYRILLIC"):
            s = "cyrillic"
        elif n.startswith("ARABIC"):
            s = "arabic"
        elif n.startswith("CJK"):
            s = "chinese"
        elif n.startswith("GREEK"):
            s = "greek"
        elif n.startswith("LATIN"):
            s = "latin"
        else:
            s = "other"
        counts[s] = counts.get(s, 0) + 1
    if not counts:
        return "none"
    best = max(sorted(counts), key=lambda s: counts[s])
    if best == "arabic" and any(ch in text for ch in "یکپچژگ"):
        return "persian"
    return best


read_ofac(LISTS / "ofac_sdn_2021-07/sdn.csv", LISTS / "ofac_sdn_2021-07/alt.csv")
read_ofac(LISTS / "ofac_cons_2025-12/cons_prim.csv", LISTS / "ofac_cons_2025-12/cons_alt.csv")
read_un(LISTS / "un_consolidated_2026-02/UN_consolidated.xml")
uk2018 = set()
read_uk(LISTS / "uk_ofsi_conlist_2018-04/sanctionsconlist.csv", "cp1252", False)
# the 2025 Russia extract is imported after 2018: where both hold a Group ID, its names are the 2025 ones
for pid, p in parties.items():
    if pid.startswith("uk:"):
        uk2018.add(pid)
uk2025_rows = set()
before = {pid: list(p.latin) for pid, p in parties.items() if pid.startswith("uk:")}
read_uk(LISTS / "uk_ofsi_conlist_2025-04/ConList_2025-04-10_Russia.derived.csv", "utf-8", True)
for pid, p in parties.items():
    if pid.startswith("uk:") and pid in before and len(p.latin) > len(before[pid]):
        p.latin = p.latin[len(before[pid]):]  # names of the list imported last

for p in parties.values():
    all_latin_names.extend(p.latin)

# ----------------------------------------------------------------------------- crude word comparison


def plain(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['`’]", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text).split()


def crude(word):
    w = re.sub(r"[aeiouy]", "", word)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w or word[:1]


LEGAL = {"llc", "ooo", "pao", "pjsc", "zao", "cjsc", "ao", "jsc", "oao", "ojsc", "ltd", "limited", "co", "company",
         "corp", "corporation", "inc", "gmbh", "ag", "sa", "plc", "llp", "fze", "fzco", "bv", "nv", "srl", "spa"}
GENERIC = {"bank", "trading", "international", "group", "holding", "holdings", "industrial", "industries",
           "investment", "services", "general", "enterprise", "commercial", "development", "shipping", "the",
           "and", "of", "for", "de", "la", "al", "el", "bin", "ibn", "technology", "import", "export", "energy",
           "oil", "gas", "company", "trade", "marine", "engineering"}

word_index = {}
for i, name in enumerate(all_latin_names):
    for w in set(plain(name)):
        word_index.setdefault(crude(w), set()).add(i)


def names_holding(words):
    """Listed names holding every one of `words` up to vowels (a crude variant check)."""
    sets = []
    for w in words:
        s = set(word_index.get(crude(w), set()))
        sets.append(s)
    if not sets:
        return set()
    return set.intersection(*sets)


def is_clean_negative(query):
    words = [w for w in plain(query) if w not in LEGAL and len(w) > 1]
    if not words:
        return False
    distinctive = [w for w in words if w not in GENERIC] or words
    return not names_holding(distinctive)


# ------------------------------------------------------------------------------------------ helpers
rows = []


def add(category, query, expected, against="all", note=""):
    query = " ".join(query.split())
    if query and "\ufffd" not in query:  # a list's broken character: not a name anyone would type
        rows.append((category, query, expected, against, note))


def words_of(name):
    return name.split()


def good_latin(name, min_words=2):
    ws = plain(name)
    return len(ws) >= min_words and all(len(w) > 1 for w in ws[:2]) and script_of(name) == "latin"


people = sorted(p.id for p in parties.values() if p.kind == "person" and p.latin and good_latin(p.latin[0]))
companies = sorted(p.id for p in parties.values() if p.kind == "company" and p.latin and good_latin(p.latin[0], 1))


def sample(ids, n):
    ids = list(ids)
    rng.shuffle(ids)
    return ids[:n]


# --------------------------------------------------------------------------------- positives: scripts
# persons only: a company's name in another script is mostly a translation ("Волжское пароходство" is
# VOLGA SHIPPING COMPANY), which no transliteration can meet; Chinese company names are handled below
with_script = {}
for pid in sorted(parties):
    p = parties[pid]
    for name, s in p.script:
        if p.latin and (p.kind == "person" or s == "chinese"):
            with_script.setdefault(s, []).append((pid, name))

limits = {"cyrillic": 150, "arabic": 110, "persian": 30, "greek": 10, "chinese": 0}
for s, items in sorted(with_script.items()):
    for pid, name in sample(items, limits.get(s, 0)):
        add(f"script-to-latin:{s}", name, pid, "latin", "the list's own original-script name")
for s, items in sorted(with_script.items()):
    n = {"cyrillic": 80, "arabic": 50, "persian": 15, "greek": 5}.get(s, 0)
    for pid, _ in sample(items, n):
        add(f"latin-to-script:{s}", parties[pid].latin[0], pid, "script", "the list's Latin primary name")

# Chinese names on the lists are translations ("科技" = technology), not transliterations: they are screened
# against every name, written with and without their legal form
for pid, name in with_script.get("chinese", []):
    add("script:chinese", name, pid, "all", "the list's Chinese name")
    for suffix in ("股份有限公司", "有限公司"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            add("legal-form:chinese", name[: -len(suffix)], pid, "all", "Chinese legal form dropped")
            break

# Latin Russian names written in Cyrillic by the reverse of BGN/PCGN (hand-checked table)
REVERSE_BGN = [("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("yu", "ю"),
               ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"),
               ("e", "е"), ("z", "з"), ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"),
               ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("x", "кс"),
               ("w", "в"), ("c", "к"), ("j", "дж"), ("q", "к")]


def to_cyrillic(word):
    w = word.lower()
    out = ""
    i = 0
    while i < len(w):
        if w[i] == "y":
            prev_vowel = i > 0 and w[i - 1] in "aeiouy"
            next_vowel = i + 1 < len(w) and w[i + 1] in "aeiou"
            if not next_vowel:
                out += "й" if prev_vowel else "ы"
                i += 1
                continue
        for lat, cyr in REVERSE_BGN:
            if w.startswith(lat, i):
                out += cyr
                i += len(lat)
                break
        else:
            i += 1
    return out[:1].upper() + out[1:]


RUSSIA = {"UKRAINE-EO13660", "UKRAINE-EO13661", "UKRAINE-EO13662", "UKRAINE-EO13685", "RUSSIA-EO14024", "MAGNIT",
          "CAATSA - RUSSIA", "CYBER2", "ELECTION-EO13848", "UK-Russia"}
russian_people = sorted(pid for pid in people if parties[pid].programs & RUSSIA and pid.startswith("ofac:")
                        and not parties[pid].script and all(re.fullmatch(r"[A-Za-z'-]+", w)
                                                            for w in words_of(parties[pid].latin[0])))
for pid in sample(russian_people, 80):
    add("latin-rule-to-cyrillic", " ".join(to_cyrillic(w) for w in words_of(parties[pid].latin[0].replace("-", " "))),
        pid, "all", "reverse BGN/PCGN of " + parties[pid].latin[0])

# ---------------------------------------------------------------------------------- positives: Latin


def typo(word):
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(["sub", "del", "ins", "swap"])
    letters = "aeiourstnlm"
    if op == "sub":
        return word[:i] + rng.choice([c for c in letters if c != word[i].lower()]) + word[i + 1:]
    if op == "del":
        return word[:i] + word[i + 1:]
    if op == "ins":
        return word[:i] + rng.choice(letters) + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


for pid in sample(people, 70) + sample(companies, 50):
    ws = words_of(parties[pid].latin[0])
    longest = max(range(len(ws)), key=lambda k: len(ws[k]))
    if len(ws[longest]) < 6 or not ws[longest].isalpha():
        continue
    ws[longest] = typo(ws[longest])
    add("typo", " ".join(ws), pid, "all", "one edit in " + parties[pid].latin[0])

for pid in sample(people, 90):
    ws = words_of(parties[pid].latin[0])
    if len(ws) < 2:
        continue
    add("reordered", " ".join([ws[-1]] + ws[:-1]) if len(ws) > 2 else " ".join(reversed(ws)), pid, "all",
        "surname first: " + parties[pid].latin[0])

partial = [pid for pid in people if len(words_of(parties[pid].latin[0])) >= 3]
for pid in sample(partial, 90):
    ws = words_of(parties[pid].latin[0])
    k = rng.randrange(1, len(ws) - 1)
    add("partial", " ".join(ws[:k] + ws[k + 1:]), pid, "all", f"without '{ws[k]}': " + parties[pid].latin[0])

VARIANTS = [
    (r"\bMOHAMMED\b", "MUHAMMAD"), (r"\bMOHAMMAD\b", "MOHAMED"), (r"\bMUHAMMAD\b", "MOHAMMED"),
    (r"\bMOHAMED\b", "MUHAMMED"), (r"\bHUSSEIN\b", "HUSAYN"), (r"\bHUSAYN\b", "HOSSEIN"), (r"\bHOSSEIN\b", "HUSSEIN"),
    (r"\bHASSAN\b", "HASAN"), (r"\bAHMED\b", "AHMAD"), (r"\bAHMAD\b", "AHMED"), (r"\bYOUSEF\b", "YUSUF"),
    (r"\bYUSUF\b", "YOUSSEF"), (r"\bABDUL ", "ABD AL-"), (r"\bABD AL-", "ABDUL "), (r"\bABDEL", "ABDUL"),
    (r"\bAL-", "AL "), (r"\bAL ", "EL-"), (r"\bBIN\b", "IBN"), (r"\bIBN\b", "BIN"), (r"\bOSAMA\b", "USAMA"),
    (r"IY\b", "Y"), (r"YY\b", "IY"), (r"\bYURI\b", "IURII"), (r"\bYURIY\b", "YURY"), (r"\bYEVGENIY\b", "EVGENII"),
    (r"\bYE", "E"), (r"KH", "H"), (r"\bALEKSANDR\b", "ALEXANDER"), (r"\bALEXANDER\b", "ALEKSANDR"),
    (r"OU", "U"), (r"EE", "I"), (r"Q", "K"), (r"TS", "TZ"), (r"SHCH", "SCH"), (r"YA", "IA"), (r"YU", "IU"),
    (r"\bSERGEY\b", "SERGEI"), (r"\bSERGEI\b", "SERGEY"), (r"\bANDREY\b", "ANDREI"), (r"\bANDREI\b", "ANDREY"),
    (r"\bDMITRIY\b", "DMITRY"), (r"\bDMITRY\b", "DMITRII"), (r"\bMIKHAIL\b", "MIHAIL"), (r"\bALEKSEY\b", "ALEXEI"),
    (r"\bNIKOLAY\b", "NIKOLAI"), (r"\bVALERIY\b", "VALERY"), (r"\bGENNADIY\b", "GENNADY"),
]
candidates = []
for pid in people:
    name = parties[pid].latin[0].upper()
    applicable = [(a, b) for a, b in VARIANTS if re.search(a, name)]
    if applicable:
        candidates.append((pid, name, applicable))
for pid, name, applicable in sample(candidates, 130):
    a, b = rng.choice(applicable)
    varied = re.sub(a, b, name, count=1)
    if varied != name:
        add("transliteration", varied, pid, "all", f"{a} -> {b} in {parties[pid].latin[0]}")

SWAPS = {"OOO": "LLC", "LLC": "OOO", "PAO": "PJSC", "PJSC": "PAO", "ZAO": "CJSC", "CJSC": "ZAO", "AO": "JSC",
         "JSC": "AO", "OAO": "OJSC", "OJSC": "OAO", "LIMITED": "LTD", "LTD": "LIMITED", "CO": "COMPANY",
         "COMPANY": "CO", "CORPORATION": "CORP", "CORP": "CORPORATION"}
with_form = []
for pid in companies:
    ws = [w.strip(".,\"'()") for w in parties[pid].latin[0].upper().split()]
    forms = [i for i, w in enumerate(ws) if w in SWAPS]
    rest = [w for i, w in enumerate(ws) if i not in forms and w.lower() not in GENERIC and len(w) >= 4]
    if forms and rest:
        with_form.append((pid, ws, forms))
for pid, ws, forms in sample(with_form, 120):
    i = rng.choice(forms)
    if rng.random() < 0.35:
        changed = ws[:i] + ws[i + 1:]
        how = f"{ws[i]} dropped"
    else:
        changed = ws[:i] + [SWAPS[ws[i]]] + ws[i + 1:]
        how = f"{ws[i]} -> {SWAPS[ws[i]]}"
    add("legal-form", " ".join(changed), pid, "all", how + ": " + parties[pid].latin[0])

# ----------------------------------------------------------------------------------------- negatives
FIRST = ["John", "Mary", "James", "Linda", "Robert", "Patricia", "Michael", "Jennifer", "William", "Elizabeth",
         "David", "Susan", "Richard", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Daniel", "Nancy",
         "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Paul", "Ashley", "Steven", "Emily", "Olga",
         "Natalia", "Irina", "Tatiana", "Svetlana", "Anna", "Ivan", "Pavel", "Maxim", "Artem", "Kirill", "Denis",
         "Roman", "Ilya", "Oleg", "Fatima", "Aisha", "Layla", "Omar", "Khalid", "Tariq", "Karim", "Samir",
         "Nadia", "Wei", "Li", "Jun", "Ming", "Hui", "Lan", "Priya", "Rahul", "Anil", "Sunita", "Carlos", "Maria",
         "Jose", "Lucia", "Pierre", "Claire", "Hans", "Greta", "Lars", "Ingrid", "Yuki", "Kenji", "Min-jun"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
        "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill",
        "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins",
        "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed",
        "Kowalski", "Nowak", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Dubois",
        "Lefebvre", "Moreau", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Garcia", "Rodriguez",
        "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez", "Sanchez", "Ramirez", "Torres", "Nguyen",
        "Tanaka", "Suzuki", "Watanabe", "Sato", "Yamamoto", "Chen", "Wang", "Zhang", "Liu", "Yang", "Huang",
        "Zhao", "Wu", "Zhou", "Singh", "Kumar", "Sharma", "Patel", "Gupta", "Andersen", "Hansen", "Larsen",
        "Johansson", "Karlsson", "Nilsson", "Virtanen", "Korhonen", "Horvath", "Novak", "Popescu", "Ionescu"]
WORDS = ["Sunrise", "Bluewater", "Evergreen", "Northwind", "Silverline", "Goldfield", "Redwood", "Starlight",
         "Riverside", "Lakeshore", "Highland", "Summit", "Pinnacle", "Horizon", "Meridian", "Cascade", "Crescent",
         "Harbor", "Orchid", "Maple", "Cedar", "Falcon", "Pelican", "Heron", "Aurora", "Zenith", "Vertex",
         "Quantum", "Nimbus", "Granite", "Coral", "Amber", "Jasper", "Onyx", "Sapphire", "Topaz", "Willow",
         "Aspen", "Birch", "Magnolia", "Juniper", "Sequoia", "Lotus", "Saffron", "Cobalt", "Indigo", "Scarlet",
         "Velvet", "Marble", "Crystal", "Beacon", "Compass", "Anchor", "Lighthouse", "Voyager", "Pioneer",
         "Frontier", "Heritage", "Legacy", "Liberty", "Harmony", "Serenity", "Tranquil", "Radiant", "Brightway",
         "Clearview", "Fairway", "Greenfield", "Kingsway", "Oakridge", "Pinecrest", "Stonebridge", "Westbrook",
         "Ashford", "Belmont", "Carlton", "Dalton", "Easton", "Fulton", "Grafton", "Hamilton", "Kingston",
         "Lancaster", "Milton", "Newport", "Preston", "Richmond", "Stanton", "Trenton", "Weston", "Yorkshire"]
STOP = {"the", "and", "of", "for", "de", "la", "al", "el", "bin", "ibn"}
seen = set()


def negative(category, query, note=""):
    key = " ".join(plain(query))
    if key in seen or not is_clean_negative(query):
        return False
    seen.add(key)
    add(category, query, "", "all", note)
    return True


tries = 0
count = 0
while count < 420 and tries < 20000:
    tries += 1
    count += negative("negative:common-name", f"{rng.choice(FIRST)} {rng.choice(LAST)}", "a common name")

# a listed person's surname with another given name (the same surname, a different person)


def person_negatives(category, label, wanted, word_of, min_len, pool, first):
    """A listed person's word (surname or given name) with a common word from `pool` beside it."""
    made = 0
    for pid in sample(people, 3000):
        if made >= wanted:
            break
        word = word_of(words_of(parties[pid].latin[0])).strip(",.")
        if len(word) < min_len or not word.isalpha():
            continue
        other = rng.choice(pool)
        query = f"{other} {word}" if first else f"{word} {other}"
        made += negative(category, query, f"{label} of " + parties[pid].latin[0])


# a listed person's surname with another given name (the same surname, a different person)
person_negatives("negative:same-surname", "surname", 330, lambda ws: ws[-1], 4, FIRST, True)
# a listed person's given name with another surname
person_negatives("negative:same-given-name", "given name", 100, lambda ws: ws[0], 3, LAST, False)

# a listed company's generic words and legal form with another distinctive word ("BELLETECH CORP" / "11420 CORP.")
count = 0
for pid in sample(companies, 4000):
    if count >= 330:
        break
    ws = [w.strip(".,\"'()") for w in parties[pid].latin[0].split()]
    keep = [w for w in ws if (w.lower() in GENERIC or w.lower() in LEGAL) and w.lower() not in STOP]
    if not keep or len(ws) < 2:
        continue
    replacement = [rng.choice(WORDS)] + ([rng.choice(WORDS)] if rng.random() < 0.3 else [])
    query = " ".join(replacement + keep)
    count += negative("negative:shared-generic-words", query, "generic words of " + parties[pid].latin[0])

# ------------------------------------------------------------------------------------------- write
with open(OUT, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["category", "query", "expected", "against", "note"])
    for r in rows:
        w.writerow(r)

positives = sum(1 for r in rows if r[2])
print(f"{OUT.relative_to(ROOT)}: {len(rows)} rows, {positives} positive, {len(rows) - positives} negative")
cats = {}
for r in rows:
    cats[r[0]] = cats.get(r[0], 0) + 1
for c in sorted(cats):
    print(f"  {c}: {cats[c]}")
