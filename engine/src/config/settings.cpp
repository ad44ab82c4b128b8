// Reading sanx.toml and dataset.toml with toml++. Every problem becomes a diagnostic pointing at the
// key or value in the TOML file, with that line of text under it.
#include "sanx/config/settings.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <string_view>
#include <toml++/toml.h>

#include "sanx/core/error.hpp"
#include "sanx/core/text.hpp"

namespace sanx::config {
namespace {

namespace fs = std::filesystem;
using core::Diagnostic;
using core::Diagnostics;
using core::Severity;

/// The text of a TOML file, kept so diagnostics can show the offending line.
struct TomlFile {
  fs::path path;
  std::string display;
  std::string text;

  [[nodiscard]] std::string line_text(std::uint32_t line) const {
    if (line == 0) return {};
    std::size_t begin = 0;
    for (std::uint32_t l = 1; l < line; ++l) {
      begin = text.find('\n', begin);
      if (begin == std::string::npos) return {};
      ++begin;
    }
    std::size_t end = text.find('\n', begin);
    std::string out = text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    if (!out.empty() && out.back() == '\r') out.pop_back();
    return out;
  }

  [[nodiscard]] Diagnostic at(const toml::source_region& where, Severity severity, std::string code,
                              std::string message, std::string label) const {
    Diagnostic d;
    d.severity = severity;
    d.code = std::move(code);
    d.message = std::move(message);
    d.where.file = display;
    d.where.line = static_cast<std::uint32_t>(where.begin.line);
    d.where.column = static_cast<std::uint32_t>(where.begin.column);
    if (where.end.line == where.begin.line && where.end.column > where.begin.column) {
      d.where.length = static_cast<std::uint32_t>(where.end.column - where.begin.column);
    } else {
      d.where.length = 1;
    }
    d.source_line = line_text(d.where.line);
    d.label = std::move(label);
    return d;
  }

  [[nodiscard]] Diagnostic at_node(const toml::node& node, Severity severity, std::string code,
                                   std::string message, std::string label) const {
    return at(node.source(), severity, std::move(code), std::move(message), std::move(label));
  }
};

std::string display_path(const fs::path& p) { return p.lexically_normal().generic_string(); }

/// Reads and parses a TOML file; on a syntax error adds E2007 and returns nullopt.
std::optional<toml::table> parse_toml(const TomlFile& file, Diagnostics& diags) {
  try {
    return toml::parse(file.text, file.display);
  } catch (const toml::parse_error& e) {
    // toml++ says "Error while parsing key-value pair: expected '='"; the header already says error.
    std::string_view what = e.description();
    if (what.starts_with("Error while ")) what.remove_prefix(std::string_view("Error while ").size());
    auto d = file.at(e.source(), Severity::error, "E2007", "invalid TOML", std::string(what));
    diags.add(std::move(d));
    return std::nullopt;
  }
}

std::optional<TomlFile> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw IoError(fmt::format("cannot read {}", path.string()));
  return TomlFile{path, display_path(path), ss.str()};
}

std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "nothing";
  }
}

/// Reads an optional string key; a value of another type is E2014.
std::optional<std::string> get_string(const TomlFile& file, const toml::table& t, std::string_view key,
                                      Diagnostics& diags) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::nullopt;
  if (auto s = n->value<std::string>(); s && n->is_string()) return *s;
  diags.add(file.at_node(*n, Severity::error, "E2014", fmt::format("`{}` must be a string", key),
                         fmt::format("expected a string, found {}", type_name(*n))));
  return std::nullopt;
}

