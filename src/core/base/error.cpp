#include "core/base/error.h"

#include "core/base/text.h"

namespace sanxian {
namespace {

std::string compose(const std::string& message, const Error::Where& where) {
  std::string out;
  if (!where.file.empty()) out += where.file;
  if (!where.layer.empty()) out += std::string(out.empty() ? "" : " ") + tr("图层 ", "layer ") + where.layer;
  if (where.fid) out += std::string(out.empty() ? "" : " ") + tr("要素 FID ", "feature FID ") + std::to_string(*where.fid);
  if (!out.empty()) out += ": ";
  return out + message;
}

}  // namespace

Error::Error(Kind kind, std::string message, Where where)
    : std::runtime_error(compose(message, where)),
      kind_(kind),
      message_(std::move(message)),
      where_(std::move(where)) {}

void throwInput(std::string message, Error::Where where) {
  throw Error(Error::Kind::Input, std::move(message), std::move(where));
}

void throwUsage(std::string message) { throw Error(Error::Kind::Usage, std::move(message)); }

}  // namespace sanxian
