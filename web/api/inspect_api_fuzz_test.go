package api

import (
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// FuzzDecodeInspect: an inspection body is refused, or names a valid
// target or incident, a valid drone if any, and a radius and an altitude
// within bounds (0: the defaults).
func FuzzDecodeInspect(f *testing.F) {
	for _, s := range []string{`{"target":"ais-224765432"}`, `{"incident":"inc-1","vehicle":"l1-1","radius":200,"altitude":60,"confirm":true,"by":"Ana"}`,
		`{"target":"v1","radius":1e999}`, `{"target":"v1","radius":null}`, `{"target":""}`, `{"target":"v1","vehicle":"a/b"}`, `{"target":"v1"}[]`, `{"confirm":true}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := decodeInspect(b)
		if err != nil {
			return
		}
		require.True(t, req.Target != "" || req.Incident != "")
		require.True(t, req.Target == "" || gcs.ValidVesselID(req.Target))
		require.True(t, req.Incident == "" || validIncidentID(req.Incident))
		require.True(t, req.Vehicle == "" || vehicleIDPattern.MatchString(string(req.Vehicle)))
		require.True(t, req.Radius == 0 || (req.Radius >= gcs.MinInspectRadius && req.Radius <= gcs.MaxInspectRadius))
		require.True(t, req.Altitude == 0 || (req.Altitude >= gcs.MinInspectAltitude && req.Altitude <= gcs.MaxInspectAltitude))
		require.True(t, printable(req.By, maxOperator, false))
	})
}
