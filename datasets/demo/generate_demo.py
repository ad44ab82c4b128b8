#!/usr/bin/env python3
"""Generate the sanx demo dataset: a fictional world drawn from the pattern catalog, with planted cases and
near-misses for every bundled pack among ordinary background traffic.

Deterministic (fixed seed), Python 3 standard library only, no network.
All names, companies, banks, vessels and identifiers are fictional.

    python3 generate_demo.py                    # 500 entities, 20,000 payments, 5,000 shipments, next to this file
    python3 generate_demo.py --entities 2000 --payments 200000 --shipments 50000 --out /tmp/demo-large

The planted cases keep their ids at any size; check_demo.py --audit lists what each must raise.
"""
import argparse
import csv
import datetime as dt
import math
import os
import random

D = dt.date

ENTITY_COLS = ["id", "kind", "name", "aliases", "country", "identifiers", "birth_date", "incorporated", "address",
               "sectors", "web_presence", "phones"]
RELATION_COLS = ["source", "target", "kind", "share", "basis", "start", "end"]
DESIGNATION_COLS = ["entity", "regime", "list", "programs", "listed_from", "listed_to"]
PAYMENT_COLS = ["id", "date", "originator", "beneficiary", "originator_bic", "beneficiary_bic",
                "intermediary_bics", "network", "currency", "amount", "purpose", "ordering_bic", "reference", "channel"]
SHIPMENT_COLS = ["id", "date", "exporter", "consignee", "end_user", "hs_code", "description", "value",
                 "currency", "origin", "destination", "route", "mode", "vessel", "notify_party", "contract",
                 "contract_date", "no_russia_clause", "loading_port", "discharge_port", "quantity", "unit"]

START = D(2022, 1, 3)
END = D(2025, 6, 30)

EU = {"DE", "NL", "IT", "CY", "FI"}


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
    def add(self, eid, kind, name, country, aliases=(), identifiers=(), birth=None, inc=None, address=(),
            sectors=(), web="", phones=()):
        assert eid.startswith("demo:") and eid not in self.entities, eid
        self.entities[eid] = {
            "id": eid, "kind": kind, "name": name, "aliases": "|".join(aliases),
            "country": country, "identifiers": "|".join(identifiers),
            "birth_date": birth or "", "incorporated": inc or "", "address": "|".join(address),
            "sectors": "|".join(sectors), "web_presence": web, "phones": "|".join(phones),
        }
        return eid

    def profile(self, eid, sectors=None, web=None, phones=None):
        """Sets the KYC profile (sectors, web presence, phones) of an entity added earlier."""
        e = self.entities[eid]
        if sectors is not None:
            e["sectors"] = "|".join(sectors)
        if web is not None:
            e["web_presence"] = web
        if phones is not None:
            e["phones"] = "|".join(phones)

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
    def pay(self, pid, date, orig, bene, obank, bbank, network, currency, amount, purpose="", inter=(),
            ordering=None, reference="", channel=""):
        self.payments.append({
            "id": pid, "date": date.isoformat() if isinstance(date, D) else date,
            "originator": orig, "beneficiary": bene,
            "originator_bic": self.bic[obank] if obank else "",
            "beneficiary_bic": self.bic[bbank] if bbank else "",
            "intermediary_bics": "|".join(self.bic[b] for b in inter),
            "network": network, "currency": currency, "amount": "%.2f" % amount, "purpose": purpose,
            "ordering_bic": self.bic[ordering] if ordering else "", "reference": reference, "channel": channel})
        return pid

    def ship(self, sid, date, exporter, consignee, hs, desc, value, currency, origin, dest,
             route=(), mode="road", vessel="", end_user="", notify="", contract="", contract_date=None,
             clause="", ports=("", ""), qty=None, unit=""):
        self.shipments.append({
            "id": sid, "date": date.isoformat() if isinstance(date, D) else date,
            "exporter": exporter, "consignee": consignee, "end_user": end_user, "hs_code": hs,
            "description": desc, "value": "%.2f" % value, "currency": currency, "origin": origin,
            "destination": dest, "route": "|".join(route), "mode": mode, "vessel": vessel,
            "notify_party": notify, "contract": contract,
            "contract_date": contract_date.isoformat() if isinstance(contract_date, D) else (contract_date or ""),
            "no_russia_clause": clause, "loading_port": ports[0], "discharge_port": ports[1],
            "quantity": "" if qty is None else ("%d" % qty if qty == int(qty) else "%.3f" % qty), "unit": unit})
        return sid

    def case(self, code, title, objects, expected, near_miss):
        self.planted.append((code, title, objects, expected, near_miss))


def write_csv(path, cols, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)


# --------------------------------------------------------------------------- banks

def build_banks(w):
    B = w.bank
    # Russia (all on SPFS)
    B("demo:ru-bank-vneshtorgkredit", "Vneshtorgkredit Bank PJSC", "RU", "VTKRRUMM",
      ["aka:ПАО Банк Внешторгкредит", "aka:Внешторгкредит", "weak:VTK Bank"], "1991-10-17",
      ["ul. Myasnitskaya 41|Moscow 101000|Russia"], ["inn:" + inn10("770245183"), "ogrn:" + ogrn13("102770013287")])
    B("demo:ru-bank-volzhsky", "Volzhsky Commercial Bank JSC", "RU", "VLZHRU2N",
      ["aka:АО Волжский коммерческий банк", "aka:Волжский КБ"], "1994-05-20",
      ["Verkhne-Volzhskaya nab. 15|Nizhny Novgorod 603001|Russia"],
      ["inn:" + inn10("526001847"), "ogrn:" + ogrn13("102520000451")], default=True)
    B("demo:ru-bank-uralpromstroy", "Uralpromstroybank PJSC", "RU", "URPSRU2Y",
      ["aka:ПАО Уралпромстройбанк", "weak:UPS Bank"], "1990-12-03",
      ["ul. Malysheva 51|Yekaterinburg 620075|Russia"], ["inn:" + inn10("665801022"), "ogrn:" + ogrn13("102660000987")])
    B("demo:ru-bank-kamsky", "Kamsky Regional Bank LLC", "RU", "KMSKRU2K",
      ["aka:ООО Камский региональный банк"], "1996-02-14",
      ["pr. Mira 12|Naberezhnye Chelny 423800|Russia"], ["inn:" + inn10("165002311"), "ogrn:" + ogrn13("102160000812")])
    # Foreign branch / subsidiary of the sanctioned Russian bank (E4): separate bank entities, own-country BICs
    B("demo:am-bank-vneshtorgkredit-yerevan", "Vneshtorgkredit Bank PJSC Yerevan Branch", "AM", "VTKRAM22",
      ["aka:Внешторгкредит Банк филиал в Ереване", "weak:VTK Yerevan"], "2008-04-01",
      ["Abovyan St 18|Yerevan 0001|Armenia"], ["registration:AM-CB-BR-0117"])
    B("demo:kz-bank-vneshtorgkredit-kz", "Vneshtorgkredit Bank Kazakhstan JSC", "KZ", "VTKRKZKA",
      ["aka:АО Банк Внешторгкредит Казахстан"], "2009-09-15",
      ["Al-Farabi Ave 77/7|Almaty 050040|Kazakhstan"], ["registration:KZ-BIN-090940011876"])
    # EAEU / Caucasus / Central Asia
    B("demo:kz-bank-zhaiyk-meridian", "Zhaiyk Meridian Bank JSC", "KZ", "ZMBKKZKA",
      ["aka:АО Жайык Меридиан Банк", "aka:Жайық Меридиан Банкі АҚ"], "1998-03-30",
      ["Dostyk Ave 180|Almaty 050051|Kazakhstan"], ["registration:KZ-BIN-980340001552"], default=True)
    B("demo:kz-bank-altyn-dala", "Altyn Dala Bank JSC", "KZ", "ALDLKZKX",
      ["aka:АО Алтын Дала Банк"], "2003-07-11",
      ["Kabanbay Batyr Ave 11|Astana 010000|Kazakhstan"], ["registration:KZ-BIN-030740009921"])
    B("demo:am-bank-hrazdan-valley", "Hrazdan Valley Credit CJSC", "AM", "HVCRAM22",
      ["aka:Հրազդան Վելի Կրեդիտ ՓԲԸ", "aka:Раздан Вэлли Кредит"], "2001-06-05",
      ["Tigran Mets Ave 4|Yerevan 0010|Armenia"], ["registration:AM-CB-0449"], default=True)
    B("demo:by-bank-belvneshprom", "Belvneshprombank OJSC", "BY", "BVPBBY2X",
      ["aka:ОАО Белвнешпромбанк"], "1991-08-28",
      ["pr. Pobeditelei 29|Minsk 220004|Belarus"], ["registration:BY-UNP-100129384"], default=True)
    B("demo:kg-bank-tian-shan", "Tian Shan Commercial Bank OJSC", "KG", "TSHBKG22",
      ["aka:ОАО Тянь-Шань коммерческий банк", "aka:Теңир-Тоо коммерциялык банкы"], "2011-11-02",
      ["Chui Ave 168|Bishkek 720040|Kyrgyzstan"], ["registration:KG-OKPO-28811904"], default=True)
    B("demo:kg-bank-ala-archa", "Ala-Archa Bank OJSC", "KG", "ALABKG22",
      ["aka:ОАО Ала-Арча Банк"], "1999-04-12",
      ["Manas Ave 57|Bishkek 720017|Kyrgyzstan"], ["registration:KG-OKPO-21907733"])
    B("demo:az-bank-caspian-trust", "Caspian Trust Bank OJSC", "AZ", "CSPTAZ22",
      ["aka:Xəzər Etimad Bankı ASC"], "1997-01-22",
      ["Neftchilar Ave 95|Baku AZ1010|Azerbaijan"], ["registration:AZ-VOEN-1700441281"], default=True)
    # Iran (all on SEPAM / Shetab)
    B("demo:ir-bank-shahrvand", "Shahrvand Bank", "IR", "SHRVIRTH",
      ["aka:بانک شهروند", "weak:Bank Shahrvand"], "2009-10-01",
      ["No. 12, Valiasr St|Tehran 1966813|Iran"], ["registration:IR-10102233451"], default=True)
    B("demo:ir-bank-sepehr-tejarat", "Sepehr Tejarat Bank", "IR", "SPTJIRTH",
      ["aka:بانک سپهر تجارت", "fka:Sepehr Credit Institution"], "1993-04-17",
      ["No. 44, Taleghani St|Tehran 1599814|Iran"], ["registration:IR-10100981127"])
    B("demo:ir-bank-arya-tosee", "Arya Tosee Bank", "IR", "ARYTIRTH",
      ["aka:بانک آریا توسعه"], "2012-02-20",
      ["No. 7, Motahari St|Tehran 1587613|Iran"], ["registration:IR-10320877610"])
    # Gulf, Türkiye, Hong Kong, China
    B("demo:ae-bank-gulf-crescent", "Gulf Crescent Bank PJSC", "AE", "GFCRAEAD",
      ["aka:بنك الهلال الخليجي"], "1982-09-09",
      ["Corniche Road, Tower 3|Abu Dhabi|United Arab Emirates"], ["registration:AE-CBUAE-0211"], default=True)
    B("demo:ae-bank-dune-national", "Dune National Bank PJSC", "AE", "DUNNAEAA",
      ["aka:بنك الكثبان الوطني"], "1975-03-12",
      ["Sheikh Zayed Road 201|Dubai|United Arab Emirates"], ["registration:AE-CBUAE-0087"])
    B("demo:tr-bank-galata", "Galata Ticaret Bankasi A.S.", "TR", "GLTBTRIS",
      ["aka:Galata Ticaret Bankası A.Ş."], "1988-06-01",
      ["Buyukdere Cad. 120|Sisli, Istanbul 34394|Turkiye"], ["registration:TR-MERSIS-0182004511200015"], default=True)
    B("demo:hk-bank-harbour-pacific", "Harbour Pacific Bank Limited", "HK", "HRPCHKHH",
      ["aka:港太平洋銀行有限公司"], "1979-05-18",
      ["88 Des Voeux Road Central|Hong Kong"], ["registration:HK-CR-0078211"], default=True)
    B("demo:cn-bank-heihe-borderland", "Heihe Borderland Rural Commercial Bank Co., Ltd.", "CN", "HHBLCNBH",
      ["aka:黑河边疆农村商业银行股份有限公司", "weak:Heihe Borderland RCB"], "2010-08-26",
      ["Wangsu Road 118|Heihe, Heilongjiang 164300|China"], ["registration:CN-USCC-91231100MA1BX3K2Q7"])
    B("demo:cn-bank-jinhai", "Jinhai Commercial Bank Co., Ltd.", "CN", "JNHACNSH",
      ["aka:金海商业银行股份有限公司"], "1995-12-06",
      ["Lujiazui Ring Road 999|Shanghai 200120|China"], ["registration:CN-USCC-91310000132210574R"], default=True)
    # EU, UK, US
    B("demo:de-bank-rheinland", "Rheinland Handelsbank AG", "DE", "RHLDDEFF",
      [], "1952-04-01", ["Mainzer Landstrasse 210|60327 Frankfurt am Main|Germany"], ["registration:DE-HRB-40117"], default=True)
    B("demo:nl-bank-zuiderzee", "Zuiderzee Bank N.V.", "NL", "ZDZENL2A",
      [], "1964-10-10", ["Gustav Mahlerlaan 77|1082 PP Amsterdam|Netherlands"], ["registration:NL-KVK-33011872"], default=True)
    B("demo:it-bank-lombarda-nord", "Banca Lombarda del Nord S.p.A.", "IT", "BLNOITMM",
      [], "1921-01-15", ["Via Dante 14|20121 Milano|Italy"], ["registration:IT-REA-MI-0410921"], default=True)
    B("demo:cy-bank-limassol-merchant", "Limassol Merchant Bank Ltd", "CY", "LMSMCY2N",
      [], "1999-02-02", ["Arch. Makariou III 155|3026 Limassol|Cyprus"], ["registration:CY-HE-101774"], default=True)
    B("demo:fi-bank-saimaa", "Saimaa Pankki Oyj", "FI", "SAIMFIHH",
      [], "1931-05-05", ["Aleksanterinkatu 30|00100 Helsinki|Finland"], ["registration:FI-Y-0198114-7"], default=True)
    B("demo:gb-bank-thames-clearing", "Thames Clearing Bank plc", "GB", "TMSCGB2L",
      [], "1968-11-11", ["12 Cannon Street|London EC4M 6XH|United Kingdom"], ["registration:GB-CRN-00944120"], default=True)
    B("demo:us-bank-hudson-atlantic", "Hudson Atlantic Bank N.A.", "US", "HDATUS33",
      [], "1901-03-01", ["245 Park Avenue|New York, NY 10167|United States"], ["registration:US-FDIC-33871"], default=True)
    B("demo:de-bank-rheinland-ae", "Rheinland Handelsbank AG Dubai Branch", "AE", "RHLDAEAD",
      [], "2006-01-10", ["DIFC Gate Village 5|Dubai|United Arab Emirates"], ["registration:AE-DFSA-F000412"])
    # a foreign branch is the same legal person as its head office (`branch`); a subsidiary is owned
    w.rel("demo:ru-bank-vneshtorgkredit", "demo:am-bank-vneshtorgkredit-yerevan", "branch", "", "", "2008-04-01")
    w.rel("demo:ru-bank-vneshtorgkredit", "demo:kz-bank-vneshtorgkredit-kz", "ownership", "100", "", "2009-09-15")
    w.rel("demo:de-bank-rheinland", "demo:de-bank-rheinland-ae", "branch", "", "", "2006-01-10")
    w.bank_of_country.setdefault("RU", "demo:ru-bank-volzhsky")


# --------------------------------------------------------------------------- planted parties

