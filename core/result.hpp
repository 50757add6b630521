#pragma once
// Errors that inputs can cause are values: a function that can fail on bad
// input returns Result<T>, which holds either a T or an Error with a message
// meant for people (and, at the RPC edge, for clients).

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace pel {

struct Error {
  std::string message;
};

inline Error make_error(std::string message) {
  return Error{std::move(message)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> state_;
};

// Outcome of an operation that produces nothing but can fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    assert(!ok());
    return *error_;
  }

 private:
  std::optional<Error> error_;
};

}  // namespace pel

// Propagates the error of a Result or Status expression out of the calling function.
#define PEL_TRY(expr)                                          \
  do {                                                         \
    auto&& pel_try_result_ = (expr);                           \
    if (!pel_try_result_.ok()) return pel_try_result_.error(); \
  } while (0)
