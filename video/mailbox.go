package video

import (
	"context"
	"sync"
)

// mailbox holds one stream's newest sampled picture for analysis: a put
// replaces a picture not yet taken (counted as skipped by the caller), so
// analysis always gets the newest and never holds the decoder.
type mailbox struct {
	mu    sync.Mutex
	frame *Frame
	ready chan struct{} // a value while frame is set
}

func newMailbox() *mailbox { return &mailbox{ready: make(chan struct{}, 1)} }

// put leaves f for the consumer; it reports whether it replaced a picture
// the consumer had not taken.
func (b *mailbox) put(f Frame) (replaced bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	replaced = b.frame != nil
	b.frame = &f
	select {
	case b.ready <- struct{}{}:
	default:
	}
	return replaced
}

// take waits for a picture; false when ctx ends.
func (b *mailbox) take(ctx context.Context) (Frame, bool) {
	for {
		select {
		case <-b.ready:
		case <-ctx.Done():
			return Frame{}, false
		}
		b.mu.Lock()
		f := b.frame
		b.frame = nil
		b.mu.Unlock()
		if f != nil {
			return *f, true
		}
	}
}
