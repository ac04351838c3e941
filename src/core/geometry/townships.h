// Townships: which township (乡镇 / 苏木) of a boundary layer a result piece
// lies in, for the "by township" columns and summaries of the checks
// (overlap, audit, shoreline). A piece is given the township holding the
// largest share of it, with that share, so that piece counts stay those of
// the overlay; it is never split. Thread-safe: locate() may be called from
// many threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/base/geos.h"
#include "core/io/layer.h"

namespace sanxian {

struct TownshipPlacement {
  int64_t fid = -1;      // the township's source FID; -1 when the piece lies in none
  std::string name;      // the boundary role's name field ("" when none)
  std::string code;      // the boundary role's code field
  double share = 0;      // planar share of the piece inside that township, 0..1
};

class Townships {
public:
  // Indexes the boundary layer (harmonized, in the same CRS as the pieces).
  explicit Townships(const Layer& boundary);
  ~Townships();
  Townships(const Townships&) = delete;
  Townships& operator=(const Townships&) = delete;

  // The township holding the largest planar share of `piece` (ties go to
  // the earlier feature). Works for polygons (by area) and lines (by length).
  TownshipPlacement locate(const GEOSGeometry* piece) const;

  // Splits `piece` at the township boundaries instead (the shoreline check,
  // whose figures per township must add up exactly): one part per township
  // it crosses, in the boundary layer's order, then the part outside every
  // township (fid -1), if any. A stretch along the common boundary of two
  // townships goes to the earlier one, so nothing is counted twice. Parts
  // keep the piece's dimension; share is of the piece (planar).
  struct Part {
    TownshipPlacement township;
    geos::GeomPtr geometry;
    bool retriedOnGrid = false;
  };
  std::vector<Part> split(const GEOSGeometry* piece) const;

  const Layer& layer() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sanxian
