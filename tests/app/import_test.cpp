// Specification of importing a dataset folder: one transaction, unchanged files skipped, changed files
// replaced, any error leaving the database exactly as it was.
#include <catch2/catch.hpp>

#include <map>

#include "sanx/app/import.hpp"
#include "sanx/match/screening.hpp"
#include "sanx/store/database.hpp"
#include "store/store_test_support.hpp"
#include "support/temp_dir.hpp"

using sanx::app::FileStatus;
using sanx::testing::TempDir;
namespace app = sanx::app;
namespace store = sanx::store;

namespace {

const char* const kManifest = R"([dataset]
name = "small"
source = "test fixture"
licence = "CC0-1.0"
as_of = 2024-12-31

[[files]]
path = "payments.csv"
kind = "payments"

[[files]]
path = "entities.csv"
kind = "entities"

[[files]]
path = "relations.csv"
kind = "relations"

[[files]]
path = "designations.csv"
kind = "designations"

[[files]]
path = "shipments.csv"
kind = "shipments"
)";

const char* const kEntities = R"(id,kind,name,aliases,country,identifiers,birth_date,incorporated,address
t:bank-ru,bank,Test Bank Russia,,RU,bic:TSTBRUMM,,1995-03-01,Moscow
t:bank-de,bank,Test Bank Germany,,DE,bic:TSTBDEFF,,1950,Frankfurt
t:alpha,company,Alpha Trading LLC,aka:ООО Альфа,RU,inn:7701234567,,2019-05,Moscow
t:beta,company,Beta GmbH,,DE,,,2001-01-01,Berlin
t:ivanov,person,Ivan Ivanov,,RU,passport:123456789,1970-01-02,,
)";

const char* const kRelations = "source,target,kind,share,basis,start,end\nt:ivanov,t:alpha,ownership,60,,2019-05-01,\n";
const char* const kDesignations =
    "entity,regime,list,programs,listed_from,listed_to\nt:ivanov,OFAC,SDN,RUSSIA-EO14024,2022-04-06,\n";

const char* const kPaymentsHeader =
    "id,date,originator,beneficiary,originator_bic,beneficiary_bic,intermediary_bics,network,currency,amount,purpose\n";
const char* const kPayments =
    "p1,2024-01-10,t:alpha,t:beta,TSTBRUMM,TSTBDEFF,,SWIFT,EUR,1000.50,invoice 1\n"
    "p2,2024-01-11,t:beta,t:alpha,TSTBDEFF,TSTBRUMM,,SWIFT,EUR,200,invoice 2\n";

const char* const kShipments =
    "id,date,exporter,consignee,end_user,hs_code,description,value,currency,origin,destination,route,mode,vessel\n"
    "s1,2024-02-01,t:beta,t:alpha,,847989,machine parts,5000,EUR,DE,RU,PL|BY,road,\n";

/// A valid five-file dataset in a temp folder, whose files tests then change.
struct World {
  TempDir dir;
  World() {
    dir.write("dataset/dataset.toml", kManifest);
    dir.write("dataset/entities.csv", kEntities);
    dir.write("dataset/relations.csv", kRelations);
    dir.write("dataset/designations.csv", kDesignations);
    dir.write("dataset/payments.csv", std::string(kPaymentsHeader) + kPayments);
    dir.write("dataset/shipments.csv", kShipments);
  }
  void write(std::string_view file, std::string_view content) const { dir.write("dataset/" + std::string(file), content); }
  [[nodiscard]] store::Database open() const { return store::Database::open(dir / "sanx.db"); }
  [[nodiscard]] app::ImportOutcome import(store::Database& db) const { return app::import_dataset(dir / "dataset", db); }
};

std::map<std::string, std::int64_t> counts(const store::Database& db) {
  std::map<std::string, std::int64_t> out;
  for (const auto& t : db.stats().tables) out[t.table] = t.rows;
  return out;
}

FileStatus status_of(const app::ImportOutcome& out, std::string_view file) {
  for (const auto& f : out.files) {
    if (f.file == file) return f.status;
  }
  FAIL("no outcome for " << file);
  return FileStatus::not_run;
}

