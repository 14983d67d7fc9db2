package decode

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"
)

// cpuTime is the child's user+system CPU time so far: exact once it has
// exited, read from /proc (10 ms ticks) while it runs, on Linux only.
func (d *childDecoder) cpuTime() (time.Duration, error) {
	select {
	case <-d.exited:
		st := d.cmd.ProcessState
		return st.UserTime() + st.SystemTime(), nil
	default:
		return procCPU(d.cmd.Process.Pid)
	}
}

// procCPU reads a running process's utime+stime from /proc/PID/stat.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces: fields count from its ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, errors.New("decode: unreadable /proc stat")
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 13 {
		return 0, errors.New("decode: short /proc stat")
	}
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	var sum time.Duration
	for _, s := range f[11:13] { // utime, stime: fields 14 and 15
		n, err := strconv.ParseInt(string(s), 10, 64)
		if err != nil {
			return 0, err
		}
		sum += time.Duration(n) * tick
	}
	return sum, nil
}
