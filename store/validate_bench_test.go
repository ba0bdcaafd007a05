package store

import "testing"

// BenchmarkValidate100k is what checking the structure adds to every open
// of the 100k-fiche file (see validateFile).
func BenchmarkValidate100k(b *testing.B) {
	path := demoFile(b, 100_000)
	for b.Loop() {
		if err := validateFile(path, nil); err != nil {
			b.Fatal(err)
		}
	}
}
