#include "emulator/code/search_path.h"

#include <algorithm>

namespace ling::code {

std::vector<std::string> SearchPath::Get() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return dirs_;
}

void SearchPath::Set(std::vector<std::string> dirs) {
  std::lock_guard<std::mutex> lock(mutex_);
  dirs_ = std::move(dirs);
}

void SearchPath::AddFirst(std::string dir) {
  std::lock_guard<std::mutex> lock(mutex_);
  // OTP deletes the first occurrence only (lists:delete/2).
  if (auto it = std::find(dirs_.begin(), dirs_.end(), dir); it != dirs_.end()) dirs_.erase(it);
  dirs_.insert(dirs_.begin(), std::move(dir));
}

void SearchPath::AddLast(std::string dir) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (std::find(dirs_.begin(), dirs_.end(), dir) == dirs_.end()) dirs_.push_back(std::move(dir));
}

bool SearchPath::Delete(std::string_view dir) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = std::find(dirs_.begin(), dirs_.end(), dir);
  if (it == dirs_.end()) return false;
  dirs_.erase(it);
  return true;
}

}  // namespace ling::code
