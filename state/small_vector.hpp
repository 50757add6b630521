#pragma once
// A vector that keeps its first N elements inside itself, for trivially copyable
// elements: a transaction's write set (a transfer writes three or four keys) needs
// no heap allocation, which matters when millions of them are made per second.

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <new>
#include <type_traits>

namespace pel {

template <class T, size_t N>
class SmallVector {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  SmallVector() = default;
  SmallVector(std::initializer_list<T> values) { assign(values.begin(), values.end()); }
  SmallVector(const SmallVector& other) { assign(other.begin(), other.end()); }
  SmallVector(SmallVector&& other) noexcept { take(other); }
  SmallVector& operator=(const SmallVector& other) {
    if (this != &other) {
      size_ = 0;
      assign(other.begin(), other.end());
    }
    return *this;
  }
  SmallVector& operator=(SmallVector&& other) noexcept {
    if (this != &other) {
      release();
      take(other);
    }
    return *this;
  }
  ~SmallVector() { release(); }

  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& front() { return data_[0]; }
  const T& front() const { return data_[0]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }

  void reserve(size_t wanted) {
    if (wanted > capacity_) reallocate(wanted);
  }
  void clear() { size_ = 0; }
  void pop_back() { --size_; }
  void push_back(const T& value) {
    if (size_ == capacity_) reallocate(capacity_ * 2);
    data_[size_++] = value;
  }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    if (size_ == capacity_) reallocate(capacity_ * 2);
    return *new (data_ + size_++) T{std::forward<Args>(args)...};
  }

  friend bool operator==(const SmallVector& a, const SmallVector& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  T* inline_data() { return reinterpret_cast<T*>(inline_); }
  bool on_heap() const { return data_ != reinterpret_cast<const T*>(inline_); }

  void assign(const T* first, const T* last) {
    reserve(static_cast<size_t>(last - first));
    std::memcpy(static_cast<void*>(data_), first, sizeof(T) * static_cast<size_t>(last - first));
    size_ = static_cast<uint32_t>(last - first);
  }
  void take(SmallVector& other) {
    if (other.on_heap()) {
      data_ = other.data_;
      capacity_ = other.capacity_;
      size_ = other.size_;
    } else {
      std::memcpy(static_cast<void*>(inline_), other.inline_, sizeof(T) * other.size_);
      size_ = other.size_;
    }
    other.data_ = other.inline_data();
    other.capacity_ = N;
    other.size_ = 0;
  }
  void release() {
    if (on_heap()) ::operator delete (data_, std::align_val_t{alignof(T)});
    data_ = inline_data();
    capacity_ = N;
    size_ = 0;
  }
  void reallocate(size_t wanted) {
    T* bigger = static_cast<T*>(::operator new (sizeof(T) * wanted, std::align_val_t{alignof(T)}));
    std::memcpy(static_cast<void*>(bigger), data_, sizeof(T) * size_);
    if (on_heap()) ::operator delete (data_, std::align_val_t{alignof(T)});
    data_ = bigger;
    capacity_ = static_cast<uint32_t>(wanted);
  }

  T* data_ = inline_data();
  uint32_t size_ = 0;
  uint32_t capacity_ = N;
  alignas(T) unsigned char inline_[N * sizeof(T)];
};

}  // namespace pel
