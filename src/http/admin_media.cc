// The editor's featured image (الصورة البارزة): POST /admin/articles/<id>/image with a
// multipart/form-data body holding the form's CSRF token, the image, its alt text and the
// action ("upload" or "remove"). Authors set images on their own articles, editors on any.
// A refused upload re-shows the editor with an Arabic message and stores nothing; an
// accepted one is written to the media folder first and recorded in the database after.
#include <string>

#include "src/auth/auth.h"
#include "src/base/strings.h"
#include "src/http/admin.h"
#include "src/http/multipart.h"
#include "src/media/media.h"

namespace khabar::http {
namespace {

constexpr std::string_view kImageForm = "image";
constexpr size_t kMaxAltChars = 300;

bool MayChangeImage(const content::User& user, const content::Article& a) {
  if (a.external_id.empty()) return false;  // as Save: not editable here
  bool own = a.author.name == user.display_name;
  return auth::Can(user.role, own ? auth::Action::kPublishOwn : auth::Action::kEditAnyArticle);
}

// The uploader's file name, kept for the newsroom's information only: the last path
// segment, valid UTF-8 without control characters, at most 200 characters.
std::string CleanFileName(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string clean;
  for (char c : SanitizeUtf8(name)) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) clean.push_back(c);
  }
  return std::string(Utf8Prefix(TrimUnicode(clean), 200));
}

}  // namespace

bool IsImageUploadPath(std::string_view path) {
  constexpr std::string_view kPrefix = "/admin/articles/";
  constexpr std::string_view kSuffix = "/image";
  if (!path.starts_with(kPrefix) || !path.ends_with(kSuffix)) return false;
  std::string_view id = path.substr(kPrefix.size());
  if (id.size() <= kSuffix.size()) return false;
  id.remove_suffix(kSuffix.size());
  if (id.size() > 18) return false;
  for (char c : id) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

void Admin::AddImageForm(const Signed& who, const content::Article& a, const ImageRefusal* refusal,
                         render::AdminEditorView* v) {
  if (!MayChangeImage(who.user, a)) return;
  v->image_token =
      deps_.tokens->Issue(AdminFormPurpose(kImageForm, who.session), deps_.clock->NowSeconds());
  if (a.featured_image && !a.featured_image->files.empty()) {
    v->image_url = "/media/" + a.featured_image->files.front().file;
    v->image_alt = a.featured_image->alt;
  }
  if (refusal) {
    v->image_error = refusal->message;
    v->image_alt = refusal->alt;
  }
}

Response Admin::SetImage(const Request& req, const std::string& id_text) {
  auto signed_in = CurrentUser(req);
  if (!signed_in) return Response::Redirect(303, "/admin/login");
  auto id = ParseInt(id_text);
  auto article = id ? deps_.store->GetArticle(*id) : StatusOr<content::Article>(NotFoundError(""));
  if (!article.ok()) return ErrorPage(req, 404, "المقال غير موجود", "لا مقال بهذا الرقم.");
  if (!MayChangeImage(signed_in->user, *article)) {
    return Forbidden(req, "الصورة البارزة لكاتب المقال وللمحررين.");
  }
  ImageRefusal refusal;
  auto refuse = [&](int status, std::string message) {
    refusal.status = status;
    refusal.message = std::move(message);
    return Editor(req, id_text, &refusal);
  };

  const media::Options& limits = deps_.options.media;
  auto boundary = MultipartBoundary(req.Header("content-type"));
  if (!boundary.ok()) return refuse(422, "أرسل الصورة من نموذج الصورة البارزة في المحرر.");
  MultipartLimits parts;
  parts.max_parts = 8;
  parts.max_file_bytes = limits.max_bytes;
  auto body = ParseMultipart(req.body, *boundary, parts);
  if (!body.ok()) {
    if (body.status().code() == StatusCode::kResourceExhausted) {
      return refuse(413, "حجم الصورة أكبر من المسموح (" +
                             std::to_string(limits.max_bytes / (1024 * 1024)) + " ميغابايت).");
    }
    return refuse(422, "تعذّرت قراءة النموذج المرسل. أعد المحاولة.");
  }
  // The token travels inside the multipart body; the same scheme as every admin form.
  int64_t now = deps_.clock->NowSeconds();
  if (deps_.tokens->Verify(body->fields.Get("token"),
                           AdminFormPurpose(kImageForm, signed_in->session),
                           now) != TokenCheck::kValid) {
    return Forbidden(req, "انتهت صلاحية النموذج. أعد المحاولة.");
  }
  std::string back = "/admin/articles/" + std::to_string(article->id) + "?saved=1";
  if (body->fields.Get("action") == "remove") {
    if (Status s = deps_.store->ClearFeaturedImage(article->id, now); !s.ok()) {
      return refuse(503, "تعذّرت إزالة الصورة الآن. أعد المحاولة بعد لحظات.");
    }
    return Response::SeeOther(back);
  }

  refusal.alt = std::string(TrimUnicode(SanitizeUtf8(body->fields.Get("alt"))));
  const MultipartFile* file = body->File("image");
  if (!file || file->data.empty()) return refuse(422, "اختر صورة لرفعها.");
  if (refusal.alt.empty()) {
    return refuse(422, "اكتب وصفًا للصورة (النص البديل) يقرؤه من لا يرى الصورة.");
  }
  if (Utf8Length(refusal.alt) > kMaxAltChars) {
    return refuse(422, "وصف الصورة أطول من ٣٠٠ حرف.");
  }
  auto stored = media::StoreImage(limits, file->data);
  if (!stored.ok()) {
    switch (stored.status().code()) {
      case StatusCode::kResourceExhausted:
        return refuse(413, stored.status().message());
      case StatusCode::kInvalidArgument:
        return refuse(422, stored.status().message());
      default:
        std::fprintf(stderr, "khabar: featured image not stored: %s\n",
                     stored.status().message().c_str());
        return refuse(503, "تعذّر حفظ الصورة الآن. أعد المحاولة بعد لحظات.");
    }
  }
  content::Media m =
      media::Describe(*stored, CleanFileName(file->filename), refusal.alt, signed_in->user.id);
  // Only now, with every file in place, does the database point at them.
  auto media_id = deps_.store->SetFeaturedImage(article->id, m, now);
  if (!media_id.ok()) return refuse(503, "تعذّر حفظ الصورة الآن. أعد المحاولة بعد لحظات.");
  return Response::SeeOther(back);
}

}  // namespace khabar::http
