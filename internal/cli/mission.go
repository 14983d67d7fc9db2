package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"

	"skerry/gcs"
	"skerry/mission/planfile"
)

// planReply is the station's JSON answer about a plan.
type planReply struct {
	OK      bool   `json:"ok"`
	Error   string `json:"error"`
	Mission int    `json:"mission"`
	Fence   int    `json:"fence"`
	Rally   int    `json:"rally"`
	Issues  []struct {
		Severity, Section, Field, Message string
		Item                              int
	} `json:"issues"`
	VehicleFence *struct {
		Changes []gcs.SettingChange `json:"changes"`
	} `json:"vehicle_fence"`
}

func runMission(ctx context.Context, e *env, args []string) error {
	const synopsis = "mission upload|download|clear --vehicle ID [--station URL] [--format F] FILE"
	if len(args) < 1 || (args[0] != "upload" && args[0] != "download" && args[0] != "clear") {
		fmt.Fprintf(e.stderr, "Usage: skerry %s\n\n"+
			"  upload    put a QGroundControl .plan, Mission Planner .waypoints or GeoJSON plan on a vehicle\n"+
			"  download  read the vehicle's mission, fence and rally points into FILE (- = stdout)\n"+
			"  clear     remove them from the vehicle (--kinds mission,fence,rally)\n", synopsis)
		return errUsage
	}
	op := args[0]
	fs, c := newFlagSet(e, "mission "+op, synopsis)
	vehicle := fs.String("vehicle", "", "vehicle ID as /api/vehicles shows it, e.g. sim1-3 (required)")
	station := fs.String("station", "http://127.0.0.1:8080/", "the running station's address")
	format := fs.String("format", "", "plan, waypoints or geojson (default: from the file name or its content)")
	radius := fs.Float64("fence-radius", 0, "for upload: the greatest distance from home in metres, the autopilot's circle fence (a .plan or .waypoints file cannot carry one; 0: the plan's own, else the vehicle keeps its setting)")
	kinds := fs.String("kinds", "", "for clear: mission,fence,rally (default all)")
	timeout := fs.Duration("timeout", 6*time.Minute, "give up after this long")
	if err := parse(fs, c, args[1:]); err != nil {
		return err
	}
	if *vehicle == "" || (op != "clear" && len(c.args) != 1) {
		fs.Usage()
		return errUsage
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	u, err := planURL(*station, *vehicle)
	if err != nil {
		return err
	}
	cl := &planClient{url: u, e: e}
	switch op {
	case "upload":
		return cl.upload(ctx, c.args[0], formatOf(*format, c.args[0]), *radius)
	case "download":
		return cl.download(ctx, c.args[0], formatOf(*format, c.args[0]))
	}
	return cl.clear(ctx, *kinds)
}

func planURL(station, vehicle string) (string, error) {
	base, err := url.Parse(station)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return "", fmt.Errorf("--station %q: want http://HOST:PORT/", station)
	}
	return base.JoinPath("api", "vehicles", url.PathEscape(vehicle), "plan").String(), nil
}

// formatOf takes the format flag, or guesses it from the file name.
func formatOf(flag, file string) string {
	if flag != "" {
		return flag
	}
	return planfile.PlanFormatOfName(file)
}

// planClient talks to the station's plan endpoint.
type planClient struct {
	url string
	e   *env
}

func (c *planClient) upload(ctx context.Context, file, format string, radius float64) error {
	body, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	q := url.Values{}
	if format != "" {
		q.Set("format", format)
	}
	if radius > 0 {
		q.Set("fence_radius", fmt.Sprint(radius))
	}
	rep, err := c.call(ctx, http.MethodPut, c.url+"?"+q.Encode(), body)
	if err != nil {
		return err
	}
	c.report(rep)
	if !rep.OK {
		return fmt.Errorf("upload refused: %s", rep.Error)
	}
	fmt.Fprintf(c.e.stdout, "uploaded %s: %d mission items, %d fence items, %d rally points\n", file, rep.Mission, rep.Fence, rep.Rally)
	return nil
}

func (c *planClient) download(ctx context.Context, file, format string) error {
	if format == "" {
		format = "plan"
	}
	rep, err := c.call(ctx, http.MethodGet, c.url+"?report=1&format="+url.QueryEscape(format), nil)
	if err != nil {
		return err
	}
	if !rep.OK {
		c.report(rep)
		return fmt.Errorf("download failed: %s", rep.Error)
	}
	res, err := stationDo(ctx, http.MethodGet, c.url+"?format="+url.QueryEscape(format), nil, "")
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		return fmt.Errorf("download failed: %s %s", res.Status, data)
	}
	c.report(rep)
	if file == "-" {
		_, err = c.e.stdout.Write(data)
		return err
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(c.e.stdout, "downloaded %d mission items, %d fence items, %d rally points into %s\n", rep.Mission, rep.Fence, rep.Rally, file)
	return nil
}

func (c *planClient) clear(ctx context.Context, kinds string) error {
	q := ""
	if kinds != "" {
		q = "?kinds=" + url.QueryEscape(kinds)
	}
	rep, err := c.call(ctx, http.MethodDelete, c.url+q, nil)
	if err != nil {
		return err
	}
	if !rep.OK {
		return fmt.Errorf("clear failed: %s", rep.Error)
	}
	fmt.Fprintln(c.e.stdout, "cleared")
	return nil
}

// call sends one request and decodes the station's JSON answer.
func (c *planClient) call(ctx context.Context, method, u string, body []byte) (planReply, error) {
	var rep planReply
	res, err := stationDo(ctx, method, u, body, "")
	if err != nil {
		return rep, err
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(&rep); err != nil {
		return rep, fmt.Errorf("station answered %s, not a plan report", res.Status)
	}
	return rep, nil
}

// stationDo sends one request to a running station (contentType "": none).
func stationDo(ctx context.Context, method, u string, body []byte, contentType string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("station: %w (is `skerry serve` or `skerry demo` running?)", err)
	}
	return res, nil
}

// report prints the issues, worst first as the station ordered them.
func (c *planClient) report(rep planReply) {
	for _, i := range rep.Issues {
		where := i.Section
		if i.Item >= 0 {
			where += fmt.Sprintf("[%d]", i.Item)
		}
		if i.Field != "" {
			where += "." + i.Field
		}
		fmt.Fprintf(c.e.stderr, "%s: %s: %s\n", i.Severity, where, i.Message)
	}
	if rep.VehicleFence != nil {
		for _, ch := range rep.VehicleFence.Changes {
			verb := "would change"
			if rep.OK {
				verb = "changed"
			}
			fmt.Fprintf(c.e.stderr, "vehicle setting %s: %s\n", verb, ch.String())
		}
	}
}
