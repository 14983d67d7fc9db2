package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestSettingsKeepValueWhoAndWhenAcrossReopening(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	clock := raised0
	s.now = func() time.Time { return clock }
	st := s.Settings()
	_, ok, err := st.Get(ctx, "rules")
	require.NoError(t, err)
	require.False(t, ok)

	require.NoError(t, st.Put(ctx, "rules", json.RawMessage(`{ "dark_after": "10m" }`), "ana"))
	clock = clock.Add(time.Minute)
	require.NoError(t, st.Put(ctx, "rules", json.RawMessage(`{"dark_after":"5m"}`), "bo"))
	require.NoError(t, st.Put(ctx, "retention", json.RawMessage(`"720h"`), "ana"))
	require.NoError(t, s.Close())

	s2, err := Open(path)
	require.NoError(t, err)
	defer s2.Close()
	st = s2.Settings()
	v, ok, err := st.Get(ctx, "rules")
	require.NoError(t, err)
	require.True(t, ok)
	require.JSONEq(t, `{"dark_after":"5m"}`, string(v))
	c, ok, err := st.Setting(ctx, "rules")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "bo", c.By)
	require.Equal(t, raised0.Add(time.Minute), c.At)

	h, err := st.History(ctx, "rules", 0)
	require.NoError(t, err)
	require.Len(t, h, 2)
	require.Equal(t, "bo", h[0].By)
	require.Equal(t, "ana", h[1].By)
	require.Equal(t, `{"dark_after":"10m"}`, string(h[1].Value), "kept compact")
	require.Equal(t, raised0, h[1].At)
	h, err = st.History(ctx, "rules", 1)
	require.NoError(t, err)
	require.Len(t, h, 1)
	h, err = st.History(ctx, "none", 0)
	require.NoError(t, err)
	require.NotNil(t, h)
	require.Empty(t, h)
}

func TestSettingsRefuseBadInput(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	st := s.Settings()
	for name, tc := range map[string]struct {
		name, value, by string
	}{
		"no name":     {"", `1`, "ana"},
		"long name":   {strings.Repeat("n", 200), `1`, "ana"},
		"bad utf-8":   {"\xff", `1`, "ana"},
		"not JSON":    {"rules", `{dark`, "ana"},
		"empty value": {"rules", ``, "ana"},
		"huge value":  {"rules", `"` + strings.Repeat("a", 1<<20) + `"`, "ana"},
		"long by":     {"rules", `1`, strings.Repeat("b", 300)},
	} {
		t.Run(name, func(t *testing.T) {
			require.Error(t, st.Put(ctx, tc.name, json.RawMessage(tc.value), tc.by))
		})
	}
	_, ok, err := st.Get(ctx, "rules")
	require.NoError(t, err)
	require.False(t, ok)
	_, err = st.History(ctx, "rules", -1)
	require.Error(t, err)
}
