package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Settings is the rules' settings: named JSON values, with who changed
// each and when, and every change kept in a history.
type Settings struct{ s *Store }

// Settings returns the settings of the database.
func (s *Store) Settings() *Settings { return &Settings{s: s} }

// Limits on a setting.
const (
	maxSettingName  = 128
	maxSettingValue = 1 << 20
	maxSettingBy    = 256
)

// SettingChange is one value a setting was given, by whom and when.
type SettingChange struct {
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
	By    string          `json:"by"`
	At    time.Time       `json:"at"`
}

// Get returns the setting's value; false when it was never set.
func (st *Settings) Get(ctx context.Context, name string) (json.RawMessage, bool, error) {
	c, ok, err := st.Setting(ctx, name)
	return c.Value, ok, err
}

// Setting returns the setting's value with who set it and when; false
// when it was never set.
func (st *Settings) Setting(ctx context.Context, name string) (SettingChange, bool, error) {
	c := SettingChange{Name: name}
	var value, at string
	err := st.s.db.QueryRowContext(ctx, `SELECT value, by, at FROM settings WHERE name = ?`, name).Scan(&value, &c.By, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("settings: %s: %w", name, err)
	}
	c.Value = json.RawMessage(value)
	if c.At, err = time.Parse(timeFormat, at); err != nil {
		return c, false, fmt.Errorf("settings: damaged setting %s: %w", name, err)
	}
	return c, true, nil
}

// Put sets the setting to value (valid JSON, kept compact), recording by
// (the operator) and the time, in the setting and its history; one
// transaction synced to disk.
func (st *Settings) Put(ctx context.Context, name string, value json.RawMessage, by string) error {
	switch {
	case name == "" || len(name) > maxSettingName || !utf8.ValidString(name):
		return fmt.Errorf("settings: name %.40q is not one (1 to %d bytes of UTF-8)", name, maxSettingName)
	case len(value) > maxSettingValue:
		return fmt.Errorf("settings: %s: a value of %d bytes is over %d", name, len(value), maxSettingValue)
	case !json.Valid(value):
		return fmt.Errorf("settings: %s: the value is not JSON", name)
	case len(by) > maxSettingBy || !utf8.ValidString(by):
		return fmt.Errorf("settings: %s: who changed it, %.40q, is not a name", name, by)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, value); err != nil {
		return fmt.Errorf("settings: %s: %w", name, err)
	}
	at := dbTime(st.s.now())
	err := st.s.writeSynced(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value, by, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value, by = excluded.by, at = excluded.at`,
			name, compact.String(), by, at); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO settings_history (name, value, by, at) VALUES (?, ?, ?, ?)`,
			name, compact.String(), by, at)
		return err
	})
	if err != nil {
		return fmt.Errorf("settings: saving %s: %w", name, full(err))
	}
	return nil
}

// History returns the values the setting was given, latest first, at
// most limit of them (0: all).
func (st *Settings) History(ctx context.Context, name string, limit int) ([]SettingChange, error) {
	if limit < 0 {
		return nil, fmt.Errorf("settings: limit %d is negative", limit)
	}
	if limit == 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := st.s.db.QueryContext(ctx, `SELECT value, by, at FROM settings_history WHERE name = ? ORDER BY id DESC LIMIT ?`, name, limit)
	if err != nil {
		return nil, fmt.Errorf("settings: %s: %w", name, err)
	}
	defer rows.Close()
	out := []SettingChange{}
	for rows.Next() {
		c := SettingChange{Name: name}
		var value, at string
		if err := rows.Scan(&value, &c.By, &at); err != nil {
			return nil, fmt.Errorf("settings: %s: %w", name, err)
		}
		c.Value = json.RawMessage(value)
		if c.At, err = time.Parse(timeFormat, at); err != nil {
			return nil, fmt.Errorf("settings: damaged history of %s: %w", name, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("settings: %s: %w", name, err)
	}
	return out, nil
}
