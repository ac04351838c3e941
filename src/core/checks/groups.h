// Summaries keyed by text (by township, patch code, rule, river, …), kept
// in the order their keys first appear: the order of the input, so a rerun
// of the same data lists them the same way.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sanxian {

template <class Group>
class GroupsInOrder {
public:
  // The group of `key`; `start(group)` runs once, when the key is first seen.
  template <class Start>
  Group& at(const std::string& key, Start&& start) {
    auto [it, fresh] = index_.try_emplace(key, groups_.size());
    if (fresh) start(groups_.emplace_back());
    return groups_[it->second];
  }
  // A group type with a `key` member gets its key.
  Group& at(const std::string& key) {
    return at(key, [&](Group& g) { g.key = key; });
  }
  std::vector<Group>& all() { return groups_; }
  std::vector<Group> take() { return std::move(groups_); }

private:
  std::map<std::string, size_t> index_;
  std::vector<Group> groups_;
};

}  // namespace sanxian
