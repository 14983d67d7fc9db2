package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrNoFile: no evidence file has that hash. It comes with fs.ErrNotExist.
var ErrNoFile = errors.New("no such evidence file")

// ErrCorruptFile: an evidence file's bytes no longer have the SHA-256 it
// is named by (a disk error, or someone edited it). It is never served.
var ErrCorruptFile = errors.New("evidence file is corrupt")

// PutFile stores data as an evidence file named by its SHA-256 (returned
// in lowercase hex) at <database>.files/<first 2 hex>/<hex>, and returns
// once it is on disk: written to a temporary file, synced, renamed, and
// the directory synced. Storing the same bytes again keeps one file (a
// damaged copy is replaced). A full disk wraps ErrFull.
func (is *Incidents) PutFile(ctx context.Context, data []byte) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	sub := filepath.Join(is.dir, hash[:2])
	name := filepath.Join(sub, hash)
	if old, err := os.ReadFile(name); err == nil && sha256.Sum256(old) == sum {
		return hash, nil
	}
	if err := mkdirSynced(is.dir, sub); err != nil {
		return "", fmt.Errorf("evidence file %s: %w", hash, full(err))
	}
	if err := is.writeSynced(sub, name, data); err != nil {
		return "", fmt.Errorf("evidence file %s: %w", hash, full(err))
	}
	return hash, nil
}

// writeSynced writes data to name through a temporary file in dir, synced
// before and after the rename; nothing is left behind on failure.
func (is *Incidents) writeSynced(dir, name string, data []byte) error {
	f, err := os.CreateTemp(dir, ".put-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = is.writeFile(f, data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return syncDir(dir)
}

// writeAll writes data to w.
func writeAll(w io.Writer, data []byte) error {
	_, err := w.Write(data)
	return err
}

// mkdirSynced makes root and its subdirectory sub when missing, syncing
// the parent of each directory it makes so that the names survive a
// power cut.
func mkdirSynced(root, sub string) error {
	if st, err := os.Stat(sub); err == nil && st.IsDir() {
		return nil
	}
	for _, d := range []string{root, sub} {
		err := os.Mkdir(d, 0o750)
		if errors.Is(err, fs.ErrExist) {
			if st, serr := os.Stat(d); serr != nil || !st.IsDir() {
				return fmt.Errorf("%s exists and is not a directory", d)
			}
			continue
		}
		if err != nil {
			return err
		}
		if err := syncDir(filepath.Dir(d)); err != nil {
			return err
		}
	}
	return nil
}

// syncDir syncs a directory's entries to disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// File returns the evidence file hash names, checked against its hash:
// ErrNoFile (with fs.ErrNotExist) when there is none, ErrCorruptFile when
// its bytes changed. A hash is 64 lowercase hex digits, nothing else (it
// is a path).
func (is *Incidents) File(ctx context.Context, hash string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !ValidFileHash(hash) {
		return nil, fmt.Errorf("evidence file %.80q: a file is named by 64 lowercase hex digits", hash)
	}
	data, err := os.ReadFile(filepath.Join(is.dir, hash[:2], hash))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s (%w)", ErrNoFile, hash, fs.ErrNotExist)
	}
	if err != nil {
		return nil, fmt.Errorf("evidence file %s: %w", hash, err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != hash {
		return nil, fmt.Errorf("%w: %s holds %d bytes whose SHA-256 is %x: restore it from a backup",
			ErrCorruptFile, filepath.Join(is.dir, hash[:2], hash), len(data), sum)
	}
	return data, nil
}

// ValidFileHash says whether hash names an evidence file: 64 lowercase
// hex digits.
func ValidFileHash(hash string) bool {
	if len(hash) != sha256.Size*2 {
		return false
	}
	for i := 0; i < len(hash); i++ {
		c := hash[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// RemoveTemporaryFiles deletes the temporary files a crash left in the
// evidence directory (a PutFile that never returned) and returns how
// many. Call it at start, before any PutFile.
func (is *Incidents) RemoveTemporaryFiles(ctx context.Context) (int, error) {
	left, err := filepath.Glob(filepath.Join(is.dir, "??", ".put-*"))
	if err != nil {
		return 0, fmt.Errorf("evidence files: %w", err)
	}
	n := 0
	for _, name := range left {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, fmt.Errorf("evidence files: %w", err)
		}
		n++
	}
	return n, nil
}
