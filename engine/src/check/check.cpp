// The checker: one pass over declarations (consts and sets, typed lazily so that order and imports do
// not matter), then one pass over rules. Every expression node gets a type and a resolution; a node
// with a problem is typed `error`, and nothing is reported again about an expression that contains one,
// so that one mistake gives one diagnostic.
#include "sanx/check/check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "check/fold.hpp"
#include "check/regex.hpp"
#include "sanx/check/schema.hpp"
#include "sanx/core/assert.hpp"
#include "sanx/core/country.hpp"
#include "sanx/core/error.hpp"
#include "sanx/core/text.hpp"
#include "sanx/ingest/csv.hpp"

namespace sanx::check {
namespace {

namespace ast = dsl::ast;
namespace fs = std::filesystem;
using core::Severity;
using dsl::Type;
using dsl::TypeKind;
using ast::BinaryOp;
using ast::ExprKind;
using ast::ResolvedKind;

constexpr Type kError = Type::of(TypeKind::error);
constexpr Type kBool = Type::of(TypeKind::boolean);

bool is_numeric(TypeKind k) { return k == TypeKind::integer || k == TypeKind::decimal || k == TypeKind::percent; }
bool is_error(const Type& t) { return t.kind == TypeKind::error; }

std::string type_name(const Type& t) { return dsl::to_string(t); }

std::string_view op_text(BinaryOp op) {
  switch (op) {
    case BinaryOp::logical_and: return "and";
    case BinaryOp::logical_or: return "or";
    case BinaryOp::eq: return "==";
    case BinaryOp::ne: return "!=";
    case BinaryOp::lt: return "<";
    case BinaryOp::le: return "<=";
    case BinaryOp::gt: return ">";
    case BinaryOp::ge: return ">=";
    case BinaryOp::add: return "+";
    case BinaryOp::sub: return "-";
    case BinaryOp::mul: return "*";
    case BinaryOp::div: return "/";
    case BinaryOp::in: return "in";
    case BinaryOp::not_in: return "not in";
    case BinaryOp::contains: return "contains";
    case BinaryOp::starts_with: return "starts_with";
    case BinaryOp::ends_with: return "ends_with";
    case BinaryOp::matches: return "matches";
  }
  return "?";
}

/// What each operator accepts, for the help line of E0201 (docs/dsl-reference.md has the same table).
std::string_view op_help(BinaryOp op) {
  switch (op) {
    case BinaryOp::logical_and:
    case BinaryOp::logical_or: return "help: `and` and `or` take two bools";
    case BinaryOp::eq:
    case BinaryOp::ne:
      return "help: `==` and `!=` compare values of one type (int, decimal and percent together; a country "
             "with a string literal)";
    case BinaryOp::lt:
    case BinaryOp::le:
    case BinaryOp::gt:
    case BinaryOp::ge: return "help: order comparisons take two numbers, two dates, two durations or two strings";
    case BinaryOp::add:
      return "help: `+` takes two numbers, two durations, or a date and a duration";
    case BinaryOp::sub:
      return "help: `-` takes two numbers, two durations, two dates (giving a duration), or a date and a duration";
    case BinaryOp::mul:
    case BinaryOp::div: return "help: `*` and `/` take two numbers";
    case BinaryOp::in:
    case BinaryOp::not_in: return "help: `x in S` takes a value and a set or list of values of the same type";
    case BinaryOp::contains: return "help: `contains` takes two strings, or a set or list and an element";
    case BinaryOp::starts_with:
    case BinaryOp::ends_with: return "help: `starts_with` and `ends_with` take two strings";
    case BinaryOp::matches: return "help: `matches` takes a string and a string literal holding a regex";
  }
  return {};
}

std::optional<TypeKind> type_word(std::string_view w) {
  static const std::map<std::string_view, TypeKind> words{
      {"bool", TypeKind::boolean}, {"int", TypeKind::integer}, {"decimal", TypeKind::decimal},
      {"percent", TypeKind::percent}, {"string", TypeKind::string}, {"country", TypeKind::country},
      {"date", TypeKind::date}, {"duration", TypeKind::duration}};
  const auto it = words.find(w);
  if (it == words.end()) return std::nullopt;
  return it->second;
}

/// Edit distance counting an adjacent transposition as one edit (`teir` -> `tier`).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t w = b.size() + 1;
  std::vector<std::size_t> d((a.size() + 1) * w);
  for (std::size_t i = 0; i <= a.size(); ++i) d[i * w] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t best = std::min({d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) best = std::min(best, d[(i - 2) * w + j - 2] + 1);
      d[i * w + j] = best;
    }
  }
  return d[a.size() * w + b.size()];
}

