package live

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/live/livetest"
)

// fullVehicle has every member of gcs.Vehicle set, omitempty ones too.
func fullVehicle() gcs.Vehicle {
	at := time.Date(2026, 11, 26, 2, 30, 0, 0, time.UTC)
	return gcs.Vehicle{
		ID: "l1-7", Link: "l1", SystemID: 7, Type: "quadrotor", Autopilot: "ardupilot", Firmware: "4.5.7",
		Mode: "AUTO", Armed: true, SystemStatus: "active", Landed: "in_air", LandedFrom: "autopilot", Failsafe: true,
		Position: gcs.Position{Lat: 36.1, Lon: -5.4, AltAMSL: 60, AltRel: 50}, HasPosition: true,
		Velocity: gcs.Velocity{North: 1, East: 2, Down: -0.5}, Heading: 90, GroundSpeed: 12, AirSpeed: 11, ClimbRate: 0.5,
		Attitude: gcs.Attitude{Roll: 0.1, Pitch: -0.1, Yaw: 1.5},
		Battery:  gcs.Battery{Voltage: 15.2, Current: 12, Remaining: 80, ConsumedMAh: 900},
		GPS:      gcs.GPS{Fix: 3, Satellites: 14, HDOP: 0.8},
		Health:   gcs.Health{Sensors: []gcs.Sensor{{Name: "gyro", Enabled: true, Healthy: true}}, PrearmOK: true, PrearmKnown: true},
		Wind:     gcs.Wind{Direction: 270, Speed: 6, SpeedZ: 0.1},
		Home:     &gcs.Position{Lat: 36.0, Lon: -5.3},
		Mission:  gcs.MissionState{Current: 3, Total: 9, Reached: 2, State: "active"},
		Paths:    []gcs.PathStatus{{Link: "l1", Remote: "127.0.0.1:5760", Up: true, Active: true, LastSeen: at, Rate: 59}},
		LinkLost: true, Conflict: "l2", LastSeen: at,
		Messages: []gcs.StatusText{{At: at, Severity: 4, Text: "PreArm: \"quoted\" {braces} [and], commas"}},
		Cameras: []gcs.VehicleCamera{{Component: 100, Vendor: "SIYI", Model: "A8 mini", HFOV: 81, Streams: []gcs.VideoStream{
			{Key: "c100s1", ID: 1, Name: "main", URI: "rtsp://10.0.0.5:8554/main", Codec: "h264", Width: 1280, Height: 720, FPS: 25, Source: "mavlink",
				Health:    &gcs.StreamHealth{State: "playing", Transport: "udp", FPS: 25, Bitrate: 2e6, Frames: 250, LastFrame: at},
				Recording: &gcs.Recording{File: "video/l1-7-c100s1.mp4", Started: at, Bytes: 1 << 20}},
			{Key: "c100s2", ID: 2, URI: "udp://0.0.0.0:5600", Source: "mavlink", Note: "not an RTSP address (udp)"},
		}}},
		Gimbal:    &gcs.Gimbal{Component: 154, Pitch: -45, Yaw: 10, YawEarth: gcs.Unknown, ROI: &gcs.Position{Lat: 36.11, Lon: -5.41}, At: at},
		Footprint: &gcs.Footprint{Stream: "c100s1", Corners: []gcs.Position{{Lat: 36.1, Lon: -5.4}, {Lat: 36.1, Lon: -5.39}, {Lat: 36.09, Lon: -5.39}, {Lat: 36.09, Lon: -5.4}}},
	}
}

// jsonMembers returns the names encoding/json gives the exported fields
// of struct type t, in order.
func jsonMembers(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		names = append(names, name)
	}
	return names
}

func TestVehicleCodecsFollowTheStruct(t *testing.T) {
	v := fullVehicle()
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(raw))
	_, _ = dec.Token() // {
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, k.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	typ := reflect.TypeFor[gcs.Vehicle]()
	require.Equal(t, jsonMembers(typ), keys, "fullVehicle sets every member")
	var codecKeys []string
	for _, c := range vehicleCodecs {
		codecKeys = append(codecKeys, strings.TrimSuffix(strings.Trim(string(c.key), ":"), ""))
		codecKeys[len(codecKeys)-1] = strings.Trim(codecKeys[len(codecKeys)-1], `"`)
	}
	require.Equal(t, keys, codecKeys, "a codec for every member of gcs.Vehicle, in order")
	for i := range typ.NumField() {
		require.False(t, typ.Field(i).Anonymous, "jsonMembers does not follow embedded structs")
	}

	rng := rand.New(rand.NewPCG(3, 4))
	var prev *vehicleRecord
	for _, v := range []gcs.Vehicle{fullVehicle(), {ID: "zero"}, {}} {
		for range 50 {
			want, err := json.Marshal(v)
			require.NoError(t, err)
			cur := v // a record keeps the state it was made from
			r, _, err := newVehicleRecord(&cur, prev)
			require.NoError(t, err)
			require.Equal(t, string(want), string(r.whole()), "as encoding/json writes it")
			require.Equal(t, len(want), r.size)
			prev = r
			v = cloneVehicle(v)
			mutate(rng, &v)
		}
		prev = nil
	}
}

