package notifytest

import (
	"sync"
	"time"
)

// Epoch is where a new Clock starts.
var Epoch = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// Clock is a clock with timers that tests move by hand: pass its Now and
// After where the code takes them. Its zero value starts at Epoch.
type Clock struct {
	mu     sync.Mutex
	t      time.Time
	set    bool
	timers []timer
}

type timer struct {
	at time.Time
	c  chan time.Time
}

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now()
}

func (c *Clock) now() time.Time {
	if !c.set {
		c.t, c.set = Epoch, true
	}
	return c.t
}

// After returns a channel that receives the time once the clock has been
// moved on by d (at once when d ≤ 0).
func (c *Clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now()
		return ch
	}
	c.timers = append(c.timers, timer{at: c.now().Add(d), c: ch})
	return ch
}

// Advance moves the clock on by d and fires the timers due.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.now().Add(d)
	kept := c.timers[:0]
	for _, t := range c.timers {
		if t.at.After(c.t) {
			kept = append(kept, t)
			continue
		}
		t.c <- c.t
	}
	clear(c.timers[len(kept):])
	c.timers = kept
}

// Timers counts the timers waiting.
func (c *Clock) Timers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}
