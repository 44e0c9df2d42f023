#include "src/http/wp_api.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "src/base/strings.h"
#include "src/content/text.h"
#include "src/http/form.h"

namespace khabar::http {
namespace {

using Json = nlohmann::ordered_json;
using content::TaxonomyKind;

constexpr std::string_view kApiPrefix = "/wp-json";
constexpr const char* kNamespace = "wp/v2";

// ---- Answers ----------------------------------------------------------------------

Response JsonAnswer(int status, const Json& j) {
  Response r = Response::Json(status, j.dump(-1, ' ', false, Json::error_handler_t::replace));
  r.content_type = "application/json; charset=UTF-8";
  // As WordPress: not for search engines, readable by scripts of other sites.
  r.With("X-Robots-Tag", "noindex")
      .With("Access-Control-Allow-Origin", "*")
      .With("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link")
      .With("Allow", "GET");
  return r;
}

Response ErrorAnswer(int status, std::string_view code, std::string_view message) {
  Json j;
  j["code"] = code;
  j["message"] = message;
  j["data"] = {{"status", status}};
  return JsonAnswer(status, j);
}

Response NoRoute() {
  return ErrorAnswer(404, "rest_no_route",
                     "No route was found matching the URL and request method.");
}

// ---- Parameters -------------------------------------------------------------------

// A request's query parameters. A list parameter is read as WordPress reads it: from
// `name=1,2`, `name[]=1&name[]=2` or `name[0]=1`, items split at commas and spaces.
class Args {
 public:
  explicit Args(Form form) : form_(std::move(form)) {}

  bool Has(std::string_view name) const {
    for (const auto& [k, v] : form_.fields) {
      if (Names(k, name)) return true;
    }
    return false;
  }
  std::string Get(std::string_view name) const { return form_.Get(name); }
  std::vector<std::string> List(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : form_.fields) {
      if (!Names(k, name)) continue;
      std::string item;
      for (char c : v) {
        if (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          if (!item.empty()) out.push_back(std::move(item));
          item.clear();
        } else {
          item.push_back(c);
        }
      }
      if (!item.empty()) out.push_back(std::move(item));
    }
    return out;
  }
  const Form& form() const { return form_; }

 private:
  static bool Names(std::string_view key, std::string_view name) {
    if (key == name) return true;
    return key.size() > name.size() + 1 && key.starts_with(name) && key[name.size()] == '[' &&
           key.back() == ']';
  }
  Form form_;
};

// The parameters a request got wrong, answered as WordPress's rest_invalid_param.
class Problems {
 public:
  void Add(const std::string& name, std::string_view code, std::string message) {
    if (params_.contains(name)) return;
    params_[name] = message;
    details_[name] = {{"code", code}, {"message", message}, {"data", nullptr}};
  }
  bool empty() const { return params_.empty(); }
  Response Answer() const {
    std::string names;
    for (const auto& [k, v] : params_.items()) {
      if (!names.empty()) names.append(", ");
      names.append(k);
    }
    Json j;
    j["code"] = "rest_invalid_param";
    j["message"] = "Invalid parameter(s): " + names;
    j["data"] = {{"status", 400}, {"params", params_}, {"details", details_}};
    return JsonAnswer(400, j);
  }

 private:
  Json params_ = Json::object();
  Json details_ = Json::object();
};

// "a and b", "a, b, and c", as WordPress lists the values of an enum.
std::string JoinChoices(std::span<const char* const> choices) {
  std::string out;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (i > 0)
      out.append(choices.size() == 2 ? " and " : i + 1 == choices.size() ? ", and " : ", ");
    out.append(choices[i]);
  }
  return out;
}

std::optional<int64_t> IntArg(const Args& args, const std::string& name, int64_t fallback,
                              int64_t lo, int64_t hi, Problems* problems) {
  if (!args.Has(name)) return fallback;
  std::string raw(TrimAscii(args.Get(name)));
  auto n = ParseInt(raw);
  if (!n) {
    problems->Add(name, "rest_invalid_type", name + " is not of type integer.");
    return std::nullopt;
  }
  if (*n < lo || *n > hi) {
    std::string message = name;
    if (hi == std::numeric_limits<int64_t>::max()) {
      message.append(" must be greater than or equal to ").append(std::to_string(lo));
    } else {
      message.append(" must be between ")
          .append(std::to_string(lo))
          .append(" (inclusive) and ")
          .append(std::to_string(hi))
          .append(" (inclusive)");
    }
    problems->Add(name, "rest_out_of_bounds", message);
    return std::nullopt;
  }
  return n;
}

std::vector<int64_t> IdsArg(const Args& args, const std::string& name, Problems* problems) {
  std::vector<int64_t> ids;
  std::vector<std::string> items = args.List(name);
  for (size_t i = 0; i < items.size(); ++i) {
    auto n = ParseInt(items[i]);
    if (!n || *n < 0) {
      problems->Add(name, "rest_invalid_type",
                    name + "[" + std::to_string(i) + "] is not of type integer.");
      return {};
    }
    ids.push_back(*n);
  }
  return ids;
}

