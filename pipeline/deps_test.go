package pipeline

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDependencyDirection states the architecture's import policy: pipeline
// imports no plug-in; models and validators never import extractors;
// siblings under extractors/ and validators/ don't import each other.
func TestDependencyDirection(t *testing.T) {
	root := ".."
	imports := map[string][]string{} // package dir (slash, from root) → intake imports
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		rel = filepath.ToSlash(rel)
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			if strings.HasPrefix(path, "intake/") {
				imports[rel] = append(imports[rel], strings.TrimPrefix(path, "intake/"))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	top := func(p string) string { return strings.SplitN(p, "/", 2)[0] }
	group := func(p string) string { // extractors/pdf/x → extractors/pdf
		parts := strings.SplitN(p, "/", 3)
		if len(parts) < 2 {
			return p
		}
		return parts[0] + "/" + parts[1]
	}
	for pkg, ims := range imports {
		for _, im := range ims {
			switch {
			case top(pkg) == "pipeline" && top(im) != "pipeline":
				t.Errorf("%s imports %s: pipeline imports no plug-in package", pkg, im)
			case (top(pkg) == "models" || top(pkg) == "validators") && top(im) == "extractors":
				t.Errorf("%s imports %s: models and validators never import extractors", pkg, im)
			case (top(pkg) == "extractors" || top(pkg) == "validators") && top(im) == top(pkg) && group(im) != group(pkg):
				t.Errorf("%s imports its sibling %s", pkg, im)
			case top(im) == "cmd":
				t.Errorf("%s imports %s: nothing imports a command", pkg, im)
			}
		}
	}
	if len(imports) == 0 {
		t.Fatal("found no packages: the walk is broken")
	}
}

func FuzzSniff(f *testing.F) {
	for _, s := range []string{"%PDF-1.7", "<?xml", "\x89PNG\r\n\x1a\n", "", "II*\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if Sniff(b) == "" {
			t.Fatal("empty media type")
		}
	})
}