def build_core(w):
    A = w.add
    P, C, O = "person", "company", "organization"
    # ---- persons
    A("demo:ru-person-arkady-voronin", P, "Arkady Petrovich Voronin", "RU",
      ["aka:Аркадий Петрович Воронин", "aka:Arkadii Voronin", "weak:A. P. Voronin"],
      ["passport:RU-4510-883211"], birth="1961-08-14",
      address=["Rublyovskoye sh. 88|Moscow Oblast|Russia", "Agios Tychonas 14|Limassol|Cyprus"])
    A("demo:ru-person-galina-lebedeva", P, "Galina Sergeyevna Lebedeva", "RU",
      ["aka:Галина Сергеевна Лебедева", "aka:Galina Lebedeva"], ["passport:RU-4007-115092"], birth="1968",
      address=["Nab. Kutuzova 6|St Petersburg|Russia"])
    A("demo:ru-person-oleg-tarasov", P, "Oleg Vladimirovich Tarasov", "RU",
      ["aka:Олег Владимирович Тарасов"], ["passport:RU-4603-700418"], birth="1974-02-09",
      address=["Leninsky pr. 102|Moscow|Russia"])
    A("demo:ru-person-mikhail-zorin", P, "Mikhail Andreyevich Zorin", "RU|CY",
      ["aka:Михаил Андреевич Зорин", "aka:Michail Sorin", "weak:M. Zorin"], ["passport:RU-4512-006731"],
      birth="1966-11", address=["Tverskaya ul. 9|Moscow|Russia"])
    A("demo:ir-person-bahram-rostami", P, "Bahram Rostami", "IR|AE",
      ["aka:بهرام رستمی", "aka:Bahram Rostamy"], ["passport:IR-M41188702"], birth="1979-06-21",
      address=["Office 1907, Al Moosa Tower 2|Sheikh Zayed Road|Dubai|United Arab Emirates"])
    A("demo:ir-person-reza-moradi", P, "Reza Moradi Khansari", "IR",
      ["aka:رضا مرادی خوانساری", "weak:Reza Moradi"], ["passport:IR-K20911843"], birth="1972",
      address=["No. 3, Ferdowsi Sq|Tehran|Iran"])
    A("demo:ir-person-farzaneh-karimi", P, "Farzaneh Karimi", "IR",
      ["aka:فرزانه کریمی"], ["passport:IR-P77120054"], birth="1990-03-02", address=["Shiraz|Iran"])
    A("demo:ru-person-dmitry-sokolov", P, "Dmitry Igorevich Sokolov", "RU",
      ["aka:Дмитрий Игоревич Соколов"], ["passport:RU-4519-220871"], birth="1985-07-30", address=["Kazan|Russia"])
    A("demo:ru-person-natalia-orlova", P, "Natalia Viktorovna Orlova", "RU|AE",
      ["aka:Наталья Викторовна Орлова"], ["passport:RU-7210-550193"], birth="1982-12-12",
      address=["Jumeirah Lake Towers, Cluster X|Dubai|United Arab Emirates"])
    A("demo:kz-person-yerlan-abenov", P, "Yerlan Abenov", "KZ",
      ["aka:Ерлан Абенов", "aka:Ерлан Әбенов"], ["passport:KZ-N13390218"], birth="1983-05-17", address=["Almaty|Kazakhstan"])
    A("demo:cn-person-wang-lifeng", P, "Wang Lifeng", "CN|HK",
      ["aka:王立峰", "weak:Lifeng Wang"], ["passport:CN-E71822039"], birth="1977-09-03", address=["Shenzhen|China"])

    # ---- designated Russian / Iranian companies and organisations
    A("demo:ru-co-sevzapstroy-holding", C, "Sevzapstroy Holding JSC", "RU",
      ["aka:АО Севзапстрой Холдинг", "aka:Севзапстрой"], ["inn:" + inn10("781020334"), "ogrn:" + ogrn13("103780000231")],
      inc="2003-04-15", address=["Moskovsky pr. 140|St Petersburg 196084|Russia"])
    A("demo:ru-co-tatprom-elektronika", C, "Tatprom Elektronika LLC", "RU",
      ["aka:ООО Татпром Электроника", "weak:Tatprom"], ["inn:" + inn10("164601871"), "ogrn:" + ogrn13("115165000918")],
      inc="2015-06-09", address=["Alabuga SEZ, ul. Sh-2 4/1|Yelabuga 423601|Russia"])
    A("demo:ru-co-astrakhan-kaspiy-shipping", C, "Astrakhan Kaspiy Shipping LLC", "RU",
      ["aka:ООО Астрахань Каспий Шиппинг"], ["inn:" + inn10("301510442"), "ogrn:" + ogrn13("112301500233"),
      "registration:IMO-CO-5978812"], inc="2012-03-21", address=["ul. Admiralteyskaya 21|Astrakhan 414000|Russia"])
    A("demo:ru-org-natsplatkart", O, "National Card Settlement Operator JSC", "RU",
      ["aka:АО Национальный оператор карточных расчётов", "weak:NCSO"],
      ["inn:" + inn10("770499102"), "ogrn:" + ogrn13("114774601551")], inc="2014-07-23",
      address=["ul. Dubininskaya 71|Moscow 115093|Russia"])
    A("demo:ir-co-pars-sanat-havayi", C, "Pars Sanat Havayi Company", "IR",
      ["aka:شرکت پارس صنعت هوایی", "weak:PSH Co"], ["registration:IR-10861277340"], inc="2006-09-12",
      address=["Km 12, Karaj Special Road|Tehran|Iran"])
    A("demo:ir-co-amirabad-marine", C, "Amirabad Darya Marine Services Co.", "IR",
      ["aka:شرکت خدمات دریایی امیرآباد دریا"], ["registration:IR-10980450021"], inc="2010-01-05",
      address=["Amirabad Port Special Economic Zone|Behshahr, Mazandaran|Iran"])
    A("demo:ir-co-sarrafi-ferdows", C, "Ferdows Exchange Company", "IR",
      ["aka:صرافی فردوس", "aka:Sarrafi Ferdows"], ["registration:IR-14005993122"], inc="2016-05-28",
      address=["No. 3, Ferdowsi Sq|Tehran|Iran"])
    A("demo:ae-co-crescent-star-petrochem", C, "Crescent Star Petrochemical Trading LLC", "AE",
      ["aka:هلال النجم لتجارة البتروكيماويات ش.ذ.م.م"], ["registration:AE-DED-771204"], inc="2019-02-11",
      address=["Office 1907, Al Moosa Tower 2|Sheikh Zayed Road|Dubai|United Arab Emirates"])
    A("demo:hk-co-jade-harbour-electronics", C, "Jade Harbour Electronics Limited", "HK",
      ["aka:翠港電子有限公司"], ["registration:HK-CR-2711093"], inc="2018-10-30",
      address=["Unit 1203, 9 Wing Hong Street|Cheung Sha Wan, Kowloon|Hong Kong"])

    # ---- ownership-test companies (B cases)
    A("demo:cy-co-kestrine-holdings", C, "Kestrine Holdings Ltd", "CY", ["aka:Κεστρίν Χόλντινγκς Λτδ"],
      ["registration:CY-HE-288104", "lei:" + w.lei("kestrine")], inc="2011-05-03",
      address=["Spyrou Kyprianou 50|3075 Limassol|Cyprus"])
    A("demo:nl-co-dunmere-trading", C, "Dunmere Trading B.V.", "NL", [], ["registration:NL-KVK-58112033"],
      inc="2014-09-22", address=["Weena 505|3013 AL Rotterdam|Netherlands"])
    A("demo:it-co-ferrara-componenti", C, "Ferrara Componenti S.r.l.", "IT", [], ["registration:IT-REA-FE-210344"],
      inc="2007-03-19", address=["Via Bologna 220|44122 Ferrara|Italy"])
    A("demo:fi-co-karelia-logistics", C, "Karelia Logistics Oy", "FI", ["aka:Карелия Логистикс Ой"],
      ["registration:FI-Y-2811043-2"], inc="2016-08-01", address=["Lappeenrannantie 8|53500 Lappeenranta|Finland"])
    A("demo:ae-co-sandstone-holdings", C, "Sandstone Holdings FZE", "AE", ["aka:ساندستون القابضة م.م.ح"],
      ["registration:AE-JAFZA-FZE-18820"], inc="2017-01-16", address=["LOB 16, Jebel Ali Free Zone|Dubai|United Arab Emirates"])
    A("demo:kz-co-aral-logistics", C, "Aral Logistics LLP", "KZ", ["aka:ТОО Арал Логистикс"],
      ["registration:KZ-BIN-170840022815"], inc="2017-08-09", address=["Raiymbek Ave 348|Almaty|Kazakhstan"])
    A("demo:de-co-havel-industrietechnik", C, "Havel Industrietechnik GmbH", "DE", [], ["registration:DE-HRB-188201"],
      inc="2009-06-30", address=["Am Havelufer 12|14776 Brandenburg an der Havel|Germany"])
    A("demo:de-co-spreewald-anlagenbau", C, "Spreewald Anlagenbau GmbH", "DE", [], ["registration:DE-HRB-77120"],
      inc="2005-02-14", address=["Lindenstrasse 3|03046 Cottbus|Germany"])
    A("demo:cy-co-paphos-maritime", C, "Paphos Maritime Agencies Ltd", "CY", [], ["registration:CY-HE-301822"],
      inc="2012-10-08", address=["Poseidonos Ave 1|8042 Paphos|Cyprus"])
    A("demo:cy-co-troodos-ventures", C, "Troodos Ventures Ltd", "CY", [], ["registration:CY-HE-317700"],
      inc="2013-04-12", address=["Spyrou Kyprianou 50|3075 Limassol|Cyprus"])
    A("demo:nl-co-waddenzee-capital", C, "Waddenzee Capital B.V.", "NL", [], ["registration:NL-KVK-61220871"],
      inc="2014-11-03", address=["Herengracht 420|1017 BZ Amsterdam|Netherlands"])
    A("demo:tr-co-anatolia-yatirim", C, "Anatolia Yatirim Holding A.S.", "TR", ["aka:Anadolu Yatırım Holding A.Ş."],
      ["registration:TR-MERSIS-0071003311800019"], inc="2004-07-07", address=["Levent Cad. 8|Istanbul|Turkiye"])
    A("demo:tr-co-ege-holding", C, "Ege Dis Ticaret Holding A.S.", "TR", ["aka:Ege Dış Ticaret Holding A.Ş."],
      ["registration:TR-MERSIS-0322014471100011"], inc="2006-03-01", address=["Alsancak Kordon 77|Izmir|Turkiye"])
    A("demo:it-co-adriatica-shipping", C, "Adriatica Shipping Services S.r.l.", "IT", [], ["registration:IT-REA-TS-133902"],
      inc="2010-12-01", address=["Riva del Mandracchio 4|34124 Trieste|Italy"])
    A("demo:ae-co-falcon-crest-trading", C, "Falcon Crest General Trading LLC", "AE", ["aka:فالكون كرست للتجارة العامة"],
      ["registration:AE-DED-840113"], inc="2020-05-19", address=["Al Maktoum Road 55, Deira|Dubai|United Arab Emirates"])
    A("demo:aircraft-voronin-gulfstream", "aircraft", "Gulfstream G650 P4-KVR", "AW", ["weak:P4-KVR"],
      ["registration:P4-KVR", "registration:MSN-6391"], address=["Limassol|Cyprus"])

    # ---- trade, payment and corridor parties
    A("demo:ae-co-silverline-general-trading", C, "Silverline General Trading LLC", "AE",
      ["aka:سيلفرلاين للتجارة العامة ش.ذ.م.م"], ["registration:AE-DED-1092217"], inc="2023-01-09",
      address=["Office 1907, Al Moosa Tower 2|Sheikh Zayed Road|Dubai|United Arab Emirates"])
    A("demo:ae-co-desert-rose-trading", C, "Desert Rose Trading LLC", "AE", ["aka:وردة الصحراء للتجارة"],
      ["registration:AE-DED-650871"], inc="2014-04-23",
      address=["Office 2210, Al Moosa Tower 1|Sheikh Zayed Road|Dubai|United Arab Emirates"])
    A("demo:ae-co-noor-alkhaleej-exchange", C, "Noor Al Khaleej Exchange LLC", "AE", ["aka:نور الخليج للصرافة ذ.م.م"],
      ["registration:AE-CBUAE-EX-0931"], inc="2023-03-14", address=["Al Ras, Deira|Dubai|United Arab Emirates"])
    A("demo:ae-co-emirates-gold-exchange", C, "Emirates Gold Exchange LLC", "AE", ["aka:الإمارات الذهبية للصرافة"],
      ["registration:AE-CBUAE-EX-0114"], inc="1998-09-01", address=["Al Fahidi St 12, Bur Dubai|Dubai|United Arab Emirates"])
    A("demo:hk-co-lianhe-tongda", C, "Lianhe Tongda Trading Limited", "HK", ["aka:聯合通達貿易有限公司"],
      ["registration:HK-CR-3190554"], inc="2022-09-06",
      address=["Room 1502, 33 Canton Road|Tsim Sha Tsui, Kowloon|Hong Kong"])
    A("demo:hk-co-victoria-peak-trading", C, "Victoria Peak Trading Limited", "HK", ["aka:維港峰貿易有限公司"],
      ["registration:HK-CR-3004129"], inc="2021-03-18", address=["Flat 8, 16/F, 1 Hennessy Road|Wan Chai|Hong Kong"])
    A("demo:cn-co-shenzhen-kaixin", C, "Shenzhen Kaixin Electronic Technology Co., Ltd.", "CN",
      ["aka:深圳凯信电子科技有限公司"], ["registration:CN-USCC-91440300MA5F1Q2X8N"], inc="2013-07-02",
      address=["Huaqiang North Road 2008|Futian, Shenzhen 518031|China"])
    A("demo:cn-co-ningbo-haiyun", C, "Ningbo Haiyun Import and Export Co., Ltd.", "CN",
      ["aka:宁波海运进出口有限公司"], ["registration:CN-USCC-91330201MA2AH1T03E"], inc="2004-11-15",
      address=["Zhongshan East Road 18|Ningbo 315000|China"])
    A("demo:cn-co-heihe-yuanda", C, "Heihe Yuanda Border Trade Co., Ltd.", "CN",
      ["aka:黑河远大边境贸易有限公司"], ["registration:CN-USCC-91231100MA19W2KP5C"], inc="2012-05-30",
      address=["Hailan Street 36|Heihe 164300|China"])
    A("demo:de-co-elbe-mikrosysteme", C, "Elbe Mikrosysteme GmbH", "DE", [], ["registration:DE-HRB-30119"],
      inc="1998-10-01", address=["Koenigsbruecker Strasse 96|01099 Dresden|Germany"])
    A("demo:nl-co-polder-precision", C, "Polder Precision Instruments B.V.", "NL", [], ["registration:NL-KVK-24400812"],
      inc="2001-06-18", address=["Science Park 140|5612 Eindhoven|Netherlands"])
    A("demo:it-co-torino-macchine", C, "Torino Macchine Utensili S.p.A.", "IT", [], ["registration:IT-REA-TO-880214"],
      inc="1979-04-04", address=["Corso Francia 301|10138 Torino|Italy"])
    A("demo:fi-co-lakeland-bearings", C, "Lakeland Bearings Oy", "FI", [], ["registration:FI-Y-1022815-9"],
      inc="1990-01-01", address=["Teollisuuskatu 14|33100 Tampere|Finland"])
    A("demo:ae-co-palm-gate-logistics", C, "Palm Gate Logistics FZCO", "AE", ["aka:بوابة النخيل للخدمات اللوجستية"],
      ["registration:AE-DAFZA-FZCO-9312"], inc="2021-11-30", address=["Dubai Airport Free Zone, Bldg 6W|Dubai|United Arab Emirates"])
    A("demo:tr-co-marmara-elektronik", C, "Marmara Elektronik Dis Ticaret Ltd. Sti.", "TR",
      ["aka:Marmara Elektronik Dış Ticaret Ltd. Şti."], ["registration:TR-MERSIS-0611093322400017"], inc="2022-04-19",
      address=["Perpa Ticaret Merkezi B Blok 1142|Sisli, Istanbul|Turkiye"])
    A("demo:kz-co-nurly-trade", C, "Nurly Trade Group LLP", "KZ", ["aka:ТОО Нұрлы Трейд Груп", "aka:ТОО Нурлы Трейд Групп"],
      ["registration:KZ-BIN-190540017733"], inc="2019-05-14", address=["Tole Bi St 286|Almaty|Kazakhstan"])
    A("demo:kz-co-astana-tech-supply", C, "Astana Tech Supply LLP", "KZ", ["aka:ТОО Астана Тех Саплай"],
      ["registration:KZ-BIN-110640005518"], inc="2011-06-20", address=["Mangilik El Ave 55|Astana|Kazakhstan"])
    A("demo:kz-co-zhetysu-instruments", C, "Zhetysu Instruments LLP", "KZ", ["aka:ТОО Жетісу Инструментс"],
      ["registration:KZ-BIN-150240031270"], inc="2015-02-11", address=["Tauelsizdik St 77|Taldykorgan|Kazakhstan"])
    A("demo:kz-co-kaspiy-metal-trade", C, "Kaspiy Metal Trade LLP", "KZ", ["aka:ТОО Каспий Метал Трейд"],
      ["registration:KZ-BIN-220740019931"], inc="2022-07-05", address=["Microdistrict 14, bldg 2|Aktau|Kazakhstan"])
    A("demo:kz-co-kostanay-grain", C, "Kostanay Grain Terminal LLP", "KZ", ["aka:ТОО Костанай Грейн Терминал"],
      ["registration:KZ-BIN-050140002190"], inc="2005-01-25", address=["Baimagambetov St 190|Kostanay|Kazakhstan"])
    A("demo:kg-co-ala-too-import", C, "Ala-Too Import Export LLC", "KG", ["aka:ОсОО Ала-Тоо Импорт Экспорт"],
      ["registration:KG-OKPO-31550912"], inc="2022-07-18", address=["Ibraimova St 115, office 4|Bishkek|Kyrgyzstan"])
    A("demo:am-co-yerevan-precision", C, "Yerevan Precision Electronics CJSC", "AM",
      ["aka:Երևան Պրեսիժն Էլեկտրոնիքս ՓԲԸ"], ["registration:AM-SR-286.110.02215"], inc="2015-09-09",
      address=["Arshakunyats Ave 34|Yerevan|Armenia"])
    A("demo:am-co-sevan-systems", C, "Sevan Systems LLC", "AM", ["aka:Սևան Սիստեմս ՍՊԸ"],
      ["registration:AM-SR-222.110.11830"], inc="2022-10-03", address=["Komitas Ave 49|Yerevan|Armenia"])
    A("demo:az-co-astara-transit", C, "Astara Transit Logistics LLC", "AZ", ["aka:Astara Tranzit Logistika MMC"],
      ["registration:AZ-VOEN-1403229911"], inc="2008-06-06", address=["Heydar Aliyev Ave 2|Astara|Azerbaijan"])
    A("demo:by-co-minsk-optoelektronika", C, "Minsk Optoelektronika OJSC", "BY", ["aka:ОАО Минская оптоэлектроника"],
      ["registration:BY-UNP-100377210"], inc="1996-12-12", address=["ul. Surganova 57|Minsk|Belarus"])
    A("demo:ru-co-volga-avtokomponent", C, "Volga Avtokomponent LLC", "RU", ["aka:ООО Волга Автокомпонент"],
      ["inn:" + inn10("631601874"), "ogrn:" + ogrn13("108631600432")], inc="2008-02-12",
      address=["Yuzhnoye sh. 22|Tolyatti 445000|Russia"])
    A("demo:ru-co-tula-priborimport", C, "Tula Priborimport LLC", "RU", ["aka:ООО Тула Приборимпорт"],
      ["inn:" + inn10("710500983"), "ogrn:" + ogrn13("116715400112")], inc="2016-04-07",
      address=["pr. Lenina 85|Tula 300012|Russia"])
    A("demo:ru-co-baltic-elektron", C, "Baltic Elektron Trading House LLC", "RU", ["aka:ООО Торговый дом Балтик Электрон"],
      ["inn:" + inn10("780211456"), "ogrn:" + ogrn13("119784700071")], inc="2019-03-28",
      address=["Obvodny kanal 93|St Petersburg|Russia"])
    A("demo:ru-co-magnitka-steel-trade", C, "Magnitka Steel Trade LLC", "RU", ["aka:ООО Магнитка Стил Трейд"],
      ["inn:" + inn10("744401991"), "ogrn:" + ogrn13("110744400150")], inc="2010-09-01",
      address=["ul. Kirova 93|Magnitogorsk|Russia"])
    A("demo:ru-co-astrakhan-grain", C, "Astrakhan Grain Export LLC", "RU", ["aka:ООО Астрахань Зерно Экспорт"],
      ["inn:" + inn10("301700227"), "ogrn:" + ogrn13("113301700044")], inc="2013-08-15",
      address=["ul. Bakinskaya 108|Astrakhan|Russia"])
    A("demo:ru-co-kazan-retail", C, "Kazan Retail Network LLC", "RU", ["aka:ООО Казанская розничная сеть"],
      ["inn:" + inn10("165508832"), "ogrn:" + ogrn13("111169000921")], inc="2011-01-20",
      address=["ul. Baumana 44|Kazan|Russia"])
    A("demo:ru-co-moscow-hotel-arbat", C, "Arbat Hotel Management LLC", "RU", ["aka:ООО Арбат Отель Менеджмент"],
      ["inn:" + inn10("770402251"), "ogrn:" + ogrn13("109774600513")], inc="2009-05-05",
      address=["ul. Arbat 32|Moscow|Russia"])
    A("demo:ir-co-isfahan-naghsh-hotel", C, "Naghsh-e Jahan Hotel Company", "IR", ["aka:شرکت هتل نقش جهان"],
      ["registration:IR-10260011873"], inc="1999-03-21", address=["Chahar Bagh Abbasi St|Isfahan|Iran"])
    A("demo:ir-co-tabriz-steel-import", C, "Tabriz Foolad Import Company", "IR", ["aka:شرکت واردات فولاد تبریز"],
      ["registration:IR-10200554812"], inc="2011-10-10", address=["Imam Khomeini St 220|Tabriz|Iran"])
    A("demo:ir-co-gilan-agro", C, "Gilan Agro Industrial Company", "IR", ["aka:شرکت کشت و صنعت گیلان"],
      ["registration:IR-10720033019"], inc="2002-06-30", address=["Bandar Anzali Free Zone|Gilan|Iran"])
    A("demo:ir-co-kish-trading", C, "Kish Andisheh Trading Company", "IR", ["aka:شرکت بازرگانی اندیشه کیش"],
      ["registration:IR-10862244015"], inc="2014-12-01", address=["Kish Free Zone|Hormozgan|Iran"])

    A("demo:gb-co-aldwych-supplies", C, "Aldwych Industrial Supplies Ltd", "GB", [], ["registration:GB-CRN-07755120",
      "lei:" + w.lei("aldwych")], inc="2011-09-14", address=["14 Aldwych|London WC2B 4DA|United Kingdom"])
    A("demo:de-co-ruhr-schlauchtechnik", C, "Ruhr Schlauchtechnik GmbH", "DE", [], ["registration:DE-HRB-22871"],
      inc="1986-03-03", address=["Hafenstrasse 40|47119 Duisburg|Germany"])

    # ---- Caspian vessels (country = flag); IMO numbers fictional with valid check digits
    A("demo:vessel-kaspiy-veter", "vessel", "KASPIY VETER", "RU", ["aka:КАСПИЙ ВЕТЕР", "fka:VOLGO-BALT 241"],
      ["imo:" + imo7("871204"), "registration:MMSI-273418520"])
    A("demo:vessel-anzali-star", "vessel", "ANZALI STAR", "IR", ["aka:ستاره انزلی"],
      ["imo:" + imo7("930115"), "registration:MMSI-422031700"])
    A("demo:vessel-volgo-don-5077", "vessel", "VOLGO-DON 5077", "RU", ["aka:ВОЛГО-ДОН 5077"],
      ["imo:" + imo7("894211"), "registration:MMSI-273319400"])
    A("demo:vessel-aktau-pioneer", "vessel", "AKTAU PIONEER", "KZ", ["aka:АҚТАУ ПИОНЕР"],
      ["imo:" + imo7("956607"), "registration:MMSI-436000219"])


# --------------------------------------------------------------------------- relations and designations

