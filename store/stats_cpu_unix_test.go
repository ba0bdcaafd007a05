//go:build unix

package store

import "syscall"

// cpuMillis is the CPU time the process has used (user + system), in ms:
// a benchmark figure that holds when other work shares the machine.
func cpuMillis() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}
