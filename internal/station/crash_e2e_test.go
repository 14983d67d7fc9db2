package station_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/sim"
)

// TestIncidentsSurviveKill9 kills the station with SIGKILL while its rules
// are raising incidents, an operator is acknowledging them and their
// reports are on their way to a maritime unit, starts it again on the
// same data directory, and checks that the incident history is intact:
// every incident seen before the kill is there, none is duplicated, every
// acknowledgement the operator was told of is kept, and the unit gets
// every report, in order, none twice. The station runs as a child process (the test binary, see
// stationChild); the simulator's AIS reaches it over TCP through a relay
// in the test, so that the feed outlives the station, as a shore
// receiver's would.
func TestIncidentsSurviveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts station processes")
	}
	dir := t.TempDir()
	basemap := filepath.Join(dir, "scenario.geojson")
	require.NoError(t, os.WriteFile(basemap, sim.DefaultScenario(), 0o600))
	relay := startAISRelay(t)

	// One vessel after another loiters by these settings (within 300 m
	// for 15 s): incidents keep coming while the test acknowledges them.
	rules := json.RawMessage(`{"loitering":{"enabled":true,"severity":"medium","weight":20,"radius_m":300,"duration_s":15,"fishing_severity":"low"}}`)
	inbox := newUnitInbox(t, "unit-secret")
	inbox.slow = time.Second // reports queue at the station: some are pending at the kill
	cc := childConfig{Data: filepath.Join(dir, "data"), AIS: []string{"tcp-client:" + relay.tcpAddr}, Basemap: basemap, Rules: rules,
		Units: []gcs.Unit{{ID: "ops", Name: "Operations centre", Webhook: inbox.srv.URL + "/", Secret: "unit-secret", Default: true}}}

	s, err := sim.New(sim.Config{Vehicles: 1, Seed: 7, AISAddr: relay.udpAddr,
		Links: []sim.LinkConfig{{Paths: []string{"udp:" + relay.sinkAddr}}}})
	require.NoError(t, err)
	require.NoError(t, s.Start())
	t.Cleanup(s.Close)

	child := startChild(t, cc)
	seen := map[string]gcs.Incident{}  // every incident listed before the kill
	acked := map[string]gcs.Incident{} // acknowledgements answered 200
	waitFor(t, 90*time.Second, "four incidents raised and acknowledged", func() bool {
		for _, inc := range listIncidents(t, child.url) {
			seen[inc.ID] = inc
			if inc.State == gcs.IncidentNew {
				if got, ok := acknowledge(t, child.url, inc.ID); ok {
					acked[inc.ID] = got
				}
			}
		}
		return len(acked) >= 4
	})
	// More are on their way: kill it now.
	child.kill(t)
	t.Logf("killed with %d incidents seen, %d acknowledged, %d reports at the unit", len(seen), len(acked), len(inbox.received()))
	for _, inc := range seen {
		t.Logf("before the kill: %s %s %s: %s", inc.ID, inc.Type, inc.State, inc.Title)
	}

	child = startChild(t, cc)
	defer child.stop(t)
	var after []gcs.Incident
	waitFor(t, 30*time.Second, "the incidents listed again", func() bool {
		after = listIncidents(t, child.url)
		return len(after) >= len(seen)
	})
	byID := map[string]gcs.Incident{}
	for _, inc := range after {
		byID[inc.ID] = inc
	}
	for id, before := range seen {
		got, ok := byID[id]
		require.True(t, ok, "incident %s (%s) lost", id, before.Title)
		require.Equal(t, before.Type, got.Type)
		require.Equal(t, before.Key, got.Key)
		require.Equal(t, before.Raised.UnixNano(), got.Raised.UnixNano())
		require.GreaterOrEqual(t, got.Version, before.Version)
	}
	for id, ack := range acked {
		got := byID[id]
		require.NotEqual(t, gcs.IncidentNew, got.State, "acknowledgement of %s lost", id)
		require.GreaterOrEqual(t, got.Version, ack.Version)
		require.True(t, hasStep(got, gcs.IncidentAcknowledged, "kill-test"), "incident %s's history lost its acknowledgement: %+v", id, got.History)
	}
	// Every incident seen before the kill reaches the unit (the reports
	// pending at the kill are sent by the restarted station), in order,
	// none handled twice.
	waitFor(t, 60*time.Second, "every incident's alert at the unit", func() bool {
		alerted := map[string]bool{}
		for _, r := range inbox.received() {
			alerted[r.Incident] = true
		}
		for id := range seen {
			if !alerted[id] {
				return false
			}
		}
		return true
	})
	checkInbox(t, inbox.received())
	t.Logf("the unit handled %d reports (%d duplicates dropped)", len(inbox.received()), inbox.rv.Stats().Duplicates)

	// The restarted station goes on observing the same causes (and finds
	// new ones): no cause gets a second open incident.
	time.Sleep(5 * time.Second)
	open := map[string]string{}
	final := listIncidents(t, child.url)
	t.Logf("after the restart: %d incidents", len(final))
	for _, inc := range final {
		if inc.State == gcs.IncidentClosed {
			continue
		}
		require.Empty(t, open[inc.Key], "cause %s has two open incidents: %s and %s", inc.Key, open[inc.Key], inc.ID)
		open[inc.Key] = inc.ID
	}
}

