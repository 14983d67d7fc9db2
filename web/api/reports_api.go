package api

import (
	"cmp"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"skerry/gcs"
)

// Bounds of the reports routes.
const (
	maxReportQuery   = 512
	defaultReports   = 200
	maxReportsLimit  = 1000
	defaultPull      = 50
	maxReportIDLen   = 64
	maxBearerToken   = 512
	reportScanLimit  = 1000 // reports looked through for one id when the service cannot fetch it
	unitsAuthRealm   = `Bearer realm="skerry units"`
	reportNoBodyNote = "the service gives no report bodies"
)

var reportIDPattern = regexp.MustCompile(`^[A-Za-z0-9._~-]+$`)

// ReportFetcher is what a UnitsService may also do: fetch one report with
// its body (an error wrapping gcs.ErrNoReport when there is none). The
// Report function of a *gcs.Units serves when the service has no such
// method.
type ReportFetcher interface {
	Report(ctx context.Context, id string) (gcs.Report, error)
}

// The reports routes: the operators' view of delivery, and the units'
// acknowledgements.
func (s *Server) routeReports(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/reports", s.listReports)
	mux.HandleFunc("GET /api/reports/{id}", s.getReport)
	mux.HandleFunc("POST /api/reports/{id}/ack", s.ackReport)
}

// reportQuery is GET /api/reports' query.
type reportQuery struct {
	Unit     gcs.UnitID
	Incident string
	Limit    int
}

// parseReportQuery reads GET /api/reports' query: unit, incident, limit
// (1..1000, default 200), each at most once, nothing else.
func parseReportQuery(raw string) (reportQuery, error) {
	q := reportQuery{Limit: defaultReports}
	if len(raw) > maxReportQuery {
		return q, errors.New("query too long")
	}
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return q, errors.New("bad query: " + err.Error())
	}
	for k, vs := range vals {
		if len(vs) != 1 {
			return q, fmt.Errorf("%.40q given %d times", k, len(vs))
		}
		v := vs[0]
		switch k {
		case "unit":
			if !validUnitID(v) {
				return q, fmt.Errorf("unit %.70q is not a unit id", v)
			}
			q.Unit = gcs.UnitID(v)
		case "incident":
			if !validIncidentID(v) {
				return q, fmt.Errorf("incident %.70q is not an incident id", v)
			}
			q.Incident = v
		case "limit":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxReportsLimit {
				return q, fmt.Errorf("limit %.20q is not 1 to %d", v, maxReportsLimit)
			}
			q.Limit = n
		default:
			return q, fmt.Errorf("unknown parameter %.40q (unit, incident, limit)", k)
		}
	}
	return q, nil
}

// reportState is a report's delivery state as the API lists it: never its
// body.
func reportState(r gcs.Report) gcs.Report {
	r.Body = nil
	return r
}

// listReports answers GET /api/reports: the reports of a unit, an
// incident or both, most recent first, without bodies.
func (s *Server) listReports(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.units(w)
	if !ok {
		return
	}
	q, err := parseReportQuery(r.URL.RawQuery)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	rs, err := svc.Reports(r.Context(), q.Unit, q.Incident, q.Limit)
	if err != nil {
		s.unitsError(w, r, err)
		return
	}
	out := make([]gcs.Report, 0, len(rs))
	for _, x := range rs {
		out = append(out, reportState(x))
	}
	s.writeJSON(w, http.StatusOK, out)
}

// reportID reads the report id of a route, or answers 400.
func (s *Server) reportID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if len(id) == 0 || len(id) > maxReportIDLen || !reportIDPattern.MatchString(id) {
		s.writeError(w, http.StatusBadRequest, "report id "+strconv.Quote(truncate(id, maxReportIDLen))+
			" is not one: up to 64 letters, digits, '-', '_', '.' or '~'")
		return "", false
	}
	return id, true
}

// fetchReport returns one report, with its body when the service can
// give it (withBody reports whether it did).
func fetchReport(ctx context.Context, svc UnitsService, id string) (rep gcs.Report, withBody bool, err error) {
	var fetch func(context.Context, string) (gcs.Report, error)
	switch f := svc.(type) {
	case ReportFetcher:
		fetch = f.Report
	case *gcs.Units:
		fetch = f.Report // nil when the station gave none
	}
	if fetch != nil {
		rep, err = fetch(ctx, id)
		return rep, err == nil, err
	}
	rs, err := svc.Reports(ctx, "", "", reportScanLimit)
	if err != nil {
		return gcs.Report{}, false, err
	}
	for _, x := range rs {
		if x.ID == id {
			return x, false, nil
		}
	}
	return gcs.Report{}, false, fmt.Errorf("report %s: %w", id, gcs.ErrNoReport)
}

