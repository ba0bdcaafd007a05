package safefile

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// legacyAge: a temporary file of an earlier version untouched for this long
// is no longer being written (those names carry no process ID to ask).
const legacyAge = 10 * time.Minute

// removeLegacy removes what a killed run of a version before this package
// left beside path: ".<name>.<digits>.tmp" (exports, rejects files),
// ".<name>.compactage" (compact) and ".fichier-sauvegarde-<digits>"
// (backups, whatever their name).
func removeLegacy(path string) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !isLegacy(name, base) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > legacyAge {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

func isLegacy(name, base string) bool {
	if name == "."+base+".compactage" {
		return true
	}
	if rest, ok := strings.CutPrefix(name, ".fichier-sauvegarde-"); ok {
		return digits(rest)
	}
	if rest, ok := strings.CutPrefix(name, "."+base+"."); ok {
		if num, ok := strings.CutSuffix(rest, ".tmp"); ok {
			return digits(num)
		}
	}
	return false
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
