#include "sanx/ingest/lists.hpp"

#include <array>
#include <utility>

namespace sanx::ingest {

namespace {

constexpr std::array<std::pair<ListFormat, std::string_view>, 9> kNames{{
    {ListFormat::ofac_csv, "ofac-csv"},
    {ListFormat::ofac_xml, "ofac-xml"},
    {ListFormat::ofac_advanced, "ofac-advanced"},
    {ListFormat::un_xml, "un-xml"},
    {ListFormat::uk_csv, "uk-csv"},
    {ListFormat::eu_xml, "eu-xml"},
    {ListFormat::ftm, "ftm"},
    {ListFormat::bods, "bods"},
    {ListFormat::gleif_rr, "gleif-rr"},
}};

}  // namespace

std::string_view to_string(ListFormat f) noexcept {
  for (const auto& [format, name] : kNames) {
    if (format == f) return name;
  }
  return "?";
}

std::optional<ListFormat> parse_list_format(std::string_view s) noexcept {
  for (const auto& [format, name] : kNames) {
    if (name == s) return format;
  }
  return std::nullopt;
}

const std::vector<ListFormat>& all_list_formats() {
  static const std::vector<ListFormat> formats = [] {
    std::vector<ListFormat> v;
    for (const auto& [format, name] : kNames) v.push_back(format);
    return v;
  }();
  return formats;
}

std::optional<ListFormat> detect_list_format(const std::filesystem::path& /*path*/) {
  return std::nullopt;  // TODO(issue 4): sniff the first bytes
}

ListSnapshot read_list(ListFormat format, const std::filesystem::path& path, core::Diagnostics& diags,
                       const ListReadOptions& options) {
  switch (format) {
    case ListFormat::ofac_csv: return read_ofac_csv(path, diags, options);
    case ListFormat::ofac_xml: return read_ofac_xml(path, diags, options);
    case ListFormat::ofac_advanced: return read_ofac_advanced(path, diags, options);
    case ListFormat::un_xml: return read_un_xml(path, diags, options);
    case ListFormat::uk_csv: return read_uk_csv(path, diags, options);
    case ListFormat::eu_xml: return read_eu_xml(path, diags, options);
    case ListFormat::ftm: return read_ftm(path, diags, options);
    case ListFormat::bods: return read_bods(path, diags, options);
    case ListFormat::gleif_rr: return read_gleif_rr(path, diags, options);
  }
  return {};
}

}  // namespace sanx::ingest
