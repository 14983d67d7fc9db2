//go:build cgo

package yolo

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"

	ort "github.com/yalue/onnxruntime_go"
)

// maxModelBytes bounds a model file (protobuf's own limit is 2 GiB).
const maxModelBytes = 2 << 30

// Model is a loaded YOLO model: one ONNX Runtime session that any number
// of detectors share (ONNX Runtime runs a session from several
// goroutines at once; each detector keeps its own buffers).
type Model struct {
	opts          Options
	input, output string
	inW, inH      int
	classes       int // from the output's declared shape; 0 if dynamic
	names         []string
	keep          []bool

	mu      sync.RWMutex // held for reading while running; Close takes it
	sess    *ort.DynamicAdvancedSession
	closed  bool
	cleanup runtime.Cleanup // frees the session of a model dropped unclosed
}

// Load reads a YOLO model exported to ONNX (one float32 input [1, 3, H,
// W]; the first output [1, N, 5+nc] or [1, 4+nc, N]) and makes its ONNX
// Runtime session, loading the runtime first (Runtime). Class names come
// from the model's "names" metadata when present.
func Load(path string, opts Options) (*Model, error) {
	if _, _, err := Runtime(); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxModelBytes+1))
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", path, err)
	}
	if len(data) > maxModelBytes {
		return nil, fmt.Errorf("model %s: larger than 2 GiB", path)
	}
	m, err := load(data, opts.withDefaults())
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", path, err)
	}
	return m, nil
}

func load(data []byte, opts Options) (*Model, error) {
	ins, outs, err := ort.GetInputOutputInfoWithONNXData(data)
	if err != nil {
		return nil, fmt.Errorf("not an ONNX model ONNX Runtime can load: %w", err)
	}
	if len(ins) != 1 || len(outs) < 1 {
		return nil, fmt.Errorf("want one input and at least one output, the model has %d and %d", len(ins), len(outs))
	}
	in, out := ins[0], outs[0]
	d := in.Dimensions
	if in.OrtValueType != ort.ONNXTypeTensor || in.DataType != ort.TensorElementDataTypeFloat || len(d) != 4 ||
		(d[0] != 1 && d[0] > 0) || (d[1] != 3 && d[1] > 0) {
		return nil, fmt.Errorf("input %q is %v %v: want float32 images [1, 3, H, W]", in.Name, in.DataType, d)
	}
	if out.OrtValueType != ort.ONNXTypeTensor || out.DataType != ort.TensorElementDataTypeFloat {
		return nil, fmt.Errorf("output %q is not a float32 tensor", out.Name)
	}
	m := &Model{opts: opts, input: in.Name, output: out.Name, inW: opts.InputSize, inH: opts.InputSize}
	if d[3] > 0 {
		m.inW = int(d[3])
	}
	if d[2] > 0 {
		m.inH = int(d[2])
	}
	if m.inW > 4096 || m.inH > 4096 {
		return nil, fmt.Errorf("input %d×%d larger than 4096", m.inW, m.inH)
	}
	if od := out.Dimensions; len(od) >= 2 && od[len(od)-1] > 0 && od[len(od)-2] > 0 {
		l, err := layoutOf(od, opts.Format)
		if err != nil {
			return nil, err
		}
		m.classes = l.classes
	}
	if md, err := ort.GetModelMetadataWithONNXData(data); err == nil {
		if s, ok, err := md.LookupCustomMetadataMap("names"); err == nil && ok {
			m.names = parseNames(s)
		}
		md.Destroy()
	}
	classes := m.classes
	if classes == 0 {
		classes = len(m.names)
	}
	if len(opts.Classes) > 0 && classes == 0 {
		return nil, errors.New("the output's shape is dynamic and the model names no classes: classes cannot be chosen")
	}
	if m.keep, err = keepClasses(opts.Classes, m.names, classes); err != nil {
		return nil, err
	}
	so, err := ort.NewSessionOptions()
	if err != nil {
		return nil, err
	}
	defer so.Destroy()
	if err := so.SetIntraOpNumThreads(opts.Threads); err != nil {
		return nil, err
	}
	if err := so.SetInterOpNumThreads(1); err != nil {
		return nil, err
	}
	m.sess, err = ort.NewDynamicAdvancedSessionWithONNXData(data, []string{m.input}, []string{m.output}, so)
	if err != nil {
		return nil, fmt.Errorf("creating the session: %w", err)
	}
	m.cleanup = runtime.AddCleanup(m, func(s *ort.DynamicAdvancedSession) { s.Destroy() }, m.sess)
	return m, nil
}

// InputSize is the model's input, width and height in pixels.
func (m *Model) InputSize() (w, h int) { return m.inW, m.inH }

// Names are the model's class names by id (nil when it has none).
func (m *Model) Names() []string { return m.names }

// NewDetector makes a detector on the model, for one stream (one
// goroutine). Detectors share the model's session.
func (m *Model) NewDetector() *Detector { return &Detector{m: m} }

// Close ends the session; detectors on it then fail. A model dropped
// unclosed is freed when the garbage collector finds it unreachable
// (with its detectors: the station's video manager never closes its
// detectors).
func (m *Model) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil
	}
	m.closed = true
	m.cleanup.Stop()
	return m.sess.Destroy()
}

// errClosed: the model was closed.
var errClosed = errors.New("yolo: model closed")

// run runs the session on one input tensor and returns the output's
// shape and values (in out's storage when large enough).
func (m *Model) run(in *ort.Tensor[float32], out []float32) ([]int64, []float32, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return nil, out, errClosed
	}
	outs := []ort.Value{nil}
	if err := m.sess.Run([]ort.Value{in}, outs); err != nil {
		return nil, out, fmt.Errorf("yolo: %w", err)
	}
	defer outs[0].Destroy()
	t, ok := outs[0].(*ort.Tensor[float32])
	if !ok {
		return nil, out, fmt.Errorf("yolo: output is %T, want a float32 tensor", outs[0])
	}
	shape := []int64(t.GetShape())
	return shape, append(out[:0], t.GetData()...), nil
}