std::optional<int64_t> DateArg(const Args& args, const std::string& name, Problems* problems) {
  if (!args.Has(name)) return std::nullopt;
  auto t = ParseIso8601(TrimAscii(args.Get(name)));
  if (!t.ok()) {
    problems->Add(name, "rest_invalid_date", "Invalid date.");
    return std::nullopt;
  }
  return *t;
}

// The value of an enum parameter (its index in `choices`), `fallback` when absent.
size_t EnumArg(const Args& args, const std::string& name, std::span<const char* const> choices,
               size_t fallback, Problems* problems) {
  if (!args.Has(name)) return fallback;
  std::string v = args.Get(name);
  for (size_t i = 0; i < choices.size(); ++i) {
    if (v == choices[i]) return i;
  }
  problems->Add(name, "rest_not_in_enum", name + " is not one of " + JoinChoices(choices) + ".");
  return fallback;
}

bool BoolArg(const Args& args, const std::string& name, bool fallback, Problems* problems) {
  if (!args.Has(name)) return fallback;
  std::string v = AsciiLower(args.Get(name));
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0" || v.empty()) return false;
  problems->Add(name, "rest_invalid_type", name + " is not of type boolean.");
  return fallback;
}

struct Paging {
  int page = 1;
  int per_page = 10;
  int offset = 0;
};

Paging PagingArgs(const Args& args, Problems* problems, bool with_offset) {
  Paging p;
  if (auto n = IntArg(args, "page", 1, 1, std::numeric_limits<int64_t>::max(), problems)) {
    p.page = static_cast<int>(std::min<int64_t>(*n, 1000000));
  }
  if (auto n = IntArg(args, "per_page", 10, 1, 100, problems)) p.per_page = static_cast<int>(*n);
  p.offset = (p.page - 1) * p.per_page;
  if (with_offset && args.Has("offset")) {
    if (auto n = IntArg(args, "offset", 0, 0, 1000000, problems)) p.offset = static_cast<int>(*n);
  }
  return p;
}

int64_t TotalPages(int64_t total, int per_page) { return (total + per_page - 1) / per_page; }

// ---- Shapes -------------------------------------------------------------------------

// WordPress's "date_gmt" (UTC) and, with the site's zone, "date" (its wall-clock time).
std::string WpDate(int64_t t) { return FormatIso8601(t).substr(0, 19); }
std::string WpDate(int64_t t, const content::TimeZone& zone) { return WpDate(zone.Local(t)); }

// Plain text as WordPress's auto-paragraphs: each paragraph escaped in its <p>.
std::string ParagraphsHtml(std::string_view text) {
  std::string html;
  for (std::string_view p : content::SplitParagraphs(text)) {
    html.append("<p>").append(HtmlEscape(p)).append("</p>\n");
  }
  return html;
}

// Keeps only `fields` of `item` ("title" or "title.rendered").
Json PickFields(const Json& item, const std::vector<std::string>& fields) {
  Json out = Json::object();
  for (const std::string& field : fields) {
    std::vector<std::string_view> path = Split(field, '.');
    const Json* src = &item;
    Json* dst = &out;
    for (size_t i = 0; i < path.size(); ++i) {
      std::string key(path[i]);
      if (!src->is_object() || !src->contains(key)) break;
      const Json& value = (*src)[key];
      if (i + 1 == path.size() || !value.is_object()) {
        (*dst)[key] = value;
        break;
      }
      if (!dst->contains(key) || !(*dst)[key].is_object()) (*dst)[key] = Json::object();
      src = &value;
      dst = &(*dst)[key];
    }
  }
  return out;
}

Json Links(std::initializer_list<std::pair<const char*, std::string>> links) {
  Json j = Json::object();
  for (const auto& [rel, href] : links) j[rel] = Json::array({{{"href", href}}});
  return j;
}

// ---- The routes the index describes ---------------------------------------------------

struct ArgDoc {
  const char* name;
  const char* type;
  const char* description;
};

