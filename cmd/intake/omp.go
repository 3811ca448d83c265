package main

import (
	"fmt"
	"os"
	"syscall"
)

// ensureSingleThreadedOMP re-executes the binary with OMP_THREAD_LIMIT=1
// when it is not set. Tesseract's OpenMP reads it once, when the library
// loads, so os.Setenv inside the running process is too late; unset, one
// page takes five times longer because OpenMP threads fight the worker
// pool for the same cores. It returns only when no re-exec was needed or
// the re-exec failed (then intake goes on, slower, and says so).
func ensureSingleThreadedOMP() {
	if os.Getenv("OMP_THREAD_LIMIT") != "" {
		return
	}
	self, err := os.Executable()
	if err == nil {
		env := append(os.Environ(), "OMP_THREAD_LIMIT=1")
		err = syscall.Exec(self, os.Args, env)
	}
	fmt.Fprintf(os.Stderr, "intake: re-exec with OMP_THREAD_LIMIT=1: %v; OCR will be slow\n", err)
}
