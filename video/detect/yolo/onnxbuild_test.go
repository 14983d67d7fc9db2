package yolo

import (
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// A hand-encoded ONNX model (onnx.proto3's field numbers) for the tests:
// no Python, no download. The graph is a tiny YOLO:
//
//	images [1,3,S,S] → AveragePool(kernel C, stride C/2) → [1,3,G,G]
//	→ Conv 1×1 (+bias) → Sigmoid → scores [1,K,G,G]
//	Concat(centres, sizes, scores) → [1,4+K,G,G] → Reshape [1,4+K,G·G]
//	(YOLOv8), or with objectness → Transpose → [1,G·G,5+2] (YOLOv5).
//
// Each anchor is a C×C window at stride C/2 (so neighbours overlap by
// half, for NMS); its class 0 ("boat") is bright (mean of R, G, B above
// 0.6), class 1 ("buoy") red (R − G − B above 0.75); YOLOv5's objectness
// is R above 0.7. A white C×C square on black aligned with a window
// scores ~1 there and 0.12 in the four half-covered neighbours; the grey
// padding scores ~0.

// tinySpec describes a test model.
type tinySpec struct {
	size, cell int
	v5         bool
	names      bool // put Ultralytics' names metadata in
}

const sharp = 20 // the sigmoids' slope

// buildTiny encodes the model.
func buildTiny(s tinySpec) []byte {
	g := (s.size-s.cell)/(s.cell/2) + 1
	stride := float64(s.cell / 2)
	k := 2
	if s.v5 {
		k = 3
	}
	// Conv weights [K,3,1,1] and bias [K]: (obj), bright, red.
	var w, b []float32
	if s.v5 {
		w, b = append(w, sharp, 0, 0), append(b, -0.7*sharp)
	}
	w = append(w, sharp/3.0, sharp/3.0, sharp/3.0, sharp, -sharp, -sharp)
	b = append(b, -0.6*sharp, -0.75*sharp)
	xy := make([]float32, 2*g*g)
	wh := make([]float32, 2*g*g)
	for r := range g {
		for c := range g {
			xy[r*g+c] = float32(float64(c)*stride + float64(s.cell)/2)
			xy[g*g+r*g+c] = float32(float64(r)*stride + float64(s.cell)/2)
			wh[r*g+c], wh[g*g+r*g+c] = float32(s.cell), float32(s.cell)
		}
	}
	ch := int64(4 + k)
	n := int64(g * g)
	inits := [][]byte{
		tensorF("w", []int64{int64(k), 3, 1, 1}, w),
		tensorF("b", []int64{int64(k)}, b),
		tensorF("xy", []int64{1, 2, int64(g), int64(g)}, xy),
		tensorF("wh", []int64{1, 2, int64(g), int64(g)}, wh),
		tensorI("shape", []int64{3}, []int64{1, ch, n}),
	}
	cell := int64(s.cell)
	nodes := [][]byte{
		node("AveragePool", []string{"images"}, []string{"pooled"}, attrInts("kernel_shape", cell, cell), attrInts("strides", cell/2, cell/2)),
		node("Conv", []string{"pooled", "w", "b"}, []string{"logits"}),
		node("Sigmoid", []string{"logits"}, []string{"scores"}),
		node("Concat", []string{"xy", "wh", "scores"}, []string{"cat"}, attrInt("axis", 1)),
	}
	outShape := []int64{1, ch, n}
	if s.v5 {
		nodes = append(nodes,
			node("Reshape", []string{"cat", "shape"}, []string{"flat"}),
			node("Transpose", []string{"flat"}, []string{"output0"}, attrInts("perm", 0, 2, 1)))
		outShape = []int64{1, n, ch}
	} else {
		nodes = append(nodes, node("Reshape", []string{"cat", "shape"}, []string{"output0"}))
	}
	var graph []byte
	for _, nd := range nodes {
		graph = protowire.AppendTag(graph, 1, protowire.BytesType)
		graph = protowire.AppendBytes(graph, nd)
	}
	graph = appendString(graph, 2, "tiny_yolo")
	for _, t := range inits {
		graph = protowire.AppendTag(graph, 5, protowire.BytesType)
		graph = protowire.AppendBytes(graph, t)
	}
	graph = protowire.AppendTag(graph, 11, protowire.BytesType)
	graph = protowire.AppendBytes(graph, valueInfo("images", []int64{1, 3, int64(s.size), int64(s.size)}))
	graph = protowire.AppendTag(graph, 12, protowire.BytesType)
	graph = protowire.AppendBytes(graph, valueInfo("output0", outShape))

	var m []byte
	m = protowire.AppendTag(m, 1, protowire.VarintType) // ir_version
	m = protowire.AppendVarint(m, 8)
	m = appendString(m, 2, "skerry-tests") // producer_name
	var opset []byte
	opset = appendString(opset, 1, "")
	opset = protowire.AppendTag(opset, 2, protowire.VarintType)
	opset = protowire.AppendVarint(opset, 17)
	m = protowire.AppendTag(m, 8, protowire.BytesType) // opset_import
	m = protowire.AppendBytes(m, opset)
	m = protowire.AppendTag(m, 7, protowire.BytesType) // graph
	m = protowire.AppendBytes(m, graph)
	if s.names {
		var kv []byte
		kv = appendString(kv, 1, "names")
		kv = appendString(kv, 2, "{0: 'boat', 1: 'buoy'}")
		m = protowire.AppendTag(m, 14, protowire.BytesType) // metadata_props
		m = protowire.AppendBytes(m, kv)
	}
	return m
}

func appendString(b []byte, field protowire.Number, s string) []byte {
	b = protowire.AppendTag(b, field, protowire.BytesType)
	return protowire.AppendString(b, s)
}

// node is a NodeProto.
func node(op string, in, out []string, attrs ...[]byte) []byte {
	var b []byte
	for _, s := range in {
		b = appendString(b, 1, s)
	}
	for _, s := range out {
		b = appendString(b, 2, s)
	}
	b = appendString(b, 3, op+"_"+out[0])
	b = appendString(b, 4, op)
	for _, a := range attrs {
		b = protowire.AppendTag(b, 5, protowire.BytesType)
		b = protowire.AppendBytes(b, a)
	}
	return b
}

// attrInts is an AttributeProto of type INTS (7).
func attrInts(name string, v ...int64) []byte {
	b := appendString(nil, 1, name)
	var packed []byte
	for _, x := range v {
		packed = protowire.AppendVarint(packed, uint64(x))
	}
	b = protowire.AppendTag(b, 8, protowire.BytesType)
	b = protowire.AppendBytes(b, packed)
	b = protowire.AppendTag(b, 20, protowire.VarintType)
	return protowire.AppendVarint(b, 7)
}

// attrInt is an AttributeProto of type INT (2).
func attrInt(name string, v int64) []byte {
	b := appendString(nil, 1, name)
	b = protowire.AppendTag(b, 3, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(v))
	b = protowire.AppendTag(b, 20, protowire.VarintType)
	return protowire.AppendVarint(b, 2)
}

// tensorF is a float TensorProto (data_type 1) with packed float_data.
func tensorF(name string, dims []int64, v []float32) []byte {
	b := tensorHead(name, dims, 1)
	var packed []byte
	for _, x := range v {
		packed = protowire.AppendFixed32(packed, math.Float32bits(x))
	}
	b = protowire.AppendTag(b, 4, protowire.BytesType)
	return protowire.AppendBytes(b, packed)
}

// tensorI is an int64 TensorProto (data_type 7) with packed int64_data.
func tensorI(name string, dims []int64, v []int64) []byte {
	b := tensorHead(name, dims, 7)
	var packed []byte
	for _, x := range v {
		packed = protowire.AppendVarint(packed, uint64(x))
	}
	b = protowire.AppendTag(b, 7, protowire.BytesType)
	return protowire.AppendBytes(b, packed)
}

func tensorHead(name string, dims []int64, typ uint64) []byte {
	var b, packed []byte
	for _, d := range dims {
		packed = protowire.AppendVarint(packed, uint64(d))
	}
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendBytes(b, packed)
	b = protowire.AppendTag(b, 2, protowire.VarintType)
	b = protowire.AppendVarint(b, typ)
	return appendString(b, 8, name)
}

// valueInfo is a ValueInfoProto of a float tensor with a fixed shape.
func valueInfo(name string, dims []int64) []byte {
	var shape []byte
	for _, d := range dims {
		var dim []byte
		dim = protowire.AppendTag(dim, 1, protowire.VarintType)
		dim = protowire.AppendVarint(dim, uint64(d))
		shape = protowire.AppendTag(shape, 1, protowire.BytesType)
		shape = protowire.AppendBytes(shape, dim)
	}
	var tensor []byte
	tensor = protowire.AppendTag(tensor, 1, protowire.VarintType)
	tensor = protowire.AppendVarint(tensor, 1) // FLOAT
	tensor = protowire.AppendTag(tensor, 2, protowire.BytesType)
	tensor = protowire.AppendBytes(tensor, shape)
	var typ []byte
	typ = protowire.AppendTag(typ, 1, protowire.BytesType)
	typ = protowire.AppendBytes(typ, tensor)
	b := appendString(nil, 1, name)
	b = protowire.AppendTag(b, 2, protowire.BytesType)
	return protowire.AppendBytes(b, typ)
}
