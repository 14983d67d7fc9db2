// Package validate checks a mission plan against everything a flight must
// respect before it is uploaded: the regulation profile (height, speed,
// range and visual line of sight, night, aircraft per pilot, wind), the
// operation area, the plan's own geofence, official airspace zones active
// during the flight, and the vehicle's endurance with a reserve.
//
// Check returns a Report whose Violations each name the mission item or leg
// concerned, the rule, and its source (a regulation reference and URL, or a
// zone's ID and authority), so a pilot can fix the plan. The package is
// pure: no network, no goroutines.
//
// Conservative choices, in one place:
//   - heights are the largest likely height above the surface
//     (profile.HeightAboveSurface): terrain data where it covers the
//     route, else the take-off point's ground (the vehicle's home; a
//     coastal home: the sea at low tide), and the report says which;
//     without either a warning says the check is approximate;
//   - a leg is checked at its ends for height (heights vary linearly) and
//     sampled every 10 m for fences and for ranges from several observers;
//   - boundaries follow package local's rule (within a micrometre): the
//     boundary of the operation area or of an inclusion fence is outside
//     it, that of an exclusion fence inside the exclusion;
//   - a zone counts when it is active at any moment of the flight window
//     [When, When+Duration]; with no When every zone counts;
//   - a zone's vertical limits excuse a leg only when they can be
//     evaluated: AMSL limits, WGS84 limits through the EGM96 geoid, AGL
//     limits over water (± half the tide range) or as floors over land;
//   - a plan that does not end with RTL or a landing is costed with a
//     return home (the failsafe flies it);
//   - a plan with no home takes its first position as home, with a warning.
package validate