// cloneVehicle copies v deeply enough for mutate: a record keeps the
// state it was made from.
func cloneVehicle(v gcs.Vehicle) gcs.Vehicle {
	v.Health.Sensors = slices.Clone(v.Health.Sensors)
	v.Messages = slices.Clone(v.Messages)
	v.Paths = slices.Clone(v.Paths)
	if v.Home != nil {
		h := *v.Home
		v.Home = &h
	}
	v.Cameras = slices.Clone(v.Cameras)
	for i := range v.Cameras {
		v.Cameras[i].Streams = slices.Clone(v.Cameras[i].Streams)
	}
	return v
}

// mutateCameras changes the cameras: mostly a stream's health or
// recording (a stream_health patch), sometimes what was announced.
func mutateCameras(rng *rand.Rand, v *gcs.Vehicle) {
	if len(v.Cameras) == 0 || len(v.Cameras[0].Streams) == 0 {
		v.Cameras = fullVehicle().Cameras
		return
	}
	s := &v.Cameras[0].Streams[rng.IntN(len(v.Cameras[0].Streams))]
	switch rng.IntN(5) {
	case 0:
		s.Health = nil
	case 1:
		s.Recording = []*gcs.Recording{nil, {File: "video/\"x\".mp4", Bytes: rng.Int64N(1e9)}}[rng.IntN(2)]
	case 2:
		s.URI += "/x"
	case 3:
		v.Cameras = append(v.Cameras[:0:0], v.Cameras[0], gcs.VehicleCamera{Component: 101, Streams: []gcs.VideoStream{}})[:1+rng.IntN(2)]
	default:
		h := gcs.StreamHealth{State: "playing", FPS: rng.Float64() * 30, Frames: rng.Uint64N(1e6)}
		s.Health = &h
	}
}

// mutate changes a few members of v at random, sometimes clearing an
// omitempty one.
func mutate(rng *rand.Rand, v *gcs.Vehicle) {
	for range 1 + rng.IntN(3) {
		switch rng.IntN(12) {
		case 0:
			v.Position.Lat += rng.Float64()
		case 1:
			v.Attitude.Yaw = []gcs.Reading{gcs.Reading(rng.Float64()), gcs.Unknown}[rng.IntN(2)]
		case 2:
			v.LastSeen = v.LastSeen.Add(time.Duration(rng.IntN(1e9)))
		case 3:
			if v.Home == nil {
				v.Home = &gcs.Position{Lat: rng.Float64()}
			} else {
				v.Home = nil
			}
		case 4:
			v.Conflict = []string{"", "l9"}[rng.IntN(2)]
		case 5:
			v.Health.Sensors = append(v.Health.Sensors[max(0, len(v.Health.Sensors)-3):], gcs.Sensor{Name: "s,\"}"})
		case 6:
			v.Mode = []string{"AUTO", "RTL", "GUIDED"}[rng.IntN(3)]
		case 7:
			v.Messages = append(v.Messages[max(0, len(v.Messages)-3):], gcs.StatusText{Text: "a\\\"b"})
		case 8:
			v.Battery.Voltage -= 0.01
		case 9, 10:
			mutateCameras(rng, v)
		case 11:
			if v.Gimbal == nil {
				v.Gimbal = &gcs.Gimbal{Component: 1, Pitch: gcs.Reading(-rng.Float64() * 90), Yaw: gcs.Unknown, YawEarth: 3}
				v.Footprint = fullVehicle().Footprint
			} else {
				v.Gimbal, v.Footprint = nil, nil
			}
		}
	}
}