constexpr ArgDoc kCollectionArgs[] = {
    {"context", "string", "Scope under which the request is made: view or embed."},
    {"page", "integer", "Current page of the collection."},
    {"per_page", "integer", "Maximum number of items to be returned in result set (1 to 100)."},
    {"search", "string", "Limit results to those matching a string."},
    {"_fields", "string", "Limit the fields of each item (comma-separated, e.g. title.rendered)."},
};
constexpr ArgDoc kPostArgs[] = {
    {"after", "string", "Limit response to posts published after a given ISO8601 date."},
    {"before", "string", "Limit response to posts published before a given ISO8601 date."},
    {"author", "array", "Limit result set to posts by specific author ids."},
    {"categories", "array", "Limit result set to posts in any of these category ids."},
    {"tags", "array", "Limit result set to posts with any of these tag ids."},
    {"slug", "array", "Limit result set to posts with one or more specific slugs."},
    {"include", "array", "Limit result set to specific ids."},
    {"exclude", "array", "Ensure result set excludes specific ids."},
    {"offset", "integer", "Offset the result set by a specific number of items."},
    {"order", "string", "Order sort attribute ascending or descending."},
    {"orderby", "string", "Sort collection by date, id, modified, relevance, slug or title."},
};
constexpr ArgDoc kTermArgs[] = {
    {"slug", "array", "Limit result set to terms with one or more specific slugs."},
    {"include", "array", "Limit result set to specific ids."},
    {"exclude", "array", "Ensure result set excludes specific ids."},
    {"post", "integer", "Limit result set to terms assigned to a specific post."},
    {"hide_empty", "boolean", "Whether to hide terms not assigned to any published post."},
    {"order", "string", "Order sort attribute ascending or descending."},
    {"orderby", "string", "Sort collection by count, id, name or slug."},
};
constexpr ArgDoc kUserArgs[] = {
    {"slug", "array", "Limit result set to users with one or more specific slugs."},
    {"include", "array", "Limit result set to specific ids."},
    {"exclude", "array", "Ensure result set excludes specific ids."},
    {"order", "string", "Order sort attribute ascending or descending."},
    {"orderby", "string", "Sort collection by id, name or slug."},
};
constexpr ArgDoc kCommentArgs[] = {
    {"post", "array", "Limit result set to comments of specific post ids."},
    {"parent", "array", "Limit result set to comments of specific parent ids (0: top level)."},
    {"order", "string", "Order sort attribute ascending or descending."},
    {"orderby", "string", "Sort collection by date, date_gmt or id."},
};
constexpr ArgDoc kSearchArgs[] = {
    {"type", "string", "Limit results to items of an object type: post."},
    {"subtype", "string", "Limit results to items of one or more object subtypes: any, post."},
};
constexpr ArgDoc kItemArgs[] = {
    {"id", "integer", "Unique identifier for the object."},
    {"context", "string", "Scope under which the request is made: view or embed."},
    {"_fields", "string", "Limit the fields returned (comma-separated)."},
};

Json RouteDoc(const std::string& site_url, const std::string& route, bool collection,
              std::span<const ArgDoc> extra) {
  Json args = Json::object();
  auto add = [&](std::span<const ArgDoc> docs) {
    for (const ArgDoc& a : docs) {
      args[a.name] = {{"description", a.description}, {"type", a.type}, {"required", false}};
    }
  };
  if (collection) add(kCollectionArgs);
  add(extra);
  Json j;
  j["namespace"] = route == "/" ? "" : kNamespace;
  j["methods"] = {"GET"};
  j["endpoints"] = Json::array({{{"methods", {"GET"}}, {"args", args}}});
  if (route.find('(') == std::string::npos) {
    j["_links"] = Links({{"self", site_url + std::string(kApiPrefix) + route}});
  }
  return j;
}

Json Routes(const std::string& site_url, bool with_root) {
  Json routes = Json::object();
  if (with_root) routes["/"] = RouteDoc(site_url, "/", false, {});
  std::string ns = std::string("/") + kNamespace;
  routes[ns] = RouteDoc(site_url, ns, false, {});
  struct Resource {
    const char* name;
    std::span<const ArgDoc> args;
  };
  const Resource resources[] = {{"posts", kPostArgs},
                                {"categories", kTermArgs},
                                {"tags", kTermArgs},
                                {"users", kUserArgs},
                                {"comments", kCommentArgs}};
  for (const Resource& r : resources) {
    std::string base = ns + "/" + r.name;
    routes[base] = RouteDoc(site_url, base, true, r.args);
    routes[base + "/(?P<id>[\\d]+)"] =
        RouteDoc(site_url, base + "/(?P<id>[\\d]+)", false, kItemArgs);
  }
  routes[ns + "/users/me"] = RouteDoc(site_url, ns + "/users/me", false, {});
  routes[ns + "/search"] = RouteDoc(site_url, ns + "/search", true, kSearchArgs);
  return routes;
}

// ---- One request --------------------------------------------------------------------

constexpr const char* kOrders[] = {"asc", "desc"};
constexpr const char* kContexts[] = {"view", "embed", "edit"};

class Call {
 public:
  Call(store::Store& store, const Clock& clock, const WpApiOptions& options, Args args,
       std::string route)
      : s_(store), clock_(clock), o_(options), args_(std::move(args)), route_(std::move(route)) {}