def build_links(w):
    R, G = w.rel, w.desig
    # B: ownership and control
    R("demo:ru-person-arkady-voronin", "demo:cy-co-kestrine-holdings", "ownership", "50", "", "2015-01-01")
    R("demo:cy-co-kestrine-holdings", "demo:nl-co-dunmere-trading", "ownership", "50", "", "2016-03")
    R("demo:ru-person-arkady-voronin", "demo:it-co-ferrara-componenti", "ownership", "10", "", "2018-07-01")
    R("demo:cy-co-kestrine-holdings", "demo:it-co-ferrara-componenti", "ownership", "40", "", "2018-07-01")
    R("demo:ru-person-galina-lebedeva", "demo:fi-co-karelia-logistics", "ownership", "25", "", "2016-08-01")
    R("demo:ru-co-sevzapstroy-holding", "demo:fi-co-karelia-logistics", "ownership", "25", "", "2016-08-01")
    R("demo:ru-person-arkady-voronin", "demo:ae-co-sandstone-holdings", "ownership", "40", "", "2017-01-16")
    R("demo:ae-co-sandstone-holdings", "demo:kz-co-aral-logistics", "ownership", "100", "", "2017-08-09")
    R("demo:ru-person-mikhail-zorin", "demo:de-co-havel-industrietechnik", "ownership", "49.9", "", "2019-01-01")
    R("demo:ru-person-mikhail-zorin", "demo:de-co-spreewald-anlagenbau", "ownership", "50", "", "2012-05-01")
    R("demo:ru-person-natalia-orlova", "demo:cy-co-paphos-maritime", "ownership", "100", "", "2012-10-08")
    R("demo:ru-person-mikhail-zorin", "demo:cy-co-paphos-maritime", "control", "", "board_majority", "2017-02-01")
    R("demo:ru-person-mikhail-zorin", "demo:ru-person-natalia-orlova", "family")
    R("demo:ru-person-arkady-voronin", "demo:cy-co-troodos-ventures", "ownership", "50", "", "2013-04-12")
    R("demo:cy-co-troodos-ventures", "demo:nl-co-waddenzee-capital", "ownership", "60", "", "2014-11-03")
    R("demo:nl-co-waddenzee-capital", "demo:cy-co-troodos-ventures", "ownership", "30", "", "2015-06-30")
    R("demo:tr-co-anatolia-yatirim", "demo:tr-co-ege-holding", "ownership", "50", "", "2010-01-01")
    R("demo:tr-co-ege-holding", "demo:tr-co-anatolia-yatirim", "ownership", "50", "", "2010-01-01")
    R("demo:ru-person-oleg-tarasov", "demo:it-co-adriatica-shipping", "ownership", "75", "", "2014-01-01")
    R("demo:ru-co-sevzapstroy-holding", "demo:ae-co-falcon-crest-trading", "ownership", "", "", "2020-05-19")
    R("demo:cy-co-kestrine-holdings", "demo:aircraft-voronin-gulfstream", "ownership", "100", "", "2016")
    R("demo:ru-person-arkady-voronin", "demo:ru-person-oleg-tarasov", "associate", "", "", "2010")
    # front company, shadow banking, hubs
    R("demo:ir-person-bahram-rostami", "demo:ae-co-crescent-star-petrochem", "director", "", "", "2019-02-11")
    R("demo:ir-person-bahram-rostami", "demo:ae-co-silverline-general-trading", "director", "", "", "2023-01-09")
    R("demo:ir-person-bahram-rostami", "demo:hk-co-jade-harbour-electronics", "director", "", "", "2020-06-01", "2024-07-15")
    R("demo:ir-person-reza-moradi", "demo:ir-co-sarrafi-ferdows", "director", "", "", "2016-05-28")
    R("demo:ir-co-sarrafi-ferdows", "demo:ae-co-noor-alkhaleej-exchange", "associate", "", "", "2023-03")
    R("demo:cn-person-wang-lifeng", "demo:hk-co-lianhe-tongda", "director", "", "", "2022-09-06")
    R("demo:cn-person-wang-lifeng", "demo:hk-co-jade-harbour-electronics", "associate", "", "", "2021")
    R("demo:kz-person-yerlan-abenov", "demo:kz-co-kaspiy-metal-trade", "director", "", "", "2022-07-05")
    R("demo:kz-person-yerlan-abenov", "demo:kz-co-nurly-trade", "director", "", "", "2019-05-14")
    R("demo:ru-co-astrakhan-kaspiy-shipping", "demo:vessel-kaspiy-veter", "ownership", "100", "", "2016-04-01")
    R("demo:ir-co-amirabad-marine", "demo:vessel-anzali-star", "ownership", "100", "", "2015-09-01")
    R("demo:ru-co-astrakhan-grain", "demo:vessel-volgo-don-5077", "ownership", "100", "", "2018-03-01")
    R("demo:kz-co-kostanay-grain", "demo:vessel-aktau-pioneer", "control", "", "voting_agreement", "2019-01", "2023-12")

    # designations (fictional parties, plausible dates)
    RU14024 = ["RUSSIA-EO14024"]
    G("demo:ru-bank-vneshtorgkredit", "OFAC", "SDN", RU14024, "2022-02-24")
    G("demo:ru-bank-vneshtorgkredit", "EU", "EU-833", ["RUSSIA"], "2022-03-02")
    G("demo:ru-bank-vneshtorgkredit", "UK", "UK-OFSI", ["RUSSIA"], "2022-02-24")
    G("demo:ru-bank-uralpromstroy", "OFAC", "SDN", RU14024, "2024-11-21")
    G("demo:ru-bank-uralpromstroy", "UK", "UK-OFSI", ["RUSSIA"], "2025-05-09")
    G("demo:by-bank-belvneshprom", "EU", "EU-833", ["BELARUS"], "2022-03-09")
    G("demo:ru-person-arkady-voronin", "OFAC", "SDN", RU14024, "2022-04-06")
    G("demo:ru-person-arkady-voronin", "EU", "EU-269", ["RUSSIA"], "2022-04-08")
    G("demo:ru-person-arkady-voronin", "UK", "UK-OFSI", ["RUSSIA"], "2022-03-15")
    G("demo:ru-person-mikhail-zorin", "OFAC", "SDN", RU14024, "2022-03-11")
    G("demo:ru-person-mikhail-zorin", "EU", "EU-269", ["RUSSIA"], "2022-03-09")
    G("demo:ru-person-mikhail-zorin", "UK", "UK-OFSI", ["RUSSIA"], "2022-03-10")
    G("demo:ru-person-galina-lebedeva", "OFAC", "SDN", ["UKRAINE-EO13662"], "2018-04-06")
    G("demo:ru-person-galina-lebedeva", "EU", "EU-269", ["RUSSIA"], "2022-04-21")
    G("demo:ru-co-sevzapstroy-holding", "OFAC", "SDN", RU14024, "2022-09-30")
    G("demo:ru-co-sevzapstroy-holding", "EU", "EU-269", ["RUSSIA"], "2022-12-16")
    G("demo:ru-co-sevzapstroy-holding", "UK", "UK-OFSI", ["RUSSIA"], "2022-10-05")
    G("demo:ru-person-oleg-tarasov", "OFAC", "SDN", RU14024, "2022-06-02", "2024-03-15")
    G("demo:ru-co-tatprom-elektronika", "OFAC", "SDN", RU14024, "2023-05-19")
    G("demo:ru-co-tatprom-elektronika", "EU", "EU-269", ["RUSSIA"], "2023-06-23")
    G("demo:ru-co-tatprom-elektronika", "UK", "UK-OFSI", ["RUSSIA"], "2023-05-19")
    G("demo:ru-co-astrakhan-kaspiy-shipping", "OFAC", "SDN", RU14024 + ["IRAN"], "2023-11-02")
    G("demo:ru-co-astrakhan-kaspiy-shipping", "EU", "EU-269", ["RUSSIA"], "2024-02-23")
    G("demo:ru-org-natsplatkart", "OFAC", "SDN", RU14024, "2024-02-23")
    G("demo:ir-bank-shahrvand", "OFAC", "SDN", ["IRAN", "IFSR"], "2020-10-08")
    G("demo:ir-bank-sepehr-tejarat", "OFAC", "SDN", ["IRAN", "IFSR"], "2018-11-05")
    G("demo:ir-bank-arya-tosee", "OFAC", "SDN", ["IRAN"], "2020-10-08")
    G("demo:ir-co-pars-sanat-havayi", "OFAC", "SDN", ["NPWMD", "IRGC"], "2022-11-15")
    G("demo:ir-co-pars-sanat-havayi", "EU", "EU-269", ["RUSSIA"], "2022-10-20")
    G("demo:ir-co-pars-sanat-havayi", "UK", "UK-OFSI", ["RUSSIA", "IRAN"], "2022-12-20")
    G("demo:ir-co-pars-sanat-havayi", "UN", "UN", ["UNSCR-2231"], "2008-03-03", "2023-10-18")
    G("demo:ir-co-amirabad-marine", "OFAC", "SDN", ["IRAN", "NPWMD"], "2023-03-09")
    G("demo:vessel-anzali-star", "OFAC", "SDN", ["IRAN", "NPWMD"], "2023-03-09")
    G("demo:ir-co-sarrafi-ferdows", "OFAC", "SDN", ["SDGT", "IRGC"], "2024-06-25")
    G("demo:ae-co-crescent-star-petrochem", "OFAC", "SDN", ["SDGT"], "2024-06-25")
    G("demo:hk-co-jade-harbour-electronics", "OFAC", "SDN", ["SDGT"], "2024-06-25")
    G("demo:ir-person-bahram-rostami", "OFAC", "SDN", ["SDGT", "IRGC"], "2024-06-25")
    # the EU list of entities outside Russia that use SPFS (Reg. 833/2014 Art. 5ae): a transaction ban, no freeze
    G("demo:kg-bank-tian-shan", "EU", "EU-833-SPFS", ["RUSSIA"], "2025-02-24")


# --------------------------------------------------------------------------- KYC profiles and new planted parties

DIAL = {"RU": ("7", ["495", "812", "843", "8512"]), "IR": ("98", ["21", "11", "41"]), "KZ": ("7", ["727", "7172", "7292"]),
        "KG": ("996", ["312"]), "AM": ("374", ["10"]), "AZ": ("994", ["12"]), "BY": ("375", ["17"]),
        "AE": ("971", ["4", "2", "6"]), "TR": ("90", ["212", "232"]), "HK": ("852", ["2", "3"]), "CN": ("86", ["755", "574", "21"]),
        "DE": ("49", ["30", "40", "69"]), "NL": ("31", ["10", "20"]), "IT": ("39", ["02", "011"]), "CY": ("357", ["25"]),
        "FI": ("358", ["9"]), "GB": ("44", ["20"]), "US": ("1", ["212", "312"]), "MY": ("60", ["3"])}
SECTOR_WORDS = [("exchange", ["msb"]), ("bank", ["bank"]), ("logisti", ["logistics"]), ("shipping", ["logistics", "port_services"]),
                ("maritime", ["logistics", "port_services"]), ("trans", ["logistics"]), ("general trading", ["general_trading"]),
                ("trading", ["general_trading"]), ("trade", ["general_trading"]), ("torg", ["general_trading"]),
                ("elektron", ["electronics_distribution"]), ("electronic", ["electronics_distribution"]),
                ("maschinenbau", ["machinery"]), ("meccanica", ["machinery"]), ("energomash", ["machinery"]),
                ("agro", ["agriculture"]), ("grain", ["agriculture"]), ("food", ["consumer_goods"]), ("alimentari", ["consumer_goods"]),
                ("lebensmittel", ["consumer_goods"]), ("gida", ["consumer_goods"]), ("textil", ["consumer_goods"]),
                ("tessile", ["consumer_goods"]), ("furniture", ["consumer_goods"]), ("arredamenti", ["consumer_goods"]),
                ("ceramic", ["consumer_goods"]), ("otomotiv", ["machinery"]), ("stroy", ["ru.construction"]),
                ("chemie", ["consumer_goods"]), ("khim", ["consumer_goods"]), ("puu", ["consumer_goods"]), ("les", ["consumer_goods"]),
                ("oil service", ["machinery"]), ("supply", ["general_trading"]), ("supplies", ["general_trading"]),
                ("investments", []), ("holding", [])]
PROFILES = {  # explicit KYC profiles of the planted parties: sectors, web presence
    "demo:ru-co-sevzapstroy-holding": (["ru.construction"], "normal"),
    "demo:ru-co-tatprom-elektronika": (["ru.defense", "ru.technology", "electronics_manufacturing"], "thin"),
    "demo:ru-co-astrakhan-kaspiy-shipping": (["logistics", "port_services"], "thin"),
    "demo:ru-org-natsplatkart": (["ru.financial_services"], "normal"),
    "demo:ir-co-pars-sanat-havayi": (["aviation"], "none"),
    "demo:ir-co-amirabad-marine": (["port_services", "logistics"], "thin"),
    "demo:ir-co-sarrafi-ferdows": (["msb"], "thin"),
    "demo:ae-co-crescent-star-petrochem": (["general_trading", "ir.petroleum"], "thin"),
    "demo:hk-co-jade-harbour-electronics": (["electronics_distribution"], "thin"),
    "demo:ae-co-silverline-general-trading": (["general_trading"], "none"),
    "demo:ae-co-desert-rose-trading": (["general_trading", "consumer_goods"], "normal"),
    "demo:ae-co-noor-alkhaleej-exchange": (["msb"], "thin"),
    "demo:ae-co-emirates-gold-exchange": (["msb"], "normal"),
    "demo:hk-co-lianhe-tongda": (["general_trading"], "thin"),
    "demo:hk-co-victoria-peak-trading": (["general_trading"], "thin"),
    "demo:cn-co-shenzhen-kaixin": (["electronics_manufacturing"], "normal"),
    "demo:cn-co-ningbo-haiyun": (["general_trading", "consumer_goods"], "normal"),
    "demo:cn-co-heihe-yuanda": (["general_trading"], "normal"),
    "demo:de-co-elbe-mikrosysteme": (["electronics_manufacturing"], "normal"),
    "demo:nl-co-polder-precision": (["electronics_manufacturing"], "normal"),
    "demo:it-co-torino-macchine": (["machinery"], "normal"),
    "demo:fi-co-lakeland-bearings": (["machinery"], "normal"),
    "demo:ae-co-palm-gate-logistics": (["freight_forwarder", "logistics"], "thin"),
    "demo:tr-co-marmara-elektronik": (["electronics_distribution"], "thin"),
    "demo:kz-co-nurly-trade": (["general_trading"], "thin"),
    "demo:kz-co-astana-tech-supply": (["electronics_distribution"], "normal"),
    "demo:kz-co-zhetysu-instruments": (["electronics_distribution"], "normal"),
    "demo:kz-co-kaspiy-metal-trade": (["metals_trading"], "thin"),
    "demo:kz-co-kostanay-grain": (["agriculture"], "normal"),
    "demo:kg-co-ala-too-import": (["general_trading"], "thin"),
    "demo:am-co-yerevan-precision": (["electronics_distribution"], "normal"),
    "demo:am-co-sevan-systems": (["office_supplies"], "none"),
    "demo:az-co-astara-transit": (["logistics", "freight_forwarder"], "normal"),
    "demo:by-co-minsk-optoelektronika": (["electronics_manufacturing"], "normal"),
    "demo:ru-co-volga-avtokomponent": (["ru.manufacturing"], "normal"),
    "demo:ru-co-tula-priborimport": (["ru.technology", "general_trading"], "thin"),
    "demo:ru-co-baltic-elektron": (["ru.technology", "electronics_distribution"], "normal"),
    "demo:ru-co-magnitka-steel-trade": (["metals_trading", "ru.manufacturing"], "normal"),
    "demo:ru-co-astrakhan-grain": (["agriculture"], "normal"),
    "demo:ru-co-kazan-retail": (["consumer_goods"], "normal"),
    "demo:ru-co-moscow-hotel-arbat": (["consumer_goods"], "normal"),
    "demo:ir-co-isfahan-naghsh-hotel": (["consumer_goods"], "normal"),
    "demo:ir-co-tabriz-steel-import": (["metals_trading"], "normal"),
    "demo:ir-co-gilan-agro": (["agriculture"], "normal"),
    "demo:ir-co-kish-trading": (["general_trading"], "thin"),
    "demo:gb-co-aldwych-supplies": (["machinery", "general_trading"], "normal"),
    "demo:de-co-ruhr-schlauchtechnik": (["machinery"], "normal"),
    "demo:cy-co-kestrine-holdings": ([], "thin"), "demo:nl-co-dunmere-trading": (["general_trading"], "normal"),
    "demo:it-co-ferrara-componenti": (["machinery"], "normal"), "demo:fi-co-karelia-logistics": (["logistics"], "normal"),
    "demo:ae-co-sandstone-holdings": ([], "thin"), "demo:kz-co-aral-logistics": (["logistics"], "normal"),
    "demo:de-co-havel-industrietechnik": (["machinery"], "normal"), "demo:de-co-spreewald-anlagenbau": (["machinery"], "normal"),
    "demo:cy-co-paphos-maritime": (["logistics", "port_services"], "normal"), "demo:cy-co-troodos-ventures": ([], "thin"),
    "demo:nl-co-waddenzee-capital": ([], "normal"), "demo:tr-co-anatolia-yatirim": ([], "normal"),
    "demo:tr-co-ege-holding": (["general_trading"], "normal"), "demo:it-co-adriatica-shipping": (["logistics", "port_services"], "normal"),
    "demo:ae-co-falcon-crest-trading": (["general_trading"], "thin"),
}


def phone_for(w, cc, n):
    """A fictional number: the country's dial code and an area code, then 555 and a running number."""
    code, areas = DIAL[cc]
    if cc == "GB":
        return "+44 20 7946 %04d" % (n % 10000)       # Ofcom's range for drama
    return "+%s %s 555 %04d" % (code, areas[n % len(areas)], n % 10000)


def build_profiles(w):
    """Sectors, web presence and phones for every company, organisation and bank (after the planted ones)."""
    n = 1000   # planted shared numbers use 555 0xxx; these 555 1xxx
    for eid, e in w.entities.items():
        if e["kind"] not in ("company", "organization", "bank"):
            continue
        cc = e["country"].split("|")[0]
        n += 1
        if not e["phones"] and cc in DIAL:
            e["phones"] = phone_for(w, cc, n)
        if e["sectors"] or e["web_presence"]:
            continue
        if eid in PROFILES:
            sectors, web = PROFILES[eid]
        else:
            name = e["name"].lower()
            sectors = ["bank"] if e["kind"] == "bank" else next((s for k, s in SECTOR_WORDS if k in name), ["consumer_goods"])
            web = "normal"
            if e["kind"] == "company" and w.rng.random() < 0.08:
                web = "thin"
        e["sectors"] = "|".join(sectors)
        e["web_presence"] = web


def build_extra(w):
    """Parties of the cases that need the KYC fields (sectors, web presence, phones) and the branch relation."""
    A, C = w.add, "company"
    w.bank("demo:my-bank-selat-merchant", "Selat Merchant Bank Berhad", "MY", "SLMBMYKL", [], "1994-08-08",
           ["Jalan Sultan Ismail 21|50250 Kuala Lumpur|Malaysia"], ["registration:MY-BNM-0412"])
    # C2/C3/A7: a post-invasion Kazakh "office supplies" company buying microcontrollers, paid for by a new UAE trader
    A("demo:kz-co-pavlodar-office-line", C, "Pavlodar Office Line LLP", "KZ", ["aka:ТОО Павлодар Офис Лайн"],
      ["registration:KZ-BIN-221140027714"], inc="2022-11-02", address=["Lomova St 45, office 12|Pavlodar|Kazakhstan"],
      sectors=["office_supplies"], web="thin")
    A("demo:ae-co-qasr-alwadi-trading", C, "Qasr Al Wadi General Trading LLC", "AE", ["aka:قصر الوادي للتجارة العامة ذ.م.م"],
      ["registration:AE-DED-1120447"], inc="2023-06-20", address=["Office 804, Al Khaleej Centre|Bur Dubai|United Arab Emirates"],
      sectors=["general_trading"], web="none")
    A("demo:ru-co-uralsk-radiodetal", C, "Uralsk Radiodetal LLC", "RU", ["aka:ООО Уральск Радиодеталь"],
      ["inn:" + inn10("667102284"), "ogrn:" + ogrn13("117665800331")], inc="2017-03-09",
      address=["ul. Frunze 96|Yekaterinburg 620144|Russia"], sectors=["ru.technology", "ru.manufacturing"], web="normal")
    # C3 near-miss: a young but genuine electronics distributor with a normal web presence
    A("demo:ae-co-marina-circuit", C, "Marina Circuit Distribution FZCO", "AE", ["aka:مارينا سيركت للتوزيع"],
      ["registration:AE-DSO-FZCO-22871"], inc="2023-02-14", address=["Dubai Silicon Oasis, Building A2|Dubai|United Arab Emirates"],
      sectors=["electronics_distribution"], web="normal")
    # C4: a Kyrgyz laptop and phone importer whose imports and re-exports to Russia grow in step
    A("demo:kg-co-tunduk-digital", C, "Tunduk Digital Import LLC", "KG", ["aka:ОсОО Тундук Диджитал Импорт"],
      ["registration:KG-OKPO-29918277"], inc="2016-05-23", address=["Kievskaya St 96|Bishkek|Kyrgyzstan"],
      sectors=["electronics_distribution"], web="normal")
    A("demo:ru-co-novosibirsk-tekhnomarket", C, "Novosibirsk Tekhnomarket LLC", "RU", ["aka:ООО Новосибирск Техномаркет"],
      ["inn:" + inn10("540611873"), "ogrn:" + ogrn13("113547600218")], inc="2013-02-19",
      address=["Krasny pr. 77|Novosibirsk|Russia"], sectors=["consumer_goods"], web="normal")
    # C4 near-miss: steady Azerbaijani fruit exports to Russia
    A("demo:az-co-quba-orchards", C, "Quba Orchards LLC", "AZ", ["aka:Quba Bağları MMC"],
      ["registration:AZ-VOEN-1300228817"], inc="2006-09-12", address=["Heydar Aliyev Ave 40|Quba|Azerbaijan"],
      sectors=["agriculture"], web="normal")
    A("demo:ru-co-rostov-fruktotorg", C, "Rostov Fruktotorg JSC", "RU", ["aka:АО Ростов Фрукторг"],
      ["inn:" + inn10("616402119"), "ogrn:" + ogrn13("102616100774")], inc="1998-11-03",
      address=["pr. Sholokhova 31|Rostov-on-Don|Russia"], sectors=["consumer_goods", "agriculture"], web="normal")
    # A3: an Iranian company's corporate Shetab card used in Moscow; an Iranian tourist's single withdrawal
    A("demo:ir-co-sahand-kala", C, "Sahand Kala Trading Company", "IR", ["aka:شرکت بازرگانی سهند کالا"],
      ["registration:IR-10103377120"], inc="2015-08-01", address=["Azadi Ave 310|Tabriz|Iran"],
      sectors=["general_trading"], web="normal")
    A("demo:ir-person-shirin-tavakoli", "person", "Shirin Tavakoli", "IR", ["aka:شیرین توکلی"], ["passport:IR-R55018342"],
      birth="1988-01-17", address=["Mashhad|Iran"])
    A("demo:ru-co-kitaygorod-retail", C, "Kitay-Gorod Retail Gallery LLC", "RU", ["aka:ООО Китай-Город Ритейл Галерея"],
      ["inn:" + inn10("771009874"), "ogrn:" + ogrn13("115774000661")], inc="2015-04-14",
      address=["Nikolskaya ul. 10|Moscow|Russia"], sectors=["consumer_goods"], web="normal")
    # A8: Iranian originator behind a UAE respondent bank
    A("demo:ir-co-bandar-petrochem-supply", C, "Bandar Petrochemical Supply Company", "IR", ["aka:شرکت تامین پتروشیمی بندر"],
      ["registration:IR-10480551903"], inc="2008-04-30", address=["Mahshahr Special Economic Zone|Khuzestan|Iran"],
      sectors=["ir.petroleum"], web="thin")
    A("demo:my-co-straits-polymer", C, "Straits Polymer Resources Sdn Bhd", "MY", [],
      ["registration:MY-SSM-201501022714"], inc="2015-01-21", address=["Jalan Ampang 118|Kuala Lumpur|Malaysia"],
      sectors=["general_trading"], web="normal", phones=["+60 3 555 0142"])
    # front companies: phone shared with an SDN distributor; address shared with an SDN construction holding
    jade_phone = "+852 2 555 0177"
    w.profile("demo:hk-co-jade-harbour-electronics", phones=[jade_phone])
    A("demo:hk-co-kowloon-bayview", C, "Kowloon Bayview Components Limited", "HK", ["aka:九龍灣景零件有限公司"],
      ["registration:HK-CR-3340912"], inc="2024-03-11", address=["Room 610, 12 Hung To Road|Kwun Tong, Kowloon|Hong Kong"],
      sectors=["electronics_distribution"], web="none", phones=["+852 2555 0177"])
    A("demo:ru-co-nevsky-stroytekhnika", C, "Nevsky Stroytekhnika LLC", "RU", ["aka:ООО Невский Стройтехника"],
      ["inn:" + inn10("780533218"), "ogrn:" + ogrn13("123780001274")], inc="2023-05-10",
      address=["Moskovsky pr. 140|St Petersburg 196084|Russia"], sectors=["ru.construction"], web="none")
    # front-company near-misses: an old service company at a designated party's address; a new company sharing
    # a phone with an undesignated one
    A("demo:ru-co-alabuga-facility", C, "Alabuga Facility Services LLC", "RU", ["aka:ООО Алабуга Фасилити Сервисез"],
      ["inn:" + inn10("164600712"), "ogrn:" + ogrn13("109164600215")], inc="2009-07-01",
      address=["Alabuga SEZ, ul. Sh-2 4/1|Yelabuga 423601|Russia"], sectors=["logistics"], web="normal")
    w.profile("demo:ae-co-desert-rose-trading", phones=["+971 4 555 0210"])
    A("demo:ae-co-oasis-line-trading", C, "Oasis Line Trading LLC", "AE", ["aka:خط الواحة للتجارة"],
      ["registration:AE-DED-1190334"], inc="2024-02-05", address=["Office 305, Al Attar Business Tower|Dubai|United Arab Emirates"],
      sectors=["general_trading", "consumer_goods"], web="thin", phones=["+971 4 555 0210"])
    # E3: a Kazakh trader with no rolling mill sells "Kazakh" hot-rolled coil to an EU importer; a real Kazakh mill
    A("demo:kz-co-ertis-metal", C, "Ertis Metal Resources LLP", "KZ", ["aka:ТОО Ертис Метал Ресорсез"],
      ["registration:KZ-BIN-220940018825"], inc="2022-09-20", address=["Satpayev St 19|Pavlodar|Kazakhstan"],
      sectors=["metals_trading"], web="thin")
    A("demo:nl-co-rijnmond-staal", C, "Rijnmond Staalhandel B.V.", "NL", [], ["registration:NL-KVK-24119873"],
      inc="1988-03-15", address=["Waalhaven Zuidzijde 21|3089 JH Rotterdam|Netherlands"], sectors=["metals_trading"], web="normal")
    A("demo:kz-co-karaganda-rolling", C, "Karaganda Rolling Mill JSC", "KZ", ["aka:АО Карагандинский прокатный завод"],
      ["registration:KZ-BIN-960240001183"], inc="1996-02-08", address=["Industrial Zone 4|Temirtau|Kazakhstan"],
      sectors=["steel_production"], web="normal")
    A("demo:it-co-brescia-acciai", C, "Brescia Acciai Commercio S.r.l.", "IT", [], ["registration:IT-REA-BS-388120"],
      inc="1992-06-11", address=["Via Orzinuovi 88|25125 Brescia|Italy"], sectors=["metals_trading"], web="normal")
    # E2: a Russian Caspian port agent and an Iranian freight company (background Caspian trade uses them too)
    A("demo:ru-co-makhachkala-port-agency", C, "Makhachkala Port Agency LLC", "RU", ["aka:ООО Махачкала Порт Агентство"],
      ["inn:" + inn10("057204418"), "ogrn:" + ogrn13("112057200391")], inc="2011-06-15",
      address=["ul. Rzhevskaya 10|Makhachkala|Russia"], sectors=["port_services", "logistics"], web="normal")
    A("demo:ir-co-behshahr-caspian-haulage", C, "Behshahr Caspian Haulage Company", "IR", ["aka:شرکت حمل و نقل خزر بهشهر"],
      ["registration:IR-10861190447"], inc="2004-10-10", address=["Amirabad Port|Behshahr, Mazandaran|Iran"],
      sectors=["logistics", "freight_forwarder"], web="normal")
    A("demo:ru-co-dagestan-agroservice", C, "Dagestan Agroservice LLC", "RU", ["aka:ООО Дагестан Агросервис"],
      ["inn:" + inn10("054011273"), "ogrn:" + ogrn13("123050000112")], inc="2023-01-20",
      address=["pr. Imama Shamilya 35|Makhachkala|Russia"], sectors=["agriculture"], web="thin")
    # A5: a small Chinese border bank's RMB payment for a Russian party through its Hong Kong correspondent
    A("demo:ru-co-amur-lesexport", C, "Amur Lesexport LLC", "RU", ["aka:ООО Амур Лесэкспорт"],
      ["inn:" + inn10("280102771"), "ogrn:" + ogrn13("110280100228")], inc="2010-04-02",
      address=["ul. Lenina 140|Blagoveshchensk|Russia"], sectors=["consumer_goods"], web="normal")
    A("demo:cn-co-dongguan-lanque", C, "Dongguan Lanque Electronics Co., Ltd.", "CN", ["aka:东莞蓝鹊电子有限公司"],
      ["registration:CN-USCC-91441900MA4UQ7R21K"], inc="2014-06-20", address=["Songshan Lake Science Park 12|Dongguan 523808|China"],
      sectors=["electronics_manufacturing"], web="normal")
    # C5: an established Turkish machine-tool service company and a US one (a partner country)
    A("demo:tr-co-konya-makina", C, "Konya Makina Yedek Parca A.S.", "TR", ["aka:Konya Makina Yedek Parça A.Ş."],
      ["registration:TR-MERSIS-0577201934500016"], inc="1998-05-11", address=["Organize Sanayi Bolgesi 3. Cad. 14|Konya|Turkiye"],
      sectors=["machinery"], web="normal")
    A("demo:us-co-ohio-spindle", C, "Ohio Spindle Service Inc.", "US", [], ["registration:US-OH-1184402"], inc="1985-09-30",
      address=["2200 Harvard Ave|Cleveland, OH 44105|United States"], sectors=["machinery"], web="normal")
    # A6: a second new exchange house in Türkiye run by the director of the designated Iranian sarraf
    A("demo:tr-co-zerdali-kapi-doviz", C, "Zerdali Kapi Doviz ve Altin Ltd. Sti.", "TR", ["aka:Zerdali Kapı Döviz ve Altın Ltd. Şti."],
      ["registration:TR-MERSIS-0522114880400019"], inc="2023-09-04", address=["Nuruosmaniye Cad. 61|Fatih, Istanbul|Turkiye"],
      sectors=["msb"], web="thin")
    w.rel("demo:ir-person-reza-moradi", "demo:tr-co-zerdali-kapi-doviz", "director", "", "", "2023-09-04")


