// Package onnxrt starts the ONNX Runtime shared library once per process.
// The library is installed by `make` (see .ci/setup.sh) and found through
// INTAKE_ONNXRUNTIME_LIB or the default cache folder.
package onnxrt

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	ort "github.com/yalue/onnxruntime_go"
)

// Version is the ONNX Runtime release the bindings are built for.
const Version = "1.24.1"

// ErrNoLibrary means the shared library is not where it should be.
var ErrNoLibrary = errors.New("onnxruntime: shared library not found (run `make setup`)")

// LibraryPath is where the library is looked for: $INTAKE_ONNXRUNTIME_LIB,
// else the cache folder the setup script fills.
func LibraryPath() string {
	if p := os.Getenv("INTAKE_ONNXRUNTIME_LIB"); p != "" {
		return p
	}
	cache := os.Getenv("INTAKE_CACHE")
	if cache == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		cache = filepath.Join(base, "intake")
	}
	return filepath.Join(cache, "onnxruntime-"+Version, "libonnxruntime.so.1")
}

var initOnce = sync.OnceValue(func() error {
	lib := LibraryPath()
	if _, err := os.Stat(lib); err != nil {
		return fmt.Errorf("%w: %s", ErrNoLibrary, lib)
	}
	ort.SetSharedLibraryPath(lib)
	if err := ort.InitializeEnvironment(ort.WithLogLevelError()); err != nil {
		return fmt.Errorf("onnxruntime: %w", err)
	}
	return nil
})

// Init loads the library and creates the environment; later calls return
// the first call's outcome. Sessions may be created after it returns nil.
func Init() error { return initOnce() }

// RuntimeVersion reports the loaded library's own version string.
func RuntimeVersion() (string, error) {
	if err := Init(); err != nil {
		return "", err
	}
	return ort.GetVersion(), nil
}