bool has_code(const app::ImportOutcome& out, std::string_view code) {
  for (const auto& d : out.diagnostics.items()) {
    if (d.code == code) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("importing a dataset stores every file's rows in one commit", "[app][import]") {
  World w;
  auto db = w.open();
  auto out = w.import(db);
  INFO(out.diagnostics.items().size());
  REQUIRE_FALSE(out.diagnostics.has_errors());
  CHECK(out.committed);
  CHECK(out.dataset == "small");
  auto c = counts(db);
  CHECK(c["entities"] == 5);
  CHECK(c["relations"] == 1);
  CHECK(c["designations"] == 1);
  CHECK(c["payments"] == 2);
  CHECK(c["shipments"] == 1);
  CHECK(c["dataset_versions"] == 5);
  CHECK(status_of(out, "payments.csv") == FileStatus::imported);
}

TEST_CASE("files are imported entities first whatever order the manifest lists them in", "[app][import]") {
  World w;
  auto db = w.open();
  auto out = w.import(db);
  REQUIRE(out.files.size() == 5);
  CHECK(out.files.front().kind == "entities");
  CHECK(out.files.back().kind == "shipments");
}

TEST_CASE("importing the same dataset again changes nothing and says it is unchanged", "[app][import]") {
  World w;
  auto db = w.open();
  REQUIRE(w.import(db).committed);
  const auto before = db.stats();
  const auto counts_before = counts(db);
  auto again = w.import(db);
  CHECK(again.unchanged());
  CHECK_FALSE(again.committed);
  CHECK(again.diagnostics.empty());
  const auto after = db.stats();
  CHECK(after.versions.size() == before.versions.size());
  CHECK(counts(db) == counts_before);
  for (std::size_t i = 0; i < after.versions.size(); ++i) CHECK(after.versions[i].imported_at == before.versions[i].imported_at);
}

TEST_CASE("an unchanged dataset again stores the Latin forms a database imported by another build lacks",
          "[app][import][transliteration]") {
  World w;
  {
    auto db = w.open();
    REQUIRE(w.import(db).committed);
  }
  {  // as a build with another method, or one before schema 4, left it
    sanx::testing::RawDb raw(w.dir / "sanx.db");
    raw.exec("DELETE FROM name_transliterations");
    raw.exec("UPDATE transliteration_method SET method = 'an older build'");
  }
  auto db = w.open();
  const auto versions_before = db.stats().versions;
  REQUIRE(db.names_lack_forms(sanx::match::transliteration_method()));
  const auto again = w.import(db);
  CHECK(again.unchanged());
  CHECK_FALSE(again.committed);  // no file is imported again
  CHECK_FALSE(db.names_lack_forms(sanx::match::transliteration_method()));
  CHECK(counts(db)["name_transliterations"] == 1);  // the alias ООО Альфа
  const auto versions_after = db.stats().versions;
  REQUIRE(versions_after.size() == versions_before.size());
  for (std::size_t i = 0; i < versions_after.size(); ++i) CHECK(versions_after[i].imported_at == versions_before[i].imported_at);
}

TEST_CASE("a changed file replaces its previous version's rows and keeps the others", "[app][import]") {
  World w;
  auto db = w.open();
  REQUIRE(w.import(db).committed);
  w.write("payments.csv", std::string(kPaymentsHeader) +
                              "p3,2024-03-01,t:alpha,t:beta,TSTBRUMM,TSTBDEFF,,SWIFT,EUR,7,only payment now\n");
  auto out = w.import(db);
  REQUIRE_FALSE(out.diagnostics.has_errors());
  CHECK(out.committed);
  CHECK(status_of(out, "payments.csv") == FileStatus::replaced);
  CHECK(status_of(out, "entities.csv") == FileStatus::unchanged);
  auto c = counts(db);
  CHECK(c["payments"] == 1);
  CHECK(c["entities"] == 5);
  int payment_versions = 0;
  int current = 0;
  for (const auto& v : db.stats().versions) {
    if (v.file != "payments.csv") continue;
    ++payment_versions;
    current += v.current ? 1 : 0;
  }
  CHECK(payment_versions == 2);
  CHECK(current == 1);
}

TEST_CASE("an error in any file rolls back every file of the import", "[app][import][errors]") {
  World w;
  w.write("payments.csv", std::string(kPaymentsHeader) + kPayments +
                              "p9,2024-13-01,t:alpha,t:beta,TSTBRUMM,TSTBDEFF,,SWIFT,EUR,5,bad month\n");
  auto db = w.open();
  auto out = w.import(db);
  CHECK_FALSE(out.committed);
  REQUIRE(out.diagnostics.error_count() == 1);
  const auto& d = out.diagnostics.items()[0];
  CHECK(d.code == "E2002");
  CHECK(d.where.file.ends_with("payments.csv"));
  CHECK(d.where.line == 4);
  CHECK(d.where.column == 4);
  CHECK(status_of(out, "payments.csv") == FileStatus::failed);
  CHECK(status_of(out, "entities.csv") == FileStatus::rolled_back);
  CHECK(status_of(out, "shipments.csv") == FileStatus::not_run);
  auto c = counts(db);
  CHECK(c["entities"] == 0);
  CHECK(c["payments"] == 0);
  CHECK(c["dataset_versions"] == 0);
}

TEST_CASE("a failed re-import leaves the previously imported data exactly as it was", "[app][import][errors]") {
  World w;
  auto db = w.open();
  REQUIRE(w.import(db).committed);
  const auto before = counts(db);
  const auto versions_before = db.stats().versions.size();
  w.write("payments.csv", std::string(kPaymentsHeader) + "p5,2024-03-01,t:alpha,t:nobody,TSTBRUMM,TSTBDEFF,,SWIFT,EUR,1,x\n");
  auto out = w.import(db);
  CHECK_FALSE(out.committed);
  CHECK(has_code(out, "E2004"));
  CHECK(counts(db) == before);
  CHECK(db.stats().versions.size() == versions_before);
}

TEST_CASE("replacing entities with a file that drops an id still used elsewhere is E2019 and rolls back",
          "[app][import][errors]") {
  World w;
  auto db = w.open();
  REQUIRE(w.import(db).committed);
  const auto before = counts(db);
  // t:beta is gone, but the unchanged payments and shipments files still use it.
  std::string entities = kEntities;
  entities.erase(entities.find("t:beta,"), std::string("t:beta,company,Beta GmbH,,DE,,,2001-01-01,Berlin\n").size());
  w.write("entities.csv", entities);
  auto out = w.import(db);
  CHECK_FALSE(out.committed);
  REQUIRE(has_code(out, "E2019"));
  bool names_payment = false;
  for (const auto& d : out.diagnostics.items()) {
    if (d.code == "E2019" && d.message.find("t:beta") != std::string::npos && d.where.file.ends_with("payments.csv")) {
      names_payment = d.where.line >= 2;
    }
  }
  CHECK(names_payment);
  CHECK(counts(db) == before);
}

TEST_CASE("replacing entities keeps rows of other files that reference kept ids", "[app][import]") {
  World w;
  auto db = w.open();
  REQUIRE(w.import(db).committed);
  std::string entities = kEntities;
  entities.replace(entities.find("Beta GmbH"), 9, "Beta Maschinen GmbH");
  w.write("entities.csv", entities);
  auto out = w.import(db);
  REQUIRE_FALSE(out.diagnostics.has_errors());
  CHECK(out.committed);
  CHECK(status_of(out, "entities.csv") == FileStatus::replaced);
  auto c = counts(db);
  CHECK(c["entities"] == 5);
  CHECK(c["payments"] == 2);
}

TEST_CASE("an id that another dataset already holds is a duplicate", "[app][import][errors]") {
  World w;
  auto db = w.open();
  REQUIRE(w.import(db).committed);
  TempDir other;
  other.write("dataset.toml", "[dataset]\nname = \"other\"\n[[files]]\npath = \"entities.csv\"\nkind = \"entities\"\n");
  other.write("entities.csv", "id,kind,name,aliases,country,identifiers,birth_date,incorporated,address\n"
                              "t:gamma,company,Gamma,,AM,,,,\n"
                              "t:alpha,company,Alpha Again,,AM,,,,\n");
  auto out = app::import_dataset(other.path(), db);
  CHECK_FALSE(out.committed);
  REQUIRE(out.diagnostics.error_count() == 1);
  CHECK(out.diagnostics.items()[0].code == "E2005");
  CHECK(out.diagnostics.items()[0].where.line == 3);
  CHECK(counts(db)["entities"] == 5);
}

TEST_CASE("a payment id that another dataset already holds is a duplicate at its line", "[app][import][errors]") {
  World w;
  auto db = w.open();
  REQUIRE(w.import(db).committed);
  TempDir other;
  other.write("dataset.toml", "[dataset]\nname = \"other\"\n[[files]]\npath = \"payments.csv\"\nkind = \"payments\"\n");
  other.write("payments.csv", std::string(kPaymentsHeader) +
                                  "q1,2024-05-01,t:alpha,t:beta,,,,BOOK,EUR,3,fine\n"
                                  "p2,2024-05-02,t:alpha,t:beta,,,,BOOK,EUR,4,clashes with the small dataset\n");
  auto out = app::import_dataset(other.path(), db);
  CHECK_FALSE(out.committed);
  REQUIRE(out.diagnostics.error_count() == 1);
  const auto& d = out.diagnostics.items()[0];
  CHECK(d.code == "E2005");
  CHECK(d.where.line == 3);
  CHECK(d.where.column == 1);
  CHECK(d.message == "payment id `p2` is already in the database");
  CHECK(counts(db)["payments"] == 2);
}

TEST_CASE("a bank export's extra columns import when the manifest ignores them, and fail when it does not",
          "[app][import]") {
  TempDir dir;
  const std::string manifest = "[dataset]\nname = \"export\"\n[[files]]\npath = \"entities.csv\"\nkind = \"entities\"\n";
  dir.write("entities.csv", "id,kind,name,aliases,country,identifiers,birth_date,incorporated,address,Segment\n"
                            "x:one,company,One LLC,,KZ,,,,,SME\n");
  dir.write("dataset.toml", manifest);
  auto db = store::Database::open(dir / "sanx.db");
  auto strict = app::import_dataset(dir.path(), db);
  REQUIRE(has_code(strict, "E2008"));
  CHECK(strict.diagnostics.items()[0].where.column == 74);
  dir.write("dataset.toml", manifest + "ignore_columns = [\"Segment\"]\n");
  auto lenient = app::import_dataset(dir.path(), db);
  CHECK(lenient.diagnostics.empty());
  CHECK(lenient.committed);
  CHECK(counts(db)["entities"] == 1);
}