# --------------------------------------------------------------------------- background parties

RU_STEMS = [("Severtrans", "Севертранс"), ("Promsnab", "Промснаб"), ("Uraltek", "Уралтек"),
            ("Volgostroy", "Волгострой"), ("Agrokompleks", "Агрокомплекс"), ("Sibles", "Сиблес"),
            ("Tekhnoservis", "Техносервис"), ("Energomash", "Энергомаш"), ("Stroymontazh", "Строймонтаж"),
            ("Belaya Reka", "Белая река"), ("Zvezda Logistik", "Звезда Логистик"), ("Oka Produkt", "Ока Продукт"),
            ("Yug Torg", "Юг Торг"), ("Kama Les", "Кама Лес"),
            ("Don Agro", "Дон Агро"), ("Sever Pak", "Север Пак"), ("Ural Khim", "Урал Хим"), ("Pribrezhny", "Прибрежный"),
            ("Angara Trans", "Ангара Транс"), ("Svetly Mir", "Светлый мир")]
RU_FORMS = [("LLC", "ООО"), ("JSC", "АО")]
KZ_STEMS = [("Saryarka", "Сарыарка"), ("Altai Trans", "Алтай Транс"), ("Kazakh Agro", "Казах Агро"),
            ("Shymkent Torg", "Шымкент Торг"), ("Irtysh Service", "Иртыш Сервис"), ("Baikonur Supply", "Байконур Саплай"),
            ("Karatau Stroy", "Каратау Строй"), ("Atyrau Oil Service", "Атырау Ойл Сервис"), ("Esil Agro", "Есиль Агро"),
            ("Tobol Trans", "Тобол Транс"), ("Balkhash Trade", "Балхаш Трейд"), ("Medeu Food", "Медеу Фуд")]
KG_STEMS = [("Issyk-Kul Trade", "Иссык-Куль Трейд"), ("Naryn Agro", "Нарын Агро"), ("Osh Bazar Service", "Ош Базар Сервис"),
            ("Chui Logistic", "Чуй Логистик"), ("Talas Tekstil", "Талас Текстиль"), ("Kant Stroy", "Кант Строй")]
IR_STEMS = [("Pars", "پارس"), ("Kavir", "کویر"), ("Alborz", "البرز"), ("Zagros", "زاگرس"), ("Arvand", "اروند"),
            ("Sepahan", "سپاهان"), ("Khazar", "خزر"), ("Dena", "دنا")]
IR_SECTORS = [("Trading", "بازرگانی"), ("Food Industries", "صنایع غذایی"), ("Textile", "نساجی"), ("Tile and Ceramic", "کاشی و سرامیک")]
CN_STEMS = [("Jinlong", "金龙"), ("Huaxin", "华信"), ("Dongfang", "东方"), ("Hengtai", "恒泰"), ("Xinyuan", "鑫源"),
            ("Ruifeng", "瑞丰"), ("Tianhe", "天河"), ("Baoli", "宝利")]
CN_CITIES = [("Guangzhou", "广州"), ("Yiwu", "义乌"), ("Qingdao", "青岛"), ("Tianjin", "天津"), ("Xiamen", "厦门")]
CN_SECTORS = [("Trading", "贸易"), ("Industrial", "实业"), ("Textile", "纺织"), ("Furniture", "家具")]
LATIN = {
    "DE": (["Nordwind", "Alpenblick", "Weserland", "Bodensee", "Harzer", "Taunus", "Muensterland"],
           ["Logistik GmbH", "Maschinenbau GmbH", "Handels GmbH", "Kunststofftechnik GmbH", "Lebensmittel GmbH"],
           ["Hamburg", "Bremen", "Stuttgart", "Hannover", "Leipzig"], "Germany"),
    "NL": (["Delta", "Maasvlakte", "IJssel", "Zeeland", "Veluwe"], ["Logistics B.V.", "Foods B.V.", "Trading B.V.", "Chemie B.V."],
           ["Rotterdam", "Utrecht", "Venlo", "Breda"], "Netherlands"),
    "IT": (["Padana", "Veneta", "Toscana", "Etrusca", "Ligure"], ["Alimentari S.r.l.", "Meccanica S.p.A.", "Tessile S.r.l.", "Arredamenti S.r.l."],
           ["Verona", "Bergamo", "Prato", "Genova"], "Italy"),
    "CY": (["Aphrodite", "Kyrenia", "Larnaca Bay", "Akamas"], ["Shipping Ltd", "Investments Ltd", "Trading Ltd"],
           ["Limassol", "Larnaca", "Nicosia"], "Cyprus"),
    "FI": (["Pohjola", "Kaleva", "Metsaranta", "Tapio"], ["Oy", "Logistiikka Oy", "Puu Oy"], ["Oulu", "Turku", "Kotka"], "Finland"),
    "TR": (["Kapadokya", "Karadeniz", "Toros", "Bursa", "Ankara"], ["Tekstil A.S.", "Gida San. A.S.", "Otomotiv A.S.", "Dis Ticaret Ltd. Sti."],
           ["Istanbul", "Bursa", "Mersin", "Gaziantep"], "Turkiye"),
    "AE": (["Al Noor", "Al Safa", "Blue Lagoon", "Emerald Sands", "Horizon"], ["General Trading LLC", "Foodstuff Trading LLC", "Logistics FZE"],
           ["Dubai", "Sharjah", "Ajman"], "United Arab Emirates"),
    "AM": (["Aragats", "Masis", "Dilijan", "Gyumri"], ["LLC", "CJSC"], ["Yerevan", "Gyumri"], "Armenia"),
    "AZ": (["Ganja", "Shirvan", "Absheron", "Qabala"], ["LLC", "Trade LLC"], ["Baku", "Ganja", "Sumgait"], "Azerbaijan"),
    "GB": (["Pennine", "Solent", "Cotswold"], ["Trading Ltd", "Supplies Ltd"], ["Leeds", "Southampton", "Bristol"], "United Kingdom"),
    "US": (["Great Lakes", "Cascade", "Piedmont"], ["Supply Inc.", "Industries LLC"], ["Chicago", "Seattle", "Charlotte"], "United States"),
}
RU_PEOPLE = [("Ivan Sergeyevich Markov", "Иван Сергеевич Марков"), ("Elena Pavlovna Kuznetsova", "Елена Павловна Кузнецова"),
             ("Pavel Olegovich Smirnov", "Павел Олегович Смирнов"), ("Olga Nikolayevna Fedorova", "Ольга Николаевна Фёдорова"),
             ("Sergei Alexandrovich Belov", "Сергей Александрович Белов"), ("Anna Dmitriyevna Volkova", "Анна Дмитриевна Волкова")]
IR_PEOPLE = [("Ali Hosseini", "علی حسینی"), ("Maryam Ahmadi", "مریم احمدی"), ("Hamid Rezaei", "حمید رضایی"),
             ("Zahra Mohammadi", "زهرا محمدی")]
INTL_PEOPLE = [("DE", "Katrin Vogelsang", ""), ("IT", "Marco Bellandi", ""), ("TR", "Elif Karakaya", ""),
               ("AE", "Omar Al Mazrouei", "عمر المزروعي"), ("KZ", "Dana Seitkali", "Дана Сейтқали"), ("GB", "Harriet Pemberton", "")]
FILLER_COUNTRIES = ["DE", "DE", "NL", "IT", "IT", "CY", "FI", "TR", "TR", "AE", "AE", "KZ", "KZ", "KG", "AM", "AZ",
                    "HK", "CN", "CN", "RU", "RU", "RU", "IR", "IR", "GB", "US"]


def build_filler(w, n_entities):
    rng = w.rng
    names = {e["name"] for e in w.entities.values()}
    w.filler = []
    people = [("RU", n, a) for n, a in RU_PEOPLE] + [("IR", n, a) for n, a in IR_PEOPLE] + INTL_PEOPLE
    homes = {"RU": "Moscow|Russia", "IR": "Tehran|Iran", "DE": "Hamburg|Germany", "IT": "Bergamo|Italy",
             "TR": "Izmir|Turkiye", "AE": "Sharjah|United Arab Emirates", "KZ": "Karaganda|Kazakhstan", "GB": "Leeds|United Kingdom"}
    for i, (cc, name, alias) in enumerate(people):
        eid = w.add("demo:%s-person-bg%02d" % (cc.lower(), i + 1), "person", name, cc, ["aka:" + alias] if alias else [],
                    birth="%d-%02d-%02d" % (rng.randint(1955, 2000), rng.randint(1, 12), rng.randint(1, 28)),
                    address=[homes[cc]])
        names.add(name)
    n = 0
    while len(w.entities) < n_entities:
        cc = rng.choice(FILLER_COUNTRIES)
        if cc == "RU":
            (st, stc), (f, fc) = rng.choice(RU_STEMS), rng.choice(RU_FORMS)
            city = rng.choice(["Samara", "Voronezh", "Perm", "Rostov-on-Don", "Novosibirsk", "Krasnodar"])

            def make(t):
                return "%s%s %s" % (st, t, f), ["aka:%s «%s%s»" % (fc, stc, t)], "%s|Russia" % city
        elif cc in ("KZ", "KG"):
            st, stc = rng.choice(KZ_STEMS if cc == "KZ" else KG_STEMS)
            f, fc = ("LLP", "ТОО") if cc == "KZ" else ("LLC", "ОсОО")
            city = "%s|%s" % (rng.choice(["Almaty", "Karaganda", "Shymkent"]) if cc == "KZ" else rng.choice(["Bishkek", "Osh"]),
                              "Kazakhstan" if cc == "KZ" else "Kyrgyzstan")

            def make(t):
                return "%s%s %s" % (st, t, f), ["aka:%s «%s%s»" % (fc, stc, t)], city
        elif cc == "IR":
            (st, stf), (se, sef) = rng.choice(IR_STEMS), rng.choice(IR_SECTORS)
            city = "%s|Iran" % rng.choice(["Tehran", "Mashhad", "Tabriz", "Shiraz", "Isfahan"])

            def make(t):
                return "%s%s %s Company" % (st, t, se), ["aka:شرکت %s %s%s" % (sef, stf, t)], city
        elif cc == "CN":
            (st, stc), (se, sec), (ci, cic) = rng.choice(CN_STEMS), rng.choice(CN_SECTORS), rng.choice(CN_CITIES)

            def make(t):
                return ("%s %s%s %s Co., Ltd." % (ci, st, t, se), ["aka:%s%s%s%s有限公司" % (cic, stc, t, sec)], "%s|China" % ci)
        elif cc == "HK":
            (st, stc), (se, sec) = rng.choice(CN_STEMS), rng.choice(CN_SECTORS)

            def make(t):
                return "%s%s %s (HK) Limited" % (st, t, se), ["aka:%s%s%s(香港)有限公司" % (stc, t, sec)], "Kowloon|Hong Kong"
        else:
            stems, forms, cities, cname = LATIN[cc]
            st, f, city = rng.choice(stems), rng.choice(forms), "%s|%s" % (rng.choice(cities), cname)

            def make(t):
                return "%s%s %s" % (st, t, f), [], city
        name, aliases, addr = make("")
        k = 1
        while name in names:
            k += 1
            name, aliases, addr = make("-%d" % k)
        names.add(name)
        n += 1
        slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower().split(" co.,")[0]).strip("-")
        while "--" in slug:
            slug = slug.replace("--", "-")
        eid = "demo:%s-co-%s" % (cc.lower(), slug[:40].strip("-"))
        inc = "%d-%02d-%02d" % (rng.randint(1992, 2019), rng.randint(1, 12), rng.randint(1, 28))
        ids = []
        if cc == "RU":
            ids = ["inn:" + inn10("%09d" % rng.randint(10 ** 8, 10 ** 9 - 1)),
                   "ogrn:" + ogrn13("1%02d%09d" % (rng.randint(2, 19), rng.randint(0, 10 ** 9 - 1)))]
        else:
            ids = ["registration:%s-%07d" % (cc, rng.randint(10 ** 6, 10 ** 7 - 1))]
        if rng.random() < 0.25:
            ids.append("lei:" + w.lei(eid))
        w.add(eid, "company", name, cc, aliases, ids, inc=inc, address=["%d %s" % (rng.randint(1, 200), addr)])
        w.filler.append(eid)


# --------------------------------------------------------------------------- planted payments

