package rules

import (
	"errors"
	"fmt"
	"math/big"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"intake/pipeline"
)

// CheckFunc tells whether an identifier of one kind is valid (check
// digits); the wiring supplies them so this package needs no sibling.
type CheckFunc func(value string) bool

// compiled is one rule ready to run.
type compiled struct {
	Rule
	file     string
	version  string
	types    []string
	when     cel.Program // nil: always
	expr     cel.Program
	evidence cel.Program // nil: the values of Fields
	params   map[string]any
	dateOf   string
}

// newEnv declares what expressions see: fields (normalised values),
// lines (line items), facts (from fact sources), params (the file's
// constants) and the functions money() (cents of a decimal string) and
// check(kind, value).
func newEnv(checks map[string]CheckFunc) (*cel.Env, error) {
	return cel.NewEnv(
		cel.Variable("doc_type", cel.StringType),
		cel.Variable("fields", cel.MapType(cel.StringType, cel.StringType)),
		cel.Variable("lines", cel.ListType(cel.MapType(cel.StringType, cel.StringType))),
		cel.Variable("facts", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("params", cel.MapType(cel.StringType, cel.DynType)),
		cel.CrossTypeNumericComparisons(true),
		cel.Function("money", cel.Overload("money_string", []*cel.Type{cel.StringType}, cel.IntType,
			cel.UnaryBinding(func(v ref.Val) ref.Val {
				r, ok := new(big.Rat).SetString(string(v.(types.String)))
				if !ok {
					return types.NewErr("money: %q is not a decimal", v)
				}
				c := r.Mul(r, big.NewRat(100, 1))
				if !c.IsInt() {
					return types.NewErr("money: %q has more than two decimals", v)
				}
				return types.Int(c.Num().Int64())
			}))),
		cel.Function("check", cel.Overload("check_string_string", []*cel.Type{cel.StringType, cel.StringType}, cel.BoolType,
			cel.BinaryBinding(func(k, v ref.Val) ref.Val {
				f, ok := checks[string(k.(types.String))]
				if !ok {
					return types.NewErr("check: no check for %q", k)
				}
				return types.Bool(f(string(v.(types.String))))
			}))),
	)
}

// compileFile compiles every rule of one file; problems name the file,
// the rule and the position.
func compileFile(env *cel.Env, name string, b []byte) ([]*compiled, []string, error) {
	base := filepath.Base(name)
	f, lines, err := parseFile(b)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", base, err)
	}
	var errs []error
	if f.Version == "" {
		errs = append(errs, fmt.Errorf("%s: version is missing", base))
	}
	if len(f.DocumentTypes) == 0 {
		errs = append(errs, fmt.Errorf("%s: document_types is missing", base))
	}
	for _, t := range f.DocumentTypes {
		if !slices.Contains(pipeline.DocTypes, t) {
			errs = append(errs, fmt.Errorf("%s: unknown document type %q", base, t))
		}
	}
	seen := map[string]int{}
	var out []*compiled
	for i, r := range f.Rules {
		where := fmt.Sprintf("%s:%d: rule %q", base, lines[i][""], r.ID)
		for _, p := range r.validate(f.DocumentTypes) {
			errs = append(errs, fmt.Errorf("%s: %s", where, p))
		}
		key := r.ID + "\x00" + r.When + "\x00" + r.From
		if j, dup := seen[key]; dup {
			errs = append(errs, fmt.Errorf("%s: the same rule as rule %d", where, j+1))
		}
		seen[key] = i
		c := &compiled{Rule: r, file: base, version: f.Version, types: r.Types, params: f.Params, dateOf: f.DateField}
		if len(c.types) == 0 {
			c.types = f.DocumentTypes
		}
		prog := func(key, src string, want *cel.Type) cel.Program {
			if src == "" {
				return nil
			}
			desc := fmt.Sprintf("%s: %s (line %d)", where, key, lines[i][key])
			ast, iss := env.CompileSource(common.NewStringSource(src, desc))
			if iss.Err() != nil {
				errs = append(errs, fmt.Errorf("%s", strings.TrimSpace(iss.Err().Error())))
				return nil
			}
			if !ast.OutputType().IsExactType(want) && ast.OutputType() != cel.DynType {
				errs = append(errs, fmt.Errorf("%s: %s has type %s, want %s", desc, key, ast.OutputType(), want))
				return nil
			}
			p, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize))
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", desc, err))
			}
			return p
		}
		c.when = prog("when", r.When, cel.BoolType)
		c.expr = prog("expr", r.Expr, cel.BoolType)
		c.evidence = prog("evidence", r.Evidence, cel.StringType)
		out = append(out, c)
	}
	return out, f.DocumentTypes, errors.Join(errs...)
}

// sortedKeys is a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	k := make([]string, 0, len(m))
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}
