//go:build !unix

package store

// cpuMillis is not measured here (the benchmark reports 0).
func cpuMillis() float64 { return 0 }
