// Command skerry is a ground-control station for drone fleets that patrol
// coasts and ports. See README.md.
package main

import (
	"os"

	"skerry/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
