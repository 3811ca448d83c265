package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Media types intake recognises from bytes.
const (
	MediaPDF  = "application/pdf"
	MediaXML  = "application/xml"
	MediaPNG  = "image/png"
	MediaJPEG = "image/jpeg"
	MediaTIFF = "image/tiff"
	MediaText = "text/plain"
)

// IngestConfig bounds what ingest accepts.
type IngestConfig struct {
	MaxBytes int64 // larger inputs are quarantined unread
}

// DefaultIngestConfig returns the limits used when none are given.
func DefaultIngestConfig() IngestConfig { return IngestConfig{MaxBytes: 100 << 20} }

// Validate reports impossible settings.
func (c IngestConfig) Validate() error {
	if c.MaxBytes <= 0 {
		return fmt.Errorf("ingest: max bytes must be positive, got %d", c.MaxBytes)
	}
	return nil
}

// Ingest sets the document ID (sha256 of the bytes) and media type, and
// refuses input that is empty, too large or of a kind never read.
type Ingest struct{ Config IngestConfig }

func (Ingest) Name() string { return "ingest" }

func (s Ingest) Process(_ context.Context, doc *Document) error {
	sum := sha256.Sum256(doc.Data)
	doc.ID = hex.EncodeToString(sum[:])
	doc.Size = int64(len(doc.Data))
	doc.MediaType = Sniff(doc.Data)
	if doc.Size == 0 {
		return Unreadable("input.empty", ErrEmpty, "the file is empty (0 bytes)")
	}
	if doc.Size > s.Config.MaxBytes {
		return Unreadable("input.too_large", ErrTooLarge, "%d bytes is over the limit of %d", doc.Size, s.Config.MaxBytes)
	}
	if named := mediaFromName(doc.Origin.Source); named != "" && named != doc.MediaType {
		// A file whose name and content disagree is read by its content;
		// when the content is no readable kind the reason names both.
		if doc.MediaType == MediaText || doc.MediaType == "application/octet-stream" {
			return Unreadable("input.wrong_type", ErrUnsupportedMedia,
				"named as %s but the content is %s", named, doc.MediaType)
		}
	}
	switch doc.MediaType {
	case MediaText, "application/octet-stream", "application/zip", "image/gif", "image/bmp", "image/webp":
		return Unreadable("input.unsupported_type", ErrUnsupportedMedia, "%s is not a document type intake reads", doc.MediaType)
	}
	return nil
}

// Sniff decides the media type from the first bytes, never from a name.
func Sniff(b []byte) string {
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	switch {
	case len(b) == 0:
		return "application/octet-stream"
	case bytes.Contains(head, []byte("%PDF-")):
		return MediaPDF
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return MediaPNG
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return MediaJPEG
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return MediaTIFF
	case bytes.HasPrefix(b, []byte("GIF8")):
		return "image/gif"
	case bytes.HasPrefix(b, []byte("BM")) && len(b) > 14:
		return "image/bmp"
	case len(b) > 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp"
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return "application/zip"
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if bytes.HasPrefix(t, []byte("<?xml")) || (bytes.HasPrefix(t, []byte("<")) && len(t) > 1 && isXMLNameStart(t[1])) {
		return MediaXML
	}
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE, '<', 0}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF, 0, '<'}) {
		return MediaXML // UTF-16 XML
	}
	if noControl(head) && (utf8.Valid(head) || isLatin1Text(head)) {
		return MediaText
	}
	return "application/octet-stream"
}

func isXMLNameStart(c byte) bool {
	return c == '!' || c == '_' || c == '?' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func noControl(b []byte) bool {
	for _, c := range b {
		if c < 0x09 || (c > 0x0d && c < 0x20) {
			return false
		}
	}
	return true
}

func isLatin1Text(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 && c < 0xa0 {
			return false
		}
	}
	return true
}

func mediaFromName(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pdf":
		return MediaPDF
	case ".xml":
		return MediaXML
	case ".png":
		return MediaPNG
	case ".jpg", ".jpeg":
		return MediaJPEG
	case ".tif", ".tiff":
		return MediaTIFF
	}
	return ""
}

// ImageMedia reports whether a media type is a raster image that needs OCR.
func ImageMedia(mt string) bool { return strings.HasPrefix(mt, "image/") }
