package yolo

// Options configure a model. The zero value is the default setting.
type Options struct {
	// Confidence is the least score kept, 0..1 (default 0.25).
	Confidence float64
	// IoU is NMS's overlap above which the lower-scored box goes
	// (default 0.45).
	IoU float64
	// Agnostic makes NMS compare boxes of any class; by default it is
	// class-aware (a boat and a buoy may overlap), as Ultralytics'.
	Agnostic bool
	// Classes lists the classes kept, each a class id ("8") or a name
	// from the model's metadata ("boat", case-insensitive); empty keeps
	// all.
	Classes []string
	// MaxBoxes caps the boxes per frame, best first (default 300).
	MaxBoxes int
	// InputSize is the input's side when the model leaves it dynamic
	// (default 640); a fixed input shape wins.
	InputSize int
	// Threads is ONNX Runtime's threads per run (default 1: one stream
	// per core).
	Threads int
	// Format is the output's layout (default FormatAuto, from its shape).
	Format Format
}

// withDefaults fills unset or out-of-range options.
func (o Options) withDefaults() Options {
	if !(o.Confidence > 0 && o.Confidence <= 1) {
		o.Confidence = 0.25
	}
	if !(o.IoU > 0 && o.IoU <= 1) {
		o.IoU = 0.45
	}
	if o.MaxBoxes <= 0 {
		o.MaxBoxes = 300
	}
	if o.InputSize <= 0 || o.InputSize > 4096 {
		o.InputSize = 640
	}
	if o.Threads <= 0 {
		o.Threads = 1
	}
	return o
}