// TestDeltasLeadToTheNewState applies deltas, coalesced at random as an
// outbox coalesces them, to the state a console holds, and compares with
// the station's state.
func TestDeltasLeadToTheNewState(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	v := fullVehicle()
	first := v
	prev, _, _ := newVehicleRecord(&first, nil)
	console := membersOf(t, prev.whole())
	var pending memberMask
	for range 1000 {
		next := cloneVehicle(v) // a record keeps the state it was made from
		mutate(rng, &next)
		v = next
		r, changed, _ := newVehicleRecord(&next, prev)
		pending |= changed
		prev = r
		if rng.IntN(3) == 0 {
			continue // coalesced with the next
		}
		d := membersOf(t, r.appendDelta(nil, pending))
		require.Contains(t, d, "id")
		applyDelta(t, console, d)
		requireSameMembers(t, membersOf(t, r.whole()), console)
		pending = 0
	}
}

func TestChangedFindsOnlyWhatChanged(t *testing.T) {
	v := fullVehicle()
	a, changed, _ := newVehicleRecord(&v, nil)
	require.Equal(t, allMembers, changed)
	w := cloneVehicle(v)
	_, changed, _ = newVehicleRecord(&w, a)
	require.Zero(t, changed, "an equal state, however copied")
	w.Position.Lat = 36.2
	w.LastSeen = w.LastSeen.Add(time.Second)
	w.Home = nil
	b, changed, _ := newVehicleRecord(&w, a)
	require.Equal(t, `{"id":"l1-7","position":{"lat":36.2,"lon":-5.4,"alt_amsl":60,"alt_rel":50},"home":null,"last_seen":"2026-11-26T02:30:01Z"}`,
		string(b.appendDelta(nil, changed)))
	require.True(t, b.deltaWorthIt(changed))
	require.False(t, b.deltaWorthIt(allMembers))
	require.False(t, b.deltaWorthIt(allMembers&^idMember), "most of the state is not worth a delta")
}

func membersOf(t *testing.T, b []byte) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &m), "%s", b)
	return m
}

// TestVehicleRecordRefusesAnUnencodableMember: the hub keeps the state
// before rather than sending a broken member.
func TestVehicleRecordRefusesAnUnencodableMember(t *testing.T) {
	v := &gcs.Vehicle{ID: "l1-1", Position: gcs.Position{Lat: math.NaN()}}
	_, _, err := newVehicleRecord(v, nil)
	require.ErrorContains(t, err, "member position")
}

// applyDelta applies a vehicle_delta as the test console does.
func applyDelta(t *testing.T, console, d map[string]json.RawMessage) {
	t.Helper()
	require.NoError(t, livetest.ApplyDelta(console, d))
}

// requireSameMembers compares members as JSON values (a patched member is
// re-encoded with its keys in another order).
func requireSameMembers(t *testing.T, want, got map[string]json.RawMessage) {
	t.Helper()
	require.Equal(t, len(want), len(got), "members")
	for k, w := range want {
		require.JSONEq(t, string(w), string(got[k]), k)
	}
}

func TestHealthGoesAsAPatch(t *testing.T) {
	require.Equal(t, `"cameras":`, string(vehicleCodecs[camerasMember].key))
	v := fullVehicle()
	a, _, _ := newVehicleRecord(&v, nil)
	w := cloneVehicle(v)
	h := *w.Cameras[0].Streams[0].Health
	h.Frames, h.FPS = 275, 24.5
	w.Cameras[0].Streams[0].Health = &h
	w.Cameras[0].Streams[1].Health = &gcs.StreamHealth{State: "retrying", Error: "not an RTSP address"}
	b, changed, _ := newVehicleRecord(&w, a)
	require.Equal(t, healthMember, changed)
	require.True(t, b.deltaWorthIt(changed))
	d := string(b.appendDelta(nil, changed))
	require.NotContains(t, d, `"cameras"`)
	require.Contains(t, d, `"stream_health":{"c100s1":{"health":{"state":"playing"`)
	require.Contains(t, d, `"recording":{"file":"video/l1-7-c100s1.mp4"`)
	require.Contains(t, d, `"c100s2":{"health":{"state":"retrying","error":"not an RTSP address"`)
	require.Contains(t, d, `"recording":null}}`)
	require.Less(t, len(d), len(b.vals[camerasMember]), "smaller than the member")
	t.Logf("health change: delta %d bytes; cameras member %d bytes; whole state %d bytes", len(d), len(b.vals[camerasMember]), b.size)

	// A new stream announced: the member goes whole.
	x := cloneVehicle(w)
	x.Cameras[0].Streams = append(x.Cameras[0].Streams, gcs.VideoStream{Key: "c100s3", ID: 3, URI: "rtsp://x/3", Source: "mavlink"})
	c, changed, _ := newVehicleRecord(&x, b)
	require.Equal(t, memberMask(1)<<camerasMember, changed)
	require.NotContains(t, string(c.appendDelta(nil, changed|healthMember)), "stream_health", "the whole member makes the patch needless")
}