void warn_unknown_keys(const TomlFile& file, const toml::table& t, std::initializer_list<std::string_view> known,
                       std::string_view where, Diagnostics& diags) {
  for (const auto& [key, node] : t) {
    bool ok = false;
    for (auto k : known) ok = ok || key.str() == k;
    if (ok) continue;
    std::string expected;
    for (auto k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
    auto d = file.at(key.source(), Severity::warning, "W2102", fmt::format("unknown key `{}` in {}", key.str(), where),
                     "ignored");
    d.notes.push_back(fmt::format("help: known keys are {}", expected));
    diags.add(std::move(d));
  }
}

/// A dataset's as-of date: a TOML local date (`as_of = 2025-06-30`) or an ISO string.
std::optional<core::Date> get_date(const TomlFile& file, const toml::table& t, std::string_view key,
                                   Diagnostics& diags) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* d = n->as_date()) {
    const toml::date v = d->get();
    return core::Date::parse_iso(fmt::format("{:04}-{:02}-{:02}", v.year, v.month, v.day));
  }
  if (const auto* s = n->as_string()) {
    if (auto parsed = core::Date::parse_iso(s->get())) return parsed;
    diags.add(file.at_node(*n, Severity::error, "E2002", fmt::format("invalid date `{}` in `{}`", s->get(), key),
                           "expected a date YYYY-MM-DD"));
    return std::nullopt;
  }
  diags.add(file.at_node(*n, Severity::error, "E2014", fmt::format("`{}` must be a date", key),
                         fmt::format("expected a date, found {}", type_name(*n))));
  return std::nullopt;
}

Diagnostic missing_key(const TomlFile& file, const toml::source_region& table_at, std::string_view key,
                       std::string_view table) {
  Diagnostic d;
  d.code = "E2014";
  d.message = fmt::format("missing required key `{}` in {}", key, table);
  d.where.file = file.display;
  d.where.line = static_cast<std::uint32_t>(table_at.begin.line);
  d.where.column = static_cast<std::uint32_t>(table_at.begin.column);
  d.where.length = 1;
  d.source_line = file.line_text(d.where.line);
  d.label = fmt::format("`{}` expected in this table", key);
  return d;
}

/// One `[[files]]` entry.
std::optional<model::DataFile> read_file_entry(const TomlFile& file, const toml::table& entry, const fs::path& base,
                                               Diagnostics& diags) {
  const std::size_t errors_before = diags.error_count();
  warn_unknown_keys(file, entry, {"path", "kind", "format", "columns", "ignore_columns", "as_of", "source"},
                    "[[files]]", diags);
  model::DataFile out;
  out.manifest_line = static_cast<std::uint32_t>(entry.source().begin.line);

  auto path = get_string(file, entry, "path", diags);
  auto kind = get_string(file, entry, "kind", diags);
  if (!entry.contains("path")) diags.add(missing_key(file, entry.source(), "path", "[[files]]"));
  if (!entry.contains("kind")) diags.add(missing_key(file, entry.source(), "kind", "[[files]]"));

  if (kind) {
    if (*kind == "list") {
      // The list formats are known to ingest, not here: the import checks the name (E2360).
      out.list = true;
      out.format = "auto";
    } else if (auto k = model::parse_file_kind(*kind)) {
      out.kind = *k;
    } else {
      diags.add(file.at_node(*entry.get("kind"), Severity::error, "E2009", fmt::format("unknown file kind `{}`", *kind),
                             "expected one of: entities, relations, designations, payments, shipments, list"));
    }
  }
  if (out.list) {
    out.as_of = get_date(file, entry, "as_of", diags);
    if (auto source = get_string(file, entry, "source", diags)) out.source = *source;
  }
  if (auto format = get_string(file, entry, "format", diags); format && out.list) {
    const auto d = file.at_node(*entry.get("format"), Severity::error, "", "", "");
    out.format = *format;
    out.format_where = d.where;
    out.format_source_line = d.source_line;
  } else if (format) {
    if (*format != "csv") {
      diags.add(file.at_node(*entry.get("format"), Severity::error, "E2009",
                             fmt::format("unknown file format `{}`", *format), "expected `csv`"));
    }
    out.format = *format;
  }
  if (const toml::node* cols = entry.get("columns")) {
    if (const auto* table = cols->as_table()) {
      const auto& canonical = model::canonical_columns(out.kind);
      for (const auto& [key, value] : *table) {
        const auto* s = value.as_string();
        if (s == nullptr) {
          diags.add(file.at_node(value, Severity::error, "E2014",
                                 fmt::format("column mapping for `{}` must be a string", key.str()),
                                 fmt::format("expected the file's column name, found {}", type_name(value))));
          continue;
        }
        bool known = false;
        for (auto c : canonical) known = known || c == key.str();
        if (!known && kind && model::parse_file_kind(*kind)) {
          std::string expected;
          for (auto c : canonical) expected += (expected.empty() ? "" : ", ") + std::string(c);
          auto d = file.at(key.source(), Severity::error, "E2008",
                           fmt::format("`{}` is not a column of {} files", key.str(), *kind), "unknown canonical column");
          d.notes.push_back(fmt::format("help: canonical columns are {}", expected));
          diags.add(std::move(d));
          continue;
        }
        out.columns.emplace_back(std::string(key.str()), s->get());
      }
    } else {
      diags.add(file.at_node(*cols, Severity::error, "E2014", "`columns` must be a table",
                             fmt::format("expected a table of canonical = \"file column\", found {}", type_name(*cols))));
    }
  }
  if (const toml::node* ignore = entry.get("ignore_columns")) {
    const auto* arr = ignore->as_array();
    if (arr == nullptr) {
      diags.add(file.at_node(*ignore, Severity::error, "E2014", "`ignore_columns` must be an array",
                             fmt::format("expected an array of column names, found {}", type_name(*ignore))));
    } else {
      for (const auto& item : *arr) {
        if (const auto* s = item.as_string()) {
          out.ignored_columns.push_back(s->get());
        } else {
          diags.add(file.at_node(item, Severity::error, "E2014", "`ignore_columns` must hold strings",
                                 fmt::format("expected a column name, found {}", type_name(item))));
        }
      }
    }
  }
  if (path) {
    out.name = *path;
    out.path = (base / *path).lexically_normal();
    std::error_code ec;
    if (!fs::is_regular_file(out.path, ec)) {
      diags.add(file.at_node(*entry.get("path"), Severity::error, "E2006",
                             fmt::format("data file `{}` does not exist", *path),
                             fmt::format("no such file: {}", display_path(out.path))));
    }
  }
  if (diags.error_count() != errors_before) return std::nullopt;
  return out;
}

}  // namespace

