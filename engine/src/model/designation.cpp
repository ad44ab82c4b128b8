#include "sanx/model/designation.hpp"

namespace sanx::model {

bool Designation::in_force_on(const core::Date& day) const noexcept {
  const core::Date d = day.earliest();
  if (listed_from && d < listed_from->earliest()) return false;
  if (listed_to && !(d < listed_to->earliest())) return false;
  return true;
}

}  // namespace sanx::model
