// Package planner makes patrol plans for the drones of a fleet: coastline
// patrols, port perimeters, lawnmower surveys, IAMSAR search patterns and
// orbits, and splits of one job among several drones. It is pure: inputs
// are orb geometries ([lon, lat]) and option structs whose zero values
// mean documented defaults; outputs are *mission.Plan values (take-off,
// speed change, waypoints with altitude and reference, camera items where
// useful, RTL; fence = operation area as inclusion polygon plus the
// exclusion zones; rally points) and mission.Issues saying what the
// planner had to change (route shortened, points left out, legs bent).
//
// # Plane
//
// All geometry is done in package local's equirectangular plane
// (east/north metres around the work; see package local for its error,
// under 0.5 m over ±2 km and about 0.1 % at ±10 km at 36°N), with its
// vector, segment and ring functions. Output coordinates are rounded to
// MAVLink's 10⁻⁷ degree.
//
// # Margins and offsets
//
// The geometry engine (simplefeatures) gives robust union, intersection
// and difference but its Buffer needs GEOS, so grown shapes are built
// here: a disk is a regular polygon circumscribed about it, a segment's
// neighbourhood the hull of its end disks (a "stadium"), a polyline's the
// union of its stadiums, a polygon's the polygon united with its edges'
// stadiums. Approximations always contain the true shape, so margins come
// out a little generous, never short.
//
// # Free space and routing
//
// A route may use the free space: the operation area (or a box around the
// work) minus every exclusion grown by the margin. It is built twice, 2 m
// apart: waypoints must lie in the tighter "walk" region, legs must not
// cross the boundary of the looser "check" region. A desired path is made
// safe by dropping points outside the walk region and, for each leg that
// crosses its boundary, walking along the boundary ring between the exit
// and re-entry points the shorter way (a "bug" detour, exact for any
// number of obstacles because the union merges touching ones); the result
// is simplified by Douglas–Peucker that only takes shortcuts the check
// region allows. So every leg keeps at least margin + 1 m from every
// exclusion zone, and every waypoint is inside the operation area.
//
// Edge convention: package local's rule, a boundary is never inside the
// allowed area. A waypoint on the walk boundary (within a micrometre) is
// outside it, and a leg that touches the check boundary is not free. The
// walk boundary lies 1 m inside the free side, so no test is decided by
// rounding.
package planner
