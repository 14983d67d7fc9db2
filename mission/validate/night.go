package validate

import (
	"math"
	"time"

	"skerry/mission"
	"skerry/mission/profile"
)

// Sun elevations (degrees) that bound the day: sunset/sunrise with
// refraction and the sun's radius, and the end of civil twilight.
const (
	sunsetElevation   = -0.833
	civilDusk         = -6.0
	nightSampleMinute = 5
)

// SunElevation returns the sun's elevation in degrees above the horizon at
// lat, lon (degrees) and time t, with the NOAA solar position equations
// (Meeus, low precision: about 0.01° for the years of interest). Refraction
// is not added.
func SunElevation(lat, lon float64, t time.Time) float64 {
	rad := math.Pi / 180
	jd := float64(t.UTC().UnixNano())/86400e9 + 2440587.5
	jc := (jd - 2451545) / 36525
	l0 := math.Mod(280.46646+jc*(36000.76983+jc*0.0003032), 360)
	m := 357.52911 + jc*(35999.05029-0.0001537*jc)
	e := 0.016708634 - jc*(0.000042037+0.0000001267*jc)
	ctr := math.Sin(m*rad)*(1.914602-jc*(0.004817+0.000014*jc)) + math.Sin(2*m*rad)*(0.019993-0.000101*jc) + math.Sin(3*m*rad)*0.000289
	omega := 125.04 - 1934.136*jc
	lambda := l0 + ctr - 0.00569 - 0.00478*math.Sin(omega*rad)
	eps0 := 23 + (26+(21.448-jc*(46.815+jc*(0.00059-jc*0.001813)))/60)/60
	eps := eps0 + 0.00256*math.Cos(omega*rad)
	decl := math.Asin(math.Sin(eps*rad) * math.Sin(lambda*rad))
	y := math.Pow(math.Tan(eps*rad/2), 2)
	eqTime := 4 / rad * (y*math.Sin(2*l0*rad) - 2*e*math.Sin(m*rad) + 4*e*y*math.Sin(m*rad)*math.Cos(2*l0*rad) -
		0.5*y*y*math.Sin(4*l0*rad) - 1.25*e*e*math.Sin(2*m*rad)) // minutes
	utcMin := float64(t.UTC().Hour()*60+t.UTC().Minute()) + float64(t.UTC().Second())/60
	trueSolar := math.Mod(utcMin+eqTime+4*lon, 1440)
	hourAngle := trueSolar/4 - 180
	cosZen := math.Sin(lat*rad)*math.Sin(decl) + math.Cos(lat*rad)*math.Cos(decl)*math.Cos(hourAngle*rad)
	return 90 - math.Acos(math.Max(-1, math.Min(1, cosZen)))/rad
}

// night checks the flight window against the profile's night rule: with
// night forbidden, any moment with the sun below the end of civil twilight
// (−6°) is an error; with lights required, any moment after sunset or
// before sunrise (civil twilight included, as 14 CFR 107.29 does) is an
// info to switch them on.
func (c *checker) night() {
	rule := c.op.Profile.Night
	if rule == profile.NightAllowed {
		return
	}
	if c.op.When.IsZero() {
		if rule == profile.NightForbidden {
			c.add(mission.SeverityWarning, -1, profile.RuleNight, c.cite(profile.RuleNight), "no planned start time: daylight not checked, night flight is forbidden")
		}
		return
	}
	pt := c.rt.nodes[0].pt
	lowest := 90.0
	end := c.op.When.Add(c.rt.duration)
	for t := c.op.When; ; t = t.Add(nightSampleMinute * time.Minute) {
		if t.After(end) {
			t = end
		}
		lowest = math.Min(lowest, SunElevation(pt[1], pt[0], t))
		if !t.Before(end) {
			break
		}
	}
	switch {
	case rule == profile.NightForbidden && lowest < civilDusk:
		c.add(mission.SeverityError, -1, profile.RuleNight, c.cite(profile.RuleNight), "the flight is at night (sun %.1f° below the horizon) and the profile forbids night flight", -lowest)
	case rule == profile.NightWithLights && lowest < sunsetElevation:
		c.add(mission.SeverityInfo, -1, profile.RuleNight, c.cite(profile.RuleNight), "the flight is in twilight or at night (sun %.1f° below the horizon): %s", -lowest, c.ruleText(profile.RuleNight))
	}
}
