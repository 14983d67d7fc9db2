package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"skerry/gcs"
)

// paramClient talks to a running station's parameter API (web/api/params_api.go).
type paramClient struct {
	base string // .../api/vehicles/{id}
	e    *env
}

// apiError is a non-2xx answer: its status and the station's words.
type apiError struct {
	status  int
	message string
	confirm string // what a 428 asks to confirm
}

func (a *apiError) Error() string {
	if a.confirm != "" {
		return fmt.Sprintf("%s\n(run it again with --confirm %s)", a.message, a.confirm)
	}
	return a.message
}

// call sends one request and decodes a JSON answer into out; a non-2xx
// answer is an *apiError.
func (c *paramClient) call(ctx context.Context, method, u string, body []byte, out any) error {
	contentType := ""
	if body != nil && method == http.MethodPut {
		contentType = "application/json"
	}
	res, err := stationDo(ctx, method, u, body, contentType)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("station: %w", err)
	}
	if res.StatusCode/100 != 2 {
		var e struct {
			Error           string `json:"error"`
			ConfirmRequired string `json:"confirm_required"`
		}
		if json.Unmarshal(data, &e) != nil || e.Error == "" {
			e.Error = res.Status + ": " + strings.TrimSpace(string(data))
		}
		if out != nil && res.StatusCode == http.StatusConflict {
			_ = json.Unmarshal(data, out) // a write's result: the value kept
		}
		return &apiError{status: res.StatusCode, message: e.Error, confirm: e.ConfirmRequired}
	}
	if out == nil {
		return nil
	}
	if b, ok := out.(*[]byte); ok {
		*b = data
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("station answered %s, not what was asked: %w", res.Status, err)
	}
	return nil
}

// ensureRead reads every parameter when the station has not (or always,
// with again), showing the progress on stderr.
func (c *paramClient) ensureRead(ctx context.Context, again bool) error {
	if !again {
		var t gcs.ParamTable // the read's state alone: no name contains a NUL
		if err := c.call(ctx, http.MethodGet, c.base+"/params?q="+url.QueryEscape("\x00"), nil, &t); err != nil {
			return err
		}
		if t.Complete() {
			return nil
		}
	}
	return c.refresh(ctx)
}

// refresh reads every parameter, printing the streamed progress.
func (c *paramClient) refresh(ctx context.Context) error {
	res, err := stationDo(ctx, http.MethodPost, c.base+"/params/refresh", nil, "")
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		data, _ := io.ReadAll(io.LimitReader(res.Body, 1<<16))
		var e struct{ Error string }
		_ = json.Unmarshal(data, &e)
		return &apiError{status: res.StatusCode, message: e.Error}
	}
	start := time.Now()
	var last struct {
		Received, Total int
		Done, OK        bool
		Error           string
	}
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if json.Unmarshal(sc.Bytes(), &last) == nil && !last.Done {
			fmt.Fprintf(c.e.stderr, "\rreading parameters: %d/%d", last.Received, last.Total)
		}
	}
	fmt.Fprintf(c.e.stderr, "\rread %d/%d parameters in %s\n", last.Received, last.Total, time.Since(start).Round(10*time.Millisecond))
	switch {
	case !last.Done:
		return fmt.Errorf("the station stopped answering during the read: %v", sc.Err())
	case !last.OK:
		return fmt.Errorf("parameters not all read: %s", last.Error)
	}
	return nil
}

func (c *paramClient) list(ctx context.Context, search string) error {
	var t gcs.ParamTable
	if err := c.call(ctx, http.MethodGet, c.base+"/params?q="+url.QueryEscape(search), nil, &t); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(c.e.stdout, 0, 8, 2, ' ', 0)
	for _, p := range t.Params {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", p.Name, strconv.FormatFloat(p.Value, 'g', -1, 32), p.Type)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(c.e.stderr, "%d of %d parameters\n", len(t.Params), t.Count)
	return nil
}

func (c *paramClient) get(ctx context.Context, name string) error {
	var p gcs.ParamInfo
	if err := c.call(ctx, http.MethodGet, c.base+"/params/"+url.PathEscape(name), nil, &p); err != nil {
		return err
	}
	fmt.Fprintf(c.e.stdout, "%s = %s (%s; %s to %s; %s)\n", p.Name, fmtValue(p.Value), p.Type, fmtValue(p.Limits.Min), fmtValue(p.Limits.Max), p.Limits.Source)
	if p.Confirm != "" {
		fmt.Fprintf(c.e.stderr, "a write needs --confirm %s: %s\n", p.Confirm, p.ConfirmWhy)
	}
	return nil
}

func (c *paramClient) set(ctx context.Context, name string, value float64, confirm string) error {
	body, _ := json.Marshal(map[string]any{"value": value, "confirm": confirm})
	var res gcs.ParamSetResult
	if err := c.call(ctx, http.MethodPut, c.base+"/params/"+url.PathEscape(name), body, &res); err != nil {
		if res.Name != "" && !res.OK {
			return fmt.Errorf("%s: the vehicle keeps %s, not %s", name, fmtValue(res.Kept), fmtValue(value))
		}
		return err
	}
	fmt.Fprintf(c.e.stdout, "%s = %s (was %s; read back from the vehicle)\n", res.Name, fmtValue(res.Kept), fmtValue(res.Previous))
	return nil
}

func (c *paramClient) save(ctx context.Context, file, format string) error {
	var data []byte
	if err := c.call(ctx, http.MethodGet, c.base+"/params.file?format="+url.QueryEscape(format), nil, &data); err != nil {
		return err
	}
	if file == "-" {
		_, err := c.e.stdout.Write(data)
		return err
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		return err
	}
	n := 0
	for _, l := range strings.Split(string(data), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			n++
		}
	}
	fmt.Fprintf(c.e.stdout, "saved %d parameters into %s\n", n, file)
	return nil
}

// fmtValue writes a parameter value as a pilot reads it.
func fmtValue(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
