#!/usr/bin/env python3
"""Writes county_4490.txt: a synthetic county-sized polygon (about 8 000 km²
near Otog Banner, 5 000 vertices, edges of 55-250 m) as "lat lon" lines in
CGCS2000 degrees, the input format of GeographicLib's Planimeter.

Star-shaped (radius a positive function of the angle), so it never crosses
itself. Deterministic: no random numbers.

    python3 tests/core/data/make_county.py > tests/core/data/county_4490.txt
"""
import math

LON0, LAT0 = 107.6, 39.1     # centre, inside CGCS2000 3-degree zone 36 (CM 108E)
R0 = 50000.0                 # mean radius, metres
N = 5000                     # vertices
M_PER_DEG_LAT = 111000.0
M_PER_DEG_LON = 111320.0 * math.cos(math.radians(LAT0))

for i in range(N):
    t = 2 * math.pi * i / N
    r = 1.0
    for k in range(2, 61):
        r += 0.12 / k ** 1.2 * math.sin(k * t + 2.399963 * k)
    r *= R0
    lon = LON0 + r * math.cos(t) / M_PER_DEG_LON
    lat = LAT0 + r * math.sin(t) / M_PER_DEG_LAT
    print(f"{lat:.9f} {lon:.9f}")
