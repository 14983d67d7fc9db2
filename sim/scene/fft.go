package scene

import (
	"math"
	"math/bits"
)

// fft2 transforms an n×n grid in place (n a power of two), rows then
// columns; inverse without the 1/n² scale.
func fft2(a []complex128, n int, inverse bool) {
	col := make([]complex128, n)
	for y := 0; y < n; y++ {
		fft(a[y*n:(y+1)*n], inverse)
	}
	for x := 0; x < n; x++ {
		for y := 0; y < n; y++ {
			col[y] = a[y*n+x]
		}
		fft(col, inverse)
		for y := 0; y < n; y++ {
			a[y*n+x] = col[y]
		}
	}
}

// fft is an iterative radix-2 Cooley–Tukey transform in place.
func fft(a []complex128, inverse bool) {
	n := len(a)
	shift := 64 - bits.TrailingZeros(uint(n))
	for i := range a {
		if j := int(bits.Reverse64(uint64(i)) >> shift); j > i {
			a[i], a[j] = a[j], a[i]
		}
	}
	sign := -1.0
	if inverse {
		sign = 1
	}
	for size := 2; size <= n; size <<= 1 {
		ang := sign * 2 * math.Pi / float64(size)
		wStep := complex(math.Cos(ang), math.Sin(ang))
		for start := 0; start < n; start += size {
			w := complex(1, 0)
			for k := 0; k < size/2; k++ {
				u, v := a[start+k], a[start+k+size/2]*w
				a[start+k], a[start+k+size/2] = u+v, u-v
				w *= wStep
			}
		}
	}
}