Settings load_settings(const fs::path& path, Diagnostics& diags) {
  Settings settings;
  std::error_code ec;
  if (!fs::exists(path, ec)) return settings;
  auto file = read_file(path);
  if (!file) throw IoError(fmt::format("cannot open {}", path.string()));
  auto table = parse_toml(*file, diags);
  if (!table) return settings;
  settings.loaded_from = path;
  const fs::path base = path.parent_path();
  warn_unknown_keys(*file, *table, {"database", "rule_dirs", "log_level"}, "sanx.toml", diags);
  if (auto db = get_string(*file, *table, "database", diags)) settings.database = base / *db;
  if (const toml::node* dirs = table->get("rule_dirs")) {
    if (const auto* arr = dirs->as_array()) {
      for (const auto& item : *arr) {
        if (const auto* s = item.as_string()) {
          settings.rule_dirs.push_back(base / s->get());
        } else {
          diags.add(file->at_node(item, Severity::error, "E2014", "`rule_dirs` must hold strings",
                                  fmt::format("expected a folder name, found {}", type_name(item))));
        }
      }
    } else {
      diags.add(file->at_node(*dirs, Severity::error, "E2014", "`rule_dirs` must be an array",
                              fmt::format("expected an array of folder names, found {}", type_name(*dirs))));
    }
  }
  if (auto level = get_string(*file, *table, "log_level", diags)) {
    static constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
    bool ok = false;
    for (auto l : kLevels) ok = ok || l == *level;
    if (ok) {
      settings.log_level = *level;
    } else {
      diags.add(file->at_node(*table->get("log_level"), Severity::error, "E2009",
                              fmt::format("unknown log level `{}`", *level),
                              "expected one of: trace, debug, info, warn, error, off"));
    }
  }
  return settings;
}

