#!/usr/bin/env python3
"""Build ``src/coursekit/data/boundaries.geojson``: the country outlines every map draws, offline.

Source: Natural Earth 4.1.0 *Admin 0 - Countries* (public domain) as shipped by the npm package
``world-atlas`` 2.0.2 (TopoJSON, ISC licence): 1:50m for the course's countries and their context,
1:110m for the rest of the world. The geometry work is done by **mapshaper** (pinned, npm): it
converts the TopoJSON, dissolves Natural Earth units into their ISO country, drops small islands,
simplifies with shared borders kept identical between neighbours, orients rings as RFC 7946 asks
and rounds coordinates. This script only chooses (which countries, at which detail, under which
code and name) and writes the result sorted and compact. See ``src/coursekit/data/BOUNDARIES.md``.

    npm ci --prefix scripts/boundaries          # mapshaper, world-atlas, i18n-iso-countries (pinned)
    python scripts/build_boundaries.py          # writes src/coursekit/data/boundaries.geojson
    python scripts/build_boundaries.py --check  # exits 1 if the committed file differs from a build

The build is deterministic: the same packages give a byte-identical file.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / "scripts" / "boundaries" / "node_modules"
OUT = REPO / "src" / "coursekit" / "data" / "boundaries.geojson"

# Detail tiers: the course's countries and their context at 1:50m (simplified to this many metres
# of deviation at most), every other country at 1:110m.
COURSE = frozenset({"AFG", "ARE", "ARG", "BHR", "IRN", "IRQ", "ISR", "JOR", "KWT", "LBN", "OMN", "PAK", "PSE",
                    "QAT", "SAU", "SDN", "SYR", "TUR", "YEM"})
NEAR = frozenset({"ARM", "AZE", "BGR", "BOL", "CAF", "CHL", "CYP", "DJI", "EGY", "ERI", "ETH", "FLK", "GEO",
                  "GRC", "KGZ", "LBY", "PRY", "SOM", "SSD", "TCD", "TJK", "TKM", "URY", "UZB"})
FAR = frozenset({"BGD", "BRA", "BTN", "CHN", "IND", "KAZ", "NPL", "PER", "RUS", "XSG"})
INTERVAL_M = {"course": 500, "near": 2000, "far": 6000, "world": 15000}
PRECISION = {"50m": 0.001, "110m": 0.01}       # degrees: about 100 m and 1 km
MIN_ISLAND_KM2 = {"50m": 10, "110m": 500}

# Natural Earth units without an ISO 3166 code: dissolved into the ISO country that contains them,
# or kept under a code from the user-assigned range (XAA-XZZ), so they never clash with a country.
NO_ISO = {"Somaliland": "SOM", "N. Cyprus": "CYP", "Siachen Glacier": "XSG", "Kosovo": "XKX"}
# Short English names where Natural Earth abbreviates, or where the course uses another short form.
NAMES = {
    "XSG": "Siachen Glacier", "XKX": "Kosovo", "USA": "United States", "CAF": "Central African Republic",
    "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo", "DOM": "Dominican Republic",
    "GNQ": "Equatorial Guinea", "SSD": "South Sudan", "SLB": "Solomon Islands", "ESH": "Western Sahara",
    "FLK": "Falkland Islands", "ATF": "French Southern and Antarctic Lands", "BIH": "Bosnia and Herzegovina",
    "SWZ": "Eswatini", "MKD": "North Macedonia", "CZE": "Czechia", "TUR": "Turkey", "PSE": "Palestine",
    "CIV": "Côte d'Ivoire", "CYP": "Cyprus", "SOM": "Somalia",
}


def mapshaper(*args: str) -> None:
    tool = TOOLS / ".bin" / "mapshaper"
    if not tool.exists():
        sys.exit(f"build_boundaries: {tool} not found: run 'npm ci --prefix scripts/boundaries'")
    result = subprocess.run([str(tool), "-quiet", *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"build_boundaries: mapshaper failed: {result.stderr.strip()}")


def alpha3() -> dict[str, str]:
    codes = json.loads((TOOLS / "i18n-iso-countries" / "codes.json").read_text(encoding="utf-8"))
    return {numeric: a3 for _a2, a3, numeric, *_ in codes}


def tier_of(iso3: str) -> str:
    return "course" if iso3 in COURSE else "near" if iso3 in NEAR else "far" if iso3 in FAR else "world"


def labelled(scale: str, tmp: Path, keep) -> Path:
    """The world-atlas countries at ``scale`` as GeoJSON with iso3, name and tier, those ``keep`` wants."""
    raw = tmp / f"raw-{scale}.json"
    mapshaper("-i", str(TOOLS / "world-atlas" / f"countries-{scale}.json"), "-target", "countries",
              "-o", "format=geojson", str(raw))
    codes = alpha3()
    features = []
    for f in json.loads(raw.read_text(encoding="utf-8"))["features"]:
        name = f["properties"]["name"]
        iso3 = NO_ISO.get(name) or codes.get(str(f.get("id", "")))
        if iso3 is None or not keep(iso3) or f["geometry"] is None:
            continue  # Natural Earth units with no ISO code and no entry above (tiny islands)
        features.append({"type": "Feature", "geometry": f["geometry"], "properties": {
            "iso3": iso3, "name": NAMES.get(iso3, name), "course": iso3 in COURSE, "tier": tier_of(iso3)}})
    out = tmp / f"labelled-{scale}.json"
    out.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return out


def simplified(scale: str, source: Path, tmp: Path) -> list[dict]:
    out = tmp / f"out-{scale}.json"
    interval = "tier == 'course' ? {course} : tier == 'near' ? {near} : tier == 'far' ? {far} : {world}"
    mapshaper("-i", str(source),
              "-dissolve", "iso3", "copy-fields=name,course,tier",
              "-filter-islands", f"min-area={MIN_ISLAND_KM2[scale]}km2", "remove-empty",
              "-simplify", "dp", "variable", f"interval={interval.format(**INTERVAL_M)}", "keep-shapes",
              "-clean",
              "-o", "format=geojson", "rfc7946", f"precision={PRECISION[scale]}", str(out))
    return [_unwrapped(f, tmp) if _crosses(f["geometry"]) else f
            for f in json.loads(out.read_text(encoding="utf-8"))["features"]]


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _crosses(geometry: dict | None) -> bool:
    """Whether a ring jumps across the antimeridian (Russia's Chukotka, Fiji, Antarctica)."""
    return geometry is not None and any(abs(a[0] - b[0]) > 180 for polygon in _polygons(geometry)
                                        for ring in polygon for a, b in pairwise(ring))


def _unwrapped(feature: dict, tmp: Path) -> dict:
    """A feature whose rings cross the antimeridian, cut there (RFC 7946, section 3.1.9).

    Its western longitudes are moved by +360 so each ring is continuous; mapshaper then clips the
    shape to the two sides of 180 degrees, and the part beyond is moved back by -360."""
    shifted = [[[[x + 360 if x < 0 else x, y] for x, y in ring] for ring in polygon]
               for polygon in _polygons(feature["geometry"])]
    source = tmp / "wrap.json"
    source.write_text(json.dumps({"type": "Feature", "properties": {},
                                  "geometry": {"type": "MultiPolygon", "coordinates": shifted}}))
    parts = []
    for side, bbox, shift in (("west", "-180,-90,180,90", "0,0"), ("east", "180,-90,540,90", "-360,0")):
        out = tmp / f"wrap-{side}.json"
        mapshaper("-i", str(source), "-clip", f"bbox={bbox}", "-affine", f"shift={shift}",
                  "-o", "format=geojson", "rfc7946", "precision=0.01", str(out))
        written = json.loads(out.read_text(encoding="utf-8"))
        for geometry in written.get("geometries") or [f["geometry"] for f in written.get("features", [])]:
            if geometry:
                parts += _polygons(geometry)
    return {**feature, "geometry": {"type": "MultiPolygon", "coordinates": parts}}


def build() -> str:
    detailed = set(COURSE) | set(NEAR) | set(FAR)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        features = simplified("50m", labelled("50m", tmp, detailed.__contains__), tmp)
        features += simplified("110m", labelled("110m", tmp, lambda c: c not in detailed), tmp)
    rows = sorted(({"type": "Feature",
                    "properties": {"iso3": f["properties"]["iso3"], "name": f["properties"]["name"],
                                   "course": bool(f["properties"]["course"])},
                    "geometry": f["geometry"]} for f in features if f["geometry"]),
                  key=lambda f: f["properties"]["iso3"])
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in rows)
    return '{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file; write nothing")
    parser.add_argument("--out", type=Path, default=OUT,
                        help=f"where to write (default {OUT.relative_to(REPO)})")
    args = parser.parse_args(argv)
    text = build()
    count = text.count('"type":"Feature"')
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'differs from a fresh build'} "
              f"({count} countries, {len(text.encode()) / 1000:.0f} kB)")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({count} countries, {len(text.encode()) / 1000:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