def build_planted_payments(w):
    P = w.pay
    # bank shorthands
    VTK, VLZ, UPS, KAM = ("demo:ru-bank-vneshtorgkredit", "demo:ru-bank-volzhsky", "demo:ru-bank-uralpromstroy",
                          "demo:ru-bank-kamsky")
    VTK_AM, VTK_KZ = "demo:am-bank-vneshtorgkredit-yerevan", "demo:kz-bank-vneshtorgkredit-kz"
    SMB, ALD, AVC, BVP, TSH = ("demo:kz-bank-zhaiyk-meridian", "demo:kz-bank-altyn-dala", "demo:am-bank-hrazdan-valley",
                               "demo:by-bank-belvneshprom", "demo:kg-bank-tian-shan")
    SHR, SPT, ARY = "demo:ir-bank-shahrvand", "demo:ir-bank-sepehr-tejarat", "demo:ir-bank-arya-tosee"
    GFC, DUN, BSP, HRP = ("demo:ae-bank-gulf-crescent", "demo:ae-bank-dune-national", "demo:tr-bank-galata",
                          "demo:hk-bank-harbour-pacific")
    HHB, JNH = "demo:cn-bank-heihe-borderland", "demo:cn-bank-jinhai"
    RHL, RHL_AE, ZDZ, BLN, LMS, SAI, TMS, HDA = (
        "demo:de-bank-rheinland", "demo:de-bank-rheinland-ae", "demo:nl-bank-zuiderzee", "demo:it-bank-lombarda-nord",
        "demo:cy-bank-limassol-merchant", "demo:fi-bank-saimaa", "demo:gb-bank-thames-clearing", "demo:us-bank-hudson-atlantic")
    volga, tula, baltic, kazan = ("demo:ru-co-volga-avtokomponent", "demo:ru-co-tula-priborimport",
                                  "demo:ru-co-baltic-elektron", "demo:ru-co-kazan-retail")

    # A1 SPFS cross-border
    P("PAY-A1-01", D(2023, 4, 12), volga, "demo:kz-co-nurly-trade", VLZ, SMB, "SPFS", "RUB", 4850000.00,
      "Payment for auto components, contract NT-17/23")
    P("PAY-A1-02", D(2024, 2, 6), tula, "demo:am-co-sevan-systems", KAM, AVC, "SPFS", "RUB", 2316400.00,
      "Prepayment 50% spec. 4 to contract SS-2024/02")
    P("PAY-A1-03", D(2023, 9, 19), baltic, "demo:by-co-minsk-optoelektronika", VLZ, BVP, "SPFS", "RUB", 7120000.00,
      "Optoelectronic modules, contract MO-221")
    P("PAY-A1-04", D(2024, 12, 5), volga, "demo:kg-co-ala-too-import", VLZ, TSH, "SPFS", "RUB", 1980500.00,
      "Payment for goods under contract AT-2024-12")
    P("PAY-A1-N1", D(2024, 3, 14), volga, kazan, VLZ, KAM, "SPFS", "RUB", 845300.00, "Payment for goods, invoice 1143")
    # EU-scope payments to the Kyrgyz bank after and before it joins the EU list of SPFS users (2025-02-24)
    P("PAY-A1-05", D(2025, 3, 5), "demo:de-co-elbe-mikrosysteme", "demo:kg-co-ala-too-import", "demo:de-bank-rheinland", TSH,
      "SWIFT", "EUR", 80000.00, "Refund of prepayment, contract EMS-AT-2023/03", reference="EMS-AT-2023/03")
    P("PAY-A1-N2", D(2025, 2, 20), "demo:de-co-elbe-mikrosysteme", "demo:kg-co-ala-too-import", "demo:de-bank-rheinland", TSH,
      "SWIFT", "EUR", 80000.00, "Partial refund, contract EMS-AT-2023/03", reference="EMS-AT-2023/03")
    w.case("A1", "EU-scope payment (German payer and bank) to a customer of Tian Shan Commercial Bank, on the EU list of SPFS users from 2025-02-24",
           "PAY-A1-05 (2025-03-05)", "A1 critical (eu_listed_spfs_user)", "PAY-A1-N2 (same payment on 2025-02-20, before the listing): no A1")
    w.case("A1", "SPFS message with a non-Russian bank leg (KZ, AM, BY; KG bank first seen on SPFS 2024-12-05, after the 2024-11-21 OFAC alert)",
           "PAY-A1-01..04", "A1 high on each; PAY-A1-04 also `joined_after_alert`",
           "PAY-A1-N1 and all background RU-RU SPFS payments (domestic use): no A1")
    w.case("A1", "Risk attribute `spfs_member_since` (info): the date of a foreign bank's first SPFS message, sent or received, as of the audit date",
           "demo:kg-bank-tian-shan (PAY-A1-04)", "A1 info on the bank: Tian Shan Commercial Bank OJSC (KG) first used SPFS on 2024-12-05",
           "Russian banks (Volzhsky and every other bank at home on SPFS): no attribute")

    # A2 SEPAM-SPFS bridge
    P("PAY-A2-01", D(2023, 6, 20), "demo:ir-co-tabriz-steel-import", "demo:ru-co-magnitka-steel-trade", SHR, VTK, "SEPAM",
      "RUB", 12640000.00, "Hot-rolled steel coils, contract TF/MST-0523")
    P("PAY-A2-02", D(2024, 8, 7), "demo:ru-co-tatprom-elektronika", "demo:ir-co-pars-sanat-havayi", VTK, SPT, "SPFS",
      "RUB", 38500000.00, "Technical services agreement 2024/PSH-07")
    P("PAY-A2-03", D(2025, 2, 11), "demo:ir-co-gilan-agro", "demo:ru-co-astrakhan-grain", ARY, VLZ, "SEPAM", "RUB",
      9410000.00, "Milling wheat, 3,000 t, contract GA-AG-25/1")
    P("PAY-A2-N1", D(2024, 5, 22), "demo:ir-co-gilan-agro", "demo:ir-co-kish-trading", ARY, SHR, "SEPAM", "IRR",
      18400000000.00, "Domestic purchase of packaging")
    w.case("A2", "SEPAM-SPFS bridge: Iranian bank <-> Russian bank messages (after the Jan 2023 link-up)",
           "PAY-A2-01..03", "A2 critical/high; PAY-A2-02 also A1 and listed parties (Vneshtorgkredit, Pars Sanat Havayi, Tatprom)",
           "PAY-A2-N1 (IR-IR SEPAM, domestic): no A2 (still an Iran-jurisdiction payment)")

    # A3 Mir-Shetab card link
    karimi, sokolov = "demo:ir-person-farzaneh-karimi", "demo:ru-person-dmitry-sokolov"
    P("PAY-A3-01", D(2024, 12, 9), karimi, kazan, ARY, KAM, "SHETAB", "RUB", 18400.00, "POS purchase, Kazan")
    P("PAY-A3-02", D(2024, 12, 10), karimi, karimi, ARY, KAM, "SHETAB", "RUB", 30000.00, "ATM cash withdrawal, Kazan")
    P("PAY-A3-03", D(2024, 12, 16), karimi, "demo:ru-co-moscow-hotel-arbat", ARY, VLZ, "SHETAB", "RUB", 52750.00,
      "Hotel stay, Moscow")
    P("PAY-A3-04", D(2025, 5, 20), sokolov, "demo:ir-co-isfahan-naghsh-hotel", VLZ, SHR, "MIR", "RUB", 64200.00,
      "Hotel stay, Isfahan (NFC)")
    P("PAY-A3-N1", D(2025, 5, 5), sokolov, "demo:ru-co-moscow-hotel-arbat", VLZ, VLZ, "MIR", "RUB", 41800.00, "Hotel stay, Moscow")
    w.case("A3", "Mir-Shetab interlink: Shetab card used in Russia (Dec 2024), Mir card used in Iran (May 2025)",
           "PAY-A3-01..04", "A3 medium (individual spend; issuer and acquirer in {IR,RU}, different countries)",
           "PAY-A3-N1 and background domestic MIR / SHETAB card payments: no A3")

    # A5 CIPS RMB corridor (Uralpromstroybank listed by OFAC on 2024-11-21: listing day inclusive)
    yuanda = "demo:cn-co-heihe-yuanda"
    P("PAY-A5-01", D(2023, 11, 8), tula, yuanda, UPS, HHB, "CIPS", "CNY", 3260000.00,
      "Contract HY-2023-118, electronic components")
    P("PAY-A5-02", D(2024, 11, 20), tula, yuanda, UPS, HHB, "CIPS", "CNY", 1845000.00, "Contract HY-2024-071")
    P("PAY-A5-03", D(2024, 11, 21), tula, yuanda, UPS, HHB, "CIPS", "CNY", 2200000.00, "Contract HY-2024-072")
    P("PAY-A5-04", D(2025, 3, 3), yuanda, volga, HHB, VLZ, "CIPS", "CNY", 410000.00, "Refund of overpayment, contract HY-2025-009")
    P("PAY-A5-N1", D(2024, 6, 12), "demo:cn-co-ningbo-haiyun", "demo:hk-co-lianhe-tongda", JNH, HRP, "CIPS", "CNY",
      286000.00, "Purchase of kitchenware")
    w.case("A5", "CIPS RMB payments between a Russian bank and a small Heilongjiang border bank",
           "PAY-A5-01..04", "A5 medium; PAY-A5-03 and later also a listed bank leg (Uralpromstroybank SDN from 2024-11-21); PAY-A5-02 (day before) not",
           "PAY-A5-N1 (CN->HK CIPS, no RU/IR leg): no A5")

    # A6 Iran shadow banking via a new UAE exchange house linked to a designated Iranian sarraf
    noor = "demo:ae-co-noor-alkhaleej-exchange"
    P("PAY-A6-01", D(2024, 2, 15), noor, "demo:hk-co-lianhe-tongda", DUN, HRP, "SWIFT", "USD", 1250000.00,
      "Settlement petrochemical cargo ref NKX-0214", [HDA])
    P("PAY-A6-02", D(2024, 9, 17), noor, "demo:cn-co-shenzhen-kaixin", DUN, JNH, "SWIFT", "USD", 480000.00,
      "Purchase of electronic parts on behalf of client", [HDA])
    P("PAY-A6-03", D(2024, 10, 2), "demo:hk-co-lianhe-tongda", noor, HRP, DUN, "SWIFT", "USD", 750000.00,
      "Methanol sale proceeds, B/L 2409-AMR", [HDA])
    P("PAY-A6-N1", D(2024, 3, 11), "demo:ae-co-emirates-gold-exchange", "demo:ae-co-desert-rose-trading", GFC, DUN,
      "OTHER", "AED", 86420.50, "Payroll card top-up March 2024")
    w.case("A6", "Iran shadow banking: UAE exchange house (incorporated 2023, associate of SDN Ferdows Exchange) paying/receiving for a new HK trading company; petrochemical purpose texts",
           "PAY-A6-01..03", "A6 high (young exchange house without web presence, associate of the designated Ferdows Exchange)",
           "PAY-A6-N1 (exchange house since 1998, no Iran link, payroll purpose): no A6")

    # A7 third-party payer (payment for shipment SHP-A7-01 comes from an unrelated HK company)
    P("PAY-A7-01", D(2024, 3, 1), "demo:hk-co-victoria-peak-trading", "demo:nl-co-polder-precision", HRP, ZDZ, "SWIFT",
      "EUR", 186400.00, "INV PPI-2024-0311 for account of Zhetysu Instruments", [RHL])
    P("PAY-A7-N1", D(2024, 4, 2), "demo:kz-co-astana-tech-supply", "demo:nl-co-polder-precision", ALD, ZDZ, "SWIFT",
      "EUR", 74150.00, "INV PPI-2024-0402", [RHL])
    w.case("A7", "Third-party payer: HK company pays the NL exporter for oscilloscopes (CHP 903020) shipped to a KZ consignee",
           "PAY-A7-01 + SHP-A7-01", "A7 high (CHP goods, KZ hub)",
           "PAY-A7-N1 + SHP-A7-N1 (consignee pays its own invoice): no A7")

    # A8 nested correspondent: Russian originators behind third-country respondent banks
    P("PAY-A8-01", D(2023, 7, 18), baltic, "demo:tr-co-marmara-elektronik", SMB, BSP, "SWIFT", "USD", 264000.00,
      "Payment for electronic components, contract ME-0623", [HDA])
    P("PAY-A8-02", D(2024, 1, 23), volga, "demo:cn-co-shenzhen-kaixin", AVC, JNH, "SWIFT", "USD", 173500.00,
      "Ordering institution VLZHRU2N; contract SK-2401", [VLZ, HDA])
    P("PAY-A8-N1", D(2024, 1, 24), "demo:kz-co-kostanay-grain", "demo:it-co-torino-macchine", SMB, BLN, "SWIFT", "EUR",
      58200.00, "Grain dryer spare parts, INV TMU-24-0117", [RHL])
    w.case("A8", "Nested correspondent: Russian originators paying through KZ and AM respondent banks (RU ordering institution in the chain)",
           "PAY-A8-01, PAY-A8-02", "A8 high",
           "PAY-A8-N1 (Kazakh customer of a Kazakh bank): no A8")

    # E4 foreign branch / subsidiary of a sanctioned Russian bank
    P("PAY-E4-01", D(2024, 4, 22), "demo:am-co-sevan-systems", "demo:de-co-elbe-mikrosysteme", VTK_AM, RHL, "SWIFT",
      "EUR", 94300.00, "Prepayment INV EMS-24-0418")
    P("PAY-E4-02", D(2023, 10, 10), "demo:kz-co-kaspiy-metal-trade", "demo:tr-co-marmara-elektronik", VTK_KZ, BSP,
      "SWIFT", "USD", 61250.00, "Payment for goods, INV 2023/1004", [HDA])
    P("PAY-E4-N1", D(2024, 4, 23), "demo:am-co-yerevan-precision", "demo:de-co-elbe-mikrosysteme", AVC, RHL, "SWIFT",
      "EUR", 51800.00, "INV EMS-24-0419")
    P("PAY-E4-N2", D(2024, 5, 2), "demo:ae-co-palm-gate-logistics", "demo:de-co-elbe-mikrosysteme", RHL_AE, RHL, "SWIFT",
      "EUR", 22400.00, "Freight forwarding fees April")
    P("PAY-E4-03", D(2024, 9, 12), "demo:tr-co-marmara-elektronik", "demo:am-co-sevan-systems", BSP, VTK_AM, "SWIFT",
      "USD", 43800.00, "Commission for market research, agreement SS-MR-2024", [HDA], reference="SS-MR-2024")
    P("PAY-E4-04", D(2024, 2, 27), "demo:hk-co-victoria-peak-trading", "demo:kz-co-kaspiy-metal-trade", HRP, ALD, "SWIFT",
      "USD", 158000.00, "Ferro-alloys, contract KMT-VP-24/02", [HDA, VTK_KZ], reference="KMT-VP-24/02")
    w.case("E4", "Foreign branch (VTKRAM22, Yerevan) and subsidiary (VTKRKZKA, Almaty) of the SDN Vneshtorgkredit Bank as sending, receiving and intermediary bank",
           "PAY-E4-01 (sender), PAY-E4-02 (sender), PAY-E4-03 (receiver), PAY-E4-04 (intermediary)", "E4 critical (leg treated as the blocked parent)",
           "PAY-E4-N1 (independent Armenian bank), PAY-E4-N2 (Dubai branch of an unsanctioned German bank): no E4")

    # Front company sharing address and director with an SDN
    P("PAY-F-01", D(2024, 10, 8), "demo:ae-co-silverline-general-trading", "demo:cn-co-shenzhen-kaixin", GFC, JNH, "SWIFT",
      "USD", 312000.00, "Spare parts for petrochemical plant, PO SL-2410", [HDA])
    P("PAY-F-02", D(2024, 11, 19), "demo:nl-co-dunmere-trading", "demo:ae-co-silverline-general-trading", ZDZ, GFC,
      "SWIFT", "USD", 145000.00, "Commission agreement 2024-11", [HDA])
    P("PAY-F-N1", D(2024, 10, 9), "demo:ae-co-desert-rose-trading", "demo:cn-co-ningbo-haiyun", DUN, JNH, "SWIFT", "USD",
      96500.00, "Household goods, PO DR-2410", [HDA])
    w.case("FRONT", "Front company Silverline General Trading (inc. 2023) shares office 1907 Al Moosa Tower 2 and director Bahram Rostami (SDN) with Crescent Star Petrochemical (SDN)",
           "demo:ae-co-silverline-general-trading (PAY-F-01, PAY-F-02)", "front_company_shared_identity high on the entity; PAY-F-02 also B1 (Dunmere blocked via chain)",
           "PAY-F-N1 (Desert Rose: same tower, different unit and tower number, no shared director): no alert")

    # B: ownership; all paid by the same UK supplier on 2024-06-03 (SWIFT)
    ald = "demo:gb-co-aldwych-supplies"
    targets = [
        ("B1-A", "demo:cy-co-kestrine-holdings", LMS, "blocked OFAC/EU (Voronin 50%); UK no (needs >50%)"),
        ("B1-B", "demo:nl-co-dunmere-trading", ZDZ, "blocked OFAC/EU via blocked Kestrine 50% (never 25%); UK no"),
        ("B1-C", "demo:it-co-ferrara-componenti", BLN, "blocked OFAC/EU: 10% Voronin + 40% blocked Kestrine = 50%"),
        ("B1-D", "demo:fi-co-karelia-logistics", SAI, "blocked OFAC and EU: two listed owners 25% + 25%; UK no (no aggregation, only one UK-listed owner)"),
        ("B1-E", "demo:ae-co-sandstone-holdings", GFC, "B5 high (40 <= sum < 50), not blocked"),
        ("B1-F", "demo:kz-co-aral-logistics", SMB, "NOT blocked: 100% owned by non-blocked Sandstone (Voronin's 40% does not pass through)"),
        ("B5-G", "demo:de-co-havel-industrietechnik", RHL, "B5 high (49.9%), not blocked"),
        ("B2-H", "demo:de-co-spreewald-anlagenbau", RHL, "exactly 50%: OFAC yes, EU yes (>=50%), UK no (>50%)"),
        ("B4-I", "demo:cy-co-paphos-maritime", LMS, "control without ownership (Zorin board_majority): EU/UK yes, OFAC no (B4 caution)"),
        ("B1-J", "demo:cy-co-troodos-ventures", LMS, "cycle Troodos<->Waddenzee; Voronin 50% -> blocked"),
        ("B1-K", "demo:nl-co-waddenzee-capital", ZDZ, "cycle: 60% by blocked Troodos -> blocked; evaluator must terminate"),
        ("B1-L", "demo:tr-co-anatolia-yatirim", BSP, "unlisted cycle (50%/50%): NOT blocked, must terminate"),
        ("B1-M", "demo:tr-co-ege-holding", BSP, "unlisted cycle: NOT blocked"),
        ("B1-U", "demo:ae-co-falcon-crest-trading", GFC, "unknown share held by SDN Sevzapstroy: possibly blocked (tri-state)"),
    ]
    for code, eid, bank, _ in targets:
        eur = w.entities[eid]["country"] in EU
        P("PAY-%s" % code, D(2024, 6, 3), ald, eid, TMS, bank, "SWIFT", "EUR" if eur else "USD", 10000.00,
          "Supplier payment INV AIS-2406", [] if eur else [HDA])
    for code, eid, _, expect in targets:
        near = "NOT blocked" in expect and "B5" not in expect
        w.case(code.split("-")[0], "Ownership/control: payment to %s (%s)" % (w.entities[eid]["name"], code),
               "PAY-%s (10,000, 2024-06-03)" % code, "—" if near else expect, expect if near else "—")

    # B6 time validity: Tarasov listed 2022-06-02, delisted 2024-03-15 (exclusive)
    P("PAY-B6-01", D(2023, 6, 15), ald, "demo:it-co-adriatica-shipping", TMS, BLN, "SWIFT", "EUR", 15000.00, "Port agency fees")
    P("PAY-B6-02", D(2024, 4, 2), ald, "demo:it-co-adriatica-shipping", TMS, BLN, "SWIFT", "EUR", 30000.00, "Port agency fees")
    P("PAY-B6-03", D(2022, 5, 31), ald, "demo:it-co-adriatica-shipping", TMS, BLN, "SWIFT", "EUR", 12000.00, "Port agency fees")
    w.case("B6", "Delisted owner: Tarasov (75% of Adriatica Shipping) listed 2022-06-02, delisted 2024-03-15",
           "PAY-B6-01", "B1 critical (in window)", "PAY-B6-02 (after delisting) and PAY-B6-03 (before listing): no B1")

    # link payments for shipments (C1 payer, E6)
    P("PAY-C1-01", D(2023, 9, 12), tula, "demo:ae-co-palm-gate-logistics", KAM, GFC, "SWIFT", "AED", 1671000.00,
      "Payment for electronic components, INV PGL-2309-44")

    # ---- cases that use the issue-7 columns (ordering_bic, reference, channel)
    # A3 card operations: a corporate Shetab card used 14 times in Moscow within four weeks (~USD 14,000);
    # an Iranian tourist's single small ATM withdrawal (A3 at medium only)
    sahand, tver = "demo:ir-co-sahand-kala", "demo:ru-co-kitaygorod-retail"
    corp = [(2, "atm", 150000), (3, "pos", 48600), (6, "atm", 150000), (8, "pos", 92300), (9, "atm", 120000),
            (12, "pos", 61750), (14, "atm", 150000), (15, "ecom", 38900), (17, "atm", 100000), (20, "pos", 84200),
            (22, "atm", 150000), (23, "pos", 57450), (27, "atm", 120000), (28, "pos", 77800)]
    for i, (day, ch, amt) in enumerate(corp, start=1):
        bene = VLZ if ch == "atm" else (tver if ch == "pos" else "demo:ru-co-moscow-hotel-arbat")
        P("PAY-A3-C%02d" % i, D(2025, 1, day), sahand, bene, SPT, VLZ if ch != "pos" else KAM, "SHETAB", "RUB", amt,
          {"atm": "ATM cash withdrawal, Moscow", "pos": "POS purchase, Moscow", "ecom": "Online booking, Moscow"}[ch],
          channel=ch)
    P("PAY-A3-05", D(2025, 1, 15), "demo:ir-person-shirin-tavakoli", VLZ, SHR, VLZ, "SHETAB", "RUB", 25000.00,
      "ATM cash withdrawal, Kazan", channel="atm")
    w.case("A3", "Mir-Shetab card link with the card columns: a corporate Shetab card (Sahand Kala) used 14 times in Moscow in January 2025, RUB 1.4 million (~USD 14,000) in four weeks",
           "PAY-A3-C01..C14", "A3 high on at least one operation (corporate cardholder; 30-day aggregate over USD 10,000)",
           "PAY-A3-05 (Iranian tourist, one RUB 25,000 ATM withdrawal): A3 medium at most, never high")

    # A5 second corridor: Russian timber exporter paid in CNY over CIPS by a Heihe border trader
    P("PAY-A5-05", D(2024, 9, 24), yuanda, "demo:ru-co-amur-lesexport", HHB, KAM, "CIPS", "CNY", 1286000.00,
      "Sawn larch timber, contract AL-HY-2024/09", reference="AL-HY-2024/09")
    w.case("A5", "CIPS RMB payment from the Heihe border bank to a Russian timber exporter's Russian bank",
           "PAY-A5-05", "A5 medium", "PAY-A5-N1 (CN->HK CIPS): no A5")

    # A6 second exchange house: Istanbul, incorporated 2023, run by the director of the designated Ferdows Exchange
    P("PAY-A6-04", D(2024, 11, 6), "demo:tr-co-zerdali-kapi-doviz", "demo:cn-co-heihe-yuanda", BSP, JNH, "SWIFT", "USD",
      640000.00, "Settlement urea cargo on behalf of principal, ref KD-1106", [HDA])
    w.case("A6", "Iran shadow banking: Istanbul exchange house (incorporated 2023-09, director Reza Moradi of the SDN Ferdows Exchange) settling a urea cargo",
           "PAY-A6-04", "A6 high", "PAY-A6-N1: no A6")

    # A7 second case: a new UAE trader pays for microcontrollers consigned to a Kazakh office-supplies company
    P("PAY-A7-02", D(2023, 9, 26), "demo:ae-co-qasr-alwadi-trading", "demo:de-co-elbe-mikrosysteme", GFC, RHL, "SWIFT",
      "EUR", 184000.00, "Payment contract EMS-POL-2023-14 for account of buyer", reference="EMS-POL-2023-14")
    P("PAY-C1-02", D(2024, 7, 1), "demo:ru-co-uralsk-radiodetal", "demo:de-co-elbe-mikrosysteme", BVP, RHL, "SWIFT", "EUR",
      96400.00, "Prepayment contract EMS-PGL-2024-07", reference="EMS-PGL-2024-07")
    w.case("A7", "Third-party payers: a UAE trader (inc. 2023) pays a German exporter for microcontrollers consigned to a Kazakh office-supplies company; a Russian company pays for ICs consigned to a Dubai forwarder",
           "PAY-A7-02 + SHP-C2-05; PAY-C1-02 + SHP-C1-06", "A7 high (CHP goods, hub consignee)",
           "PAY-A7-N1 (the consignee pays its own invoice) and background payments by the buyer with the contract reference: no A7")

    # A8 with the ordering-institution column: Russian and Iranian ordering banks behind third-country respondents
    w.case("A8", "Nested correspondent with `ordering_bic`: Iranian ordering bank (Sepehr Tejarat) behind a UAE respondent paying a Malaysian polymer trader",
           "PAY-A8-03", "A8 high", "PAY-A8-N2 (Kazakh ordering bank behind a Turkish respondent): no A8")
    P("PAY-A8-03", D(2024, 6, 11), "demo:ir-co-bandar-petrochem-supply", "demo:my-co-straits-polymer", DUN,
      "demo:my-bank-selat-merchant", "SWIFT", "USD", 418000.00, "Polymer feedstock, INV SPR-24-061", [HDA],
      ordering=SPT, reference="SPR-24-061")
    P("PAY-A8-N2", D(2024, 6, 12), "demo:kz-co-zhetysu-instruments", "demo:de-co-elbe-mikrosysteme", BSP, RHL, "SWIFT",
      "EUR", 21300.00, "INV EMS-24-0605", ordering=ALD, reference="EMS-24-0605")

    # front companies: phone shared with the SDN Jade Harbour; address shared with the SDN Sevzapstroy
    P("PAY-F-03", D(2024, 9, 10), "demo:hk-co-kowloon-bayview", "demo:cn-co-shenzhen-kaixin", HRP, JNH, "SWIFT", "USD",
      88600.00, "GNSS modules, PO KB-0910", [HDA])
    P("PAY-F-04", D(2024, 3, 5), "demo:ru-co-nevsky-stroytekhnika", "demo:ru-co-volga-avtokomponent", KAM, VLZ, "SPFS",
      "RUB", 3120000.00, "Construction machinery rental, contract NS-24/03")
    P("PAY-F-N2", D(2024, 3, 6), "demo:ru-co-alabuga-facility", "demo:ru-co-kazan-retail", KAM, VLZ, "SPFS", "RUB",
      412000.00, "Canteen supplies, February 2024")
    P("PAY-F-N3", D(2024, 5, 14), "demo:ae-co-oasis-line-trading", "demo:cn-co-ningbo-haiyun", DUN, JNH, "SWIFT", "USD",
      38200.00, "Household goods, PO OL-0514", [HDA])
    w.case("FRONT", "Front companies with the phone column: Kowloon Bayview Components (inc. 2024-03) shares its phone number (written differently) with the SDN Jade Harbour Electronics; Nevsky Stroytekhnika (inc. 2023) is registered at the SDN Sevzapstroy's address",
           "demo:hk-co-kowloon-bayview (PAY-F-03), demo:ru-co-nevsky-stroytekhnika (PAY-F-04)", "front_company_shared_identity high",
           "Alabuga Facility Services (PAY-F-N2: since 2009 at the SDN Tatprom's address, not a new company); Oasis Line Trading (PAY-F-N3: shares a phone with the undesignated Desert Rose): no alert")


