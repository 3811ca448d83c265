package queue

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// ServerConfig configures the embedded NATS server that `intake serve`
// runs when no external NATS is given.
type ServerConfig struct {
	// Dir holds the JetStream state; it survives restarts.
	Dir string
	// Host and Port to listen on for other processes (an S3 server's
	// event sender, `intake worker`s, tools). Port 0 means in-process
	// only; -1 picks a free port.
	Host string
	Port int
	// SyncAlways fsyncs every JetStream write. Without it a write reaches
	// the operating system at once (it survives the process being killed)
	// and the disk within the server's sync interval.
	SyncAlways bool
	// ReadyTimeout bounds the start-up.
	ReadyTimeout time.Duration
}

// DefaultServerConfig returns an in-process server storing under dir.
func DefaultServerConfig(dir string) ServerConfig {
	return ServerConfig{Dir: dir, Host: "127.0.0.1", Port: 0, ReadyTimeout: 10 * time.Second}
}

// Validate reports every impossible setting at once.
func (c ServerConfig) Validate() error {
	var errs []error
	if c.Dir == "" {
		errs = append(errs, errors.New("nats server: dir is empty"))
	}
	if c.Port < -1 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("nats server: port %d is out of range", c.Port))
	}
	if c.ReadyTimeout <= 0 {
		errs = append(errs, fmt.Errorf("nats server: ready timeout must be positive, got %v", c.ReadyTimeout))
	}
	return errors.Join(errs...)
}

// Server is an embedded NATS server with JetStream.
type Server struct {
	srv *server.Server
}

// StartServer starts an embedded NATS server with JetStream on cfg.Dir and
// waits until it accepts connections.
func StartServer(cfg ServerConfig) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("nats server: %w", err)
	}
	opts := &server.Options{
		ServerName: "intake",
		JetStream:  true,
		StoreDir:   cfg.Dir,
		Host:       cfg.Host,
		Port:       cfg.Port,
		DontListen: cfg.Port == 0,
		SyncAlways: cfg.SyncAlways,
		NoSigs:     true,
		NoLog:      true,
		// Documents travel as references; a job is well under a kilobyte.
		MaxPayload: 1 << 20,
	}
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("nats server: %w", err)
	}
	go s.Start()
	if !s.ReadyForConnections(cfg.ReadyTimeout) {
		s.Shutdown()
		return nil, fmt.Errorf("nats server: not ready within %v", cfg.ReadyTimeout)
	}
	return &Server{srv: s}, nil
}

// URL is the address other processes connect to; empty when the server
// listens in-process only.
func (s *Server) URL() string {
	if s.srv.Addr() == nil {
		return ""
	}
	return s.srv.ClientURL()
}

// Connect opens an in-process connection.
func (s *Server) Connect(name string) (*nats.Conn, error) {
	nc, err := nats.Connect("", nats.InProcessServer(s.srv), nats.Name(name), nats.MaxReconnects(-1))
	if err != nil {
		return nil, fmt.Errorf("nats: %w", err)
	}
	return nc, nil
}

// Shutdown stops the server and waits for it to finish.
func (s *Server) Shutdown() {
	s.srv.Shutdown()
	s.srv.WaitForShutdown()
}

// Connect dials an external NATS server. It keeps trying when the server
// is not up yet and reconnects for ever: a worker waits out a NATS restart
// instead of exiting.
func Connect(url, name string) (*nats.Conn, error) {
	nc, err := nats.Connect(url,
		nats.Name(name),
		nats.RetryOnFailedConnect(true),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(500*time.Millisecond),
	)
	if err != nil {
		return nil, fmt.Errorf("nats %s: %w", url, err)
	}
	return nc, nil
}
