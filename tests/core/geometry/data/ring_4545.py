#!/usr/bin/env python3
# Writes the test rings of test_measure.cpp (AreaAsDrawnIsIntegratedInTheGaussKrugerPlane)
# densified to 1 m, as "northing easting" lines for cs2cs EPSG:4545.
import sys, math
# vertices of a concave 7-vertex ring given as offsets (m) from an origin; densify to 1 m
def ring(ox, oy, pts, step):
    out=[]
    n=len(pts)
    for i in range(n):
        x0,y0=pts[i]; x1,y1=pts[(i+1)%n]
        d=math.hypot(x1-x0,y1-y0); k=max(1,math.ceil(d/step))
        for j in range(k):
            t=j/k; out.append((ox+x0+t*(x1-x0), oy+y0+t*(y1-y0)))
    return out
which=sys.argv[1]
if which=='small':
    pts=[(0,0),(4800,300),(4500,2600),(2600,1500),(2200,4700),(300,4000),(900,1900)]
    o=(372000.0,4361000.0)
else:
    pts=[(0,0),(15000,1200),(14000,9000),(8000,6000),(7000,14800),(500,13000),(2500,6000)]
    o=(640000.0,4302000.0)
for x,y in ring(o[0],o[1],pts,1.0):
    print(f"{y:.6f} {x:.6f}")