# --------------------------------------------------------------------------- planted shipments

CHP6 = set("""854231 854232 854233 854239 851762 852691 853221 853224 854800 847150 850440 851769 852589 852910
852990 853669 853690 854110 854121 854129 854130 854149 854151 854159 854160 848210 848220 848230 848250 880730
901310 901380 901420 901480 847180 848610 848620 848640 853400 854320 902750 903020 903032 903039 903082 845710
845811 845891 845961 846693""".split())
assert len(CHP6) == 50


def build_planted_shipments(w):
    S = w.ship
    elbe, polder, torino, lakeland, ruhr = ("demo:de-co-elbe-mikrosysteme", "demo:nl-co-polder-precision",
                                            "demo:it-co-torino-macchine", "demo:fi-co-lakeland-bearings",
                                            "demo:de-co-ruhr-schlauchtechnik")
    palm, marmara, nurly, astana = ("demo:ae-co-palm-gate-logistics", "demo:tr-co-marmara-elektronik",
                                    "demo:kz-co-nurly-trade", "demo:kz-co-astana-tech-supply")
    volga, tula, baltic, tatprom = ("demo:ru-co-volga-avtokomponent", "demo:ru-co-tula-priborimport",
                                    "demo:ru-co-baltic-elektron", "demo:ru-co-tatprom-elektronika")
    kaixin, jade, psh, kish = ("demo:cn-co-shenzhen-kaixin", "demo:hk-co-jade-harbour-electronics",
                               "demo:ir-co-pars-sanat-havayi", "demo:ir-co-kish-trading")
    lianhe, ningbo = "demo:hk-co-lianhe-tongda", "demo:cn-co-ningbo-haiyun"

    # C1 CHP item via a transshipment hub (AE, TR) with Russian end user / onward shipment within 90 days
    S("SHP-C1-01", D(2023, 8, 14), elbe, palm, "854231", "Microcontrollers, 32-bit ARM Cortex-M4, 40,000 pcs", 412800, "EUR",
      "DE", "AE", mode="air", end_user=tula)
    S("SHP-C1-02", D(2023, 9, 20), palm, tula, "85423190", "Microcontrollers (re-export)", 455000, "USD", "DE", "RU",
      mode="air")
    S("SHP-C1-03", D(2024, 1, 10), lakeland, marmara, "848210", "Deep-groove ball bearings, 6204-2RS", 98700, "EUR", "FI", "TR",
      mode="sea")
    S("SHP-C1-04", D(2024, 2, 21), marmara, volga, "848210", "Ball bearings", 121300, "USD", "FI", "RU", ["GE"], "road")
    S("SHP-C1-N1", D(2023, 8, 16), ruhr, palm, "400921", "Rubber hoses, reinforced with metal", 38400, "EUR", "DE", "AE", mode="sea")
    S("SHP-C1-N2", D(2023, 9, 22), palm, tula, "400921", "Rubber hoses (re-export)", 44100, "USD", "DE", "RU", mode="sea")
    w.case("C1", "CHP items (854231 tier 1, 848210 tier 3.B) to AE/TR hubs, onward to Russia within 90 days / Russian end user",
           "SHP-C1-01 -> SHP-C1-02 (37 days); SHP-C1-03 -> SHP-C1-04 (42 days); payer PAY-C1-01 from RU",
           "C1 critical (tier 1) / high (tier 3.B); SHP-C1-02/04 are CHP exports to RU",
           "SHP-C1-N1 -> SHP-C1-N2 (non-CHP 400921 rubber hoses, same route): no C1")

    # C2 EAEU internal border: DE/IT -> KZ, then KZ -> RU, same HS heading within 90 days
    S("SHP-C2-01", D(2024, 5, 6), elbe, nurly, "854232", "DRAM memory ICs", 268000, "EUR", "DE", "KZ", ["TR"], "air")
    S("SHP-C2-02", D(2024, 6, 18), nurly, baltic, "854232", "Memory integrated circuits", 301500, "USD", "DE", "RU", mode="rail")
    S("SHP-C2-03", D(2024, 9, 2), torino, nurly, "845811", "CNC horizontal lathe TMU-HL450", 689000, "EUR", "IT", "KZ",
      ["TR", "GE", "AZ"], "sea")
    S("SHP-C2-04", D(2024, 11, 15), nurly, tula, "845811", "CNC lathe, used", 720000, "USD", "IT", "RU", mode="rail")
    S("SHP-C2-N1", D(2024, 5, 8), ruhr, astana, "400921", "Hydraulic rubber hoses", 27300, "EUR", "DE", "KZ", ["TR", "GE", "AZ"], "road")
    S("SHP-C2-N2", D(2024, 6, 20), astana, volga, "400921", "Hydraulic rubber hoses", 29900, "USD", "DE", "RU", mode="rail")
    S("SHP-C2-N3", D(2024, 7, 1), elbe, astana, "854239", "Integrated circuits for PLC panels", 52100, "EUR", "DE", "KZ", ["TR"], "air")
    S("SHP-C2-N4", D(2023, 1, 10), polder, nurly, "903020", "Digital oscilloscopes", 64000, "EUR", "NL", "KZ", ["TR"], "air")
    S("SHP-C2-N5", D(2023, 6, 20), nurly, baltic, "903020", "Oscilloscopes", 71000, "USD", "NL", "RU", mode="rail")
    w.case("C2", "EAEU internal border: CHP goods DE/IT -> KZ, then KZ -> RU by rail (no customs border) within 90 days, same HS heading",
           "SHP-C2-01 -> SHP-C2-02 (43 days); SHP-C2-03 -> SHP-C2-04 (74 days)", "C2 high (and C1 for the same pair)",
           "SHP-C2-N1 -> N2 (non-CHP item to KZ); SHP-C2-N3 (CHP to an established KZ distributor, no onward); SHP-C2-N4 -> N5 (onward after 161 days): no C2")

    # C3 consignee incorporated after 2022-02-24
    S("SHP-C3-01", D(2023, 3, 15), elbe, "demo:kg-co-ala-too-import", "853224", "Multilayer ceramic capacitors, 2 million pcs",
      143000, "EUR", "DE", "KG", ["TR"], "air")
    S("SHP-C3-02", D(2023, 11, 20), lakeland, "demo:am-co-sevan-systems", "848220", "Tapered roller bearings", 87600, "EUR",
      "FI", "AM", ["TR", "GE"], "road")
    S("SHP-C3-N1", D(2023, 3, 16), elbe, "demo:am-co-yerevan-precision", "854239", "Integrated circuits", 61200, "EUR",
      "DE", "AM", ["TR", "GE"], "air")
    w.case("C3", "CHP items to consignees incorporated after the invasion (Ala-Too Import KG 2022-07-18; Sevan Systems AM 2022-10-03)",
           "SHP-C3-01, SHP-C3-02", "C3 high",
           "SHP-C3-N1 (Yerevan Precision, electronics distributor since 2015): no C3")

    # A7 shipments
    S("SHP-A7-01", D(2024, 3, 5), polder, "demo:kz-co-zhetysu-instruments", "903020", "Digital storage oscilloscopes, 4-channel",
      186400, "EUR", "NL", "KZ", ["TR"], "air")
    S("SHP-A7-N1", D(2024, 4, 4), polder, astana, "902780", "Laboratory pH meters", 74150, "EUR", "NL", "KZ", ["TR"], "air")

    # E1 UAV components to Iran (directly and via HK / TR)
    S("SHP-E1-01", D(2023, 2, 8), kaixin, jade, "852691", "GNSS receiver modules, multi-band", 96000, "USD", "CN", "HK", mode="road")
    S("SHP-E1-02", D(2023, 3, 1), jade, psh, "852691", "GNSS modules", 138000, "USD", "CN", "IR", ["AE"], "air")
    S("SHP-E1-03", D(2024, 4, 17), kaixin, psh, "880730", "Carbon-fibre wing sections and servo linkages for UAV", 244000,
      "USD", "CN", "IR", ["AE"], "sea")
    S("SHP-E1-04", D(2024, 7, 23), marmara, kish, "850131", "DC servo motors, 200 W", 57800, "USD", "CN", "IR", mode="road",
      end_user=psh)
    S("SHP-E1-N1", D(2024, 7, 24), kaixin, elbe, "850131", "DC motors, 200 W, for packaging machines", 41200, "USD", "CN", "DE",
      mode="sea")
    w.case("E1", "UAV components (GNSS modules, UAV parts, servo motors) to an SDN Iranian UAV maker, direct and via HK/TR",
           "SHP-E1-01..04", "E1 critical (IR destination or end user; SHP-E1-01: the Hong Kong consignee's director is Iranian and it ships the modules on to Iran)",
           "SHP-E1-N1 (same motors to a German machine builder): no E1")
    w.case("E1", "UAV-relevant items (microcontrollers, capacitors, FPGAs) to an intermediary in a procurement hub (CN/HK, AE, TR, Central Asia) that is young, faceless or ships the heading on to Russia, Belarus or Iran within 90 days, with no Iranian link on the shipment: the catalog's E1 high",
           "SHP-C2-05 (Pavlodar Office Line, thin web presence, on to Russia), SHP-C3-01 (Ala-Too Import, thin), SHP-C1-06 (Palm Gate Logistics, thin); also SHP-C1-01, SHP-C1-05 and SHP-C3-N2 (Marina Circuit, incorporated a year before)",
           "E1 high (iran_uav_component_via_hub_intermediary); never beside E1 critical on the same shipment",
           "SHP-C2-N3 (established Kazakh distributor with a normal web presence, nothing shipped on), SHP-C3-N1 (Armenia is not a procurement hub of the advisory): no E1")

    # E2 Caspian / INSTC sensitive cargo
    S("SHP-E2-01", D(2023, 6, 12), psh, tatprom, "880730", "Parts of unmanned aircraft", 1850000, "USD", "IR", "RU", mode="sea",
      vessel="demo:vessel-anzali-star")
    S("SHP-E2-02", D(2024, 1, 22), baltic, kish, "854231", "Microcontrollers", 322000, "USD", "RU", "IR", mode="sea",
      vessel="demo:vessel-kaspiy-veter")
    S("SHP-E2-03", D(2024, 10, 14), tula, kish, "901420", "Inertial navigation units, aeronautical", 410000, "USD", "RU", "IR",
      ["AZ"], "rail", end_user=psh)
    S("SHP-E2-N1", D(2024, 8, 5), "demo:ru-co-astrakhan-grain", "demo:ir-co-gilan-agro", "100199", "Milling wheat, 3,000 t",
      690000, "USD", "RU", "IR", mode="sea", vessel="demo:vessel-volgo-don-5077")
    S("SHP-E2-N2", D(2025, 2, 3), "demo:ru-co-astrakhan-grain", "demo:ir-co-gilan-agro", "100199", "Milling wheat, 2,800 t",
      640000, "USD", "RU", "IR", ["AZ"], "rail")
    w.case("E5", "Proliferation-financing profile (typology over FATF indicators): the UAV shipments of E1/E2 for or from the NPWMD-designated Pars Sanat Havayi, and the dual-use shipments with an Iran link",
           "SHP-E1-02, SHP-E2-01, SHP-E2-03 (block); SHP-E1-01, SHP-E2-04 (review)", "E5 critical (block) / high (review)",
           "SHP-E1-N1 (motors to Germany), SHP-E2-N1/N3 (wheat to Iran), SHP-C3-N2 (ICs to a Dubai distributor): clear, at most info")
    w.case("E2", "INSTC/Caspian: UAV parts IR->RU by sea (SDN vessel ANZALI STAR), microcontrollers RU->IR by sea (KASPIY VETER), navigation units RU->AZ->IR by rail",
           "SHP-E2-01..03", "E2 critical (HS 8807) / high (CHP)",
           "SHP-E2-N1, SHP-E2-N2 (wheat on the same sea and rail routes): context only, no E2 alert")

    # E3 EAEU-Iran origin games: Russian steel relabelled as Kazakh for Iran
    metal = "demo:kz-co-kaspiy-metal-trade"
    S("SHP-E3-01", D(2024, 3, 4), "demo:ru-co-magnitka-steel-trade", metal, "720839", "Hot-rolled steel coils, 4,500 t",
      2610000, "USD", "RU", "KZ", mode="rail")
    S("SHP-E3-02", D(2024, 4, 11), metal, "demo:ir-co-tabriz-steel-import", "720839", "Hot-rolled steel coils, origin KZ (declared)",
      2790000, "USD", "KZ", "IR", mode="sea", vessel="demo:vessel-aktau-pioneer")
    S("SHP-E3-03", D(2025, 4, 28), "demo:ru-co-magnitka-steel-trade", metal, "720839", "Hot-rolled steel coils, 5,000 t",
      2850000, "USD", "RU", "KZ", mode="rail")
    S("SHP-E3-04", D(2025, 5, 26), metal, "demo:ir-co-tabriz-steel-import", "720839", "Hot-rolled steel coils, EAEU origin certificate",
      3040000, "USD", "KZ", "IR", ["TM"], "rail")
    S("SHP-E3-N1", D(2024, 9, 9), "demo:kz-co-kostanay-grain", "demo:ir-co-gilan-agro", "100199", "Kazakh wheat, 5,000 t",
      1150000, "USD", "KZ", "IR", mode="sea", vessel="demo:vessel-aktau-pioneer")
    w.case("E3", "EAEU-Iran origin misdeclaration: Russian steel (RU->KZ) re-shipped to Iran as Kazakh origin within 40 days (before and after the full FTA of 2025-05-15)",
           "SHP-E3-01 -> SHP-E3-02; SHP-E3-03 -> SHP-E3-04", "E3 high",
           "SHP-E3-N1 (Kazakh wheat from a Kazakh grain terminal, genuine origin): no E3")

    # E6 China/HK two-way hub: Lianhe Tongda in Iran-linked payments (PAY-A6-01/03) and Russia-bound CHP shipments
    S("SHP-E6-01", D(2024, 10, 15), lianhe, baltic, "854232", "Memory ICs (NAND flash)", 515000, "USD", "CN", "RU", ["KZ"], "road")
    S("SHP-E6-02", D(2024, 8, 12), lianhe, kish, "852691", "GNSS antenna modules", 88000, "USD", "CN", "IR", ["AE"], "sea")
    lanque = "demo:cn-co-dongguan-lanque"
    S("SHP-E6-03", D(2025, 1, 14), lanque, kish, "850131", "Brushless servo motors, 400 W", 71500, "USD", "CN", "IR", ["AE"], "sea",
      ports=("Shenzhen", "Bandar Abbas"), qty=1200, unit="pcs")
    S("SHP-E6-04", D(2025, 3, 18), lanque, "demo:ru-co-baltic-elektron", "854239", "Interface ICs and FPGAs", 233000, "USD",
      "CN", "RU", ["KZ"], "rail", ports=("Khorgos", "St Petersburg"), qty=180000, unit="pcs")
    w.case("E6", "Dongguan electronics maker ships servo motors to Iran (2025-01) and interface ICs to St Petersburg by rail via Kazakhstan (2025-03)",
           "demo:cn-co-dongguan-lanque (SHP-E6-03, SHP-E6-04)", "E6 high on the entity; SHP-E6-03 also E1",
           "demo:cn-co-shenzhen-kaixin (UAV parts to Iran in 2024-04, outside the audit year, nothing to Russia): no E6")
    S("SHP-E6-N1", D(2024, 8, 14), ningbo, kish, "940360", "Wooden office furniture", 43700, "USD", "CN", "IR", ["AE"], "sea")
    w.case("E6", "HK trading company (inc. 2022) in Iran shadow-banking payments (PAY-A6-01, PAY-A6-03) that ships GNSS modules to Iran and memory ICs to a Kazakh consignee with a Russian end user within the audit year",
           "demo:hk-co-lianhe-tongda (SHP-E6-01, SHP-E6-02)", "E6 high on the entity; SHP-E6-01 also C1, SHP-E6-02 also E1",
           "SHP-E6-N1 and background China->Iran ordinary goods (Ningbo Haiyun): no E6")

    # ---- cases that use the issue-7 columns (notify party, contract, clause, ports, quantity)
    pav, uralsk = "demo:kz-co-pavlodar-office-line", "demo:ru-co-uralsk-radiodetal"
    S("SHP-C1-05", D(2024, 5, 14), elbe, palm, "851762", "Industrial LTE routers and data modules", 132500, "EUR", "DE", "AE",
      mode="air", notify=baltic, contract="EMS-PGL-2024-05", contract_date=D(2024, 4, 22), clause="yes")
    S("SHP-C1-06", D(2024, 7, 8), elbe, palm, "854239", "FPGA and interface ICs", 96400, "EUR", "DE", "AE", mode="air",
      contract="EMS-PGL-2024-07", contract_date=D(2024, 6, 20), clause="yes")
    w.case("C1", "CHP items to a Dubai forwarder tied back to Russia by the notify party (Baltic Elektron, RU) and by a Russian payer quoting the contract",
           "SHP-C1-05 (notify party); SHP-C1-06 (paid by PAY-C1-02 from Uralsk Radiodetal, RU)", "C1 critical (tier 2 / tier 1)",
           "SHP-C3-N2 (ICs to a young Dubai distributor with no Russian link): no C1")
    S("SHP-C2-05", D(2023, 10, 2), elbe, pav, "854231", "Microcontrollers, 32-bit, 60,000 pcs", 184000, "EUR", "DE", "KZ",
      mode="air", contract="EMS-POL-2023-14", contract_date=D(2023, 9, 1), clause="no", qty=60000, unit="pcs")
    S("SHP-C2-06", D(2023, 11, 21), pav, uralsk, "854231", "Microcontrollers", 226000, "USD", "DE", "RU", mode="rail",
      ports=("Pavlodar", "Yekaterinburg-Tovarny"), qty=60000, unit="pcs")
    w.case("C2", "Microcontrollers to a Kazakh \"office supplies\" company incorporated 2022-11 (thin web presence), on to Yekaterinburg by rail 50 days later; paid by a UAE third party",
           "SHP-C2-05 -> SHP-C2-06", "C2 high; C1 critical; C3 high", "SHP-C2-N3 (established distributor): no C2")
    S("SHP-C3-N2", D(2024, 2, 19), elbe, "demo:ae-co-marina-circuit", "854239", "Interface ICs for building automation",
      44800, "EUR", "DE", "AE", mode="air", contract="EMS-MCD-2024-02", contract_date=D(2024, 1, 30), clause="yes")
    w.case("C3", "CHP items to a consignee incorporated after the invasion with no web presence and an unrelated line of business",
           "SHP-C2-05 (Pavlodar Office Line), SHP-E2-04 (Dagestan Agroservice)", "C3 high",
           "SHP-C3-N2 (Marina Circuit: incorporated 2023 but an electronics distributor with a normal web presence): no C3")

    # C5: EU exporter of CHP machine-tool parts without the Art. 12g clause in a contract made after 2023-12-19
    konya, ohio = "demo:tr-co-konya-makina", "demo:us-co-ohio-spindle"
    S("SHP-C5-01", D(2024, 6, 10), torino, konya, "846693", "Spindle units and parts for CNC lathes", 118500, "EUR", "IT", "TR",
      mode="sea", ports=("Genova", "Mersin"), contract="TMU-KMY-2024/05", contract_date=D(2024, 5, 6), clause="no", qty=14, unit="pcs")
    S("SHP-C5-N1", D(2024, 9, 9), torino, konya, "846693", "Spindle units and parts for CNC lathes", 96200, "EUR", "IT", "TR",
      mode="sea", ports=("Genova", "Mersin"), contract="TMU-KMY-2024/08", contract_date=D(2024, 8, 12), clause="yes", qty=11, unit="pcs")
    S("SHP-C5-N2", D(2024, 7, 15), torino, ohio, "846693", "Spindle units for CNC lathes", 142000, "EUR", "IT", "US",
      mode="sea", ports=("Genova", "New York"), contract="TMU-OSS-2024/06", contract_date=D(2024, 6, 3), clause="no", qty=16, unit="pcs")
    w.case("C5", "EU exporter (Torino Macchine) ships CHP machine-tool parts (846693) to Türkiye under a contract of 2024-05-06 without the no-re-export-to-Russia clause",
           "SHP-C5-01", "C5 high",
           "SHP-C5-N1 (same goods, contract with the clause); SHP-C5-N2 (United States, an Annex VIII partner country): no C5")

    # C4: electronics (HS chapter 85) into Kyrgyzstan: 2 shipments in 2022, 4 in 2023, a dozen in 2024, while the
    # importer's re-exports of chapter-85 goods to Russia grow in step; the CHP items among the imports (TV and
    # camera parts, 852990) are the subjects. Control: an Armenian distributor's steady quarterly IC imports.
    bdi, nsk = "demo:kg-co-tunduk-digital", "demo:ru-co-novosibirsk-tekhnomarket"
    c4_in = [D(2022, 3, 14), D(2022, 10, 3)] + [D(2023, m, 6) for m in (3, 6, 9, 12)] + \
            [D(2024, m, 8) for m in range(1, 13)] + [D(2025, m, 9) for m in range(1, 7)]
    for i, d in enumerate(c4_in, start=1):
        hs, desc, unit = ("852990", "Parts for television sets and cameras (display modules)", "pcs") if i % 3 == 0 else \
            (("851713", "Smartphones", "pcs") if i % 3 == 1 else ("852872", "LED television sets", "pcs"))
        S("SHP-C4-%02d" % i, d, elbe if i % 2 else polder, bdi, hs, desc, 80000 + 4000 * i, "EUR", "CN", "KG",
          ["TR", "GE", "AZ", "KZ"], "road", contract="BDI-%d-%02d" % (d.year, i), contract_date=d - dt.timedelta(days=30),
          clause="yes" if d >= D(2024, 3, 20) else "", qty=400 + 20 * i, unit=unit)
    c4_out = [D(2022, 11, 10)] + [D(2023, m, 20) for m in (4, 8, 11)] + [D(2024, m, 22) for m in range(1, 13)] + \
             [D(2025, m, 23) for m in range(1, 6)]
    for i, d in enumerate(c4_out, start=1):
        hs, desc = ("851713", "Smartphones") if i % 2 else ("852872", "LED television sets")
        S("SHP-C4-R%02d" % i, d, bdi, nsk, hs, desc, 90000 + 4500 * i, "USD", "CN", "RU", ["KZ"], "road",
          qty=380 + 20 * i, unit="pcs")
    ypr = "demo:am-co-yerevan-precision"
    n = 0
    for y in (2022, 2023, 2024, 2025):
        for m in (2, 5, 8, 11) if y < 2025 else (2, 5):
            n += 1
            S("SHP-C4-N%02d" % n, D(y, m, 12), elbe, ypr, "854239", "Integrated circuits for control panels", 30000 + 500 * (n % 4),
              "EUR", "DE", "AM", ["TR", "GE"], "air", contract="EMS-YPE-%d-%02d" % (y, m), contract_date=D(y, m, 1),
              clause="yes" if D(y, m, 1) >= D(2023, 12, 19) else "", qty=5000, unit="pcs")
    w.case("C4", "Trade-flow anomaly: chapter-85 electronics into Kyrgyzstan (Tunduk Digital Import) go from 2 shipments in 2022 to 12 in 2024 while its chapter-85 re-exports to Russia grow from 1 to 12",
           "SHP-C4-01..24 (imports; every third is CHP 852990), SHP-C4-R01..R21 (re-exports to RU)",
           "C4 medium on the CHP imports from 2023-12 on (SHP-C4-06, -09, -12, -15, -18, -21, -24)",
           "SHP-C4-N01..N14 (steady quarterly CHP ICs to an established Armenian distributor, no growth, no re-exports): no C4")

    # E2/E1/C3: UAV parts declared as agricultural drone spares, Amirabad -> Makhachkala, for a new Russian company
    S("SHP-E2-04", D(2024, 12, 3), "demo:ir-co-behshahr-caspian-haulage", "demo:ru-co-dagestan-agroservice", "880730",
      "Agricultural drone spare parts", 640000, "USD", "IR", "RU", mode="sea", ports=("Amirabad", "Makhachkala"),
      notify="demo:ru-co-makhachkala-port-agency", qty=11.5, unit="t")
    S("SHP-E2-N3", D(2024, 12, 5), "demo:ru-co-astrakhan-grain", "demo:ir-co-gilan-agro", "100199", "Milling wheat, 9,500 t",
      2100000, "USD", "RU", "IR", mode="sea", ports=("Makhachkala", "Amirabad"), vessel="demo:vessel-volgo-don-5077",
      qty=9500, unit="t")
    w.case("E2", "UAV parts declared as agricultural drone spares, Amirabad -> Makhachkala, for a Russian company incorporated 2023-01",
           "SHP-E2-04", "E2 critical; E1 critical; C3 high", "SHP-E2-N3 (wheat Makhachkala -> Amirabad two days later): E2 low/context at most")

    # E3 EU variant: Russian hot-rolled coil re-sold as Kazakh to a Rotterdam importer 17 days later
    ertis = "demo:kz-co-ertis-metal"
    S("SHP-E3-05", D(2025, 1, 24), "demo:ru-co-magnitka-steel-trade", ertis, "720839", "Hot-rolled steel coils, 1,200 t",
      690000, "USD", "RU", "KZ", mode="rail", ports=("Magnitogorsk", "Pavlodar"), qty=1200, unit="t")
    S("SHP-E3-06", D(2025, 2, 10), ertis, "demo:nl-co-rijnmond-staal", "720839", "Hot-rolled steel coils, KZ origin", 745000,
      "EUR", "KZ", "NL", ["RU", "BY", "PL", "DE"], "rail", ports=("Pavlodar", "Rotterdam"), qty=1185, unit="t",
      contract="ERT-RSH-25/01", contract_date=D(2025, 1, 9))
    S("SHP-E3-N2", D(2025, 3, 17), "demo:kz-co-karaganda-rolling", "demo:it-co-brescia-acciai", "720839",
      "Hot-rolled steel coils, own production", 1310000, "EUR", "KZ", "IT", ["AZ", "GE", "TR"], "sea",
      ports=("Aktau", "Genova"), qty=2300, unit="t", contract="KRM-BAC-2025/02", contract_date=D(2025, 2, 3))
    w.case("E3", "Russian hot-rolled coil (RU -> KZ 2025-01-24, 1,200 t) re-sold as Kazakh origin by a trader without a mill to a Rotterdam importer 17 days later (1,185 t)",
           "SHP-E3-05 -> SHP-E3-06", "E3 high", "SHP-E3-N2 (a Kazakh rolling mill's own coil to Italy, no upstream Russian shipment): no E3")