/// "help: did you mean `x`?" for the closest candidate within a third of the name's length, if any.
std::optional<std::string> did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates) {
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(1, name.size() / 3) + 1;
  for (const auto c : candidates) {
    const std::size_t d = edit_distance(name, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  if (best.empty()) return std::nullopt;
  return fmt::format("help: did you mean `{}`?", best);
}

std::string joined(const std::vector<std::string_view>& words) {
  std::string out;
  for (const auto w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

/// Months and days in a duration expression, as far as they can be seen; `anchored` when it is a
/// difference of two dates (which compares with months on the calendar).
struct DurationShape {
  bool months = false;
  bool days = false;
  bool anchored = false;
};

struct Local {
  std::string_view name;
  ResolvedKind kind = ResolvedKind::none;
  std::int32_t index = -1;
  Type type;
  core::Span span;
};

struct DeclRef {
  std::int32_t file = -1;
  std::int32_t index = -1;
  bool is_set = false;
};

enum class State { unchecked, checking, done };

struct DeclInfo {
  State state = State::unchecked;
  Type type;
  bool used = false;
  bool countries_validated = false;
  bool duplicate = false;  ///< reported as E0105: not reported again as unused
};

const std::vector<std::string_view> kMetaKeys{"title", "severity", "pattern", "regimes", "references",
                                              "status", "effective", "expires", "on_missing", "tags"};
const std::vector<std::string_view> kSeverities{"info", "low", "medium", "high", "critical"};
const std::vector<std::string_view> kStatuses{"draft", "test", "stable", "deprecated"};
const std::vector<std::string_view> kRegimes{"OFAC", "EU", "UK", "UN"};
const std::vector<std::string_view> kOnMissing{"flag", "ignore"};
/// A typology has no condition of its own: no effective/expires (its rules have theirs) and no on_missing.
const std::vector<std::string_view> kTypologyMetaKeys{"title", "severity", "pattern", "regimes", "references",
                                                      "status", "tags"};
/// In the order of ast::TypologyOutcome.
const std::vector<std::string_view> kOutcomes{"clear", "review", "block"};

struct RuleRef {
  std::int32_t file = -1;
  std::int32_t index = -1;
};

bool contains_word(const std::vector<std::string_view>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

class Checker {
 public:
  Checker(dsl::Pack& pack, core::Diagnostics& diags, const CheckOptions& options)
      : pack_(pack), sources_(pack.sources), diags_(diags), options_(options) {}

  void run() {
    index_files();
    for (std::size_t f = 0; f < pack_.files.size(); ++f) check_declarations(static_cast<std::int32_t>(f));
    std::map<std::string, const ast::Identifier*> names;  // rules and typologies, qualified
    for (std::size_t f = 0; f < pack_.files.size(); ++f) {
      file_ = static_cast<std::int32_t>(f);
      auto& file = pack_.files[f];
      for (std::size_t r = 0; r < file.rules.size(); ++r) {
        auto& rule = file.rules[r];
        const std::string qualified = namespaces_[f] + "." + rule.name.name;
        if (const auto [it, inserted] = names.emplace(qualified, &rule.name); !inserted) {
          report(Severity::error, "E0101", fmt::format("duplicate rule `{}`", rule.name.name), rule.name.span,
                 "declared again here", {}, {sources_.label(it->second->span, "first declared here")});
        } else {
          rules_.emplace(qualified, RuleRef{static_cast<std::int32_t>(f), static_cast<std::int32_t>(r)});
        }
        check_rule(rule);
      }
    }
    for (std::size_t f = 0; f < pack_.files.size(); ++f) {
      file_ = static_cast<std::int32_t>(f);
      for (auto& typology : pack_.files[f].typologies) {
        const std::string qualified = namespaces_[f] + "." + typology.name.name;
        if (const auto [it, inserted] = names.emplace(qualified, &typology.name); !inserted) {
          report(Severity::error, "E0101", fmt::format("duplicate rule or typology `{}`", typology.name.name),
                 typology.name.span, "declared again here", {},
                 {sources_.label(it->second->span, "first declared here")});
        }
        check_typology(typology);
      }
    }
    report_unused_declarations();
  }

 private:
  // ---- diagnostics -------------------------------------------------------------------------------

  void report(Severity severity, std::string_view code, std::string message, const core::Span& span,
              std::string label = {}, std::vector<std::string> notes = {}, std::vector<core::Label> related = {}) {
    auto d = sources_.diagnostic(severity, std::string(code), std::move(message), span, std::move(label));
    d.notes = std::move(notes);
    d.related = std::move(related);
    diags_.add(std::move(d));
  }
  void error(std::string_view code, std::string message, const core::Span& span, std::string label = {},
             std::vector<std::string> notes = {}) {
    report(Severity::error, code, std::move(message), span, std::move(label), std::move(notes));
  }

  // ---- files, namespaces, imports ----------------------------------------------------------------

  static fs::path canonical(const fs::path& p) {
    std::error_code ec;
    auto c = fs::weakly_canonical(p, ec);
    return ec ? p.lexically_normal() : c;
  }

  fs::path file_path(std::int32_t file) const {
    return fs::path(sources_.path(pack_.files[static_cast<std::size_t>(file)].source));
  }

  void index_files() {
    const std::size_t n = pack_.files.size();
    std::vector<fs::path> paths;
    for (std::size_t f = 0; f < n; ++f) {
      const auto& file = pack_.files[f];
      const fs::path path = file_path(static_cast<std::int32_t>(f));
      paths.push_back(canonical(path));
      namespaces_.push_back(file.namespace_name ? file.namespace_name->name : path.stem().string());
      consts_.emplace_back(file.consts.size());
      sets_.emplace_back(file.sets.size());
    }
    imports_.resize(n);
    for (std::size_t f = 0; f < n; ++f) {
      const fs::path folder = file_path(static_cast<std::int32_t>(f)).parent_path();
      for (const auto& import : pack_.files[f].imports) {
        const fs::path target = canonical(folder / import.path);
        // An import the loader could not find was reported there (E0003).
        for (std::size_t g = 0; g < n; ++g) {
          const auto gi = static_cast<std::int32_t>(g);
          if (paths[g] == target && g != f &&
              std::find(imports_[f].begin(), imports_[f].end(), gi) == imports_[f].end()) {
            imports_[f].push_back(gi);
          }
        }
      }
    }
  }

  DeclInfo& info(const DeclRef& d) {
    auto& table = d.is_set ? sets_ : consts_;
    return table[static_cast<std::size_t>(d.file)][static_cast<std::size_t>(d.index)];
  }

  /// Consts and sets named `name` declared in `file` itself.
  std::vector<DeclRef> declared_in(std::int32_t file, std::string_view name) const {
    std::vector<DeclRef> out;
    const auto& f = pack_.files[static_cast<std::size_t>(file)];
    for (std::size_t i = 0; i < f.consts.size(); ++i) {
      if (f.consts[i].name.name == name) out.push_back({file, static_cast<std::int32_t>(i), false});
    }
    for (std::size_t i = 0; i < f.sets.size(); ++i) {
      if (f.sets[i].name.name == name) out.push_back({file, static_cast<std::int32_t>(i), true});
    }
    return out;
  }

  /// Unqualified lookup: the current file first, then the files it imports.
  std::vector<DeclRef> lookup_decl(std::string_view name) const {
    auto own = declared_in(file_, name);
    if (!own.empty()) return {own.front()};
    std::vector<DeclRef> out;
    for (const auto g : imports_[static_cast<std::size_t>(file_)]) {
      auto found = declared_in(g, name);
      if (!found.empty()) out.push_back(found.front());
    }
    return out;
  }

  /// Files whose namespace `ns` is visible from the current file: itself and what it imports.
  std::vector<std::int32_t> namespace_files(std::string_view ns) const {
    std::vector<std::int32_t> out;
    if (namespaces_[static_cast<std::size_t>(file_)] == ns) out.push_back(file_);
    for (const auto g : imports_[static_cast<std::size_t>(file_)]) {
      if (namespaces_[static_cast<std::size_t>(g)] == ns) out.push_back(g);
    }
    return out;
  }

  const ast::ConstDecl& const_decl(const DeclRef& d) const {
    return pack_.files[static_cast<std::size_t>(d.file)].consts[static_cast<std::size_t>(d.index)];
  }
  ast::SetDecl& set_decl(const DeclRef& d) {
    return pack_.files[static_cast<std::size_t>(d.file)].sets[static_cast<std::size_t>(d.index)];
  }
  const ast::Identifier& decl_name(const DeclRef& d) {
    return d.is_set ? set_decl(d).name : const_decl(d).name;
  }

  // ---- declarations ------------------------------------------------------------------------------

  /// Saves and restores the checking context around a lazily checked declaration.
  struct Context {
    std::int32_t file = 0;
    std::vector<Local> locals;
    const std::vector<std::string>* columns = nullptr;
    std::vector<bool>* let_used = nullptr;
    std::int32_t depth = 0;
  };
  Context enter(std::int32_t file) {
    Context saved{file_, std::move(locals_), columns_, let_used_, depth_};
    file_ = file;
    locals_.clear();
    columns_ = nullptr;
    let_used_ = nullptr;
    depth_ = 0;
    return saved;
  }
  void leave(Context saved) {
    file_ = saved.file;
    locals_ = std::move(saved.locals);
    columns_ = saved.columns;
    let_used_ = saved.let_used;
    depth_ = saved.depth;
  }

  void check_declarations(std::int32_t file) {
    file_ = file;
    const auto& f = pack_.files[static_cast<std::size_t>(file)];
    // One name space per file for consts and sets.
    std::map<std::string_view, core::Span> seen;
    auto note_name = [&](const ast::Identifier& name, std::string_view what) {
      if (const auto [it, inserted] = seen.emplace(name.name, name.span); !inserted) {
        report(Severity::error, "E0105", fmt::format("duplicate {} `{}`", what, name.name), name.span,
               "declared again here", {}, {sources_.label(it->second, "first declared here")});
        return true;
      }
      return false;
    };
    for (std::size_t i = 0; i < f.consts.size(); ++i) {
      consts_[static_cast<std::size_t>(file)][i].duplicate = note_name(f.consts[i].name, "const");
    }
    for (std::size_t i = 0; i < f.sets.size(); ++i) {
      sets_[static_cast<std::size_t>(file)][i].duplicate = note_name(f.sets[i].name, "set");
    }
    for (std::size_t i = 0; i < f.consts.size(); ++i) decl_type({file, static_cast<std::int32_t>(i), false});
    for (std::size_t i = 0; i < f.sets.size(); ++i) decl_type({file, static_cast<std::int32_t>(i), true});
  }

  /// The type of a const or set, checking it first if needed (declarations may be used before they are
  /// declared, and across imports).
  Type decl_type(const DeclRef& d) {
    DeclInfo& i = info(d);
    if (i.state == State::done) return i.type;
    if (i.state == State::checking) {
      const auto& name = decl_name(d);
      error("E0112", fmt::format("`{}` is defined in terms of itself", name.name), name.span,
            "this declaration refers back to itself");
      return kError;
    }
    i.state = State::checking;
    Context saved = enter(d.file);
    Type t = d.is_set ? check_set(set_decl(d), d) : check_const(d);
    leave(std::move(saved));
    DeclInfo& after = info(d);
    after.state = State::done;
    after.type = t;
    return t;
  }

  Type check_const(const DeclRef& d) {
    auto& c = pack_.files[static_cast<std::size_t>(d.file)].consts[static_cast<std::size_t>(d.index)];
    if (!c.value) return kError;
    return expr(*c.value);
  }

  Type check_set(ast::SetDecl& set, const DeclRef& d) {
    std::optional<TypeKind> annotated;
    bool bad_annotation = false;
    if (set.element_type) {
      annotated = type_word(set.element_type->name);
      if (!annotated) {
        bad_annotation = true;
        error("E0111", fmt::format("unknown element type `{}`", set.element_type->name), set.element_type->span,
              "not a type", {"help: element types are bool, int, decimal, percent, string, country, date, duration"});
      }
    }
    TypeKind element = TypeKind::error;
    set.values.clear();
    if (set.table) {
      element = annotated.value_or(TypeKind::string);
      if (element != TypeKind::string && element != TypeKind::country) {
        error("E0201", fmt::format("a table set holds text: `{}` cannot be `{}`", set.name.name,
                                   type_name(Type::of(element))),
              set.element_type->span, "expected string or country");
        element = TypeKind::error;
      }
      load_table(set);
      if (element == TypeKind::country) validate_set_countries(d);
    } else {
      bool failed = false;
      for (auto& item : set.elements) {
        const Type t = expr(*item);
        if (is_error(t)) {
          failed = true;
          continue;
        }
        if (annotated) {
          if (*annotated == TypeKind::country && t.kind == TypeKind::string) {
            if (!validate_country_literal(*item)) failed = true;
          } else if (!(t.kind == *annotated || (is_numeric(t.kind) && is_numeric(*annotated)))) {
            error("E0201", fmt::format("set `{}` holds {}, but this element is {}", set.name.name,
                                       type_name(Type::of(*annotated)), type_name(t)),
                  item->span, fmt::format("expected {}", type_name(Type::of(*annotated))));
            failed = true;
          }
        } else if (element == TypeKind::error) {
          element = t.kind;
        } else if (auto u = unify(element, t.kind)) {
          element = *u;
        } else {
          error("E0201", fmt::format("the elements of set `{}` must have one type: {} after {}", set.name.name,
                                     type_name(t), type_name(Type::of(element))),
                item->span, fmt::format("expected {}", type_name(Type::of(element))));
          failed = true;
        }
      }
      if (annotated) element = *annotated;
      if (!failed) fill_values(set);
      if (failed && !annotated) element = TypeKind::error;
      if (!annotated && element == TypeKind::error && !failed) element = TypeKind::string;  // `{}`
    }
    if (bad_annotation) return kError;
    if (element == TypeKind::error && !set.elements.empty()) return kError;
    return Type::set_of(element);
  }

  void fill_values(ast::SetDecl& set) {
    std::unordered_set<std::string> seen;
    for (const auto& item : set.elements) {
      auto v = detail::fold(*item, fold_env());
      if (!v) continue;
      std::string text = detail::value_text(*v);
      if (seen.insert(text).second) set.values.push_back(std::move(text));
    }
  }

  detail::FoldEnv fold_env() const { return detail::FoldEnv{&pack_, nullptr}; }

  // ---- tables ------------------------------------------------------------------------------------

  void load_table(ast::SetDecl& set) {
    auto& table = *set.table;
    const fs::path written(table.path);
    std::vector<fs::path> candidates;
    if (written.is_absolute()) {
      candidates.push_back(written);
    } else {
      candidates.push_back(file_path(file_).parent_path() / written);
      candidates.push_back(options_.project_root / written);
    }
    std::optional<fs::path> found;
    for (const auto& c : candidates) {
      std::error_code ec;
      if (fs::is_regular_file(c, ec)) {
        found = c;
        break;
      }
    }
    if (!found) {
      std::vector<std::string> tried;
      for (const auto& c : candidates) tried.push_back(c.lexically_normal().generic_string());
      std::string where = tried.front();
      for (std::size_t i = 1; i < tried.size(); ++i) where += " and " + tried[i];
      error("E0107", fmt::format("table file `{}` not found", table.path), table.path_span, "no such file",
            {fmt::format("note: looked for {}", where)});
      check_where_without_columns(table);
      return;
    }
    const std::string display = found->lexically_normal().generic_string();
    try {
      read_table(set, *found, display);
    } catch (const IoError& e) {
      error("E0107", fmt::format("cannot read table file `{}`", table.path), table.path_span, e.what());
    }
  }

  /// Types the `where` of a table that could not be read, so that its nodes are annotated too.
  void check_where_without_columns(ast::TableSource& table) {
    if (!table.where) return;
    static const std::vector<std::string> none;
    columns_ = &none;
    columns_unknown_ = true;
    expr(*table.where);
    columns_unknown_ = false;
    columns_ = nullptr;
  }

  /// Converts the CSV reader's own diagnostics about a table file into E0107 at the table clause.
  bool table_row_problems(const ast::TableSource& table, core::Diagnostics& csv) {
    if (csv.empty()) return false;
    const auto& inner = csv.items().front();
    auto d = sources_.diagnostic(Severity::error, "E0107",
                                 fmt::format("table file `{}` has a bad row: {}", table.path, inner.message),
                                 table.path_span, "in the table read here");
    d.related.push_back(core::Label{inner.where, inner.label.empty() ? inner.message : inner.label, inner.source_line});
    diags_.add(std::move(d));
    return true;
  }

  void read_table(ast::SetDecl& set, const fs::path& path, const std::string& display) {
    auto& table = *set.table;
    ingest::CsvReader reader(path, display);
    core::Diagnostics csv;
    ingest::CsvRecord record;
    if (!reader.next(record, csv)) {
      if (!table_row_problems(table, csv)) {
        error("E0107", fmt::format("table file `{}` is empty", table.path), table.path_span,
              "expected a header row naming the columns");
      }
      check_where_without_columns(table);
      return;
    }
    if (table_row_problems(table, csv)) {
      check_where_without_columns(table);
      return;
    }
    std::vector<std::string> header;
    for (const auto& field : record.fields) header.emplace_back(core::trim(field.text));
    const auto column = std::find(header.begin(), header.end(), table.column.name);
    bool usable = true;
    if (column == header.end()) {
      std::vector<std::string_view> names(header.begin(), header.end());
      std::vector<std::string> notes{fmt::format("help: the columns of `{}` are {}", table.path, joined(names))};
      if (auto hint = did_you_mean(table.column.name, names)) notes.push_back(*hint);
      error("E0108", fmt::format("table `{}` has no column `{}`", table.path, table.column.name),
            table.column.span, "unknown column", std::move(notes));
      usable = false;
    }
    if (table.where) {
      columns_ = &header;
      table_path_ = table.path;
      const std::size_t errors_before = diags_.error_count();
      const Type t = expr(*table.where);
      columns_ = nullptr;
      if (!is_error(t) && t.kind != TypeKind::boolean) {
        error("E0204", fmt::format("the `where` of a table must be a condition, found {}", type_name(t)),
              table.where->span, "expected bool");
      }
      if (diags_.error_count() != errors_before) usable = false;
    }
    if (!usable) return;

    const auto index = static_cast<std::size_t>(column - header.begin());
    // A `from` and/or `to` column makes the table dated (docs/dsl.md, "Dated tables").
    const auto date_column = [&](std::string_view name) -> std::optional<std::size_t> {
      const auto it = std::find(header.begin(), header.end(), name);
      if (it == header.end()) return std::nullopt;
      return static_cast<std::size_t>(it - header.begin());
    };
    const std::optional<std::size_t> from_column = date_column("from");
    const std::optional<std::size_t> to_column = date_column("to");
    set.dated = from_column || to_column;
    set.periods.clear();
    bool bad_dates = false;
    std::unordered_map<std::string, std::uint32_t> seen;
    std::vector<std::string_view> row;
    while (reader.next(record, csv)) {
      if (table_row_problems(table, csv)) {
        set.values.clear();
        return;
      }
      if (record.fields.size() != header.size()) {
        const auto& at = record.fields.size() > header.size() ? record.fields[header.size()] : record.fields.back();
        auto d = sources_.diagnostic(
            Severity::error, "E0107",
            fmt::format("table file `{}` has a bad row: line {} has {} fields, the header has {}", table.path,
                        record.line, record.fields.size(), header.size()),
            table.path_span, "in the table read here");
        d.related.push_back(core::Label{core::Location{display, at.line, at.column, 1},
                                        fmt::format("expected {} fields", header.size()),
                                        std::string(record.line_text(at.line))});
        diags_.add(std::move(d));
        set.values.clear();
        return;
      }
      row.clear();
      for (const auto& field : record.fields) row.push_back(field.text);
      // Dates are checked on every row, kept or not: a typo is a typo whatever the `where`.
      ast::ValuePeriod period;
      if (from_column) bad_dates |= !table_date(table, display, record, *from_column, "from", period.from);
      if (to_column) bad_dates |= !table_date(table, display, record, *to_column, "to", period.to);
      if (period.from && period.to && *period.to <= *period.from) {
        const auto& at = record.fields[*to_column];
        table_field_problem(table, display, record, at,
                            fmt::format("`to` {} is not after `from` {}", period.to->to_string(),
                                        period.from->to_string()),
                            "the period is empty: `from` is inclusive, `to` exclusive");
        bad_dates = true;
      }
      if (table.where) {
        const auto keep = detail::fold(*table.where, detail::FoldEnv{&pack_, &row});
        if (!keep || keep->kind != detail::Value::Kind::boolean || !keep->boolean) continue;
      }
      std::string value(core::trim(row[index]));
      if (value.empty()) continue;
      const auto [it, inserted] = seen.emplace(value, static_cast<std::uint32_t>(set.values.size()));
      if (inserted) set.values.push_back(std::move(value));
      if (set.dated) {
        period.value = it->second;
        set.periods.push_back(period);
      }
    }
    table_row_problems(table, csv);
    if (bad_dates) {
      set.values.clear();
      set.periods.clear();
    }
  }

  /// E0107 at the table clause, with the bad field's own position in the table file.
  void table_field_problem(const ast::TableSource& table, const std::string& display, const ingest::CsvRecord& record,
                           const ingest::CsvField& at, std::string problem, std::string label) {
    auto d = sources_.diagnostic(Severity::error, "E0107",
                                 fmt::format("table file `{}` has a bad row: line {}: {}", table.path, at.line, problem),
                                 table.path_span, "in the table read here");
    const auto width = static_cast<std::uint32_t>(std::max<std::size_t>(1, at.text.size()));
    d.related.push_back(core::Label{core::Location{display, at.line, at.column, width}, std::move(label),
                                    std::string(record.line_text(at.line))});
    diags_.add(std::move(d));
  }

  /// Reads the date in column `column` of a dated table's row into `out` (empty: open). False, after
  /// reporting E0107, when the text is not a full ISO date.
  bool table_date(const ast::TableSource& table, const std::string& display, const ingest::CsvRecord& record,
                  std::size_t column, std::string_view name, std::optional<core::Date>& out) {
    const auto& field = record.fields[column];
    const std::string_view text = core::trim(field.text);
    if (text.empty()) return true;
    const auto date = core::Date::parse_iso(text);
    if (!date || !date->is_full()) {
      table_field_problem(table, display, record, field,
                          fmt::format("`{}` in column `{}` is not a date", text, name), "expected YYYY-MM-DD or empty");
      return false;
    }
    out = *date;
    return true;
  }

  // ---- country codes -----------------------------------------------------------------------------

  /// The string literal `e` stands for: a literal, or a const whose value is one.
  const ast::Expr* string_literal_of(const ast::Expr& e) const {
    if (e.kind == ExprKind::literal && e.literal.kind == ast::LiteralKind::string) return &e;
    if ((e.kind == ExprKind::name || e.kind == ExprKind::field) && e.resolved.kind == ResolvedKind::constant) {
      const auto& c = pack_.files[static_cast<std::size_t>(e.resolved.file)].consts[static_cast<std::size_t>(e.resolved.index)];
      if (c.value) return string_literal_of(*c.value);
    }
    return nullptr;
  }

  void report_bad_country(std::string_view code, const core::Span& span) {
    std::vector<std::string> notes;
    const std::string upper = core::to_upper_ascii(code);
    if (upper != code && core::is_country_code(upper)) notes.push_back(fmt::format("help: did you mean `{}`?", upper));
    error("E0205", fmt::format("`{}` is not an ISO 3166-1 alpha-2 country code", code), span,
          "expected an assigned two-letter code in upper case", std::move(notes));
  }

  /// For a string compared with a country: true when it is a literal holding a valid code (reported
  /// otherwise); false, silently, when it is not a literal at all.
  bool validate_country_literal(const ast::Expr& e) {
    const ast::Expr* lit = string_literal_of(e);
    if (lit == nullptr) return false;
    if (!core::is_country_code(lit->literal.string)) {
      report_bad_country(lit->literal.string, e.span);
      return false;
    }
    return true;
  }

  /// A set of strings used as countries: every value must be a code (checked once per set).
  void validate_set_countries(const DeclRef& d) {
    DeclInfo& i = info(d);
    if (i.countries_validated) return;
    i.countries_validated = true;
    auto& set = set_decl(d);
    if (set.table) {
      std::vector<std::string_view> bad;
      for (const auto& v : set.values) {
        if (!core::is_country_code(v)) bad.push_back(v);
      }
      if (bad.empty()) return;
      std::vector<std::string> notes;
      if (bad.size() > 1) notes.push_back(fmt::format("note: also {}", joined({bad.begin() + 1, bad.end()})));
      error("E0205",
            fmt::format("`{}` in column `{}` of table `{}` is not an ISO 3166-1 alpha-2 country code", bad.front(),
                        set.table->column.name, set.table->path),
            set.table->path_span, "the set's values are used as countries", std::move(notes));
      return;
    }
    for (const auto& item : set.elements) {
      if (item->type.kind == TypeKind::string) validate_country_literal(*item);
    }
  }

  /// `element` (of type `et`) against a collection `coll` whose element type is `ct`, for `in` and
  /// `contains`. Reports E0205 for literals that are not country codes; returns false on a type mismatch.
  bool element_fits(const ast::Expr& element, TypeKind et, const ast::Expr& coll, TypeKind ct) {
    if (ct == TypeKind::error || et == ct || (is_numeric(et) && is_numeric(ct))) return true;
    if (et == TypeKind::country && ct == TypeKind::string) {
      if (coll.kind == ExprKind::set_literal || coll.kind == ExprKind::list_literal) {
        bool all_literals = true;
        for (const auto& item : coll.operands) {
          if (string_literal_of(*item) == nullptr) all_literals = false;
        }
        if (!all_literals) return false;
        for (const auto& item : coll.operands) validate_country_literal(*item);
        return true;
      }
      if ((coll.kind == ExprKind::name || coll.kind == ExprKind::field) && coll.resolved.kind == ResolvedKind::set) {
        validate_set_countries({coll.resolved.file, coll.resolved.index, true});
        return true;
      }
      return false;
    }
    if (et == TypeKind::string && ct == TypeKind::country) {
      if (string_literal_of(element) == nullptr) return false;
      validate_country_literal(element);
      return true;
    }
    return false;
  }

  // ---- types -------------------------------------------------------------------------------------

  /// The common type of two element types of a literal set or list, or of coalesce's arguments.
  static std::optional<TypeKind> unify(TypeKind a, TypeKind b) {
    if (a == b) return a;
    if (is_numeric(a) && is_numeric(b)) {
      if (a == TypeKind::percent || b == TypeKind::percent) return std::nullopt;
      return TypeKind::decimal;
    }
    return std::nullopt;
  }

  DurationShape shape(const ast::Expr& e) const {
    switch (e.kind) {
      case ExprKind::literal:
        if (e.literal.kind == ast::LiteralKind::duration) {
          return {e.literal.duration.months != 0, e.literal.duration.days != 0, false};
        }
        return {};
      case ExprKind::name:
      case ExprKind::field:
        if (e.resolved.kind == ResolvedKind::constant) {
          const auto& c =
              pack_.files[static_cast<std::size_t>(e.resolved.file)].consts[static_cast<std::size_t>(e.resolved.index)];
          if (c.value) return shape(*c.value);
        }
        return {};
      case ExprKind::unary: return shape(*e.operands[0]);
      case ExprKind::binary: {
        if (e.binary_op == BinaryOp::sub && e.operands[0]->type.kind == TypeKind::date &&
            e.operands[1]->type.kind == TypeKind::date) {
          return {false, true, true};
        }
        if (e.binary_op != BinaryOp::add && e.binary_op != BinaryOp::sub) return {};
        const auto a = shape(*e.operands[0]);
        const auto b = shape(*e.operands[1]);
        return {a.months || b.months, a.days || b.days, a.anchored || b.anchored};
      }
      case ExprKind::call: {
        DurationShape s;
        for (const auto& arg : e.operands) {
          const auto a = shape(*arg);
          s = {s.months || a.months, s.days || a.days, s.anchored || a.anchored};
        }
        return s;
      }
      default: return {};
    }
  }

  Type set_type(ast::Expr& e, Type t) {
    e.type = t;
    return t;
  }

  /// Checks `e` and its operands, writing type and resolution; returns the type.
  /// `set_position`: the expression stands where a set is expected (an unknown name there is E0106).
  Type expr(ast::Expr& e, bool set_position = false) {
    e.resolved = {};
    const bool dated_allowed = std::exchange(dated_set_allowed_, false);
    switch (e.kind) {
      case ExprKind::literal: return set_type(e, literal(e));
      case ExprKind::name: return set_type(e, dated_use(e, name(e, set_position), dated_allowed));
      case ExprKind::field: return set_type(e, dated_use(e, field(e, set_position), dated_allowed));
      case ExprKind::call: return set_type(e, call(e));
      case ExprKind::unary: return set_type(e, unary(e));
      case ExprKind::binary: return set_type(e, binary(e));
      case ExprKind::is_missing:
        expr(*e.operands[0]);
        return set_type(e, kBool);
      case ExprKind::quantifier: return set_type(e, quantifier(e));
      case ExprKind::window: return set_type(e, window(e));
      case ExprKind::set_literal:
      case ExprKind::list_literal: return set_type(e, collection(e));
    }
    return set_type(e, kError);
  }

  /// A dated set's members depend on a date, which only `x in SET` supplies (the subject's date).
  Type dated_use(const ast::Expr& e, Type t, bool allowed) {
    if (allowed || is_error(t) || e.resolved.kind != ResolvedKind::set || e.resolved.file < 0 || e.resolved.index < 0) {
      return t;
    }
    const auto& set = set_decl({e.resolved.file, e.resolved.index, true});
    if (!set.dated) return t;
    error("E0212", fmt::format("dated set `{}` can only be tested with `in` or `not in`", set.name.name), e.span,
          "its members depend on a date",
          {"help: `x in SET` is decided as of the subject's date; other uses of a dated set have no date"});
    return kError;
  }

  Type literal(const ast::Expr& e) {
    switch (e.literal.kind) {
      case ast::LiteralKind::boolean: return kBool;
      case ast::LiteralKind::integer: return Type::of(TypeKind::integer);
      case ast::LiteralKind::decimal: return Type::of(TypeKind::decimal);
      case ast::LiteralKind::percent:
        if (e.literal.decimal.is_negative() || e.literal.decimal > core::Decimal::from_int(100)) {
          error("E0206", fmt::format("{}% is not a share: percent literals lie between 0% and 100%",
                                     e.literal.decimal.to_string()),
                e.span, "outside 0-100%");
        }
        return Type::of(TypeKind::percent);
      case ast::LiteralKind::string: return Type::of(TypeKind::string);
      case ast::LiteralKind::date: return Type::of(TypeKind::date);
      case ast::LiteralKind::duration: return Type::of(TypeKind::duration);
    }
    return kError;
  }

  const Local* find_local(std::string_view n) const {
    for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
      if (it->name == n) return &*it;
    }
    return nullptr;
  }

  std::optional<std::size_t> find_column(std::string_view n) const {
    if (columns_ == nullptr) return std::nullopt;
    const auto it = std::find(columns_->begin(), columns_->end(), n);
    if (it == columns_->end()) return std::nullopt;
    return static_cast<std::size_t>(it - columns_->begin());
  }

  /// True when `n` names something in scope (a column, local, const or set), without reporting.
  bool in_scope(std::string_view n) const {
    return find_column(n) || find_local(n) != nullptr || !lookup_decl(n).empty();
  }

  Type use_decl(ast::Expr& e, const DeclRef& d) {
    e.resolved = {d.is_set ? ResolvedKind::set : ResolvedKind::constant, d.index, d.file};
    info(d).used = true;
    return decl_type(d);
  }

  Type name(ast::Expr& e, bool set_position) {
    const std::string_view n = e.name.name;
    if (const auto column = find_column(n)) {
      e.resolved = {ResolvedKind::none, static_cast<std::int32_t>(*column), -1};
      return Type::of(TypeKind::string);
    }
    if (const Local* local = find_local(n)) {
      e.resolved = {local->kind, local->index, -1};
      if (local->kind == ResolvedKind::let && let_used_ != nullptr) {
        (*let_used_)[static_cast<std::size_t>(local->index)] = true;
      }
      return local->type;
    }
    const auto decls = lookup_decl(n);
    if (decls.size() == 1) return use_decl(e, decls.front());
    if (decls.size() > 1) {
      std::vector<std::string> notes;
      for (const auto& d : decls) {
        info(d).used = true;  // the author meant one of them: no W0402 on top
        notes.push_back(fmt::format("note: `{}.{}` is declared in {}", namespaces_[static_cast<std::size_t>(d.file)], n,
                                    file_path(d.file).generic_string()));
      }
      notes.push_back("help: qualify the name with its namespace");
      error("E0110", fmt::format("`{}` is declared in more than one imported file", n), e.span, "ambiguous name",
            std::move(notes));
      return kError;
    }
    unknown_name(e, set_position);
    return kError;
  }

  void unknown_name(const ast::Expr& e, bool set_position) {
    const std::string_view n = e.name.name;
    if (columns_ != nullptr) {
      if (columns_unknown_) return;  // the table could not be read: already reported
      std::vector<std::string_view> names(columns_->begin(), columns_->end());
      std::vector<std::string> notes{fmt::format("help: the columns of `{}` are {}", table_path_, joined(names))};
      if (auto hint = did_you_mean(n, names)) notes.push_back(*hint);
      error("E0108", fmt::format("table `{}` has no column `{}`", table_path_, n), e.span, "unknown column",
            std::move(notes));
      return;
    }
    std::vector<std::string_view> candidates;
    for (const auto& l : locals_) candidates.push_back(l.name);
    auto add_decls = [&](std::int32_t f) {
      for (const auto& c : pack_.files[static_cast<std::size_t>(f)].consts) candidates.push_back(c.name.name);
      for (const auto& s : pack_.files[static_cast<std::size_t>(f)].sets) candidates.push_back(s.name.name);
    };
    add_decls(file_);
    for (const auto g : imports_[static_cast<std::size_t>(file_)]) add_decls(g);
    std::vector<std::string> notes;
    if (auto hint = did_you_mean(n, candidates)) notes.push_back(*hint);
    if (std::find(namespaces_.begin(), namespaces_.end(), n) != namespaces_.end()) {
      notes.push_back(fmt::format("note: `{}` is a namespace; write `{}.NAME` for a const or set it declares", n, n));
    }
    if (set_position) {
      error("E0106", fmt::format("unknown set `{}`", n), e.span, "no set of this name in scope", std::move(notes));
    } else {
      error("E0102", fmt::format("unknown name `{}`", n), e.span, "not declared in this scope", std::move(notes));
    }
  }

  /// `ns.NAME` where `ns` is a namespace visible from this file.
  std::optional<Type> qualified(ast::Expr& e, bool set_position) {
    auto& base = *e.operands[0];
    if (base.kind != ExprKind::name || in_scope(base.name.name)) return std::nullopt;
    const auto files = namespace_files(base.name.name);
    if (files.empty()) return std::nullopt;
    std::vector<DeclRef> found;
    for (const auto f : files) {
      auto d = declared_in(f, e.name.name);
      if (!d.empty()) found.push_back(d.front());
    }
    base.resolved = {ResolvedKind::none, -1, files.front()};
    if (found.size() != 1) {
      if (found.empty()) {
        error(set_position ? "E0106" : "E0102",
              fmt::format("namespace `{}` declares no const or set `{}`", base.name.name, e.name.name), e.name.span,
              "not declared there");
      } else {
        error("E0110", fmt::format("`{}.{}` is declared in more than one file", base.name.name, e.name.name),
              e.span, "ambiguous name");
      }
      base.type = kError;
      return kError;
    }
    const Type t = use_decl(e, found.front());
    base.type = t;
    base.resolved.file = found.front().file;
    return t;
  }

  Type field(ast::Expr& e, bool set_position) {
    if (auto t = qualified(e, set_position)) return *t;
    const Type owner = expr(*e.operands[0]);
    if (is_error(owner)) return kError;
    const bool has_fields = owner.kind == TypeKind::payment || owner.kind == TypeKind::shipment ||
                            owner.kind == TypeKind::entity || owner.kind == TypeKind::relation;
    if (!has_fields) {
      std::vector<std::string> notes;
      if (owner.is_collection() && owner.element == TypeKind::entity) {
        notes.push_back(fmt::format("help: look into each element with a quantifier: `any x in ... : x.{}`",
                                    e.name.name));
      }
      error("E0103", fmt::format("{} has no field `{}`", type_name(owner), e.name.name), e.name.span,
            fmt::format("`{}` is {}, which has no fields", sources_.text(e.operands[0]->span), type_name(owner)),
            std::move(notes));
      return kError;
    }
    const FieldInfo* f = find_field(owner.kind, e.name.name);
    if (f == nullptr) {
      std::vector<std::string_view> names;
      for (const auto& fi : fields()) {
        if (fi.owner == owner.kind) names.push_back(fi.name);
      }
      std::vector<std::string> notes{fmt::format("help: fields of {} are {}", type_name(owner), joined(names))};
      if (auto hint = did_you_mean(e.name.name, names)) notes.push_back(*hint);
      error("E0103", fmt::format("unknown field `{}` of {}", e.name.name, type_name(owner)), e.name.span,
            "unknown field", std::move(notes));
      return kError;
    }
    e.resolved = {ResolvedKind::field, static_cast<std::int32_t>(f->id), -1};
    return f->type;
  }

  void wrong_argument(const ast::Expr& call, std::size_t i, const BuiltinInfo& b, std::string_view expected) {
    const auto& arg = *call.operands[i];
    error("E0203",
          fmt::format("argument {} of `{}` must be {}, found {}", i + 1, b.name, expected, type_name(arg.type)),
          arg.span, fmt::format("expected {}", expected), {fmt::format("note: {}", b.signature)});
  }

  /// The ownership functions know three regimes; a literal naming another is an error here rather
  /// than a rule that silently never fires.
  void ownership_regime(const ast::Expr& arg, const BuiltinInfo& b) {
    const ast::Expr* lit = string_literal_of(arg);
    if (lit == nullptr) return;
    const std::string& text = lit->literal.string;
    for (const std::string_view r : {"OFAC", "EU", "UK"}) {
      if (core::equals_ignore_case(text, r)) return;
    }
    error("E0209", fmt::format("`{}` has no ownership rules for regime \"{}\"", b.name, text), arg.span,
          "expected \"OFAC\", \"EU\" or \"UK\"",
          {"note: ownership and control exposure is computed under the OFAC 50% rule, the EU owned-or-controlled "
           "test and the UK more-than-50% test (docs/ownership.md)"});
  }

  Type call(ast::Expr& e) {
    std::vector<Type> args;
    // Sets are expected as the second argument of hs_in.
    for (std::size_t i = 0; i < e.operands.size(); ++i) {
      args.push_back(expr(*e.operands[i], e.name.name == "hs_in" && i == 1));
    }
    const BuiltinInfo* b = find_builtin(e.name.name);
    if (b == nullptr) {
      std::vector<std::string_view> names;
      for (const auto& bi : builtins()) names.push_back(bi.name);
      std::vector<std::string> notes;
      if (auto hint = did_you_mean(e.name.name, names)) notes.push_back(*hint);
      notes.push_back(fmt::format("help: the functions are {}", joined(names)));
      error("E0104", fmt::format("unknown function `{}`", e.name.name), e.name.span, "no such function",
            std::move(notes));
      return kError;
    }
    e.resolved = {ResolvedKind::builtin, static_cast<std::int32_t>(b->id), -1};
    // The result type when arguments are wrong, so that a bad argument does not spread.
    Type result = kError;
    switch (b->id) {
      case Builtin::designated:
      case Builtin::listed_on:
      case Builtin::delisted:
      case Builtin::blocked:
      case Builtin::controlled:
      case Builtin::linked_to:
      case Builtin::hs_in: result = kBool; break;
      case Builtin::owned_share: result = Type::of(TypeKind::percent); break;
      case Builtin::name_match:
      case Builtin::shared_identity: result = Type::of(TypeKind::entity); break;
      case Builtin::shared_identity_detail:
      case Builtin::exposure_paths: result = Type::of(TypeKind::string); break;
      case Builtin::bic_country: result = Type::of(TypeKind::country); break;
      case Builtin::len:
      case Builtin::days: result = Type::of(TypeKind::integer); break;
      case Builtin::lower:
      case Builtin::upper:
      case Builtin::left: result = Type::of(TypeKind::string); break;
      case Builtin::coalesce: result = kError; break;
    }
    if (args.size() < b->min_args || args.size() > b->max_args) {
      const std::string count = b->min_args == b->max_args ? fmt::format("{}", b->min_args)
                                                           : fmt::format("{} or {}", b->min_args, b->max_args);
      error("E0202",
            fmt::format("`{}` takes {} argument{}, found {}", b->name, count, b->max_args == 1 ? "" : "s", args.size()),
            e.span, "wrong number of arguments", {fmt::format("note: {}", b->signature)});
      return result;
    }
    for (const auto& a : args) {
      if (is_error(a)) return result;
    }
    auto is = [&](std::size_t i, TypeKind k) { return args[i].kind == k; };
    switch (b->id) {
      case Builtin::designated:
      case Builtin::listed_on:
      case Builtin::delisted:
        if (!is(0, TypeKind::entity)) wrong_argument(e, 0, *b, "entity");
        if (!is(1, TypeKind::string)) wrong_argument(e, 1, *b, "string");
        if (args.size() == 3 && !is(2, TypeKind::string)) wrong_argument(e, 2, *b, "string");
        break;
      case Builtin::blocked:
      case Builtin::owned_share:
      case Builtin::controlled:
      case Builtin::exposure_paths:
        if (!is(0, TypeKind::entity)) wrong_argument(e, 0, *b, "entity");
        if (!is(1, TypeKind::string)) {
          wrong_argument(e, 1, *b, "string");
        } else {
          ownership_regime(*e.operands[1], *b);
        }
        break;
      case Builtin::name_match:
        if (!is(0, TypeKind::entity) && !is(0, TypeKind::string)) wrong_argument(e, 0, *b, "entity or string");
        if (!is(1, TypeKind::string)) wrong_argument(e, 1, *b, "string");
        if (args.size() == 3) {
          if (!is_numeric(args[2].kind)) {
            wrong_argument(e, 2, *b, "decimal");
          } else if (const auto& t = *e.operands[2]; t.kind == ExprKind::literal) {
            const core::Decimal v = t.literal.kind == ast::LiteralKind::integer ? core::Decimal::from_int(t.literal.integer)
                                                                                : t.literal.decimal;
            if (v.is_negative() || v > core::Decimal::from_int(1) || t.literal.kind == ast::LiteralKind::percent) {
              error("E0210", "a screening threshold is a score from 0 to 1", t.span, "expected a decimal such as 0.9",
                    {"note: name_match keeps hits scoring at least the threshold (docs/screening.md)"});
            }
          }
        }
        break;
      case Builtin::bic_country:
        if (!is(0, TypeKind::string)) wrong_argument(e, 0, *b, "string");
        break;
      case Builtin::linked_to:
        if (!is(0, TypeKind::entity)) wrong_argument(e, 0, *b, "entity");
        // A country, or a string literal holding a valid code (reported by validate_country_literal).
        if (is(1, TypeKind::string) && string_literal_of(*e.operands[1]) != nullptr) {
          (void)validate_country_literal(*e.operands[1]);
        } else if (!is(1, TypeKind::country)) {
          wrong_argument(e, 1, *b, "country");
        }
        if (!is(2, TypeKind::integer)) wrong_argument(e, 2, *b, "int");
        break;
      case Builtin::shared_identity:
      case Builtin::shared_identity_detail:
        if (!is(0, TypeKind::entity)) wrong_argument(e, 0, *b, "entity");
        if (!is(1, TypeKind::string)) wrong_argument(e, 1, *b, "string");
        break;
      case Builtin::hs_in:
        if (!is(0, TypeKind::string)) wrong_argument(e, 0, *b, "string");
        if (!args[1].is_collection() || (args[1].element != TypeKind::string && args[1].element != TypeKind::error)) {
          wrong_argument(e, 1, *b, "set<string> or list<string>");
        }
        break;
      case Builtin::len:
        if (!args[0].is_collection() && !is(0, TypeKind::string)) wrong_argument(e, 0, *b, "a list, set or string");
        break;
      case Builtin::lower:
      case Builtin::upper:
        if (!is(0, TypeKind::string) && !is(0, TypeKind::country)) wrong_argument(e, 0, *b, "string");
        break;
      case Builtin::left:
        if (!is(0, TypeKind::string) && !is(0, TypeKind::country)) wrong_argument(e, 0, *b, "string");
        if (!is(1, TypeKind::integer)) wrong_argument(e, 1, *b, "int");
        break;
      case Builtin::days:
        if (!is(0, TypeKind::duration)) {
          wrong_argument(e, 0, *b, "duration");
        } else if (const auto s = shape(*e.operands[0]); s.months && !s.anchored) {
          error("E0207", "a duration in months has no fixed number of days", e.operands[0]->span,
                "counted in calendar months",
                {"help: `days` needs a duration in days or weeks (`90d`, `3w`), or a difference of two dates"});
        }
        break;
      case Builtin::coalesce: {
        if (args[0] == args[1]) return args[0];
        if (args[0].is_collection() || args[1].is_collection()) {
          if (args[0].kind == args[1].kind && args[0].element == TypeKind::error) return args[1];
          if (args[0].kind == args[1].kind && args[1].element == TypeKind::error) return args[0];
        } else if (auto u = unify(args[0].kind, args[1].kind)) {
          return Type::of(*u);
        } else if (args[0].kind == TypeKind::country && validate_country_literal(*e.operands[1])) {
          return args[0];
        } else if (args[1].kind == TypeKind::country && validate_country_literal(*e.operands[0])) {
          return args[1];
        }
        wrong_argument(e, 1, *b, fmt::format("{} like the first argument", type_name(args[0])));
        return kError;
      }
    }
    return result;
  }

  Type unary(ast::Expr& e) {
    const Type t = expr(*e.operands[0]);
    if (e.unary_op == ast::UnaryOp::logical_not) {
      if (!is_error(t) && t.kind != TypeKind::boolean) {
        error("E0201", fmt::format("operator `not` does not accept {}", type_name(t)), e.span,
              fmt::format("`not` applied to {}", type_name(t)), {"help: `not` takes a bool"});
      }
      return kBool;
    }
    if (is_error(t)) return kError;
    if (is_numeric(t.kind) || t.kind == TypeKind::duration) return t;
    error("E0201", fmt::format("operator `-` does not accept {}", type_name(t)), e.span,
          fmt::format("`-` applied to {}", type_name(t)), {"help: unary `-` takes a number or a duration"});
    return kError;
  }

  void operand_mismatch(const ast::Expr& e, const Type& a, const Type& b, std::vector<std::string> notes = {}) {
    const auto op = e.binary_op;
    if (notes.empty()) notes.emplace_back(op_help(op));
    error("E0201", fmt::format("operator `{}` does not accept {} and {}", op_text(op), type_name(a), type_name(b)), e.span,
          fmt::format("{} {} {}", type_name(a), op_text(op), type_name(b)), std::move(notes));
  }

  /// `==` / `!=` operands: one type, numbers together, a country with a string literal.
  bool comparable(const ast::Expr& l, const Type& a, const ast::Expr& r, const Type& b) {
    if (a.is_collection() || b.is_collection()) return a == b;
    if (a.kind == b.kind || (is_numeric(a.kind) && is_numeric(b.kind))) return true;
    if (a.kind == TypeKind::country && b.kind == TypeKind::string) return string_literal_of(r) != nullptr;
    if (b.kind == TypeKind::country && a.kind == TypeKind::string) return string_literal_of(l) != nullptr;
    return false;
  }

  Type arithmetic(const ast::Expr& e, const Type& a, const Type& b) {
    const auto op = e.binary_op;
    const TypeKind x = a.kind;
    const TypeKind y = b.kind;
    using K = TypeKind;
    if (is_numeric(x) && is_numeric(y)) {
      if (op == BinaryOp::div) return Type::of(K::decimal);
      if (op == BinaryOp::mul) {
        if (x == y) return a;
        return Type::of(K::decimal);  // a share of an amount: 50% * amount
      }
      if (x == y) return a;
      if (x != K::percent && y != K::percent) return Type::of(K::decimal);
      operand_mismatch(e, a, b, {"help: add a percent to a percent; to take a share of a number, multiply"});
      return kError;
    }
    if (op == BinaryOp::add) {
      if (x == K::date && y == K::duration) return a;
      if (x == K::duration && y == K::date) return b;
      if (x == K::duration && y == K::duration) return a;
    }
    if (op == BinaryOp::sub) {
      if (x == K::date && y == K::date) return Type::of(K::duration);
      if (x == K::date && y == K::duration) return a;
      if (x == K::duration && y == K::duration) return a;
    }
    operand_mismatch(e, a, b);
    return kError;
  }

  void check_regex(const ast::Expr& pattern) {
    if (auto problem = detail::regex_problem(pattern.literal.string)) {
      error("E0208", fmt::format("invalid regular expression: {}", *problem), pattern.span,
            "not a valid ECMAScript regex");
    }
  }

  Type binary(ast::Expr& e) {
    const auto op = e.binary_op;
    auto& l = *e.operands[0];
    auto& r = *e.operands[1];
    const Type a = expr(l);
    dated_set_allowed_ = op == BinaryOp::in || op == BinaryOp::not_in;
    const Type b = expr(r, op == BinaryOp::in || op == BinaryOp::not_in);
    const bool errors = is_error(a) || is_error(b);
    switch (op) {
      case BinaryOp::logical_and:
      case BinaryOp::logical_or:
        if (!errors && (a.kind != TypeKind::boolean || b.kind != TypeKind::boolean)) operand_mismatch(e, a, b);
        return kBool;
      case BinaryOp::eq:
      case BinaryOp::ne:
        if (errors) return kBool;
        if (!comparable(l, a, r, b)) {
          std::vector<std::string> notes{std::string(op_help(op))};
          if ((a.kind == TypeKind::country && b.kind == TypeKind::string) ||
              (a.kind == TypeKind::string && b.kind == TypeKind::country)) {
            notes.emplace_back("help: to compare a BIC's country, write `bic_country(bic)`");
          }
          operand_mismatch(e, a, b, std::move(notes));
        } else if (a.kind == TypeKind::country && b.kind == TypeKind::string) {
          validate_country_literal(r);
        } else if (b.kind == TypeKind::country && a.kind == TypeKind::string) {
          validate_country_literal(l);
        }
        return kBool;
      case BinaryOp::lt:
      case BinaryOp::le:
      case BinaryOp::gt:
      case BinaryOp::ge: {
        if (errors) return kBool;
        const bool ordered = (is_numeric(a.kind) && is_numeric(b.kind)) ||
                             (a.kind == b.kind && (a.kind == TypeKind::date || a.kind == TypeKind::duration ||
                                                   a.kind == TypeKind::string));
        if (!ordered) {
          operand_mismatch(e, a, b);
        } else if (a.kind == TypeKind::duration) {
          const auto x = shape(l);
          const auto y = shape(r);
          const bool mixed = (x.months || y.months) && (x.days || y.days);
          if (mixed && !x.anchored && !y.anchored) {
            error("E0207", "a duration in months cannot be compared with one in days", e.span,
                  "months have no fixed number of days",
                  {"help: compare a difference of dates (`s.date - d < 18mo`), or use one unit on both sides"});
          }
        }
        return kBool;
      }
      case BinaryOp::add:
      case BinaryOp::sub:
      case BinaryOp::mul:
      case BinaryOp::div:
        if (errors) return kError;
        return arithmetic(e, a, b);
      case BinaryOp::in:
      case BinaryOp::not_in:
        if (errors) return kBool;
        if (!b.is_collection() || a.is_collection() || !element_fits(l, a.kind, r, b.element)) operand_mismatch(e, a, b);
        return kBool;
      case BinaryOp::contains:
        if (errors) return kBool;
        if (a.kind == TypeKind::string && b.kind == TypeKind::string) return kBool;
        if (!a.is_collection() || b.is_collection() || !element_fits(r, b.kind, l, a.element)) operand_mismatch(e, a, b);
        return kBool;
      case BinaryOp::starts_with:
      case BinaryOp::ends_with:
        if (!errors && (a.kind != TypeKind::string || b.kind != TypeKind::string)) operand_mismatch(e, a, b);
        return kBool;
      case BinaryOp::matches:
        if (errors) return kBool;
        if (a.kind != TypeKind::string) {
          operand_mismatch(e, a, b);
        } else if (r.kind != ExprKind::literal || r.literal.kind != ast::LiteralKind::string) {
          error("E0201", "the pattern of `matches` must be a string literal", r.span, "not a string literal",
                {"help: write the regex in place: `x matches \"^[A-Z]{4}RU\"`"});
        } else {
          check_regex(r);
        }
        return kBool;
    }
    return kError;
  }

  Type quantifier(ast::Expr& e) {
    const Type domain = expr(*e.operands[0], true);
    Type element = kError;
    if (!is_error(domain)) {
      if (domain.is_collection()) {
        element = Type::of(domain.element);
      } else {
        static constexpr std::string_view kWords[] = {"any", "all", "none"};
        error("E0201",
              fmt::format("`{}` ranges over a set or list, found {}", kWords[static_cast<int>(e.quantifier)],
                          type_name(domain)),
              e.operands[0]->span, "not a set or list");
      }
    }
    locals_.push_back(Local{e.name.name, ResolvedKind::quantifier_variable, depth_, element, e.name.span});
    ++depth_;
    const Type body = expr(*e.operands[1]);
    --depth_;
    locals_.pop_back();
    condition(*e.operands[1], body, "the body of a quantifier");
    return kBool;
  }

  // ---- windows ----------------------------------------------------------------------------------

  /// Whether `e` mentions the window variable `var` (a name resolved to it), and whether it mentions a
  /// local other than `var` (the subject, a let, an outer quantifier variable).
  struct Mentions {
    bool inner = false;
    bool outer = false;
  };
  static void mentions(const ast::Expr& e, std::string_view var, std::int32_t depth, Mentions& m) {
    if (e.kind == ExprKind::name) {
      const bool local = e.resolved.kind == ResolvedKind::subject || e.resolved.kind == ResolvedKind::let ||
                         e.resolved.kind == ResolvedKind::quantifier_variable;
      if (e.resolved.kind == ResolvedKind::quantifier_variable && e.name.name == var && e.resolved.index == depth) {
        m.inner = true;
      } else if (local) {
        m.outer = true;
      }
    }
    for (const auto& op : e.operands) mentions(*op, var, depth, m);
  }

  /// The key of a window: the first conjunct of the `where`'s top-level `and` chain of the form
  /// `inner == outer`, where one side depends on the window's variable alone and the other on the subject
  /// (or a let or outer variable) but not on the window's variable.
  void find_key(ast::Expr& e, const ast::Expr& where, std::int32_t depth) {
    std::vector<const ast::Expr*> conjuncts;
    std::vector<const ast::Expr*> stack{&where};
    while (!stack.empty()) {  // left to right
      const ast::Expr* c = stack.back();
      stack.pop_back();
      if (c->kind == ExprKind::binary && c->binary_op == BinaryOp::logical_and) {
        stack.push_back(c->operands[1].get());
        stack.push_back(c->operands[0].get());
      } else {
        conjuncts.push_back(c);
      }
    }
    for (std::size_t i = 0; i < conjuncts.size(); ++i) {
      const ast::Expr& c = *conjuncts[i];
      if (c.kind != ExprKind::binary || c.binary_op != BinaryOp::eq) continue;
      Mentions l;
      Mentions r;
      mentions(*c.operands[0], e.name.name, depth, l);
      mentions(*c.operands[1], e.name.name, depth, r);
      // The outer side must depend on the subject: `q.network == "SHETAB"` would group every candidate
      // under one key, which is a scan.
      const bool left_inner = l.inner && !l.outer && !r.inner && r.outer;
      const bool right_inner = r.inner && !r.outer && !l.inner && l.outer;
      if (left_inner || right_inner) {
        e.window->key = static_cast<std::int32_t>(i);
        e.window->key_inner_left = left_inner;
        return;
      }
    }
    error("E0211",
          fmt::format("the `where` of a window needs a key: an equality between a field of `{}` and a value of "
                      "the rule's subject",
                      e.name.name),
          where.span, "no key equality",
          {fmt::format("help: add a condition such as `{}` with `and`: the window looks up the {}s that share "
                       "that value instead of scanning them all",
                       e.window->subject_kind.name == "shipment"
                           ? fmt::format("{}.exporter == {}.consignee", e.name.name, locals_.front().name)
                           : fmt::format("{}.originator == {}.originator", e.name.name, locals_.front().name),
                       e.window->subject_kind.name)});
  }

  Type window(ast::Expr& e) {
    ast::Window& w = *e.window;
    static constexpr std::string_view kWords[] = {"count", "sum", "distinct", "min", "max"};
    const std::string_view word = kWords[static_cast<int>(w.aggregate)];
    bool failed = false;
    if (columns_ != nullptr || locals_.empty()) {
      error("E0201", fmt::format("`{}` over a window is only allowed inside a rule", word), e.span,
            "outside a rule");
      return kError;
    }
    if (in_window_) {  // its dates would be measured from the rule's subject, not from the candidate
      error("E0201", "windows do not nest", e.span, "inside another window",
            {"help: compute the inner aggregate in a `let` of a rule on the candidates' kind"});
      return kError;
    }
    Type element = kError;
    if (w.subject_kind.name == "payment") {
      element = Type::of(TypeKind::payment);
    } else if (w.subject_kind.name == "shipment") {
      element = Type::of(TypeKind::shipment);
    } else {
      error("E0201", fmt::format("a window ranges over payments or shipments, not `{}`", w.subject_kind.name),
            w.subject_kind.span, "not `payment` or `shipment`",
            {"help: entities and relations have no date of their own to put in a window"});
      failed = true;
    }
    if (w.length.kind != ast::LiteralKind::duration) {
      error("E0201", "the length of a window must be a duration", w.length_span, "not a duration",
            {"help: write days, weeks, months or years: `30d`, `4w`, `18mo`, `1y`"});
      failed = true;
    } else if (w.length.duration.months < 0 || w.length.duration.days < 0) {
      failed = true;
    } else if (w.far && !check_shifted_window(w)) {
      failed = true;
    }
    locals_.push_back(Local{e.name.name, ResolvedKind::quantifier_variable, depth_, element, e.name.span});
    ++depth_;
    in_window_ = true;
    const Type where = expr(*e.operands[0]);
    Type value = Type::of(TypeKind::integer);
    if (e.operands.size() > 1) value = expr(*e.operands[1]);
    in_window_ = false;
    --depth_;
    locals_.pop_back();
    condition(*e.operands[0], where, "the `where` of a window");
    if (is_error(where) || is_error(value) || failed) return kError;
    if (where.kind == TypeKind::boolean) find_key(e, *e.operands[0], depth_);
    switch (w.aggregate) {
      case ast::AggregateKind::count:
      case ast::AggregateKind::distinct:
        if (w.aggregate == ast::AggregateKind::distinct && (value.is_collection() || value.kind == TypeKind::boolean)) {
          error("E0201", fmt::format("`distinct` counts the distinct values of a scalar, found {}", type_name(value)),
                e.operands[1]->span, "not a number, string, country, date or subject");
          return kError;
        }
        return Type::of(TypeKind::integer);
      case ast::AggregateKind::sum:
        if (value.kind != TypeKind::integer && value.kind != TypeKind::decimal) {
          error("E0201", fmt::format("`sum` adds ints or decimals, found {}", type_name(value)), e.operands[1]->span,
                "not a number");
          return kError;
        }
        return value;
      case ast::AggregateKind::min:
      case ast::AggregateKind::max:
        if (!is_numeric(value.kind) && value.kind != TypeKind::date && value.kind != TypeKind::string &&
            value.kind != TypeKind::country && value.kind != TypeKind::duration) {
          error("E0201", fmt::format("`{}` takes numbers, dates, durations or strings, found {}", word, type_name(value)),
                e.operands[1]->span, "not ordered");
          return kError;
        }
        return value;
    }
    return kError;
  }

  Type collection(ast::Expr& e) {
    TypeKind element = TypeKind::error;
    bool failed = false;
    for (auto& item : e.operands) {
      const Type t = expr(*item);
      if (is_error(t)) {
        failed = true;
        continue;
      }
      if (t.is_collection()) {
        error("E0201", "a set or list cannot hold sets or lists", item->span, "nested collection");
        failed = true;
      } else if (element == TypeKind::error) {
        element = t.kind;
      } else if (auto u = unify(element, t.kind)) {
        element = *u;
      } else {
        error("E0201",
              fmt::format("the elements of a {} must have one type: {} after {}",
                          e.kind == ExprKind::set_literal ? "set" : "list", type_name(t), type_name(Type::of(element))),
              item->span, fmt::format("expected {}", type_name(Type::of(element))));
        failed = true;
      }
    }
    if (failed) return kError;
    return e.kind == ExprKind::set_literal ? Type::set_of(element) : Type::list_of(element);
  }

  /// A condition (`when`, a quantifier body) must be bool.
  void condition(const ast::Expr& e, const Type& t, std::string_view what) {
    if (is_error(t) || t.kind == TypeKind::boolean) return;
    error("E0204", fmt::format("{} must be a condition, found {}", what, type_name(t)), e.span, "expected bool");
  }

  // ---- rules -------------------------------------------------------------------------------------

  void check_rule(ast::RuleDecl& rule) {
    check_meta(rule);
    locals_.clear();
    depth_ = 0;
    Type subject = kError;
    if (auto k = subject_kind(rule.subject_kind.name)) {
      subject = Type::of(*k);
    } else {
      std::vector<std::string> notes{"help: rules are `on payment`, `on shipment`, `on entity` or `on relation`"};
      if (auto hint = did_you_mean(rule.subject_kind.name, {"payment", "shipment", "entity", "relation"})) {
        notes.insert(notes.begin(), *hint);
      }
      error("E0109", fmt::format("unknown subject kind `{}`", rule.subject_kind.name), rule.subject_kind.span,
            "not a subject", std::move(notes));
    }
    locals_.push_back(Local{rule.subject.name, ResolvedKind::subject, 0, subject, rule.subject.span});

    std::vector<bool> used(rule.lets.size(), false);
    let_used_ = &used;
    for (std::size_t i = 0; i < rule.lets.size(); ++i) {
      auto& let = rule.lets[i];
      const Type t = let.value ? expr(*let.value) : kError;
      if (const Local* earlier = find_local(let.name.name); earlier != nullptr) {
        report(Severity::error, "E0105", fmt::format("`{}` is already declared in this rule", let.name.name),
               let.name.span, "declared again here", {}, {sources_.label(earlier->span, "first declared here")});
      }
      locals_.push_back(Local{let.name.name, ResolvedKind::let, static_cast<std::int32_t>(i), t, let.name.span});
    }
    if (rule.when) {
      const Type t = expr(*rule.when);
      condition(*rule.when, t, "the `when` of a rule");
      if (t.kind == TypeKind::boolean) lint_condition(*rule.when);
    }
    for (auto& part : rule.reason) {
      if (part.expr) expr(*part.expr);
    }
    for (std::size_t i = 0; i < rule.lets.size(); ++i) {
      if (!used[i]) {
        report(Severity::warning, "W0405", fmt::format("`{}` is never used", rule.lets[i].name.name),
               rule.lets[i].name.span, "unused let", {"help: remove it, or use it in `when` or `reason`"});
      }
    }
    let_used_ = nullptr;
    locals_.clear();
  }

  /// W0403 / W0404: a (sub)condition whose value is known before any fact is read.
  void lint_condition(const ast::Expr& e) {
    if (auto v = detail::fold(e, fold_env()); v && v->kind == detail::Value::Kind::boolean) {
      if (v->boolean) {
        report(Severity::warning, "W0403", "condition is always true", e.span, "does not depend on the subject");
      } else {
        report(Severity::warning, "W0404", "condition is always false", e.span, "does not depend on the subject",
               {"note: a rule whose `when` is always false never finds anything"});
      }
      return;
    }
    if (e.kind == ExprKind::binary && (e.binary_op == BinaryOp::logical_and || e.binary_op == BinaryOp::logical_or)) {
      lint_condition(*e.operands[0]);
      lint_condition(*e.operands[1]);
    } else if (e.kind == ExprKind::unary && e.unary_op == ast::UnaryOp::logical_not) {
      lint_condition(*e.operands[0]);
    } else if (e.kind == ExprKind::quantifier) {
      lint_condition(*e.operands[1]);
    }
  }

  // ---- meta --------------------------------------------------------------------------------------

  static std::optional<std::string_view> word_of(const ast::MetaValue& v) {
    if (v.kind == ast::MetaValue::Kind::word) return v.word.name;
    if (v.kind == ast::MetaValue::Kind::literal && v.literal.kind == ast::LiteralKind::string) return v.literal.string;
    return std::nullopt;
  }

  void meta_type(const ast::MetaEntry& m, std::string_view expected) {
    error("E0305", fmt::format("meta `{}` must be {}", m.key.name, expected), m.value.span,
          fmt::format("expected {}", expected));
  }

  /// One of `words`, reported with `code` otherwise.
  void meta_word(const ast::MetaValue& v, const std::vector<std::string_view>& words,
                 std::string_view code, std::string_view what) {
    const auto w = word_of(v);
    if (w && contains_word(words, *w)) return;
    std::vector<std::string> notes;
    if (w) {
      if (auto hint = did_you_mean(*w, words)) notes.push_back(*hint);
    }
    notes.push_back(fmt::format("help: {} is one of {}", what, joined(words)));
    const std::string shown = w ? std::string(*w) : std::string(sources_.text(v.span));
    error(code, fmt::format("unknown {} `{}`", what, shown), v.span, fmt::format("not a known {}", what), std::move(notes));
  }

  void check_meta(const ast::RuleDecl& rule) { check_meta(rule.meta, rule.name, "rule", kMetaKeys); }

  /// The meta of a rule or typology (`what`), whose keys are `keys`.
  void check_meta(const std::vector<ast::MetaEntry>& meta, const ast::Identifier& name, std::string_view what,
                  const std::vector<std::string_view>& keys) {
    std::map<std::string_view, const ast::MetaEntry*> seen;
    for (const auto& m : meta) {
      const std::string_view key = m.key.name;
      if (!contains_word(keys, key)) {
        std::vector<std::string> notes;
        if (auto hint = did_you_mean(key, keys)) notes.push_back(*hint);
        notes.push_back(fmt::format("help: {}meta keys are {}", what == "rule" ? "" : "typology ", joined(keys)));
        report(Severity::warning, "W0401", fmt::format("unknown meta key `{}`", key), m.key.span, "ignored",
               std::move(notes));
        continue;
      }
      if (const auto [it, inserted] = seen.emplace(key, &m); !inserted) {
        report(Severity::error, "E0306", fmt::format("meta `{}` is given twice", key), m.key.span, "given again here", {},
               {sources_.label(it->second->key.span, "first given here")});
        continue;
      }
      const auto& v = m.value;
      const bool is_list = v.kind == ast::MetaValue::Kind::list;
      auto is_literal = [&](ast::LiteralKind k) { return v.kind == ast::MetaValue::Kind::literal && v.literal.kind == k; };
      if (key == "severity") {
        meta_word(v, kSeverities, "E0301", "severity");
      } else if (key == "status") {
        meta_word(v, kStatuses, "E0302", "status");
      } else if (key == "on_missing") {
        meta_word(v, kOnMissing, "E0305", "on_missing value");
      } else if (key == "title" || key == "pattern") {
        if (!is_literal(ast::LiteralKind::string)) meta_type(m, "a string");
      } else if (key == "effective" || key == "expires") {
        if (!is_literal(ast::LiteralKind::date)) meta_type(m, "a date YYYY-MM-DD");
      } else if (key == "regimes") {
        if (!is_list) {
          meta_word(v, kRegimes, "E0304", "regime");
        } else {
          for (const auto& item : v.items) meta_word(item, kRegimes, "E0304", "regime");
        }
      } else if (key == "references" || key == "tags") {
        const bool ok = is_list && std::all_of(v.items.begin(), v.items.end(), [&](const ast::MetaValue& item) {
                          return key == "tags" ? word_of(item).has_value()
                                               : item.kind == ast::MetaValue::Kind::literal &&
                                                     item.literal.kind == ast::LiteralKind::string;
                        });
        if (!ok) meta_type(m, key == "tags" ? "a list of words" : "a list of strings");
      }
    }
    if (seen.count("severity") == 0) {
      error("E0301", fmt::format("{} `{}` has no severity", what, name.name), name.span, "severity missing",
            {fmt::format("help: add `severity = ...` to its meta: one of {}", joined(kSeverities))});
    }
    const auto effective = seen.find("effective");
    const auto expires = seen.find("expires");
    if (effective != seen.end() && expires != seen.end()) {
      const auto& from = effective->second->value;
      const auto& to = expires->second->value;
      if (from.kind == ast::MetaValue::Kind::literal && from.literal.kind == ast::LiteralKind::date &&
          to.kind == ast::MetaValue::Kind::literal && to.literal.kind == ast::LiteralKind::date &&
          !(from.literal.date < to.literal.date)) {
        report(Severity::error, "E0303",
               fmt::format("rule `{}` expires on {}, not after it takes effect on {}", name.name,
                           to.literal.date.to_string(), from.literal.date.to_string()),
               to.span, "expires here", {"note: a rule applies to subjects dated in [effective, expires)"},
               {sources_.label(from.span, "takes effect here")});
      }
    }
  }

  /// `within near to far before|after`: far must be a duration beyond near, in the same unit (E0220).
  bool check_shifted_window(const ast::Window& w) {
    const ast::Literal& far = *w.far;
    if (far.kind != ast::LiteralKind::duration) {
      error("E0201", "the far end of a window must be a duration", w.far_span, "not a duration",
            {"help: write days, weeks, months or years: `730d`, `104w`, `24mo`, `2y`"});
      return false;
    }
    const ast::Duration near = w.length.duration;
    const ast::Duration end = far.duration;
    const core::Span both{w.length_span.file, w.length_span.begin, w.far_span.end};
    if (w.direction == ast::WindowDirection::around) {
      error("E0220", "a window shifted away from the subject is `before` or `after`, not `around`", both,
            "shifted window", {"help: use two windows, one `before` and one `after`"});
      return false;
    }
    const bool days = near.months == 0 && end.months == 0;
    const bool months = near.days == 0 && end.days == 0;
    if (!days && !months) {
      error("E0220", "the two ends of a shifted window must both be in days (or weeks) or both in months (or years)",
            both, "mixed units", {"help: `within 730d to 1095d before`, or `within 24mo to 36mo before`"});
      return false;
    }
    if (days ? !(near.days < end.days) : !(near.months < end.months)) {
      error("E0220", "the far end of a shifted window must lie beyond its near end", both, "an empty window",
            {"help: `within 730d to 1095d before` takes the candidates dated 730 to 1095 days before the subject"});
      return false;
    }
    return true;
  }

  // ---- typologies --------------------------------------------------------------------------------

  static std::optional<core::Decimal> number_of(const ast::Literal& l) {
    if (l.kind == ast::LiteralKind::integer) return core::Decimal::from_int(l.integer);
    if (l.kind == ast::LiteralKind::decimal) return l.decimal;
    return std::nullopt;
  }

  void check_typology(ast::TypologyDecl& t) {
    check_meta(t.meta, t.name, "typology", kTypologyMetaKeys);
    const std::optional<TypeKind> kind = subject_kind(t.subject_kind.name);
    if (!kind) {
      std::vector<std::string> notes{"help: typologies are `on payment`, `on shipment`, `on entity` or `on relation`"};
      if (auto hint = did_you_mean(t.subject_kind.name, {"payment", "shipment", "entity", "relation"})) {
        notes.insert(notes.begin(), *hint);
      }
      error("E0109", fmt::format("unknown subject kind `{}`", t.subject_kind.name), t.subject_kind.span,
            "not a subject", std::move(notes));
    }
    std::map<std::pair<std::int32_t, std::int32_t>, const ast::TypologyWeight*> weighted;
    for (auto& w : t.weights) {
      check_weight_value(w);
      if (!resolve_weighted_rule(t, w, kind)) continue;
      if (const auto [it, inserted] = weighted.emplace(std::pair{w.file, w.rule_index}, &w); !inserted) {
        report(Severity::error, "E0219", fmt::format("rule `{}` is weighted twice in typology `{}`", w.rule.name,
                                                     t.name.name),
               w.span, "weighted again here", {"help: give each rule one weight"},
               {sources_.label(it->second->span, "first weighted here")});
      }
    }
    check_bands(t);
  }

  void check_weight_value(const ast::TypologyWeight& w) {
    const auto n = number_of(w.weight);
    if (n && !n->is_negative() && !n->is_zero()) return;
    error("E0215", fmt::format("the weight of `{}` must be a positive number", w.rule.name), w.weight_span,
          n ? "not above 0" : "not a number", {"help: weights are positive integers or decimals: `2`, `0.5`"});
  }

  /// Finds the rule a weight names (in the typology's namespace unless qualified) and checks its subject
  /// kind; false when it has none.
  bool resolve_weighted_rule(const ast::TypologyDecl& t, ast::TypologyWeight& w, std::optional<TypeKind> kind) {
    const std::string& ns = w.namespace_name ? w.namespace_name->name : namespaces_[static_cast<std::size_t>(file_)];
    const auto it = rules_.find(ns + "." + w.rule.name);
    if (it == rules_.end()) {
      std::vector<std::string_view> candidates;
      for (const auto& [qualified, ref] : rules_) {
        if (qualified.size() > ns.size() && qualified.compare(0, ns.size() + 1, ns + ".") == 0) {
          candidates.push_back(std::string_view(qualified).substr(ns.size() + 1));
        }
      }
      std::vector<std::string> notes;
      if (auto hint = did_you_mean(w.rule.name, candidates)) notes.push_back(*hint);
      for (const auto& [qualified, ref] : rules_) {  // the same name in another namespace
        if (qualified.size() > w.rule.name.size() + 1 && qualified.ends_with("." + w.rule.name)) {
          notes.push_back(fmt::format("help: did you mean `{}`?", qualified));
        }
      }
      notes.push_back(w.namespace_name ? fmt::format("note: looked in namespace `{}`", ns)
                                       : fmt::format("note: looked in namespace `{}`; write `namespace.rule` for a "
                                                     "rule of another namespace",
                                                     ns));
      error("E0213", fmt::format("typology `{}` weighs `{}`, which is not a rule of the pack", t.name.name,
                                 sources_.text(w.span)),
            w.span, "no such rule", std::move(notes));
      return false;
    }
    w.file = it->second.file;
    w.rule_index = it->second.index;
    const auto& rule = pack_.files[static_cast<std::size_t>(w.file)].rules[static_cast<std::size_t>(w.rule_index)];
    if (kind && subject_kind(rule.subject_kind.name) && subject_kind(rule.subject_kind.name) != kind) {
      report(Severity::error, "E0214",
             fmt::format("typology `{}` is on {}, but rule `{}` is on {}", t.name.name, t.subject_kind.name,
                         rule.name.name, rule.subject_kind.name),
             w.span, fmt::format("a {} rule", rule.subject_kind.name),
             {"note: a typology adds up the findings of rules on its own kind of subject"},
             {sources_.label(rule.subject_kind.span, "the rule's subject kind")});
    }
    return true;
  }

  static std::string bound_text(const std::optional<core::Decimal>& d) { return d ? d->to_string() : ".."; }

  void check_bands(ast::TypologyDecl& t) {
    struct Band {
      core::Decimal low;
      std::optional<core::Decimal> high;  ///< none: unbounded
      const ast::TypologyBand* decl;
    };
    std::vector<Band> bands;
    bool well_formed = true;
    for (auto& b : t.bands) {
      const auto low = number_of(b.low);
      const std::optional<core::Decimal> high = b.high ? number_of(*b.high) : std::nullopt;
      const auto outcome = std::find(kOutcomes.begin(), kOutcomes.end(), b.outcome.name);
      if (!low) {
        error("E0218", "a band's low end must be a number", b.low_span, "not an int or decimal");
      } else if (b.high && !high) {
        error("E0218", "a band's high end must be a number or `..`", b.high_span, "not an int or decimal");
      } else if (high && !(*low < *high)) {
        error("E0218", fmt::format("band [{}, {}) is empty", low->to_string(), high->to_string()), b.span,
              "no score lies in it", {"help: a band [low, high) needs low < high"});
      } else if (outcome == kOutcomes.end()) {
        std::vector<std::string> notes;
        if (auto hint = did_you_mean(b.outcome.name, kOutcomes)) notes.push_back(*hint);
        notes.push_back("help: a band's outcome is `clear`, `review` or `block`");
        error("E0218", fmt::format("unknown outcome `{}`", b.outcome.name), b.outcome.span, "not an outcome",
              std::move(notes));
      } else {
        b.resolved = static_cast<ast::TypologyOutcome>(outcome - kOutcomes.begin());
        bands.push_back(Band{*low, high, &b});
        continue;
      }
      well_formed = false;
    }
    if (!well_formed) return;
    std::stable_sort(bands.begin(), bands.end(), [](const Band& a, const Band& b) { return a.low < b.low; });
    // Walk the bands in order of their low ends, tracking how far [0, covered) is covered.
    std::optional<core::Decimal> covered = core::Decimal::from_int(0);  // none: to infinity
    const Band* previous = nullptr;
    bool reported = false;
    for (const Band& b : bands) {
      if (!covered || b.low < *covered) {
        report(Severity::error, "E0216",
               fmt::format("bands overlap: [{}, {}) and [{}, {})", previous->low.to_string(),
                           bound_text(previous->high), b.low.to_string(), bound_text(b.high)),
               b.decl->span, "overlaps an earlier band", {"help: each score must fall in exactly one band"},
               {sources_.label(previous->decl->span, "this band")});
        reported = true;
      } else if (*covered < b.low) {
        gap(t, *covered, b.low);
        reported = true;
      }
      if (!covered || !b.high) {
        covered = std::nullopt;
      } else if (*covered < *b.high) {
        covered = b.high;
      }
      previous = &b;
    }
    if (covered) gap(t, *covered, std::nullopt);
    if (reported || bands.empty()) return;
    // The band holding 0 is what every subject without a contributing finding gets: it must be `clear`.
    if (bands.front().decl->resolved != ast::TypologyOutcome::clear) {
      error("E0218", "the band holding a score of 0 must be `clear`", bands.front().decl->outcome.span,
            "every subject no rule fired on would be a finding",
            {"help: start with `band [0, x) -> clear`"});
    }
  }

  void gap(const ast::TypologyDecl& t, const core::Decimal& from, const std::optional<core::Decimal>& to) {
    error("E0217", fmt::format("bands leave [{}, {}) uncovered", from.to_string(), bound_text(to)), t.name.span,
          "in this typology", {"help: the bands must cover every score from 0 up, `..` being no upper bound"});
  }

  // ---- unused declarations -----------------------------------------------------------------------

  void report_unused_declarations() {
    for (std::size_t f = 0; f < pack_.files.size(); ++f) {
      const auto& file = pack_.files[f];
      for (std::size_t i = 0; i < file.consts.size(); ++i) {
        if (!consts_[f][i].used && !consts_[f][i].duplicate) {
          report(Severity::warning, "W0402", fmt::format("const `{}` is never used", file.consts[i].name.name),
                 file.consts[i].name.span, "unused const");
        }
      }
      for (std::size_t i = 0; i < file.sets.size(); ++i) {
        if (!sets_[f][i].used && !sets_[f][i].duplicate) {
          report(Severity::warning, "W0402", fmt::format("set `{}` is never used", file.sets[i].name.name),
                 file.sets[i].name.span, "unused set");
        }
      }
    }
  }

  dsl::Pack& pack_;
  const core::SourceMap& sources_;
  core::Diagnostics& diags_;
  const CheckOptions& options_;

  std::vector<std::string> namespaces_;             ///< per file
  std::vector<std::vector<std::int32_t>> imports_;  ///< per file: the files it imports
  std::vector<std::vector<DeclInfo>> consts_;       ///< per file, per const
  std::vector<std::vector<DeclInfo>> sets_;         ///< per file, per set
  std::map<std::string, RuleRef> rules_;            ///< qualified name -> rule, for typologies

  // The current context.
  std::int32_t file_ = 0;
  std::vector<Local> locals_;
  bool in_window_ = false;                              ///< checking a window's where or value
  std::int32_t depth_ = 0;                              ///< quantifier nesting
  std::vector<bool>* let_used_ = nullptr;
  const std::vector<std::string>* columns_ = nullptr;  ///< inside a table's `where`
  bool columns_unknown_ = false;                        ///< the table could not be read
  std::string table_path_;
  bool dated_set_allowed_ = false;  ///< the next expression checked is the right side of `in` / `not in`
};

}  // namespace

void check(dsl::Pack& pack, core::Diagnostics& diags, const CheckOptions& options) {
  Checker(pack, diags, options).run();
}

}  // namespace sanx::check
