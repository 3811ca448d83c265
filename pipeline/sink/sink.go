// Package sink writes the outbox: the case file and the original of every
// document, under idempotent keys (cases/<id>.json, originals/<id>), to a
// folder on the embedded default or to an S3 bucket. Writing the same key
// twice writes the same bytes, so a retried job is harmless.
package sink

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/minio/minio-go/v7"
)

// Folder is an outbox on a local folder. A reader never sees half a file:
// each is written to a hidden temporary file, synced and renamed.
type Folder struct{ dir string }

// NewFolder opens a folder outbox, creating it.
func NewFolder(dir string) (*Folder, error) {
	if dir == "" {
		return nil, errors.New("folder outbox: dir is empty")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("folder outbox: %w", err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("folder outbox: %w", err)
	}
	return &Folder{dir: abs}, nil
}

// Name is the folder's absolute path.
func (f *Folder) Name() string { return f.dir }

// Put writes key durably.
func (f *Folder) Put(ctx context.Context, key string, data []byte, _ string) error {
	if key == "" || strings.Contains("/"+key+"/", "/../") || strings.HasPrefix(key, "/") {
		return fmt.Errorf("folder outbox: bad key %q", key)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	path := filepath.Join(f.dir, filepath.FromSlash(key))
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("folder outbox: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".put-*")
	if err != nil {
		return fmt.Errorf("folder outbox: %w", err)
	}
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("folder outbox: %s: %w", key, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("folder outbox: %s: %w", key, err)
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("folder outbox: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("folder outbox: %s: %w", key, err)
	}
	return nil
}

// Bucket is an outbox on an S3 bucket.
type Bucket struct {
	cl     *minio.Client
	bucket string
}

// NewBucket writes into bucket.
func NewBucket(cl *minio.Client, bucket string) (*Bucket, error) {
	if cl == nil || bucket == "" {
		return nil, errors.New("s3 outbox: client and bucket are needed")
	}
	return &Bucket{cl: cl, bucket: bucket}, nil
}

// Name is the bucket's address.
func (b *Bucket) Name() string { return "s3://" + b.bucket }

// Put writes key; S3 makes the object visible whole or not at all.
func (b *Bucket) Put(ctx context.Context, key string, data []byte, contentType string) error {
	put := func() error {
		_, err := b.cl.PutObject(ctx, b.bucket, key, bytes.NewReader(data), int64(len(data)),
			minio.PutObjectOptions{ContentType: contentType})
		return err
	}
	err := put()
	if minio.ToErrorResponse(err).Code == minio.NoSuchBucket {
		// The outbox is intake's own: create it on first use.
		if merr := b.cl.MakeBucket(ctx, b.bucket, minio.MakeBucketOptions{}); merr != nil {
			if c := minio.ToErrorResponse(merr).Code; c != "BucketAlreadyOwnedByYou" && c != "BucketAlreadyExists" {
				return fmt.Errorf("s3 outbox %s: create: %w", b.bucket, merr)
			}
		}
		err = put()
	}
	if err != nil {
		return fmt.Errorf("s3 outbox %s: %s: %w", b.bucket, key, err)
	}
	return nil
}
