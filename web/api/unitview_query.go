package api

import (
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Bounds of the units' view requests.
const (
	maxUnitViewQuery = 256 // bytes of GET /api/unitview's query
	maxIfNoneMatch   = 512 // bytes of an If-None-Match header looked at
)

// viewVersionPattern is what a view's version (its ETag's opaque part)
// looks like: hex.
var viewVersionPattern = regexp.MustCompile(`^[0-9a-f]{1,32}$`)

// parseUnitViewQuery reads GET /api/unitview's query: nothing, or
// since=V with V the version of the view the unit holds (the ETag it was
// given, without quotes), for clients that cannot send If-None-Match.
func parseUnitViewQuery(raw string) (since string, err error) {
	if raw == "" {
		return "", nil
	}
	if len(raw) > maxUnitViewQuery {
		return "", errors.New("query too long")
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return "", errors.New("bad query: " + err.Error())
	}
	for k, vs := range q {
		if k != "since" {
			return "", errors.New("unknown query parameter " + strconv.Quote(truncate(k, 32)) + ": the only one is since")
		}
		if len(vs) != 1 {
			return "", errors.New("since given more than once")
		}
		if since = vs[0]; !viewVersionPattern.MatchString(since) {
			return "", errors.New("since " + strconv.Quote(truncate(since, 40)) + " is not a version this station gave (its ETag, up to 32 hex digits)")
		}
	}
	return since, nil
}

// etagsMatch reports whether an If-None-Match header names the view's
// version (weak comparison: W/"v" and "v" both match; * matches any).
// A malformed or oversized header matches nothing, so the view is sent
// in full.
func etagsMatch(header, version string) bool {
	if header == "" || len(header) > maxIfNoneMatch || version == "" {
		return false
	}
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" {
			return true
		}
		tag = strings.TrimPrefix(tag, "W/")
		if len(tag) >= 2 && tag[0] == '"' && tag[len(tag)-1] == '"' && tag[1:len(tag)-1] == version {
			return true
		}
	}
	return false
}
