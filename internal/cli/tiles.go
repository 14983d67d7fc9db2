package cli

import (
	"flag"
	"fmt"

	"skerry/web"
)

// tileFlags configure the console's optional online tile layer.
type tileFlags struct {
	url, attribution string
	maxZoom          int
}

func (f *tileFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.url, "tiles", "", "online tile layer for the console over its offline map, a `URL` template such as https://tile.example.org/{z}/{x}/{y}.png (empty: offline only)")
	fs.StringVar(&f.attribution, "tiles-attribution", "", "the tile layer's attribution, shown on the map (default: its host)")
	fs.IntVar(&f.maxZoom, "tiles-max-zoom", 19, "the tile layer's deepest zoom")
}

// layer returns the configured layer, checked; nil without --tiles.
func (f *tileFlags) layer() (*web.TileLayer, error) {
	if f.url == "" {
		return nil, nil
	}
	t := &web.TileLayer{URL: f.url, Attribution: f.attribution, MaxZoom: f.maxZoom}
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("--tiles: %w", err)
	}
	return t, nil
}