func hasStep(inc gcs.Incident, to gcs.IncidentState, by string) bool {
	for _, h := range inc.History {
		if h.To == to && h.By == by {
			return true
		}
	}
	return false
}

// listIncidents asks a station for its incidents; nil when it does not
// answer (it may be starting or killed).
func listIncidents(t *testing.T, base string) []gcs.Incident {
	t.Helper()
	resp, err := http.Get(base + "api/incidents?limit=1000")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil
	}
	var out []gcs.Incident
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return out
}

// acknowledge acknowledges an incident as operator "kill-test"; ok only
// when the station answered 200 (the operator was told).
func acknowledge(t *testing.T, base, id string) (gcs.Incident, bool) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"api/incidents/"+id+"/state", strings.NewReader(`{"state":"acknowledged","note":"on it"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Skerry-Operator", "kill-test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return gcs.Incident{}, false
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return gcs.Incident{}, false
	}
	var inc gcs.Incident
	if json.NewDecoder(resp.Body).Decode(&inc) != nil {
		return gcs.Incident{}, false
	}
	return inc, true
}

// child is a station process.
type child struct {
	cmd  *exec.Cmd
	url  string
	done chan struct{}
}

// startChild starts a station process and waits for its URL.
func startChild(t *testing.T, cc childConfig) *child {
	t.Helper()
	raw, err := json.Marshal(cc)
	require.NoError(t, err)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(raw))
	var stderr bytes.Buffer
	cmd.Stderr = &lockedWriter{w: &stderr}
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	c := &child{cmd: cmd, done: make(chan struct{})}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "URL "); ok {
				urls <- u
			}
		}
		_ = cmd.Wait()
		close(c.done)
	}()
	select {
	case c.url = <-urls:
	case <-c.done:
		t.Fatalf("the station process ended before serving: %s", stderr.String())
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("the station process did not serve in 60 s: %s", stderr.String())
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-c.done })
	return c
}

// kill sends SIGKILL and waits for the process to end.
func (c *child) kill(t *testing.T) {
	t.Helper()
	require.NoError(t, c.cmd.Process.Kill())
	<-c.done
}

// stop asks the process to close (SIGTERM) and waits.
func (c *child) stop(t *testing.T) {
	t.Helper()
	_ = c.cmd.Process.Signal(os.Interrupt)
	select {
	case <-c.done:
	case <-time.After(20 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.done
	}
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// aisRelay takes AIS datagrams (the simulator's) on udpAddr and writes
// them to every TCP client of tcpAddr (the station), as a shore receiver's
// TCP feed would. sinkAddr takes and drops the simulator's MAVLink.
type aisRelay struct {
	udpAddr, tcpAddr, sinkAddr string
}

func startAISRelay(t *testing.T) *aisRelay {
	t.Helper()
	udp, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	sink, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var (
		mu      sync.Mutex
		clients []net.Conn
	)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			clients = append(clients, c)
			mu.Unlock()
		}
	}()
	go func() {
		buf := make([]byte, 64<<10)
		for {
			n, _, err := udp.ReadFrom(buf)
			if err != nil {
				return
			}
			mu.Lock()
			kept := clients[:0]
			for _, c := range clients {
				_ = c.SetWriteDeadline(time.Now().Add(time.Second))
				if _, err := c.Write(buf[:n]); err == nil {
					kept = append(kept, c)
				} else {
					c.Close()
				}
			}
			clients = kept
			mu.Unlock()
		}
	}()
	go func() {
		buf := make([]byte, 64<<10)
		for {
			if _, _, err := sink.ReadFrom(buf); err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		udp.Close()
		sink.Close()
		ln.Close()
		mu.Lock()
		for _, c := range clients {
			c.Close()
		}
		mu.Unlock()
	})
	return &aisRelay{udpAddr: udp.LocalAddr().String(), tcpAddr: ln.Addr().String(), sinkAddr: sink.LocalAddr().String()}
}