  Response Run() {
    std::vector<std::string_view> seg = Split(route_, '/');  // route_ starts with '/'
    seg.erase(seg.begin());
    if (route_ == "/") return Index();
    if (seg.size() < 2 || seg[0] != "wp" || seg[1] != "v2") return NoRoute();
    if (seg.size() == 2) return NamespaceIndex();
    std::string_view resource = seg[2];
    if (seg.size() == 3) {
      if (resource == "posts") return Posts();
      if (resource == "categories") return Terms(TaxonomyKind::kCategory);
      if (resource == "tags") return Terms(TaxonomyKind::kTag);
      if (resource == "users") return Users();
      if (resource == "comments") return Comments();
      if (resource == "search") return Search();
      return NoRoute();
    }
    if (seg.size() != 4) return NoRoute();
    if (resource == "users" && seg[3] == "me") {
      return ErrorAnswer(401, "rest_not_logged_in", "You are not currently logged in.");
    }
    if (seg[3].empty() ||
        !std::all_of(seg[3].begin(), seg[3].end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return NoRoute();
    }
    auto id = ParseInt(seg[3]);
    if (!id) id = -1;  // too long to be any id
    if (resource == "posts") return Post(*id);
    if (resource == "categories") return Term(TaxonomyKind::kCategory, *id);
    if (resource == "tags") return Term(TaxonomyKind::kTag, *id);
    if (resource == "users") return User(*id);
    if (resource == "comments") return Comment(*id);
    return NoRoute();
  }

 private:
  std::string ApiUrl(std::string_view route) const {
    std::string url = o_.site_url;
    url.append(kApiPrefix).append(route);
    return url;
  }
  std::string SiteUrl(std::string_view path) const { return o_.site_url + std::string(path); }

  Response Failed(const Status& status) const {
    if (status.code() == StatusCode::kUnavailable ||
        status.code() == StatusCode::kResourceExhausted) {
      return ErrorAnswer(503, "khabar_unavailable", "The site is busy; retry in a moment.")
          .With("Retry-After", "5");
    }
    std::fprintf(stderr, "khabar: %s: %s\n", SanitizeUtf8(route_.substr(0, 200)).c_str(),
                 status.ToString().c_str());
    return ErrorAnswer(500, "khabar_internal_error", "The request could not be answered.");
  }

  // `_fields` and context=embed applied to one item; nullopt after an answered problem.
  std::optional<std::vector<std::string>> Fields(Problems* problems,
                                                 std::span<const char* const> embed_fields) {
    size_t context = EnumArg(args_, "context", kContexts, 0, problems);
    if (context == 2) {
      forbidden_context_ = true;
      return std::nullopt;
    }
    std::vector<std::string> fields = args_.List("_fields");
    if (context == 1 && fields.empty()) fields.assign(embed_fields.begin(), embed_fields.end());
    return fields;
  }
  Json Shape(Json item) const {
    if (fields_.empty()) return item;
    return PickFields(item, fields_);
  }
  Response ForbiddenContext() const {
    return ErrorAnswer(401, "rest_forbidden_context",
                       "Sorry, you are not allowed to edit items of this type.");
  }

  // The collection's answer with X-WP-Total, X-WP-TotalPages and Link (prev, next).
  Response Collection(Json items, const Paging& p, int64_t total) const {
    Response r = JsonAnswer(200, items);
    int64_t pages = TotalPages(total, p.per_page);
    r.With("X-WP-Total", std::to_string(total)).With("X-WP-TotalPages", std::to_string(pages));
    std::string base = ApiUrl(route_) + "?";
    for (const auto& [k, v] : args_.form().fields) {
      if (k == "page") continue;
      base.append(PercentEncodePathSegment(k)).append("=").append(PercentEncodePathSegment(v));
      base.append("&");
    }
    std::string links;
    auto link = [&](int64_t page, const char* rel) {
      if (!links.empty()) links.append(", ");
      links.append("<").append(base).append("page=").append(std::to_string(page));
      links.append(">; rel=\"").append(rel).append("\"");
    };
    if (p.page > 1 && pages > 0) link(std::min<int64_t>(p.page - 1, pages), "prev");
    if (p.page < pages) link(p.page + 1, "next");
    if (!links.empty()) r.With("Link", links);
    return r;
  }

  // ---- Index ----

  Response Index() {
    Json j;
    j["name"] = o_.site_name;
    j["description"] = o_.description;
    j["url"] = o_.site_url;
    j["home"] = o_.site_url;
    j["gmt_offset"] = 0;
    j["timezone_string"] = "UTC";
    j["namespaces"] = {kNamespace};
    j["authentication"] = Json::array();
    j["routes"] = Routes(o_.site_url, true);
    return JsonAnswer(200, j);
  }

  Response NamespaceIndex() {
    Json j;
    j["namespace"] = kNamespace;
    j["routes"] = Routes(o_.site_url, false);
    return JsonAnswer(200, j);
  }

  // ---- Posts ----

  Json PostJson(const content::Article& a) const {
    std::string link = SiteUrl(content::Permalink(a.published_at, a.slug, o_.zone));
    Json j;
    j["id"] = a.id;
    j["date"] = WpDate(a.published_at, o_.zone);
    j["date_gmt"] = WpDate(a.published_at);
    j["guid"] = {{"rendered", SiteUrl("/?p=" + std::to_string(a.id))}};
    j["modified"] = WpDate(std::max(a.modified_at, a.published_at), o_.zone);
    j["modified_gmt"] = WpDate(std::max(a.modified_at, a.published_at));
    j["slug"] = a.slug;
    j["status"] = "publish";
    j["type"] = "post";
    j["link"] = link;
    j["title"] = {{"rendered", HtmlEscape(a.title)}};
    std::string body = a.body_html.empty() ? ParagraphsHtml(a.body) : a.body_html;
    j["content"] = {{"rendered", body}, {"protected", false}};
    std::string excerpt = a.excerpt.empty() ? content::MakeExcerpt(a.body) : a.excerpt;
    j["excerpt"] = {{"rendered", ParagraphsHtml(excerpt)}, {"protected", false}};
    j["author"] = a.author.id;
    j["featured_media"] = a.featured_image ? a.featured_image->id : 0;
    j["comment_status"] = "open";
    j["ping_status"] = "closed";
    j["sticky"] = false;
    j["template"] = "";
    j["format"] = "standard";
    j["meta"] = Json::array();
    j["categories"] = a.category.id != 0 ? Json::array({a.category.id}) : Json::array();
    Json tags = Json::array();
    for (const auto& t : a.tags) tags.push_back(t.id);
    j["tags"] = std::move(tags);
    std::string self = ApiUrl("/wp/v2/posts/" + std::to_string(a.id));
    j["_links"] = Links({{"self", self},
                         {"collection", ApiUrl("/wp/v2/posts")},
                         {"author", ApiUrl("/wp/v2/users/" + std::to_string(a.author.id))},
                         {"replies", ApiUrl("/wp/v2/comments?post=" + std::to_string(a.id))}});
    return j;
  }

  static constexpr const char* kPostEmbed[] = {
      "id",    "date",    "slug",   "type",           "link",
      "title", "excerpt", "author", "featured_media", "_links"};

  Response Posts() {
    Problems problems;
    Paging p = PagingArgs(args_, &problems, true);
    store::PostQuery q;
    q.search = SanitizeUtf8(TrimUnicode(args_.Get("search")));
    q.category_ids = IdsArg(args_, "categories", &problems);
    q.tag_ids = IdsArg(args_, "tags", &problems);
    q.author_ids = IdsArg(args_, "author", &problems);
    q.include_ids = IdsArg(args_, "include", &problems);
    q.exclude_ids = IdsArg(args_, "exclude", &problems);
    for (auto& s : args_.List("slug")) q.slugs.push_back(SanitizeUtf8(s));
    q.after = DateArg(args_, "after", &problems);
    q.before = DateArg(args_, "before", &problems);
    q.ascending = EnumArg(args_, "order", kOrders, 1, &problems) == 0;
    static constexpr const char* kOrderBy[] = {"date",  "modified", "id",
                                               "title", "slug",     "relevance"};
    static constexpr store::PostOrder kOrderValues[] = {
        store::PostOrder::kDate,  store::PostOrder::kModified, store::PostOrder::kId,
        store::PostOrder::kTitle, store::PostOrder::kSlug,     store::PostOrder::kRelevance};
    q.order_by = kOrderValues[EnumArg(args_, "orderby", kOrderBy, 0, &problems)];
    if (args_.Has("status")) {
      for (const std::string& status : args_.List("status")) {
        if (status != "publish")
          problems.Add("status", "rest_forbidden_status", "Status is forbidden.");
      }
    }
    auto fields = Fields(&problems, kPostEmbed);
    if (forbidden_context_) return ForbiddenContext();
    if (!problems.empty()) return problems.Answer();
    fields_ = std::move(*fields);
    if (q.order_by == store::PostOrder::kRelevance && q.search.empty()) {
      return ErrorAnswer(400, "rest_no_search_term_defined",
                         "You need to define a search term to order by relevance.");
    }
    q.offset = p.offset;
    q.limit = p.per_page;
    auto page = s_.ListPublicPosts(q);
    if (!page.ok()) return Failed(page.status());
    if (page->total > 0 && p.page > TotalPages(page->total, p.per_page)) {
      return ErrorAnswer(400, "rest_post_invalid_page_number",
                         "The page number requested is larger than the number of pages available.");
    }
    Json items = Json::array();
    for (const auto& a : page->items) items.push_back(Shape(PostJson(a)));
    return Collection(std::move(items), p, page->total);
  }

  Response Post(int64_t id) {
    Problems problems;
    auto fields = Fields(&problems, kPostEmbed);
    if (forbidden_context_) return ForbiddenContext();
    if (!problems.empty()) return problems.Answer();
    fields_ = std::move(*fields);
    auto article = id > 0 ? s_.GetArticle(id) : StatusOr<content::Article>(NotFoundError(""));
    if (article.status().IsNotFound() ||
        (article.ok() && article->status != content::ArticleStatus::kPublished)) {
      return ErrorAnswer(404, "rest_post_invalid_id", "Invalid post ID.");
    }
    if (!article.ok()) return Failed(article.status());
    return JsonAnswer(200, Shape(PostJson(*article)));
  }

  // ---- Categories and tags ----

  Json TermJson(TaxonomyKind kind, const content::TaxonomyItem& t) const {
    bool tag = kind == TaxonomyKind::kTag;
    Json j;
    j["id"] = t.id;
    j["count"] = t.published;
    j["description"] = "";
    j["link"] = SiteUrl(tag ? content::TagUrl(t.slug) : content::CategoryUrl(t.slug));
    j["name"] = t.name;
    j["slug"] = t.slug;
    j["taxonomy"] = tag ? "post_tag" : "category";
    if (!tag) j["parent"] = 0;
    j["meta"] = Json::array();
    std::string base = tag ? "/wp/v2/tags" : "/wp/v2/categories";
    j["_links"] =
        Links({{"self", ApiUrl(base + "/" + std::to_string(t.id))},
               {"collection", ApiUrl(base)},
               {"wp:post_type", ApiUrl("/wp/v2/posts?" + std::string(tag ? "tags" : "categories") +
                                       "=" + std::to_string(t.id))}});
    return j;
  }

  static constexpr const char* kTermEmbed[] = {"id", "link", "name", "slug", "taxonomy", "_links"};

  // What categories, tags and users share: search, slug, include, exclude, order, orderby.
  store::NameQuery NameArgs(Problems* problems, std::span<const char* const> order_by) {
    store::NameQuery q;
    q.search = SanitizeUtf8(TrimUnicode(args_.Get("search")));
    for (auto& s : args_.List("slug")) q.slugs.push_back(SanitizeUtf8(s));
    q.include_ids = IdsArg(args_, "include", problems);
    q.exclude_ids = IdsArg(args_, "exclude", problems);
    q.ascending = EnumArg(args_, "order", kOrders, 0, problems) == 0;
    static constexpr store::NameOrder kValues[] = {store::NameOrder::kName, store::NameOrder::kId,
                                                   store::NameOrder::kSlug,
                                                   store::NameOrder::kCount};
    q.order_by = kValues[EnumArg(args_, "orderby", order_by, 0, problems)];
    return q;
  }

  Response Terms(TaxonomyKind kind) {
    Problems problems;
    Paging p = PagingArgs(args_, &problems, true);
    static constexpr const char* kOrderBy[] = {"name", "id", "slug", "count"};
    store::NameQuery q = NameArgs(&problems, kOrderBy);
    if (auto post = IntArg(args_, "post", 0, 0, std::numeric_limits<int64_t>::max(), &problems)) {
      q.post_id = *post;
    }
    q.hide_empty = BoolArg(args_, "hide_empty", false, &problems);
    std::optional<int64_t> parent;
    if (kind == TaxonomyKind::kCategory && args_.Has("parent")) {
      parent = IntArg(args_, "parent", 0, 0, std::numeric_limits<int64_t>::max(), &problems);
    }
    auto fields = Fields(&problems, kTermEmbed);
    if (forbidden_context_) return ForbiddenContext();
    if (!problems.empty()) return problems.Answer();
    fields_ = std::move(*fields);
    q.offset = p.offset;
    q.limit = p.per_page;
    content::Page<content::TaxonomyItem> page;
    if (!parent || *parent == 0) {  // Khabar's categories are all at the top level
      auto found = s_.ListPublicTerms(kind, q);
      if (!found.ok()) return Failed(found.status());
      page = std::move(*found);
    }
    Json items = Json::array();
    for (const auto& t : page.items) items.push_back(Shape(TermJson(kind, t)));
    return Collection(std::move(items), p, page.total);
  }

  Response Term(TaxonomyKind kind, int64_t id) {
    Problems problems;
    auto fields = Fields(&problems, kTermEmbed);
    if (forbidden_context_) return ForbiddenContext();
    if (!problems.empty()) return problems.Answer();
    fields_ = std::move(*fields);
    auto item =
        id > 0 ? s_.GetTaxonomyItem(kind, id) : StatusOr<content::TaxonomyItem>(NotFoundError(""));
    if (item.status().IsNotFound())
      return ErrorAnswer(404, "rest_term_invalid", "Term does not exist.");
    if (!item.ok()) return Failed(item.status());
    return JsonAnswer(200, Shape(TermJson(kind, *item)));
  }

  // ---- Users (the bylines of published articles) ----

  Json UserJson(const content::Author& a) const {
    Json j;
    j["id"] = a.id;
    j["name"] = a.name;
    j["url"] = "";
    j["description"] = "";
    j["link"] = SiteUrl(content::AuthorUrl(a.slug));
    j["slug"] = a.slug;
    j["meta"] = Json::array();
    j["_links"] = Links({{"self", ApiUrl("/wp/v2/users/" + std::to_string(a.id))},
                         {"collection", ApiUrl("/wp/v2/users")}});
    return j;
  }

  static constexpr const char* kUserEmbed[] = {"id",   "name", "url",   "description",
                                               "link", "slug", "_links"};

  Response Users() {
    Problems problems;
    Paging p = PagingArgs(args_, &problems, true);
    static constexpr const char* kOrderBy[] = {"name", "id", "slug"};
    store::NameQuery q = NameArgs(&problems, kOrderBy);
    auto fields = Fields(&problems, kUserEmbed);
    if (forbidden_context_) return ForbiddenContext();
    if (!problems.empty()) return problems.Answer();
    fields_ = std::move(*fields);
    q.offset = p.offset;
    q.limit = p.per_page;
    auto page = s_.ListPublicAuthors(q);
    if (!page.ok()) return Failed(page.status());
    Json items = Json::array();
    for (const auto& a : page->items) items.push_back(Shape(UserJson(a)));
    return Collection(std::move(items), p, page->total);
  }

  Response User(int64_t id) {
    Problems problems;
    auto fields = Fields(&problems, kUserEmbed);
    if (forbidden_context_) return ForbiddenContext();
    if (!problems.empty()) return problems.Answer();
    fields_ = std::move(*fields);
    store::NameQuery q;
    q.include_ids = {id};
    q.limit = 1;
    auto page = id > 0 ? s_.ListPublicAuthors(q)
                       : StatusOr<content::Page<content::Author>>(content::Page<content::Author>{});
    if (!page.ok()) return Failed(page.status());
    if (page->items.empty()) return ErrorAnswer(404, "rest_user_invalid_id", "Invalid user ID.");
    return JsonAnswer(200, Shape(UserJson(page->items[0])));
  }

  // ---- Comments (approved, of published articles; never an e-mail) ----

  Json CommentJson(const store::PublicComment& pc) const {
    const content::Comment& c = pc.comment;
    Json j;
    j["id"] = c.id;
    j["post"] = c.article_id;
    j["parent"] = c.parent_id;
    j["author"] = 0;
    j["author_name"] = c.author_name;
    j["author_url"] = c.author_url;
    j["date"] = WpDate(c.created_at, o_.zone);
    j["date_gmt"] = WpDate(c.created_at);
    j["content"] = {{"rendered", ParagraphsHtml(c.body)}};
    j["link"] = SiteUrl(content::Permalink(pc.article_published_at, pc.article_slug, o_.zone) +
                        "#comment-" + std::to_string(c.id));
    j["status"] = "approved";
    j["type"] = "comment";
    j["meta"] = Json::array();
    j["_links"] = Links({{"self", ApiUrl("/wp/v2/comments/" + std::to_string(c.id))},
                         {"collection", ApiUrl("/wp/v2/comments")},
                         {"up", ApiUrl("/wp/v2/posts/" + std::to_string(c.article_id))}});
    return j;
  }

  static constexpr const char* kCommentEmbed[] = {
      "id", "author", "author_name", "author_url", "date", "content", "link", "type", "_links"};

  Response Comments() {
    Problems problems;
    Paging p = PagingArgs(args_, &problems, true);
    store::PublicCommentQuery q;
    q.post_ids = IdsArg(args_, "post", &problems);
    q.parent_ids = IdsArg(args_, "parent", &problems);
    q.ascending = EnumArg(args_, "order", kOrders, 1, &problems) == 0;
    static constexpr const char* kOrderBy[] = {"date_gmt", "date", "id"};
    q.by_id = EnumArg(args_, "orderby", kOrderBy, 0, &problems) == 2;
    if (args_.Has("status") && args_.Get("status") != "approve" &&
        args_.Get("status") != "approved") {
      return ErrorAnswer(401, "rest_forbidden_param", "Query parameter not permitted: status");
    }
    auto fields = Fields(&problems, kCommentEmbed);
    if (forbidden_context_) return ForbiddenContext();
    if (!problems.empty()) return problems.Answer();
    fields_ = std::move(*fields);
    q.offset = p.offset;
    q.limit = p.per_page;
    auto page = s_.ListPublicComments(q);
    if (!page.ok()) return Failed(page.status());
    if (page->total > 0 && p.page > TotalPages(page->total, p.per_page)) {
      return ErrorAnswer(400, "rest_comment_invalid_page_number",
                         "The page number requested is larger than the number of pages available.");
    }
    Json items = Json::array();
    for (const auto& c : page->items) items.push_back(Shape(CommentJson(c)));
    return Collection(std::move(items), p, page->total);
  }

  Response Comment(int64_t id) {
    Problems problems;
    auto fields = Fields(&problems, kCommentEmbed);
    if (forbidden_context_) return ForbiddenContext();
    if (!problems.empty()) return problems.Answer();
    fields_ = std::move(*fields);
    auto invalid = [] {
      return ErrorAnswer(404, "rest_comment_invalid_id", "Invalid comment ID.");
    };
    if (id <= 0) return invalid();
    auto comment = s_.GetComment(id);
    if (comment.status().IsNotFound()) return invalid();
    if (!comment.ok()) return Failed(comment.status());
    if (comment->status != content::CommentStatus::kApproved) return invalid();
    auto article = s_.GetArticle(comment->article_id);
    if (article.status().IsNotFound()) return invalid();
    if (!article.ok()) return Failed(article.status());
    if (article->status != content::ArticleStatus::kPublished) return invalid();
    store::PublicComment pc;
    pc.comment = std::move(*comment);
    pc.article_slug = article->slug;
    pc.article_published_at = article->published_at;
    return JsonAnswer(200, Shape(CommentJson(pc)));
  }

  // ---- Search ----

  Json SearchItem(int64_t id, const std::string& title, int64_t published_at,
                  const std::string& slug) const {
    Json j;
    j["id"] = id;
    j["title"] = title;
    j["url"] = SiteUrl(content::Permalink(published_at, slug, o_.zone));
    j["type"] = "post";
    j["subtype"] = "post";
    j["_links"] = Links({{"self", ApiUrl("/wp/v2/posts/" + std::to_string(id))},
                         {"about", ApiUrl("/wp/v2/types/post")}});
    return j;
  }

  static constexpr const char* kSearchEmbed[] = {"id", "title", "url", "type", "subtype", "_links"};

  Response Search() {
    Problems problems;
    Paging p = PagingArgs(args_, &problems, false);
    static constexpr const char* kTypes[] = {"post"};
    EnumArg(args_, "type", kTypes, 0, &problems);
    static constexpr const char* kSubtypes[] = {"any", "post"};
    for (const std::string& subtype : args_.List("subtype")) {
      if (subtype != "any" && subtype != "post") {
        problems.Add("subtype", "rest_not_in_enum",
                     "subtype[0] is not one of " + JoinChoices(kSubtypes) + ".");
      }
    }
    auto fields = Fields(&problems, kSearchEmbed);
    if (forbidden_context_) return ForbiddenContext();
    if (!problems.empty()) return problems.Answer();
    fields_ = std::move(*fields);
    std::string words = SanitizeUtf8(TrimUnicode(args_.Get("search")));
    Json items = Json::array();
    int64_t total = 0;
    if (words.empty()) {  // as WordPress: no words lists the newest posts
      store::PostQuery q;
      q.offset = p.offset;
      q.limit = p.per_page;
      auto page = s_.ListPublicPosts(q);
      if (!page.ok()) return Failed(page.status());
      total = page->total;
      for (const auto& a : page->items) {
        items.push_back(Shape(SearchItem(a.id, a.title, a.published_at, a.slug)));
      }
    } else {
      store::SearchQuery q;
      q.text = words;
      q.offset = p.offset;
      q.limit = p.per_page;
      q.now = clock_.NowSeconds();
      q.recency_boost = o_.search_recency_boost;
      q.with_snippets = false;
      auto found = s_.Search(q);
      if (!found.ok()) return Failed(found.status());
      total = found->total;
      for (const auto& hit : found->hits) {
        const content::ArticleSummary& a = hit.article;
        items.push_back(Shape(SearchItem(a.id, a.title, a.published_at, a.slug)));
      }
    }
    if (total > 0 && p.page > TotalPages(total, p.per_page)) {
      return ErrorAnswer(400, "rest_search_invalid_page_number",
                         "The page number requested is larger than the number of pages available.");
    }
    return Collection(std::move(items), p, total);
  }

  store::Store& s_;
  const Clock& clock_;
  const WpApiOptions& o_;
  Args args_;
  std::string route_;
  std::vector<std::string> fields_;
  bool forbidden_context_ = false;
};

}  // namespace

