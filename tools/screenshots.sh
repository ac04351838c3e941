#!/bin/sh
# Draws the README's screenshots of the sample project with the viewer's
# headless options (no display needed) into samples/otog/screenshots/:
#   window.png   the window: layer tree with its legend, the map with the
#                checks' results and the map legend, the attribute table
#   swipe.png    the swipe between the 2022 and 2023 red lines (old left,
#                new right) with the changes and their legend
#   print.png    the print layout (title, map with grid, legend, scale,
#                north arrow, CRS, 编制单位, date, sources), as printed
# Usage: tools/screenshots.sh [VIEWER] (default build/src/viewer/sanxian-viewer),
# from the repository's top folder. The date and 编制单位 are fixed so
# that drawing them again gives the same images.
set -eu
viewer=${1:-build/src/viewer/sanxian-viewer}
project=samples/otog/otog.yaml
out=samples/otog/screenshots
mkdir -p "$out"
export QT_QPA_PLATFORM=offscreen

"$viewer" "$project" --lang zh --grab-window "$out/window.png" --size 1300x860 --checks --attributes redline_2023
"$viewer" "$project" --lang zh --screenshot "$out/swipe.png" --size 1160x740 --legend \
    --compare redline_2022,redline_2023 --show swipe --swipe 0.5
"$viewer" "$project" --lang zh --print "$out/print.png" --dpi 110 --date 2024-06-30 --organisation 示例单位

for f in "$out"/window.png "$out"/swipe.png "$out"/print.png; do
  echo "$f: $(wc -c <"$f") bytes"
done
