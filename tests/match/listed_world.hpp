// Test support for screening: a dataset whose every entity is designated, so that the default index (listed
// parties only) holds them all.
#pragma once

#include <utility>
#include <vector>

#include "sanx/model/dataset.hpp"

namespace sanx::testing {

inline model::Dataset listed(std::vector<model::Entity> entities) {
  model::Dataset d;
  for (auto& e : entities) {
    model::Designation des;
    des.entity = e.id;
    des.regime = "OFAC";
    des.list = "SDN";
    d.designations.push_back(des);
    d.entities.push_back(std::move(e));
  }
  d.build_indices();
  return d;
}

}  // namespace sanx::testing
