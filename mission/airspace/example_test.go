package airspace_test

import (
	"fmt"
	"os"
	"time"

	"github.com/paulmach/orb"

	"skerry/mission/airspace"
)

func Example() {
	f, err := os.Open("testdata/ed269_authority.json")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	zones, issues, err := airspace.Read(f)
	if err != nil {
		panic(err)
	}
	for _, is := range issues {
		if is.Severity > 0 {
			fmt.Println(is)
		}
	}
	ix := airspace.NewIndex(zones)
	at := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	op := airspace.Operation{Authorisations: []string{"APBA"}}
	for _, z := range ix.Along(orb.Point{-5.46, 36.13}, orb.Point{-5.36, 36.16}, 100) {
		fmt.Printf("%s active=%v %s: %v\n", z.ID, z.ActiveAt(at), z.Effect(op).Kind, z.Volumes[0].Upper)
	}
	// Output:
	// error: airspace[4].restriction: zone BROKEN has no restriction: dropped
	// LXGB01 active=true exclusion: 1524 m AMSL
	// ALGPORT active=true info: 121.92 m AGL
}

func ExampleZone_Effect() {
	z := airspace.Zone{ID: "ALGPORT", Restriction: airspace.ReqAuthorisation}
	fmt.Println(z.Effect(airspace.Operation{}).Kind)
	fmt.Println(z.Effect(airspace.Operation{Authorisations: []string{"ALGPORT"}}).Kind)
	// Output:
	// exclusion
	// info
}
