// SearchPath: the code path -- the directories modules are loaded from, in
// order -- as code:set_path/1, add_patha/1, add_pathz/1 and del_path/1
// change it while the system runs.
//
// Concurrency: every method may be called from any thread; each takes the
// path's own lock for its whole change, so concurrent changes never lose
// one another. A reader gets a copy (Get), which stays as it was when
// taken: a module load searches the path as it stood when the load began.
#ifndef LING_EMULATOR_CODE_SEARCH_PATH_H_
#define LING_EMULATOR_CODE_SEARCH_PATH_H_

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ling::code {

class SearchPath {
 public:
  explicit SearchPath(std::vector<std::string> dirs) : dirs_(std::move(dirs)) {}

  std::vector<std::string> Get() const;
  void Set(std::vector<std::string> dirs);
  // OTP's rules: added first, `dir` leaves its old place; added last, a
  // `dir` already on the path stays where it is.
  void AddFirst(std::string dir);
  void AddLast(std::string dir);
  // Removes the first occurrence of `dir`; false when it is not there.
  bool Delete(std::string_view dir);

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> dirs_;
};

}  // namespace ling::code

#endif  // LING_EMULATOR_CODE_SEARCH_PATH_H_
