package source

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Event is one object-created notification.
type Event struct {
	Bucket string
	Object
}

// ParseEvent reads an S3 event notification (the AWS format that MinIO and
// versitygw send over NATS and webhooks) and returns its object-created
// records; test events and other record kinds give none.
func ParseEvent(data []byte) ([]Event, error) {
	var msg struct {
		Records []struct {
			EventName string `json:"eventName"`
			EventTime string `json:"eventTime"`
			S3        struct {
				Bucket struct {
					Name string `json:"name"`
				} `json:"bucket"`
				Object struct {
					Key  string  `json:"key"`
					Size int64   `json:"size"`
					ETag *string `json:"eTag"`
				} `json:"object"`
			} `json:"s3"`
		} `json:"Records"`
	}
	if err := json.Unmarshal(data, &msg); err != nil {
		return nil, fmt.Errorf("s3 event: %w", err)
	}
	var out []Event
	for _, r := range msg.Records {
		if !strings.HasPrefix(r.EventName, "s3:ObjectCreated:") && !strings.HasPrefix(r.EventName, "ObjectCreated:") {
			continue
		}
		// Keys in notifications are URL-encoded (a space as + or %20).
		key, err := url.QueryUnescape(r.S3.Object.Key)
		if err != nil {
			key = r.S3.Object.Key
		}
		if key == "" || strings.HasSuffix(key, "/") {
			continue
		}
		e := Event{Bucket: r.S3.Bucket.Name, Object: Object{Key: key, Size: r.S3.Object.Size}}
		if r.S3.Object.ETag != nil {
			e.ETag = NormETag(*r.S3.Object.ETag)
		}
		e.Modified, _ = time.Parse(time.RFC3339Nano, r.EventTime)
		out = append(out, e)
	}
	return out, nil
}
