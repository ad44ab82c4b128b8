// Specification of the in-memory dataset's look-ups: entities by id, banks by BIC (with the BIC8/BIC11
// fallbacks), and the designations of each entity.
#include "sanx/model/dataset.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace model = sanx::model;
using model::EntityIx;
using model::EntityKind;

namespace {

model::Entity entity(std::string id, EntityKind kind, std::vector<std::string> identifiers = {}) {
  model::Entity e;
  e.id = std::move(id);
  e.kind = kind;
  for (const auto& text : identifiers) e.identifiers.push_back(model::parse_identifier(text).value());
  return e;
}

model::Designation designation(std::string entity_id, std::string regime) {
  model::Designation d;
  d.entity = std::move(entity_id);
  d.regime = std::move(regime);
  return d;
}

EntityIx ix(std::uint32_t value) { return EntityIx{value}; }

/// Three banks (one listed under its BIC11 primary office), a company and a person.
model::Dataset sample() {
  model::Dataset d;
  d.entities.push_back(entity("t:bank-ru", EntityKind::bank, {"bic:TSTBRUMM", "inn:7700000001"}));
  d.entities.push_back(entity("t:bank-de", EntityKind::bank, {"bic:TSTBDEFFXXX"}));
  d.entities.push_back(entity("t:alpha", EntityKind::company, {"bic:ALPHRUMM"}));
  d.entities.push_back(entity("t:ivanov", EntityKind::person));
  d.entities.push_back(entity("t:bank-kz", EntityKind::bank, {"bic:TSTBKZKA", "bic:TSTBKZKA123"}));
  d.designations.push_back(designation("t:ivanov", "OFAC"));
  d.designations.push_back(designation("t:alpha", "EU"));
  d.designations.push_back(designation("t:ivanov", "UK"));
  d.build_indices();
  return d;
}

}  // namespace

namespace Catch {
template <>
struct StringMaker<EntityIx> {
  static std::string convert(EntityIx e) { return e.valid() ? std::to_string(e.value) : "invalid"; }
};
}  // namespace Catch

TEST_CASE("an entity index is invalid until it is given a value", "[model][dataset]") {
  CHECK_FALSE(EntityIx{}.valid());
  CHECK(EntityIx{0}.valid());
  CHECK(EntityIx{} == EntityIx{EntityIx::kNone});
}

TEST_CASE("find_entity gives the index of the entity with that id", "[model][dataset]") {
  const auto d = sample();
  CHECK(d.find_entity("t:bank-ru") == ix(0));
  CHECK(d.find_entity("t:ivanov") == ix(3));
  CHECK(d.find_entity("t:bank-kz") == ix(4));
}

TEST_CASE("find_entity of an unknown id is the invalid index", "[model][dataset]") {
  const auto d = sample();
  CHECK_FALSE(d.find_entity("t:nobody").valid());
  CHECK_FALSE(d.find_entity("").valid());
  CHECK_FALSE(d.find_entity("T:IVANOV").valid());  // ids are exact
}

TEST_CASE("find_bank resolves a BIC a bank lists exactly", "[model][dataset][bic]") {
  const auto d = sample();
  CHECK(d.find_bank("TSTBRUMM") == ix(0));
  CHECK(d.find_bank("TSTBDEFFXXX") == ix(1));
  CHECK(d.find_bank("TSTBKZKA123") == ix(4));
}

TEST_CASE("find_bank resolves a BIC11 branch through its BIC8", "[model][dataset][bic]") {
  const auto d = sample();
  CHECK(d.find_bank("TSTBRUMM001") == ix(0));
  CHECK(d.find_bank("TSTBRUMMXXX") == ix(0));
}

TEST_CASE("find_bank resolves a BIC8 through the bank's BIC8 + XXX", "[model][dataset][bic]") {
  const auto d = sample();
  CHECK(d.find_bank("TSTBDEFF") == ix(1));
}

TEST_CASE("find_bank does not resolve one branch through another", "[model][dataset][bic]") {
  const auto d = sample();
  // TSTBDEFFXXX is listed, TSTBDEFF is not: a branch 001 falls back to TSTBDEFF only.
  CHECK_FALSE(d.find_bank("TSTBDEFF001").valid());
}

TEST_CASE("find_bank counts the BICs of bank entities only", "[model][dataset][bic]") {
  const auto d = sample();
  CHECK_FALSE(d.find_bank("ALPHRUMM").valid());  // a company's bic: identifier
  CHECK_FALSE(d.find_bank("7700000001").valid());  // another scheme's value
}

TEST_CASE("find_bank of an unknown or empty BIC is the invalid index", "[model][dataset][bic]") {
  const auto d = sample();
  CHECK_FALSE(d.find_bank("NONEXXXX").valid());
  CHECK_FALSE(d.find_bank("NONEXXXX123").valid());
  CHECK_FALSE(d.find_bank("").valid());
  CHECK_FALSE(d.find_bank("tstbrumm").valid());  // BICs are stored upper case and matched exactly
}

TEST_CASE("when two banks list the same BIC the first in entity order wins", "[model][dataset][bic]") {
  model::Dataset d;
  d.entities.push_back(entity("t:first", EntityKind::bank, {"bic:TSTBRUMM"}));
  d.entities.push_back(entity("t:second", EntityKind::bank, {"bic:TSTBRUMM"}));
  d.build_indices();
  CHECK(d.find_bank("TSTBRUMM") == ix(0));
}

TEST_CASE("designations_of lists each entity's designations in designation order", "[model][dataset]") {
  const auto d = sample();
  REQUIRE(d.designations_of.size() == d.entities.size());
  CHECK(d.designations_of[3] == std::vector<std::uint32_t>{0, 2});
  CHECK(d.designations_of[2] == std::vector<std::uint32_t>{1});
  CHECK(d.designations_of[0].empty());
}

TEST_CASE("a designation of an unknown entity belongs to no entity", "[model][dataset]") {
  auto d = sample();
  d.designations.push_back(designation("t:nobody", "UN"));
  d.build_indices();
  std::size_t listed = 0;
  for (const auto& of : d.designations_of) listed += of.size();
  CHECK(listed == 3);
}

TEST_CASE("build_indices rebuilds the indices from the vectors as they are now", "[model][dataset]") {
  auto d = sample();
  d.entities.erase(d.entities.begin());  // t:bank-ru goes, the others move up by one
  d.designations.pop_back();
  d.build_indices();
  CHECK_FALSE(d.find_entity("t:bank-ru").valid());
  CHECK_FALSE(d.find_bank("TSTBRUMM").valid());
  CHECK(d.find_entity("t:ivanov") == ix(2));
  CHECK(d.find_bank("TSTBDEFF") == ix(0));
  REQUIRE(d.designations_of.size() == 4);
  CHECK(d.designations_of[2] == std::vector<std::uint32_t>{0});
}

TEST_CASE("an empty dataset finds nothing", "[model][dataset]") {
  model::Dataset d;
  d.build_indices();
  CHECK_FALSE(d.find_entity("t:alpha").valid());
  CHECK_FALSE(d.find_bank("TSTBRUMM").valid());
  CHECK(d.designations_of.empty());
}
