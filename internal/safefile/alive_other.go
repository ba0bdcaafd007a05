//go:build !unix

package safefile

import "os"

// alive reports whether process pid may exist. On Windows FindProcess opens
// the process and fails when there is none; elsewhere it cannot tell, and a
// temporary file kept too long is better than one removed while written.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
