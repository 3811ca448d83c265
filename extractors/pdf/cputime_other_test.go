//go:build !unix

package pdf

import "time"

// cpuTime is not measured here: the cpu-ms/doc metric reads 0.
func cpuTime() time.Duration { return 0 }
