package planfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"skerry/mission"
)

// wplHeader is the first line of a Mission Planner waypoint file.
const wplHeader = "QGC WPL 110"

// ReadWPL reads a Mission Planner / QGroundControl "QGC WPL 110" waypoint
// file (.waypoints, .txt): a header line, then one item per line, fields
// separated by tabs: seq current frame command param1..4 lat lon alt
// autocontinue. Line 0 is home. The reader also accepts spaces between
// fields, CRLF, blank lines, trailing whitespace, decimal commas and
// "QGC WPL 120" (APM Planner).
func ReadWPL(r io.Reader) (*mission.Plan, mission.Issues, error) {
	data, err := readAllLimited(r)
	if err != nil {
		return nil, nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	lineNo := 0
	next := func() (string, bool) {
		for sc.Scan() {
			lineNo++
			if s := strings.TrimSpace(sc.Text()); s != "" {
				return s, true
			}
		}
		return "", false
	}
	head, ok := next()
	if !ok {
		return nil, nil, fmt.Errorf("wpl: empty input")
	}
	if f := strings.Fields(head); len(f) != 3 || f[0] != "QGC" || f[1] != "WPL" || (f[2] != "110" && f[2] != "120") {
		return nil, nil, fmt.Errorf("wpl: header %.40q, want %q", head, wplHeader)
	}
	var l mission.Issues
	var raws []mission.RawItem
	for {
		line, ok := next()
		if !ok {
			break
		}
		r, err := parseWPLLine(line, len(raws))
		if err != nil {
			return nil, nil, fmt.Errorf("wpl: line %d: %w", lineNo, err)
		}
		raws = append(raws, r)
		if len(raws) > mission.MaxItems+1 {
			return nil, nil, fmt.Errorf("wpl: more than %d items", mission.MaxItems+1)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("wpl: line %d: %w", lineNo+1, err)
	}
	p := planOfWPL(&l, raws)
	l = append(l, p.Validate()...)
	return p, l, nil
}

// parseWPLLine parses one item line; want is the expected seq.
func parseWPLLine(line string, want int) (mission.RawItem, error) {
	f := strings.Fields(line)
	if len(f) != 12 {
		return mission.RawItem{}, fmt.Errorf("%d fields, want 12", len(f))
	}
	var v [12]float64
	for i, s := range f {
		x, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
		if err != nil && !isRangeErr(err) {
			return mission.RawItem{}, fmt.Errorf("field %d: not a number: %.20q", i+1, s)
		}
		v[i] = x
	}
	seq, ok := intOf(v[0], 0, math.MaxInt32)
	if !ok || seq != want {
		return mission.RawItem{}, fmt.Errorf("seq %s, want %d", f[0], want)
	}
	frame, ok1 := intOf(v[2], 0, math.MaxUint8)
	cmd, ok2 := intOf(v[3], 0, math.MaxUint16)
	if !ok1 || !ok2 {
		return mission.RawItem{}, fmt.Errorf("frame %s or command %s out of range", f[2], f[3])
	}
	r := mission.RawItem{Command: uint16(cmd), Frame: uint8(frame), AutoContinue: v[11] != 0}
	copy(r.Params[:], v[4:11])
	return r, nil
}

// planOfWPL turns the items into a plan: the first is home, unless it is
// at 0, 0, Mission Planner's "home not known". Items at 0, 0 are kept as
// they are: ArduPilot flies them at the current position
// (mission.Position.Current).
func planOfWPL(l *mission.Issues, raws []mission.RawItem) *mission.Plan {
	p := &mission.Plan{}
	if len(raws) == 0 {
		l.Warnf(mission.SectionHome, -1, "", "file has no home line")
		return p
	}
	h := raws[0]
	home, ok := h.Position()
	if !ok {
		l.Warnf(mission.SectionHome, -1, "frame", "home frame %d is not global; read as AMSL", h.Frame)
		home.Alt.Ref = mission.AltAMSL
	}
	if h.Command != mission.CmdNavWaypoint {
		l.Warnf(mission.SectionHome, -1, "command", "home line has command %d, not 16; only its position is kept", h.Command)
	}
	if home.Current() {
		l.Infof(mission.SectionHome, -1, "", "home line at 0, 0: the home is not known; the vehicle flies from its own home")
	} else {
		p.Home = &home
	}
	for _, r := range raws[1:] {
		p.Mission = append(p.Mission, mission.DecodeItem(r, 1))
	}
	return p
}

// WriteWPL writes p's home and mission as "QGC WPL 110" text, line 0 being
// home. It refuses a plan with validation errors. Fence, rally points, the
// name and speeds cannot be expressed and are reported; a missing home is
// written as 0, 0, 0 with a warning.
func WriteWPL(w io.Writer, p *mission.Plan) (mission.Issues, error) {
	l := p.Validate()
	if l.HasErrors() {
		return l, errInvalidPlan
	}
	reportWPLLosses(&l, p)
	bw := bufio.NewWriter(w)
	bw.WriteString(wplHeader + "\n")
	home := mission.Position{Alt: mission.AMSL(0)}
	if p.Home == nil {
		l.Warnf(mission.SectionHome, -1, "", "no home position: line 0 written as 0, 0, 0 AMSL")
	} else {
		home = *p.Home
	}
	writeWPLLine(bw, 0, true, mission.RawItemAt(mission.CmdNavWaypoint, home))
	for i, it := range p.Mission {
		writeWPLLine(bw, i+1, false, mission.EncodeItem(it, 1))
	}
	return l, bw.Flush()
}

func reportWPLLosses(l *mission.Issues, p *mission.Plan) {
	if !p.Fence.IsEmpty() {
		l.Warnf(mission.SectionFence, -1, "", "a waypoint file has no fence; %d zones not written", len(p.Fence.Zones))
	}
	if len(p.Rally) > 0 {
		l.Warnf(mission.SectionRally, -1, "", "a waypoint file has no rally points; %d not written", len(p.Rally))
	}
	if p.Name != "" || p.CruiseSpeed != 0 || p.HoverSpeed != 0 || p.VehicleType != 0 || p.Firmware != 0 {
		l.Infof(mission.SectionPlan, -1, "", "a waypoint file has no name, vehicle, firmware or speeds; not written")
	}
}

func writeWPLLine(w *bufio.Writer, seq int, current bool, r mission.RawItem) {
	cur, ac := 0, 0
	if current {
		cur = 1
	}
	if r.AutoContinue {
		ac = 1
	}
	fmt.Fprintf(w, "%d\t%d\t%d\t%d", seq, cur, r.Frame, r.Command)
	for _, v := range r.Params {
		w.WriteByte('\t')
		w.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
	}
	fmt.Fprintf(w, "\t%d\n", ac)
}
