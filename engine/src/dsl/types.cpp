#include "sanx/dsl/types.hpp"

namespace sanx::dsl {

std::string_view to_string(TypeKind k) noexcept {
  switch (k) {
    case TypeKind::error: return "error";
    case TypeKind::boolean: return "bool";
    case TypeKind::integer: return "int";
    case TypeKind::decimal: return "decimal";
    case TypeKind::percent: return "percent";
    case TypeKind::string: return "string";
    case TypeKind::country: return "country";
    case TypeKind::date: return "date";
    case TypeKind::duration: return "duration";
    case TypeKind::entity: return "entity";
    case TypeKind::payment: return "payment";
    case TypeKind::shipment: return "shipment";
    case TypeKind::relation: return "relation";
    case TypeKind::designation: return "designation";
    case TypeKind::set: return "set";
    case TypeKind::list: return "list";
  }
  return "error";
}

std::string to_string(const Type& t) {
  std::string out(to_string(t.kind));
  if (t.is_collection()) {
    out += '<';
    out += to_string(t.element);
    out += '>';
  }
  return out;
}

}  // namespace sanx::dsl