// getReport answers GET /api/reports/{id}: its state; with ?body=1 the
// report as sent, with its content type.
func (s *Server) getReport(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.units(w)
	if !ok {
		return
	}
	id, ok := s.reportID(w, r)
	if !ok {
		return
	}
	body := false
	switch q := r.URL.RawQuery; q {
	case "", "body=0":
	case "body=1":
		body = true
	default:
		s.writeError(w, http.StatusBadRequest, "the only parameter is body=1")
		return
	}
	rep, withBody, err := fetchReport(r.Context(), svc, id)
	if err != nil {
		s.unitsError(w, r, err)
		return
	}
	if !body {
		s.writeJSON(w, http.StatusOK, reportState(rep))
		return
	}
	if !withBody {
		s.writeError(w, http.StatusNotImplemented, reportNoBodyNote)
		return
	}
	writeReportBody(w, rep)
}

// writeReportBody answers with a report as sent, sandboxed so that a
// browser never runs what it holds.
func writeReportBody(w http.ResponseWriter, rep gcs.Report) {
	ct := rep.ContentType
	if _, _, err := mime.ParseMediaType(ct); err != nil || strings.ContainsAny(ct, "\r\n") {
		ct = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Content-Length", strconv.Itoa(len(rep.Body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(rep.Body)
}

// bearer reads the token of an "Authorization: Bearer T" header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	if tok == "" || len(tok) > maxBearerToken {
		return "", false
	}
	return tok, true
}

// unauthorized sets the WWW-Authenticate header of a 401 (extra: its
// auth-params, "" for none).
func unauthorized(w http.ResponseWriter, extra string) {
	v := unitsAuthRealm
	if extra != "" {
		v += ", " + extra
	}
	w.Header().Set("WWW-Authenticate", v)
}

// ackReport answers POST /api/reports/{id}/ack, the unit acknowledging
// a report with its token (Authorization: Bearer T): 200 the report's
// state, 401 not the unit's token, 404 no such report, 429 too many
// failed tokens from the client's address (limitUnitAuth). What the body
// holds is ignored.
func (s *Server) ackReport(w http.ResponseWriter, r *http.Request) {
	w, ok := s.limitUnitAuth(w, r)
	if !ok {
		return
	}
	svc, ok := s.units(w)
	if !ok {
		return
	}
	id, ok := s.reportID(w, r)
	if !ok {
		return
	}
	tok, ok := bearer(r)
	if !ok {
		unauthorized(w, "")
		s.writeError(w, http.StatusUnauthorized, "send the unit's token: Authorization: Bearer <token>")
		return
	}
	rep, err := svc.Ack(r.Context(), id, tok)
	if err != nil {
		s.unitsError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, reportState(rep))
}

// pulledReport is a report as its unit pulls it: with its body as text.
type pulledReport struct {
	gcs.Report
	Body string `json:"body"`
}

// unitPull answers GET /api/units/{id}/reports for a unit that pulls its
// reports, with its token (Authorization: Bearer T): its reports not yet
// delivered, oldest first, with their bodies (?limit=1..200, default 50);
// 429 after too many failed tokens from the client's address.
func (s *Server) unitPull(w http.ResponseWriter, r *http.Request) {
	w, ok := s.limitUnitAuth(w, r)
	if !ok {
		return
	}
	svc, ok := s.units(w)
	if !ok {
		return
	}
	id, ok := s.unitID(w, r)
	if !ok {
		return
	}
	limit := defaultPull
	if q := r.URL.RawQuery; q != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(q, "limit="))
		if !strings.HasPrefix(q, "limit=") || err != nil || n < 1 || n > 200 {
			s.writeError(w, http.StatusBadRequest, "the only parameter is limit=1..200")
			return
		}
		limit = n
	}
	tok, ok := bearer(r)
	if !ok {
		unauthorized(w, "")
		s.writeError(w, http.StatusUnauthorized, "send the unit's token: Authorization: Bearer <token>")
		return
	}
	u, err := svc.Get(r.Context(), id)
	if err != nil && !errors.Is(err, gcs.ErrNoUnit) {
		s.unitsError(w, r, err)
		return
	}
	if err != nil || u.Token == "" || subtle.ConstantTimeCompare([]byte(u.Token), []byte(tok)) != 1 {
		s.unitsError(w, r, fmt.Errorf("unit %s: %w", id, gcs.ErrUnitToken))
		return
	}
	rs, err := svc.Reports(r.Context(), id, "", reportScanLimit)
	if err != nil {
		s.unitsError(w, r, err)
		return
	}
	var todo []gcs.Report
	for _, x := range rs {
		if x.Status == gcs.ReportPending || x.Status == gcs.ReportFailing {
			todo = append(todo, x)
		}
	}
	slices.SortFunc(todo, func(a, b gcs.Report) int { return cmp.Compare(a.Seq, b.Seq) })
	if len(todo) > limit {
		todo = todo[:limit]
	}
	out := make([]pulledReport, 0, len(todo))
	for _, x := range todo {
		full, withBody, err := fetchReport(r.Context(), svc, x.ID)
		if err != nil {
			s.unitsError(w, r, err)
			return
		}
		if !withBody {
			s.writeError(w, http.StatusNotImplemented, reportNoBodyNote)
			return
		}
		out = append(out, pulledReport{Report: reportState(full), Body: string(full.Body)})
	}
	s.writeJSON(w, http.StatusOK, out)
}
