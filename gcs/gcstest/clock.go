package gcstest

import (
	"sync"
	"time"
)

// Epoch is where a new Clock starts: a fixed instant, so that tests do not
// depend on the day they run.
var Epoch = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// Clock is a clock tests move by hand. Its zero value starts at Epoch.
type Clock struct {
	mu  sync.Mutex
	t   time.Time
	set bool
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t, set: true} }

// Now is the clock's time; pass it where the code takes a func() time.Time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.set {
		c.t, c.set = Epoch, true
	}
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.Now()
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