# per-row additions of the issue-7 columns to the cases planted before them
PAY_UPDATES = {
    "PAY-A3-01": {"channel": "pos"}, "PAY-A3-02": {"channel": "atm", "beneficiary": "demo:ru-bank-kamsky"},
    "PAY-A3-03": {"channel": "pos"}, "PAY-A3-04": {"channel": "pos"}, "PAY-A3-N1": {"channel": "pos"},
    "PAY-A7-01": {"reference": "PPI-2024-0311"}, "PAY-A7-N1": {"reference": "PPI-2024-0402"},
    "PAY-A8-01": {"ordering_bic": "VLZHRU2N", "reference": "ME-0623"},
    "PAY-A8-02": {"ordering_bic": "VLZHRU2N", "intermediary_bics": "HDATUS33", "purpose": "Contract SK-2401",
                  "reference": "SK-2401"},
    "PAY-A8-N1": {"reference": "TMU-24-0117"},
    "PAY-C1-01": {"reference": "PGL-2309-44"},
    "PAY-E4-01": {"reference": "EMS-24-0418"}, "PAY-E4-N1": {"reference": "EMS-24-0419"},
}
SHIP_UPDATES = {
    "SHP-A7-01": {"contract": "PPI-2024-0311", "contract_date": "2024-02-12", "no_russia_clause": "yes", "quantity": "40", "unit": "pcs"},
    "SHP-A7-N1": {"contract": "PPI-2024-0402", "contract_date": "2024-03-18", "no_russia_clause": "yes", "quantity": "120", "unit": "pcs"},
    "SHP-C1-01": {"contract": "EMS-PGL-2023-08", "contract_date": "2023-07-20", "quantity": "40000", "unit": "pcs"},
    "SHP-C1-02": {"contract": "PGL-2309-44", "contract_date": "2023-09-04", "quantity": "40000", "unit": "pcs"},
    "SHP-C1-03": {"loading_port": "Kotka", "discharge_port": "Ambarli"},
    "SHP-C2-01": {"contract": "EMS-NTG-2024-04", "contract_date": "2024-04-10", "no_russia_clause": "yes"},
    "SHP-C2-03": {"contract": "TMU-NTG-2024-08", "contract_date": "2024-07-29", "no_russia_clause": "yes",
                  "loading_port": "Genova", "discharge_port": "Aktau", "quantity": "1", "unit": "pcs"},
    "SHP-C2-N3": {"contract": "EMS-ATS-2024-06", "contract_date": "2024-06-03", "no_russia_clause": "yes"},
    "SHP-E2-01": {"loading_port": "Amirabad", "discharge_port": "Makhachkala", "quantity": "18.4", "unit": "t"},
    "SHP-E2-02": {"loading_port": "Astrakhan", "discharge_port": "Bandar Anzali", "quantity": "2.1", "unit": "t"},
    "SHP-E2-03": {"loading_port": "Makhachkala", "discharge_port": "Astara", "quantity": "0.9", "unit": "t"},
    "SHP-E2-N1": {"loading_port": "Olya", "discharge_port": "Amirabad", "quantity": "3000", "unit": "t"},
    "SHP-E2-N2": {"loading_port": "Makhachkala", "discharge_port": "Astara", "quantity": "2800", "unit": "t"},
    "SHP-E3-01": {"quantity": "4500", "unit": "t"},
    "SHP-E3-02": {"loading_port": "Aktau", "discharge_port": "Amirabad", "quantity": "4480", "unit": "t"},
    "SHP-E3-03": {"quantity": "5000", "unit": "t"},
    "SHP-E3-04": {"quantity": "4950", "unit": "t"},
    "SHP-E3-N1": {"loading_port": "Aktau", "discharge_port": "Bandar Anzali", "quantity": "5000", "unit": "t"},
    # E6: the Hong Kong two-way hub's Russia leg goes through a Kazakh consignee with a Russian end user
    "SHP-E6-01": {"consignee": "demo:kz-co-pavlodar-office-line", "end_user": "demo:ru-co-baltic-elektron",
                  "destination": "KZ", "route": "", "mode": "rail", "loading_port": "Khorgos", "discharge_port": "Pavlodar"},
    "SHP-E6-02": {"loading_port": "Hong Kong", "discharge_port": "Bandar Abbas"},
}


def update_planted(w):
    for rows, updates in ((w.payments, PAY_UPDATES), (w.shipments, SHIP_UPDATES)):
        by_id = {r["id"]: r for r in rows}
        for rid, fields in updates.items():
            for k, v in fields.items():
                assert k in by_id[rid], (rid, k)
                by_id[rid][k] = v


# --------------------------------------------------------------------------- background

HOME_BANKS = {
    "RU": ["demo:ru-bank-volzhsky", "demo:ru-bank-kamsky"], "IR": ["demo:ir-bank-shahrvand", "demo:ir-bank-arya-tosee"],
    "KZ": ["demo:kz-bank-zhaiyk-meridian", "demo:kz-bank-altyn-dala"], "AM": ["demo:am-bank-hrazdan-valley"],
    "BY": ["demo:by-bank-belvneshprom"], "KG": ["demo:kg-bank-ala-archa"], "AZ": ["demo:az-bank-caspian-trust"],
    "AE": ["demo:ae-bank-gulf-crescent", "demo:ae-bank-dune-national"], "TR": ["demo:tr-bank-galata"],
    "HK": ["demo:hk-bank-harbour-pacific"], "CN": ["demo:cn-bank-jinhai"], "DE": ["demo:de-bank-rheinland"],
    "NL": ["demo:nl-bank-zuiderzee"], "IT": ["demo:it-bank-lombarda-nord"], "CY": ["demo:cy-bank-limassol-merchant"],
    "FI": ["demo:fi-bank-saimaa"], "GB": ["demo:gb-bank-thames-clearing"], "US": ["demo:us-bank-hudson-atlantic"],
}
LOCAL_CCY = {"RU": "RUB", "IR": "IRR", "KZ": "KZT", "AM": "AMD", "BY": "BYN", "KG": "KGS", "AZ": "AZN", "AE": "AED",
             "TR": "TRY", "HK": "HKD", "CN": "CNY", "GB": "GBP", "US": "USD"}
BG_GOODS = [("940360", "Wooden furniture"), ("392690", "Articles of plastics"), ("870899", "Motor vehicle parts n.e.s."),
            ("300490", "Medicaments, packaged for retail sale"), ("080810", "Fresh apples"), ("610910", "Cotton T-shirts"),
            ("640399", "Leather footwear"), ("401110", "Pneumatic tyres for cars"), ("691110", "Porcelain tableware"),
            ("481910", "Corrugated cartons"), ("330499", "Cosmetic preparations"), ("090240", "Black tea"),
            ("841810", "Refrigerator-freezers"), ("690721", "Ceramic tiles"), ("151219", "Refined sunflower oil"),
            ("170199", "Cane or beet sugar"), ("520942", "Denim fabric"), ("760421", "Aluminium profiles"),
            ("210690", "Food preparations n.e.s."), ("940171", "Upholstered seats, metal frame"), ("190531", "Sweet biscuits"),
            ("030389", "Frozen fish"), ("400921", "Rubber hoses"), ("620342", "Men's cotton trousers"),
            ("870321", "Passenger cars, petrol, <= 1000 cc")]
HUMANITARIAN = [("300490", "Medicaments, packaged for retail sale"), ("210690", "Food preparations n.e.s."),
                ("190531", "Sweet biscuits"), ("080810", "Fresh apples")]


def working_day(rng, lo=START, hi=END):
    while True:
        d = lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))
        if d.weekday() < 5:
            return d


def home_bank(w, eid):
    hb = w.__dict__.setdefault("_home", {})
    if eid not in hb:
        cc = w.entities[eid]["country"].split("|")[0]
        hb[eid] = w.rng.choice(HOME_BANKS[cc])
    return hb[eid]


def lognormal(rng, median, sigma):
    return round(max(0.01, median * math.exp(rng.gauss(0, sigma))), 2)


def rail_for(w, a, b, ca, cb, ccy_pref=None):
    """Network, currency and intermediaries for an ordinary commercial payment a -> b."""
    ba, bb = home_bank(w, a), home_bank(w, b)
    if ca == cb:
        if ba == bb:
            return "BOOK", LOCAL_CCY.get(ca, "EUR"), []
        net = {"RU": "SPFS", "IR": "SEPAM", "GB": "CHAPS", "US": "FEDWIRE"}.get(ca, "SEPA" if ca in EU else "OTHER")
        return net, LOCAL_CCY.get(ca, "EUR"), []
    if ca in EU and cb in EU:
        return "SEPA", "EUR", []
    if "CN" in (ca, cb) and w.rng.random() < 0.3:
        return "CIPS", "CNY", []
    if ca in EU or cb in EU:
        inter = ["demo:de-bank-rheinland"] if "DE" not in (ca, cb) and w.rng.random() < 0.5 else []
        return "SWIFT", "EUR", inter
    if ca == "GB" or cb == "GB":
        return "SWIFT", "GBP", []
    return "SWIFT", "USD", [] if "US" in (ca, cb) else ["demo:us-bank-hudson-atlantic"]


def cc(w, eid):
    return w.entities[eid]["country"].split("|")[0]


PORTS = {"DE": ["Hamburg", "Bremerhaven"], "NL": ["Rotterdam"], "IT": ["Genova", "La Spezia"], "CY": ["Limassol"],
         "FI": ["Kotka", "HaminaKotka"], "TR": ["Mersin", "Ambarli"], "AE": ["Jebel Ali"], "CN": ["Shanghai", "Ningbo", "Qingdao"],
         "HK": ["Hong Kong"], "GB": ["Felixstowe"], "US": ["Savannah", "New York"], "AZ": ["Baku"], "KZ": ["Aktau"],
         "IR": ["Bandar Abbas"]}
CASPIAN_RU = ["Astrakhan", "Olya", "Makhachkala"]
CASPIAN_IR = ["Bandar Anzali", "Amirabad", "Nowshahr", "Caspian"]
CASPIAN_GOODS_RU_IR = [("100199", "Milling wheat", "t", 230), ("100390", "Feed barley", "t", 190), ("151211", "Crude sunflower oil", "t", 900),
                       ("440712", "Sawn spruce timber", "t", 210), ("310230", "Ammonium nitrate fertiliser", "t", 300)]
CASPIAN_GOODS_IR_RU = [("081050", "Fresh kiwifruit", "t", 700), ("070200", "Fresh tomatoes", "t", 650), ("080252", "Pistachios, shelled", "t", 9000),
                       ("690721", "Ceramic tiles", "t", 350)]


UNIT_PRICE = {"870321": 9000, "401110": 60, "841810": 350, "940360": 120, "940171": 90, "610910": 4, "620342": 9,
              "640399": 25, "870899": 40, "691110": 6, "690721": 12}


def quantity_of(hs, value):
    """A plausible quantity for a background consignment: tonnes of food, kilograms of materials, pieces of goods."""
    unit = unit_of(hs)
    price = 900 if unit == "t" else (4 if unit == "kg" else UNIT_PRICE.get(hs, 20))
    return max(1, round(value / price)), unit


INLAND = {"KZ", "KG", "AM", "AZ"}   # no ocean port: the Caspian is closed, Armenia and Kyrgyzstan are landlocked


def unit_of(hs):
    ch = int(hs[:2])
    if ch <= 24:
        return "t"
    return "kg" if ch in (30, 33, 39, 40, 48, 52, 76) else "pcs"


