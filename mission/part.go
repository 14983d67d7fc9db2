package mission

// Part is one of the three parts of a plan a vehicle stores apart: its
// mission, its fence and its rally points.
type Part string

// The parts of a plan.
const (
	PartMission Part = "mission"
	PartFence   Part = "fence"
	PartRally   Part = "rally"
)

// Parts lists every part, in the order they are uploaded.
var Parts = []Part{PartMission, PartFence, PartRally}

// ParsePart reads a part's name.
func ParsePart(s string) (Part, bool) {
	switch p := Part(s); p {
	case PartMission, PartFence, PartRally:
		return p, true
	}
	return "", false
}
