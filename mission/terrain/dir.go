package terrain

import (
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// LoadFS reads every *.hgt file at the top of fsys into a model. A file
// with a bad name or size is an error naming it.
func LoadFS(fsys fs.FS) (*Model, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("terrain: %w", err)
	}
	m := &Model{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(strings.ToLower(e.Name()), ".hgt") {
			continue
		}
		if err := loadOne(fsys, e.Name(), m); err != nil {
			return nil, err
		}
	}
	if m.Len() == 0 {
		return nil, ErrNoTiles
	}
	return m, nil
}

func loadOne(fsys fs.FS, name string, m *Model) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("terrain: %w", err)
	}
	defer f.Close()
	t, err := ReadTile(name, f)
	if err != nil {
		return err
	}
	m.Add(t)
	return nil
}

// LoadDir reads the .hgt tiles of a directory (LoadFS of os.DirFS).
func LoadDir(dir string) (*Model, error) { return LoadFS(os.DirFS(dir)) }