def build_background(w, n_payments, n_shipments):
    rng = w.rng
    comp = [e for e in w.filler]
    by_cc = {}
    for e in comp:
        by_cc.setdefault(cc(w, e), []).append(e)
    ru = by_cc.get("RU", []) + ["demo:ru-co-kazan-retail", "demo:ru-co-moscow-hotel-arbat"]
    ir = by_cc.get("IR", []) + ["demo:ir-co-kish-trading", "demo:ir-co-isfahan-naghsh-hotel"]
    intl = [e for e in comp if cc(w, e) not in ("RU", "IR", "BY")]
    ru_people = [e for e in w.entities if e.startswith("demo:ru-person-bg")]
    ir_people = [e for e in w.entities if e.startswith("demo:ir-person-bg")]
    intl_people = [e for e in w.entities if e.startswith("demo:") and "-person-bg" in e and cc(w, e) not in ("RU", "IR")]
    ru_merch = ["demo:ru-co-kazan-retail", "demo:ru-co-moscow-hotel-arbat"] + by_cc.get("RU", [])[:4]
    ir_merch = ["demo:ir-co-isfahan-naghsh-hotel"] + by_cc.get("IR", [])[:3]

    def make_links(pool_a, pool_b, k, cross=True):
        links = []
        tries = 0
        while len(links) < k and tries < 50 * k:
            tries += 1
            a, b = rng.choice(pool_a), rng.choice(pool_b)
            if a == b or (cross and cc(w, a) == cc(w, b)) or (a, b) in links:
                continue
            links.append((a, b))
        return links

    def zipf_pick(links):
        # Zipf-like weights: a few counterparties pairs recur often, a long tail recurs rarely
        cum = w.__dict__.setdefault("_cum", {})
        key = id(links)
        if key not in cum:
            acc, c = 0.0, []
            for i in range(len(links)):
                acc += 1.0 / (i + 1) ** 0.6
                c.append(acc)
            cum[key] = c
        return rng.choices(links, cum_weights=cum[key])[0]

    # ---- shipments (first, so that payments can settle their contracts)
    # no trade between Azerbaijan and Armenia (closed border)
    ship_links = [(a, b) for a, b in make_links(intl, intl, max(40, len(intl) * 2))
                  if cc(w, a) != cc(w, b) and {cc(w, a), cc(w, b)} != {"AZ", "AM"}]
    goods_of = {l: rng.sample(BG_GOODS, 2) for l in ship_links}
    ru_kz = make_links(by_cc.get("RU", []) or ru, [e for e in intl if cc(w, e) in ("KZ", "KG", "AM")] or intl, 12)
    # an EAEU company that buys from Russia does not also export: its re-exports would look like E3 origin games
    eaeu_buyers = {b for _, b in ru_kz}
    ship_links = [l for l in ship_links if l[0] not in eaeu_buyers]
    eu_ru = make_links([e for e in intl if cc(w, e) in EU] or intl, ru, 12)
    cn_ir = make_links(by_cc.get("CN", []) + ["demo:cn-co-ningbo-haiyun"], ir, 10)
    ru_agri = ["demo:ru-co-astrakhan-grain"] + [e for e in by_cc.get("RU", []) if "agriculture" in w.entities[e]["sectors"]]
    # Iranian buyers of Russian grain are millers and food companies, not the forwarder (a forwarder as
    # consignee is a proliferation-financing indicator, E5)
    ir_buyers = ["demo:ir-co-gilan-agro"] + \
        [e for e in by_cc.get("IR", []) if "consumer_goods" in w.entities[e]["sectors"]][:4]
    ir_sellers = ["demo:ir-co-behshahr-caspian-haulage"] + by_cc.get("IR", [])[:4]
    ru_buyers = ["demo:ru-co-makhachkala-port-agency", "demo:ru-co-rostov-fruktotorg"] + ru[:3]
    settle = []   # international shipments paid by their consignee with the contract reference
    n_bg = max(0, n_shipments - len(w.shipments))
    for i in range(1, n_bg + 1):
        sid = "SHP-%06d" % i
        r = rng.random()
        d = working_day(rng)
        contract = "%s-%d/%04d" % (sid[-4:], d.year, rng.randint(1, 9999))
        cdate = d - dt.timedelta(days=rng.randint(10, 75))
        if r < 0.07 and ru_kz:
            a, b = rng.choice(ru_kz)
            if rng.random() < 0.4:
                a, b = b, a
            hs, desc = rng.choice(BG_GOODS)
            v = lognormal(rng, 60000, 0.8)
            qty, unit = quantity_of(hs, v)
            w.ship(sid, d, a, b, hs, desc, v, "RUB" if cc(w, a) == "RU" else "USD", cc(w, a), cc(w, b), [],
                   rng.choice(["rail", "road"]), contract=contract, contract_date=cdate, qty=qty, unit=unit)
        elif r < 0.11 and eu_ru:
            a, b = rng.choice(eu_ru)
            hs, desc = rng.choice(HUMANITARIAN)
            v = lognormal(rng, 45000, 0.7)
            qty, unit = quantity_of(hs, v)
            w.ship(sid, d, a, b, hs, desc, v, "EUR", cc(w, a), "RU", ["FI"] if rng.random() < 0.5 else ["LV"], "road",
                   contract=contract, contract_date=cdate, qty=qty, unit=unit)
        elif r < 0.16 and cn_ir:
            a, b = rng.choice(cn_ir)
            hs, desc = rng.choice(BG_GOODS)
            v = lognormal(rng, 80000, 0.8)
            qty, unit = quantity_of(hs, v)
            w.ship(sid, d, a, b, hs, desc, v, "USD", "CN", "IR", ["AE"] if rng.random() < 0.5 else [], "sea",
                   ports=(rng.choice(PORTS["CN"]), "Bandar Abbas"), contract=contract, contract_date=cdate, qty=qty, unit=unit)
        elif r < 0.19:
            # ordinary Caspian / INSTC trade: grain, oil, timber north to south; fruit and tiles south to north
            if rng.random() < 0.6:
                a, b = rng.choice(ru_agri), rng.choice(ir_buyers)
                hs, desc, unit, price = rng.choice(CASPIAN_GOODS_RU_IR)
                o, dst = "RU", "IR"
            else:
                a, b = rng.choice(ir_sellers), rng.choice(ru_buyers)
                hs, desc, unit, price = rng.choice(CASPIAN_GOODS_IR_RU)
                o, dst = "IR", "RU"
            qty = round(lognormal(rng, 1500 if o == "RU" else 120, 0.6))
            if rng.random() < 0.75:
                mode, route = "sea", []
                lp, dp = (rng.choice(CASPIAN_RU), rng.choice(CASPIAN_IR)) if o == "RU" else (rng.choice(CASPIAN_IR), rng.choice(CASPIAN_RU))
                vessel = rng.choice(["demo:vessel-volgo-don-5077", ""]) if o == "RU" else ""
            else:
                mode, route, vessel = "rail", ["AZ"], ""
                lp, dp = ("Makhachkala", "Astara") if o == "RU" else ("Astara", "Makhachkala")
            w.ship(sid, d, a, b, hs, desc, max(1, qty) * price, "USD", o, dst, route, mode, vessel=vessel,
                   ports=(lp, dp), contract=contract, contract_date=cdate, qty=max(1, qty), unit=unit)
        else:
            a, b = rng.choice(ship_links)
            hs, desc = rng.choice(goods_of[(a, b)])
            ca, cb = cc(w, a), cc(w, b)
            if ca in EU and cb in EU:
                mode, route = "road", []
            elif ca in ("CN", "HK") or cb in ("CN", "HK"):
                mode, route = ("sea", []) if cb not in INLAND and ca not in INLAND else ("rail", [])
            elif cb in ("KZ", "KG", "AZ", "AM") and ca in EU | {"TR"}:
                mode, route = "road", (["TR", "GE"] if cb == "AM" else ["TR", "GE", "AZ"]) if ca != "TR" else ["GE"]
                if ca == "TR":
                    route = ["GE"] if cb in ("AZ", "AM") else ["GE", "AZ"]
            elif ca in INLAND and cb in INLAND:
                mode, route = ("sea", []) if {ca, cb} <= {"AZ", "KZ"} else ("road", [])   # Baku-Aktau ferry
            elif ca in INLAND or cb in INLAND:
                # overseas goods for the Caucasus and Central Asia go through Poti (Georgia) and on by road
                mode, route = "sea", ["GE"]
            elif ca in ("US", "GB") or cb in ("US", "GB"):
                mode, route = "sea", []
            else:
                mode, route = rng.choice(["sea", "road"]), []
            ports = ("", "")
            if mode == "sea":
                ports = ("Poti" if route == ["GE"] and ca in INLAND else rng.choice(PORTS[ca]),
                         "Poti" if route == ["GE"] and cb in INLAND else rng.choice(PORTS[cb]))
            clause = ""
            if ca in EU and cb not in EU and cb not in ("GB", "US") and cdate >= D(2024, 3, 20):
                clause = "yes" if rng.random() < 0.9 else ""
            v = lognormal(rng, 70000, 0.9)
            notify = b if rng.random() < 0.1 else ""
            qty, unit = quantity_of(hs, v)
            w.ship(sid, d, a, b, hs, desc, v, "EUR" if ca in EU else "USD", ca, cb, route, mode, ports=ports,
                   contract=contract, contract_date=cdate, clause=clause, notify=notify, qty=qty, unit=unit)
            if rng.random() < 0.35:
                settle.append(w.shipments[-1])
    for s in w.shipments:
        if s["id"].startswith("SHP-0"):
            assert s["hs_code"][:6] not in CHP6

    # ---- payments
    intl_links = make_links(intl, intl, max(40, len(intl) * 3))
    intl_links += [l for l in make_links(intl, intl, max(8, len(intl) // 2), cross=False) if l not in intl_links]
    medians = {l: rng.choice([8000, 15000, 25000, 40000, 75000, 150000]) for l in intl_links}
    ru_links = make_links(ru, ru, max(10, len(ru) * 2), cross=False)
    ir_links = make_links(ir, ir, max(6, len(ir) * 2), cross=False)
    n = 0

    def next_id():
        nonlocal n
        n += 1
        return "PAY-%06d" % n

    for s in settle:
        if len(w.payments) >= n_payments:
            break
        a, b = s["consignee"], s["exporter"]
        d = D.fromisoformat(s["date"]) + dt.timedelta(days=rng.randint(-30, 45))
        d = min(max(d, START), END)
        while d.weekday() >= 5:
            d -= dt.timedelta(days=1)
        net, ccy, inter = rail_for(w, a, b, cc(w, a), cc(w, b))
        amt = float(s["value"])
        if ccy != s["currency"]:
            amt = amt * {("EUR", "USD"): 1.08, ("USD", "EUR"): 0.93}.get((s["currency"], ccy), 1.0)
            if ccy in ("KZT", "AMD", "KGS", "GBP", "CNY", "AED", "TRY", "HKD", "AZN"):
                ccy = "USD" if s["currency"] == "USD" else "EUR"
        w.pay(next_id(), d, a, b, home_bank(w, a), home_bank(w, b), net, ccy, round(amt, 2),
              "Payment contract %s" % s["contract"], inter, reference=s["contract"])

    def renumber(rows, prefix):
        # background rows in date order, numbered after the planted ones keep their own ids
        bg = sorted((r for r in rows if r["id"].startswith(prefix + "-0")), key=lambda r: (r["date"], r["id"]))
        for i, r in enumerate(bg, start=1):
            r["id"] = "%s-%06d" % (prefix, i)
        rows[:] = [r for r in rows if not r["id"].startswith(prefix + "-0")] + bg

    atm_nets = {"MIR": (ru_people, ru_merch, "RUB", 3500), "SHETAB": (ir_people, ir_merch, "IRR", 25e6)}
    while len(w.payments) < n_payments:
        pid = next_id()
        r = rng.random()
        d = working_day(rng)
        if r < 0.08 and ru_links:
            a, b = rng.choice(ru_links)
            net = "BOOK" if home_bank(w, a) == home_bank(w, b) else "SPFS"
            w.pay(pid, d, a, b, home_bank(w, a), home_bank(w, b), net, "RUB", lognormal(rng, 900000, 1.0),
                  "Payment for goods, invoice %d" % rng.randint(100, 9999))
        elif r < 0.095 and ir_links:
            a, b = rng.choice(ir_links)
            net = "BOOK" if home_bank(w, a) == home_bank(w, b) else "SEPAM"
            w.pay(pid, d, a, b, home_bank(w, a), home_bank(w, b), net, "IRR",
                  round(lognormal(rng, 6e9, 1.0), 0), "Invoice %d" % rng.randint(100, 9999))
        elif r < 0.19:
            # domestic card operations: Mir in Russia, Shetab in Iran, international schemes elsewhere
            net = "MIR" if r < 0.145 else ("SHETAB" if r < 0.16 or not intl_people else "CARD")
            d = START + dt.timedelta(days=rng.randrange((END - START).days + 1))
            ch = rng.choices(["pos", "atm", "ecom"], [0.7, 0.2, 0.1])[0]
            if net == "CARD":
                a = rng.choice(intl_people)
                merch = [e for e in intl if cc(w, e) == cc(w, a)] or intl
                b = home_bank(w, a) if ch == "atm" else rng.choice(merch)
                ccy, med = LOCAL_CCY.get(cc(w, a), "EUR"), 60
                if ccy in ("KZT",):
                    med = 60 * 470
            else:
                people, merch, ccy, med = atm_nets[net]
                a = rng.choice(people)
                b = home_bank(w, a) if ch == "atm" else rng.choice(merch)
            amt = lognormal(rng, med * (3 if ch == "atm" else 1), 0.9)
            if ccy == "IRR":
                amt = round(amt, 0)
            w.pay(pid, d, a, b, home_bank(w, a), home_bank(w, b) if ch != "atm" else b, net, ccy, amt,
                  {"pos": "POS purchase", "atm": "ATM cash withdrawal", "ecom": "Online purchase"}[ch], channel=ch)
        else:
            a, b = zipf_pick(intl_links)
            net, ccy, inter = rail_for(w, a, b, cc(w, a), cc(w, b))
            amt = lognormal(rng, medians[(a, b)], 0.7)
            if ccy in ("KZT", "AMD", "KGS"):
                amt = round(amt * {"KZT": 470, "AMD": 390, "KGS": 88}[ccy], 2)
            ordering = None
            ca = cc(w, a)
            if net == "SWIFT" and ca in ("KZ", "AE", "TR", "HK") and rng.random() < 0.04:
                # a local bank's customer paying through a larger bank of the same country (legitimate nesting)
                others = [x for x in HOME_BANKS[ca] if x != home_bank(w, a)]
                ordering = others[0] if others else None
            ref = "INV-%d-%05d" % (d.year, rng.randint(1, 99999))
            w.pay(pid, d, a, b, home_bank(w, a), home_bank(w, b), net, ccy, amt,
                  rng.choice(["Invoice %s" % ref, "Payment for goods, order %d" % rng.randint(1000, 99999),
                              "Freight and handling %s" % d.strftime("%b %Y"), "Service fee Q%d/%d" % ((d.month - 1) // 3 + 1, d.year)]),
                  inter, ordering=ordering, reference=ref)
    renumber(w.payments, "PAY")
    renumber(w.shipments, "SHP")


# --------------------------------------------------------------------------- manifest and README

FILES = [("entities.csv", "entities"), ("relations.csv", "relations"), ("designations.csv", "designations"),
         ("payments.csv", "payments"), ("shipments.csv", "shipments")]


def write_manifest(path):
    lines = ['[dataset]', 'name = "demo"', 'source = "sanx project: fictional world drawn from the pattern catalog"',
             'licence = "CC0-1.0"', 'as_of = 2025-06-30',
             'description = "Fictional Russia/Iran sanctions-exposure world: banks on SPFS, SEPAM, CIPS, Mir and Shetab; '
             'ownership chains for the OFAC 50% rule and EU/UK owned-or-controlled tests; EAEU, INSTC/Caspian, UAE, '
             'Turkiye and China-Iran trade; planted cases with near-misses (see README.md). All names are fictional."', '']
    for f, k in FILES:
        lines += ['[[files]]', 'path = "%s"' % f, 'kind = "%s"' % k, '']
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines))


def md(text):
    return str(text).replace("|", "\\|")


def write_readme(path, w, args):
    counts = {"entities": len(w.entities), "relations": len(w.relations), "designations": len(w.designations),
              "payments": len(w.payments), "shipments": len(w.shipments)}
    kinds = {}
    for e in w.entities.values():
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    nets, channels, modes = {}, {}, {}
    for p in w.payments:
        nets[p["network"]] = nets.get(p["network"], 0) + 1
        if p["channel"]:
            channels[p["channel"]] = channels.get(p["channel"], 0) + 1
    for sh in w.shipments:
        modes[sh["mode"]] = modes.get(sh["mode"], 0) + 1
    out = []
    out.append("# demo dataset\n")
    out.append("An entirely **fictional** but realistic world for trying sanx: Russian, Iranian, Kazakh, Kyrgyz, "
               "Armenian, Azerbaijani, Belarusian, Emirati, Turkish, Hong Kong/Chinese and EU (DE, NL, IT, CY, FI) parties, "
               "their banks, Caspian vessels, ownership and control links, designations, payments (2022-01 to 2025-06) "
               "and shipments. It is drawn from the pattern catalog (`/work/shared/guide/patterns.md`: A payment rails, "
               "B ownership, C trade diversion, E Russia-Iran corridors).\n")
    out.append("**All names, companies, banks, vessels, BICs, LEIs, IMO numbers, INN/OGRN and other identifiers are "
               "invented.** Any resemblance to real persons or institutions is coincidental; identifiers are only "
               "well-formed (valid BIC shape, LEI and IMO check digits, INN/OGRN check digits), not real. "
               "Designations are fixtures for tests, not statements about anyone.\n")
    out.append("Licence: **CC0-1.0** (public-domain dedication).\n")
    out.append("## Files\n")
    out.append("| file | rows | content |\n|---|---|---|")
    desc = {"entities": "persons, companies, organisations, banks (each with a `bic:`), vessels, an aircraft; Cyrillic / "
                        "Persian / Chinese aliases for Russian, Iranian and Chinese parties; KYC `sectors`, "
                        "`web_presence` and `phones` for every company and bank",
            "relations": "ownership (percent), control (basis), director, family, associate, branch",
            "designations": "OFAC SDN, EU-269/EU-833, the EU list of SPFS users (EU-833-SPFS), UK-OFSI, UN fixtures, one delisting",
            "payments": "SWIFT/SEPA/CIPS trade payments with repeat counterparties, log-normal amounts on working days and "
                        "invoice or contract references (a third of the shipments are paid by their buyer quoting the "
                        "contract); domestic SPFS/SEPAM/BOOK; card operations (MIR, SHETAB, CARD; `pos`/`atm`/`ecom`); "
                        "planted SPFS, SEPAM, CIPS, card, exchange-house, third-party, nested and branch cases",
            "shipments": "ordinary background trade (non-CHP HS codes) with contracts, the no-Russia clause, ports and "
                         "quantities, including ordinary Caspian/INSTC trade (grain, oil, timber, fruit); planted CHP, UAV, "
                         "INSTC/Caspian, origin and trade-flow cases"}
    for f, k in FILES:
        out.append("| `%s` | %d | %s |" % (f, counts[k], desc[k]))
    out.append("| `dataset.toml` | | manifest (`name = \"demo\"`, `as_of = 2025-06-30`) |")
    out.append("| `generate_demo.py` | | deterministic generator (stdlib only, seed %d); writes every file above and this README |" % args.seed)
    out.append("| `check_demo.py` | | self-check of ids, references, BICs, IMO and LEI check digits, dates, columns, amounts, "
               "shares; with `--audit`, checks an audit's findings against the planted cases below |")
    out.append("| `summary.sql` | | the summary `scripts/demo.sh` prints: counts by severity, by pack and pattern, the top "
               "finding of each pattern |\n")
    out.append("Entity kinds: " + ", ".join("%s %d" % (k, v) for k, v in sorted(kinds.items())) + ". "
               "Payment networks: " + ", ".join("%s %d" % (k, v) for k, v in sorted(nets.items())) + ".\n")
    out.append("Shipment modes: " + ", ".join("%s %d" % (k, v) for k, v in sorted(modes.items())) + ". Card operations: " +
               ", ".join("%s %d" % (k, v) for k, v in sorted(channels.items())) + ".\n")
    out.append("Regenerate and check (sizes are parameters):\n")
    out.append("```sh\npython3 generate_demo.py                      # --entities 500 --payments 20000 --shipments 5000\n"
               "python3 generate_demo.py --entities 2000 --payments 200000 --shipments 50000 --out /tmp/demo-large\n"
               "python3 check_demo.py [DIR]\n"
               "sanx audit --rules rules --db build/demo/sanx.db --as-of 2025-06-30 --format jsonl --out /tmp/f.jsonl\n"
               "python3 check_demo.py --audit /tmp/f.jsonl --rules rules    # every planted case found, no near-miss flagged\n```\n")
    out.append("`check_demo.py --audit` matches findings to the cases by the catalog pattern of their rule (the finding's "
               "`pattern`, else the rule's meta) and by subject id (a payment, a shipment, or an entity for entity "
               "rules), and lists background rows that raise a circumvention pattern at medium or above. "
               "`scripts/demo.sh` runs it after its summary.\n")
    out.append("Planted rows keep fixed ids (`PAY-A1-01`, `SHP-C2-03`, ...); background rows are numbered "
               "(`PAY-000001`, `SHP-000001`). Background payments never cross the RU/IR/BY border (they are domestic "
               "SPFS/SEPAM/BOOK transfers, domestic Mir/Shetab/other card operations, or third-country trade that quotes "
               "an invoice or the contract it pays) and background shipments never carry a CHP HS-6 code "
               "(Russia/Iran background trade is food, medicine, timber and ordinary goods, some of it across the "
               "Caspian or by rail through Astara), so the cross-border Russia/Iran signals below are planted. The "
               "ownership payments all come from one UK supplier (Aldwych Industrial Supplies, `TMSCGB2L`) on "
               "2024-06-03 so that only the owner graph differs.\n")
    out.append("The issue-7 columns are filled where a pattern needs them: `sectors` and `web_presence` (A6, C3), "
               "`phones` (front companies; numbers are fictional, `555` ranges), `branch` relations (E4), "
               "`ordering_bic` (A8), `reference` and `contract` (A7, C1), `channel` (A3), `notify_party` (C1), "
               "`contract_date` and `no_russia_clause` (C5), `loading_port`/`discharge_port` (E2), `quantity`/`unit` "
               "(E3).\n")
    out.append("## The world\n")
    out.append("- **Banks.** Russia: Vneshtorgkredit Bank (`VTKRRUMM`, OFAC SDN 2022-02-24, EU, UK), its Yerevan branch "
               "(`VTKRAM22`, a `branch` relation) and Kazakh subsidiary (`VTKRKZKA`, 100% owned), Volzhsky (`VLZHRU2N`), Kamsky (`KMSKRU2K`), "
               "Uralpromstroybank (`URPSRU2Y`, OFAC SDN 2024-11-21); all Russian banks on SPFS. Iran: Shahrvand, Sepehr "
               "Tejarat, Arya Tosee (SEPAM and Shetab; OFAC SDN). CIPS: Heihe Borderland Rural Commercial Bank "
               "(`HHBLCNBH`, Heilongjiang) and Jinhai Commercial Bank. Hub banks in KZ, KG, AM, AZ, BY, AE, TR, HK, MY; EU, UK "
               "and US banks for the background (USD via `HDATUS33`). Tian Shan Commercial Bank (`TSHBKG22`) is on the "
               "EU list of SPFS users from 2025-02-24.")
    out.append("- **People.** Arkady Voronin and Mikhail Zorin (SDN/EU/UK), Galina Lebedeva (SDN UKRAINE-EO13662, EU), "
               "Oleg Tarasov (SDN 2022-06-02, delisted 2024-03-15), Bahram Rostami (SDN SDGT/IRGC), exchange-house "
               "director Reza Moradi (Ferdows Exchange, Tehran; Zerdali Kapi Doviz, Istanbul), card holders Farzaneh "
               "Karimi, Shirin Tavakoli and Dmitry Sokolov; background card holders in RU, IR, DE, IT, TR, AE, KZ and GB.")
    out.append("- **Vessels (Caspian).** KASPIY VETER (RU, owner SDN Astrakhan Kaspiy Shipping), ANZALI STAR (IR, SDN), "
               "VOLGO-DON 5077 (RU grain), AKTAU PIONEER (KZ).")
    out.append("- **Key dates used.** 2022-02-24 invasion; 2023-01-30 SEPAM-SPFS link; 2024-06-25 Iran shadow-banking "
               "designations; 2024-11-21 OFAC SPFS alert; Nov 2024 / 2025-05-13 Mir-Shetab phases; 2025-05-15 EAEU-Iran full FTA.\n")
    out.append("## Planted cases\n")
    out.append("Each case lists what the bundled packs (`rules/`) must find and the near-misses they must **not** flag; "
               "`check_demo.py --audit` checks both, by pattern and subject.\n")
    out.append("| case | what | rows | expected | near-miss (must NOT trigger) |\n|---|---|---|---|---|")
    order = ["A1", "A2", "A3", "A5", "A6", "A7", "A8", "E4", "FRONT", "B1", "B2", "B4", "B5", "B6", "C1", "C2", "C3",
             "C4", "C5", "E1", "E2", "E3", "E5", "E6"]
    for code, title, objs, exp, nm in sorted(w.planted, key=lambda c: order.index(c[0]) if c[0] in order else 99):
        out.append("| %s | %s | %s | %s | %s |" % tuple(md(x) for x in (code, title, objs, exp, nm)))
    out.append("")
    out.append("### Ownership graph (B cases)\n")
    out.append("```\nVoronin (SDN/EU/UK) -50-> Kestrine (CY) -50-> Dunmere (NL)\n"
               "Voronin -10-> Ferrara (IT) <-40- Kestrine\n"
               "Lebedeva (SDN/EU) -25-> Karelia (FI) <-25- Sevzapstroy (SDN/EU/UK)\n"
               "Voronin -40-> Sandstone (AE) -100-> Aral Logistics (KZ)\n"
               "Zorin (SDN/EU/UK) -49.9-> Havel (DE);  Zorin -50-> Spreewald (DE)\n"
               "Orlova -100-> Paphos Maritime (CY);  Zorin =control(board_majority)=> Paphos;  Zorin ~family~ Orlova\n"
               "Voronin -50-> Troodos (CY) -60-> Waddenzee (NL) -30-> Troodos      (cycle with a blocked root)\n"
               "Anatolia (TR) -50-> Ege (TR) -50-> Anatolia                         (cycle, nobody listed)\n"
               "Tarasov (SDN 2022-06-02 .. 2024-03-15) -75-> Adriatica Shipping (IT)\n"
               "Sevzapstroy -?-> Falcon Crest (AE)                                  (share unknown)\n```\n")
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=500, help="minimum number of entities (default 500)")
    ap.add_argument("--payments", type=int, default=20000)
    ap.add_argument("--shipments", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20250630)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    a = ap.parse_args()
    w = World(a.seed)
    build_banks(w)
    build_core(w)
    build_links(w)
    build_extra(w)
    build_filler(w, a.entities)
    build_profiles(w)
    build_planted_payments(w)
    build_planted_shipments(w)
    update_planted(w)
    build_background(w, a.payments, a.shipments)
    os.makedirs(a.out, exist_ok=True)
    write_csv(os.path.join(a.out, "entities.csv"), ENTITY_COLS, w.entities.values())
    write_csv(os.path.join(a.out, "relations.csv"), RELATION_COLS, w.relations)
    write_csv(os.path.join(a.out, "designations.csv"), DESIGNATION_COLS, w.designations)
    write_csv(os.path.join(a.out, "payments.csv"), PAYMENT_COLS, w.payments)
    write_csv(os.path.join(a.out, "shipments.csv"), SHIPMENT_COLS, w.shipments)
    write_manifest(os.path.join(a.out, "dataset.toml"))
    write_readme(os.path.join(a.out, "README.md"), w, a)
    print("entities=%d relations=%d designations=%d payments=%d shipments=%d" % (
        len(w.entities), len(w.relations), len(w.designations), len(w.payments), len(w.shipments)))


if __name__ == "__main__":
    main()
