// Guessing how a layer whose field names are unknown meets the roles: for
// each role field the layer's field most likely to hold it, by name (close
// to a known spelling) and by values (what `looks_like` and the value maps
// of layers/roles.yaml say); the likeliest role; the value maps a coded
// field's values suggest. `sanxian info --suggest-roles`, the message for a
// missing required field and the viewer's mapping dialog all ask here.
// Reads a loaded layer; changes nothing.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/io/layer.h"
#include "core/io/roles.h"

namespace sanxian {

// What one field of a layer holds, for the user to recognise it.
struct FieldSample {
  std::string name;
  std::string type;                  // OGR type name
  std::vector<std::string> samples;  // the first distinct non-empty values
  size_t distinct = 0, nonEmpty = 0;  // among the features looked at
};
// Each field with up to `samples` distinct values (from at most a few thousand features).
std::vector<FieldSample> sampleFields(const Layer& layer, size_t samples = 3);
// "id（1、2、3）；name（乌兰镇、…）" / "id (1, 2, 3); name (…)", for messages.
std::string describeFields(const std::vector<FieldSample>& fields);

// A field of the layer that may hold a role field, and why.
struct FieldCandidate {
  std::string field;
  double score = 0;           // higher is likelier; 1 for a field found by the role's spellings
  bool bySpelling = false;    // found by a spelling of the role or the user's mapping: certain
  std::string nameLike;       // the spelling its name is close to, if that counted
  std::string valuesLike;     // what its values look like, if that counted ("codes", "known values" …), in the user's language
  std::string reason() const;  // "值像编号；名称接近 ID_CODE" or English
};

// How a layer would meet one role.
struct RoleSuggestion {
  std::string role;
  double score = 0;  // for ranking roles: the evidence of every field found, lower when a required one is not
  std::map<std::string, FieldCandidate> fields;  // canonical field → the layer's field
  std::vector<std::string> missingRequired;
  // Raw values of a mapped field that its role does not know but that look
  // like one of its canonical values: canonical field → canonical value → raw values.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> values;
  // Raw values of a mapped field with a value map that nothing maps: the user must say what they mean.
  std::map<std::string, std::vector<std::string>> unknownValues;

  // The mapping to write down: the fields not found by spellings, and the values.
  FieldMapping mapping() const;
};

// The layer's fields that may hold one role field, likeliest first (only
// those with some evidence), leaving out fields in `taken`.
std::vector<FieldCandidate> fieldCandidates(const Layer& layer, const RoleDef& role, const std::string& canonical,
                                            const std::vector<std::string>& taken = {});
// How the layer would meet this role; `mapping` fixes fields the user already named.
RoleSuggestion suggestForRole(const Layer& layer, const RoleDef& role, const FieldMapping& mapping = {});
// Every role the layer's geometry allows, likeliest first.
std::vector<RoleSuggestion> suggestRoles(const Layer& layer, const RoleCatalog& roles);

}  // namespace sanxian
