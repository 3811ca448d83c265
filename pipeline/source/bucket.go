package source

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config says how to reach an S3 server.
type S3Config struct {
	Endpoint  string // host:port, or a URL (http:// or https://)
	AccessKey string
	SecretKey string
	Region    string
	// MaxRetries per request inside minio-go; intake retries longer
	// outages itself.
	MaxRetries int
}

// DefaultS3Config takes the keys from AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY when they are set.
func DefaultS3Config(endpoint string) S3Config {
	return S3Config{
		Endpoint: endpoint, AccessKey: os.Getenv("AWS_ACCESS_KEY_ID"), SecretKey: os.Getenv("AWS_SECRET_ACCESS_KEY"),
		Region: "us-east-1", MaxRetries: 3,
	}
}

// Validate reports every missing setting.
func (c S3Config) Validate() error {
	var errs []error
	if c.Endpoint == "" {
		errs = append(errs, errors.New("s3: endpoint is empty"))
	}
	if c.AccessKey == "" || c.SecretKey == "" {
		errs = append(errs, errors.New("s3: access key and secret key are needed (flags or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"))
	}
	if c.MaxRetries < 1 {
		errs = append(errs, fmt.Errorf("s3: max retries must be at least 1, got %d", c.MaxRetries))
	}
	return errors.Join(errs...)
}

// Client opens a minio-go client with path-style addressing.
func (c S3Config) Client() (*minio.Client, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	host, secure := c.Endpoint, false
	if strings.Contains(host, "://") {
		u, err := url.Parse(host)
		if err != nil {
			return nil, fmt.Errorf("s3: endpoint: %w", err)
		}
		host, secure = u.Host, u.Scheme == "https"
	}
	cl, err := minio.New(host, &minio.Options{
		Creds: credentials.NewStaticV4(c.AccessKey, c.SecretKey, ""), Secure: secure,
		Region: c.Region, BucketLookup: minio.BucketLookupPath, MaxRetries: c.MaxRetries,
	})
	if err != nil {
		return nil, fmt.Errorf("s3: %w", err)
	}
	return cl, nil
}

// Bucket is an inbox on an S3 bucket.
type Bucket struct {
	cl     *minio.Client
	bucket string
	prefix string
}

// NewBucket reads bucket (under prefix, which may be empty).
func NewBucket(cl *minio.Client, bucket, prefix string) (*Bucket, error) {
	if cl == nil || bucket == "" {
		return nil, errors.New("s3 inbox: client and bucket are needed")
	}
	return &Bucket{cl: cl, bucket: bucket, prefix: prefix}, nil
}

// Name is the bucket name; events name it the same way.
func (b *Bucket) Name() string { return b.bucket }

// Source is how a case names the original.
func (b *Bucket) Source(key string) string { return "s3://" + b.bucket + "/" + key }

// Contains reports whether key is under the inbox's prefix.
func (b *Bucket) Contains(key string) bool { return strings.HasPrefix(key, b.prefix) }

// List calls fn for every object under the prefix.
func (b *Bucket) List(ctx context.Context, fn func(Object) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the lister goroutine when fn fails
	for o := range b.cl.ListObjects(ctx, b.bucket, minio.ListObjectsOptions{Prefix: b.prefix, Recursive: true}) {
		if o.Err != nil {
			return fmt.Errorf("s3 inbox %s: list: %w", b.bucket, o.Err)
		}
		if strings.HasSuffix(o.Key, "/") {
			continue
		}
		if err := fn(Object{Key: o.Key, ETag: NormETag(o.ETag), Size: o.Size, Modified: o.LastModified}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Get fetches the version etag of key, at most limit bytes.
func (b *Bucket) Get(ctx context.Context, key, etag string, limit int64) ([]byte, error) {
	var opts minio.GetObjectOptions
	if etag != "" {
		if err := opts.SetMatchETag(etag); err != nil {
			return nil, fmt.Errorf("s3 inbox: %w", err)
		}
	}
	obj, err := b.cl.GetObject(ctx, b.bucket, key, opts)
	if err != nil {
		return nil, b.classify(key, err)
	}
	defer obj.Close()
	st, err := obj.Stat()
	if err != nil {
		return nil, b.classify(key, err)
	}
	if st.Size > limit {
		return nil, fmt.Errorf("s3 inbox: %s: %d bytes: %w", key, st.Size, ErrTooLarge)
	}
	data, err := io.ReadAll(io.LimitReader(obj, limit+1))
	if err != nil {
		return nil, b.classify(key, err)
	}
	if int64(len(data)) != st.Size {
		return nil, fmt.Errorf("s3 inbox: %s: read %d of %d bytes", key, len(data), st.Size)
	}
	return data, nil
}

// Sum streams the version etag of key through SHA-256 without holding it:
// an object over the fetch limit still gets a case under its content hash.
func (b *Bucket) Sum(ctx context.Context, key, etag string) (string, int64, error) {
	var opts minio.GetObjectOptions
	if etag != "" {
		if err := opts.SetMatchETag(etag); err != nil {
			return "", 0, fmt.Errorf("s3 inbox: %w", err)
		}
	}
	obj, err := b.cl.GetObject(ctx, b.bucket, key, opts)
	if err != nil {
		return "", 0, b.classify(key, err)
	}
	defer obj.Close()
	h := sha256.New()
	n, err := io.Copy(h, obj)
	if err != nil {
		return "", 0, b.classify(key, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

func (b *Bucket) classify(key string, err error) error {
	resp := minio.ToErrorResponse(err)
	switch {
	case resp.Code == minio.NoSuchKey || resp.StatusCode == http.StatusNotFound && resp.Code != minio.NoSuchBucket:
		return fmt.Errorf("s3 inbox: %s: %w", key, ErrGone)
	case resp.Code == "PreconditionFailed" || resp.StatusCode == http.StatusPreconditionFailed:
		return fmt.Errorf("s3 inbox: %s: %w", key, ErrChanged)
	}
	return fmt.Errorf("s3 inbox: %s: %w", key, err)
}

// NormETag drops the quotes S3 puts around an ETag.
func NormETag(s string) string { return strings.Trim(s, `"`) }