WpApi::WpApi(store::Store* store, const Clock* clock, WpApiOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {}

bool WpApi::Owns(const Request& req) {
  if (req.path == kApiPrefix || req.path.starts_with(std::string(kApiPrefix) + "/")) return true;
  return req.path == "/" && (req.query.starts_with("rest_route=") ||
                             req.query.find("&rest_route=") != std::string::npos);
}

Response WpApi::Handle(const Request& req) const {
  Form query = ParseQueryLenient(req.query);
  std::string route;
  if (req.path.starts_with(kApiPrefix)) {
    auto decoded = PercentDecode(req.path.substr(kApiPrefix.size()), false);
    if (!decoded || !IsValidUtf8(*decoded)) return NoRoute();
    route = std::move(*decoded);
  } else {  // /?rest_route=/wp/v2/posts&…
    route = query.Get("rest_route");
    std::erase_if(query.fields, [](const auto& f) { return f.first == "rest_route"; });
  }
  // WordPress ignores a trailing slash.
  while (route.size() > 1 && route.back() == '/') route.pop_back();
  if (route.empty()) route = "/";
  if (route[0] != '/') route.insert(route.begin(), '/');
  if (req.method != "GET") return NoRoute();
  return Call(*store_, *clock_, options_, Args(std::move(query)), std::move(route)).Run();
}

}  // namespace khabar::http
