package scene

import (
	"math"
	"math/rand/v2"
	"sync"
)

// The sea's texture: a tileable wave field, shaded by slope, with
// whitecaps on the highest crests, and its mipmaps (each level half the
// size, each texel the mean of four), so a row far away samples a level
// whose texels are about a pixel wide instead of aliasing.
const (
	seaBits   = 10  // the tile is 2^seaBits texels square
	seaTexel  = 0.2 // metres per texel at level 0
	landBits  = 8   // the land tile, 2^landBits texels square
	landTexel = 4.0 // metres per land texel at level 0
	waveSpeed = 2.0 // metres per second the wave pattern drifts downwind
)

// textures holds the mip levels of the sea and land tiles (level 0 first).
type textures struct {
	sea  [][]uint8
	land [][]uint8
}

// texCache keeps the tiles built, by wind direction (whole degrees): every
// world of a process with the same wind shares them.
var texCache sync.Map

// texturesFor returns the tiles for a wind direction, built once.
func texturesFor(windDir float64) *textures {
	return texturesForState(windDir, DefaultSeaState)
}

// texturesForState returns the tiles for a wind direction and sea state
// (clamped to 0–6), built once.
func texturesForState(windDir float64, state int) *textures {
	state = min(max(state, 0), 6)
	key := int(math.Round(normDeg(windDir)))%360 + 1000*state
	if t, ok := texCache.Load(key); ok {
		return t.(*textures)
	}
	t, _ := texCache.LoadOrStore(key, newTexturesState(float64(key%1000), state))
	return t.(*textures)
}

// newTextures builds the tiles; waves run downwind of windDir (degrees the
// wind blows from). It takes some tens of milliseconds, once per world.
func newTextures(windDir float64) *textures {
	return newTexturesState(windDir, DefaultSeaState)
}

// newTexturesState builds the tiles for a sea state.
func newTexturesState(windDir float64, state int) *textures {
	return &textures{sea: mipmaps(waveTile(windDir, seaStates[state]), seaBits), land: mipmaps(noiseTile(), landBits)}
}

// waveTile synthesises the wave tile by spectral synthesis: random
// complex amplitudes on the tile's wave numbers (so it tiles), for waves
// 0.8–60 m long running within ±90° of downwind (cos² spread), height
// amplitude ∝ λ^1.5; the inverse transform gives the heights and their
// slope along the light. The value is seaMid plus the slope; the top
// crests are whitecaps (1.5% of the sea at the default state; st sets the
// longest waves and the whitecaps' share).
func waveTile(windDir float64, st seaState) []uint8 {
	const n = 1 << seaBits
	rng := rand.New(rand.NewPCG(12, 34))
	down := (windDir + 180) * math.Pi / 180
	dx, dy := math.Sin(down), math.Cos(down)
	h := make([]complex128, n*n)
	sl := make([]complex128, n*n)
	for j := 0; j < n; j++ {
		ky := j
		if ky >= n/2 {
			ky -= n
		}
		for i := 0; i < n; i++ {
			kx := i
			if kx >= n/2 {
				kx -= n
			}
			k := math.Hypot(float64(kx), float64(ky))
			if k == 0 {
				continue
			}
			lambda := n * seaTexel / k
			cosT := (float64(kx)*dx + float64(ky)*dy) / k
			if lambda < 0.8 || lambda > st.longest || cosT <= 0 {
				continue
			}
			a := math.Pow(lambda, 1.5) * cosT * math.Exp(-math.Pow(0.8/lambda, 2))
			amp := complex(a*rng.NormFloat64(), a*rng.NormFloat64())
			h[j*n+i] = amp
			// slope along the light (north-east, across the waves):
			// i·(k·l)·amplitude
			kl := 2 * math.Pi / (n * seaTexel) * (float64(kx) + float64(ky)) / math.Sqrt2
			sl[j*n+i] = amp * complex(0, kl)
		}
	}
	fft2(h, n, true)
	fft2(sl, n, true)
	hr, sr := make([]float64, n*n), make([]float64, n*n)
	for i := range h {
		hr[i], sr[i] = real(h[i]), math.Abs(real(sl[i]))
	}
	hcut, hmax, srange := quantile32(hr, 1-st.whitecaps), quantile32(hr, 0.999), quantile32(sr, 0.95)
	out := make([]uint8, n*n)
	for i := range out {
		v := seaMid + 32*real(sl[i])/srange
		if st.whitecaps > 0 && hr[i] > hcut {
			v += 140 * math.Min(1, (hr[i]-hcut)/(hmax-hcut))
		}
		out[i] = uint8(math.Max(0, math.Min(255, v)))
	}
	return out
}

// noiseTile is tileable value noise in octaves: the land's mottling.
func noiseTile() []uint8 {
	const n = 1 << landBits
	rng := rand.New(rand.NewPCG(56, 78))
	acc := make([]float64, n*n)
	amp := 1.0
	for cell := 64; cell >= 2; cell /= 2 {
		g := n / cell
		lat := make([]float64, g*g)
		for i := range lat {
			lat[i] = rng.Float64()
		}
		for y := 0; y < n; y++ {
			for x := 0; x < n; x++ {
				fx, fy := float64(x)/float64(cell), float64(y)/float64(cell)
				x0, y0 := int(fx), int(fy)
				tx, ty := fx-float64(x0), fy-float64(y0)
				at := func(i, j int) float64 { return lat[(j%g)*g+i%g] }
				top := at(x0, y0)*(1-tx) + at(x0+1, y0)*tx
				bot := at(x0, y0+1)*(1-tx) + at(x0+1, y0+1)*tx
				acc[y*n+x] += amp * (top*(1-ty) + bot*ty)
			}
		}
		amp *= 0.6
	}
	lo, hi := quantile32(acc, 0.01), quantile32(acc, 0.99)
	out := make([]uint8, n*n)
	for i, v := range acc {
		out[i] = uint8(math.Max(0, math.Min(255, 255*(v-lo)/(hi-lo))))
	}
	return out
}

// mipmaps returns the levels of a 2^bits square tile down to 1×1.
func mipmaps(tile []uint8, bits int) [][]uint8 {
	levels := [][]uint8{tile}
	for n := 1 << bits; n > 1; n /= 2 {
		prev, m := levels[len(levels)-1], n/2
		next := make([]uint8, m*m)
		for y := 0; y < m; y++ {
			for x := 0; x < m; x++ {
				s := int(prev[2*y*n+2*x]) + int(prev[2*y*n+2*x+1]) + int(prev[(2*y+1)*n+2*x]) + int(prev[(2*y+1)*n+2*x+1])
				next[y*m+x] = uint8((s + 2) / 4)
			}
		}
		levels = append(levels, next)
	}
	return levels
}

// quantile32 returns roughly the q-quantile of vs (by a 1024-bin histogram).
func quantile32(vs []float64, q float64) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if hi <= lo {
		return hi
	}
	var hist [1024]int
	for _, v := range vs {
		hist[min(1023, int((v-lo)/(hi-lo)*1024))]++
	}
	want, seen := int(q*float64(len(vs))), 0
	for i, c := range hist {
		seen += c
		if seen >= want {
			return lo + (hi-lo)*float64(i+1)/1024
		}
	}
	return hi
}
