//go:build cgo

package yolo

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// convLayer is a 3×3 convolution with ReLU.
type convLayer struct {
	out, stride int
}

// heavyLayers is a plain 3×3 convolution stack from 640×640 down to
// 20×20 of about 8.7 GFLOPs (multiply and add counted apart), the cost
// YOLOv8n states at 640, with random weights: it measures ONNX Runtime's
// CPU throughput on a network of that size, not a real detector.
var heavyLayers = []convLayer{
	{16, 2}, {32, 2}, {32, 1}, {32, 1}, {32, 1}, {64, 2}, {64, 1}, {64, 1}, {64, 1}, {64, 1},
	{128, 2}, {128, 1}, {128, 1}, {128, 1}, {128, 1}, {256, 2}, {256, 1}, {256, 1}, {256, 1}, {256, 1},
}

// buildHeavy encodes the stack with a YOLOv8 head (1×1 conv to 4+nc,
// reshaped to [1, 4+nc, N]) and returns it with its GFLOPs.
func buildHeavy(size, nc int) ([]byte, float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	var inits, nodes [][]byte
	in, ch, side := "images", 3, size
	flops := 0.0
	for i, l := range heavyLayers {
		w := make([]float32, l.out*ch*9)
		for k := range w {
			w[k] = float32(rng.NormFloat64()) * 0.1
		}
		wn, on, rn := fmt.Sprintf("w%d", i), fmt.Sprintf("c%d", i), fmt.Sprintf("r%d", i)
		inits = append(inits, tensorF(wn, []int64{int64(l.out), int64(ch), 3, 3}, w))
		nodes = append(nodes,
			node("Conv", []string{in, wn}, []string{on}, attrInts("kernel_shape", 3, 3), attrInts("strides", int64(l.stride), int64(l.stride)), attrInts("pads", 1, 1, 1, 1)),
			node("Relu", []string{on}, []string{rn}))
		side /= l.stride
		flops += 2 * float64(side*side*l.out*ch*9)
		in, ch = rn, l.out
	}
	hw := make([]float32, (4+nc)*ch)
	for k := range hw {
		hw[k] = float32(rng.NormFloat64()) * 0.01
	}
	n := int64(side * side)
	inits = append(inits, tensorF("hw", []int64{int64(4 + nc), int64(ch), 1, 1}, hw), tensorI("shape", []int64{3}, []int64{1, int64(4 + nc), n}))
	nodes = append(nodes,
		node("Conv", []string{in, "hw"}, []string{"head"}),
		node("Sigmoid", []string{"head"}, []string{"sig"}),
		node("Reshape", []string{"sig", "shape"}, []string{"output0"}))
	flops += 2 * float64(side*side*(4+nc)*ch)

	var graph []byte
	for _, nd := range nodes {
		graph = protowire.AppendTag(graph, 1, protowire.BytesType)
		graph = protowire.AppendBytes(graph, nd)
	}
	graph = appendString(graph, 2, "heavy")
	for _, t := range inits {
		graph = protowire.AppendTag(graph, 5, protowire.BytesType)
		graph = protowire.AppendBytes(graph, t)
	}
	graph = protowire.AppendTag(graph, 11, protowire.BytesType)
	graph = protowire.AppendBytes(graph, valueInfo("images", []int64{1, 3, int64(size), int64(size)}))
	graph = protowire.AppendTag(graph, 12, protowire.BytesType)
	graph = protowire.AppendBytes(graph, valueInfo("output0", []int64{1, int64(4 + nc), n}))
	var m []byte
	m = protowire.AppendTag(m, 1, protowire.VarintType)
	m = protowire.AppendVarint(m, 8)
	var opset []byte
	opset = appendString(opset, 1, "")
	opset = protowire.AppendTag(opset, 2, protowire.VarintType)
	opset = protowire.AppendVarint(opset, 17)
	m = protowire.AppendTag(m, 8, protowire.BytesType)
	m = protowire.AppendBytes(m, opset)
	m = protowire.AppendTag(m, 7, protowire.BytesType)
	m = protowire.AppendBytes(m, graph)
	return m, flops / 1e9
}

// BenchmarkDetect720YOLOv8nSized is the whole path on a 1280×720 frame
// with a random network of YOLOv8n's size at 640 (80 classes), one ONNX
// Runtime thread: what a nano model costs per frame on one core.
func BenchmarkDetect720YOLOv8nSized(b *testing.B) {
	needRuntime(b)
	data, gflops := buildHeavy(640, 80)
	p := filepath.Join(b.TempDir(), "heavy.onnx")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		b.Fatal(err)
	}
	benchDetect(b, p)
	b.ReportMetric(gflops, "GFLOPs")
}