std::optional<model::DatasetManifest> read_dataset_manifest(const fs::path& path, Diagnostics& diags) {
  std::error_code ec;
  fs::path manifest_path = fs::is_directory(path, ec) ? path / "dataset.toml" : path;
  auto file = fs::exists(manifest_path, ec) ? read_file(manifest_path) : std::nullopt;
  if (!file) {
    Diagnostic d;
    d.code = "E2006";
    d.message = fs::is_directory(path, ec)
                    ? fmt::format("`{}` holds no dataset.toml", display_path(path))
                    : fmt::format("dataset manifest `{}` does not exist", display_path(manifest_path));
    d.where.file = display_path(manifest_path);
    d.notes.push_back("help: pass a dataset folder holding a dataset.toml, or the dataset.toml itself");
    diags.add(std::move(d));
    return std::nullopt;
  }
  auto table = parse_toml(*file, diags);
  if (!table) return std::nullopt;

  const std::size_t errors_before = diags.error_count();
  model::DatasetManifest m;
  m.manifest_path = manifest_path;
  warn_unknown_keys(*file, *table, {"dataset", "files"}, "dataset.toml", diags);

  const toml::node* ds = table->get("dataset");
  if (ds == nullptr || !ds->is_table()) {
    Diagnostic d;
    d.code = "E2014";
    d.message = "missing `[dataset]` table";
    d.where.file = file->display;
    d.where.line = 1;
    d.where.column = 1;
    d.where.length = 1;
    d.source_line = file->line_text(1);
    d.label = "expected a [dataset] table with name, source, licence and as_of";
    diags.add(std::move(d));
    return std::nullopt;
  }
  const toml::table& dataset = *ds->as_table();
  warn_unknown_keys(*file, dataset, {"name", "source", "licence", "license", "as_of", "description"}, "[dataset]",
                    diags);
  if (auto name = get_string(*file, dataset, "name", diags)) {
    m.name = *name;
    if (core::trim(m.name).empty()) {
      diags.add(file->at_node(*dataset.get("name"), Severity::error, "E2015", "dataset name is empty",
                              "expected a non-empty name"));
    }
  } else if (!dataset.contains("name")) {
    diags.add(missing_key(*file, dataset.source(), "name", "[dataset]"));
  }
  if (auto source = get_string(*file, dataset, "source", diags)) m.source = *source;
  if (auto licence = get_string(*file, dataset, "licence", diags)) m.licence = *licence;
  if (auto license = get_string(*file, dataset, "license", diags)) m.licence = *license;
  if (auto desc = get_string(*file, dataset, "description", diags)) m.description = *desc;
  m.as_of = get_date(*file, dataset, "as_of", diags);

  const toml::node* files = table->get("files");
  const auto* arr = files != nullptr ? files->as_array() : nullptr;
  if (arr == nullptr || arr->empty()) {
    Diagnostic d;
    d.code = "E2014";
    d.message = files == nullptr ? "missing `[[files]]` entries" : "`files` must be an array of tables";
    d.where.file = file->display;
    if (files != nullptr) {
      d.where.line = static_cast<std::uint32_t>(files->source().begin.line);
      d.where.column = static_cast<std::uint32_t>(files->source().begin.column);
      d.where.length = 1;
      d.source_line = file->line_text(d.where.line);
    }
    d.label = "expected [[files]] tables with path and kind";
    diags.add(std::move(d));
    return std::nullopt;
  }
  const fs::path base = manifest_path.parent_path();
  for (const auto& item : *arr) {
    const auto* entry = item.as_table();
    if (entry == nullptr) {
      diags.add(file->at_node(item, Severity::error, "E2014", "each `files` entry must be a table",
                              fmt::format("expected a table with path and kind, found {}", type_name(item))));
      continue;
    }
    if (auto f = read_file_entry(*file, *entry, base, diags)) m.files.push_back(std::move(*f));
  }
  // The same file named twice would be imported twice into one version: refuse it.
  for (std::size_t i = 0; i < m.files.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (m.files[i].name != m.files[j].name) continue;
      Diagnostic d;
      d.code = "E2005";
      d.message = fmt::format("data file `{}` is listed twice", m.files[i].name);
      d.where.file = file->display;
      d.where.line = m.files[i].manifest_line;
      d.where.column = 1;
      d.where.length = 1;
      d.source_line = file->line_text(d.where.line);
      d.label = "listed again here";
      core::Label first;
      first.where.file = file->display;
      first.where.line = m.files[j].manifest_line;
      first.where.column = 1;
      first.where.length = 1;
      first.message = "first listed here";
      first.source_line = file->line_text(first.where.line);
      d.related.push_back(std::move(first));
      diags.add(std::move(d));
    }
  }
  if (diags.error_count() != errors_before) return std::nullopt;
  return m;
}

}  // namespace sanx::config
