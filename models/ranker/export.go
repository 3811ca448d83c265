package ranker

import (
	"fmt"
	"strings"

	"google.golang.org/protobuf/proto"

	"intake/models/onnxpb"
)

// ONNX names of the graph's input and output.
const (
	InputName  = "features" // float32 [candidates, features]
	OutputName = "probs"    // float32 [candidates, 1], calibrated
)

// ONNX encodes m as an ONNX model (IR 8, opset 17): features → Gemm →
// Relu → Gemm → Sigmoid. Standardisation is folded into the first layer
// and Platt scaling into the second, so the output is the calibrated
// probability: σ(A·z + B), or σ(A'·z + B') for rows of the separately
// calibrated group, computed as A·z + B + g·((A'−A)·z + B'−B) with g the
// group's 0/1 input column. The encoding is deterministic.
func (m *Model) ONNX(version string) ([]byte, error) {
	d, h := int64(len(m.Features)), int64(m.Hidden)
	w1 := make([]float32, len(m.W1))
	b1 := make([]float32, len(m.B1))
	for k := range h {
		s := m.B1[k]
		for j := range d {
			w := m.W1[k*d+j] * m.Scale[j]
			w1[k*d+j] = float32(w)
			s -= w * m.Mean[j]
		}
		b1[k] = float32(s)
	}
	w2 := make([]float32, h)
	for k := range w2 {
		w2[k] = float32(m.W2[k])
	}
	b2 := []float32{float32(m.B2)}
	group := int64(max(m.Group, 0))
	dA, dB := m.GroupA-m.PlattA, m.GroupB-m.PlattB
	if m.Group < 0 {
		dA, dB = 0, 0
	}
	scalar := func(name string, v float64) *onnxpb.TensorProto { return onnxpb.Floats(name, []float32{float32(v)}) }
	n := &onnxpb.TensorShapeProto_Dimension{Value: &onnxpb.TensorShapeProto_Dimension_DimParam{DimParam: "candidates"}}
	dim := func(v int64) *onnxpb.TensorShapeProto_Dimension {
		return &onnxpb.TensorShapeProto_Dimension{Value: &onnxpb.TensorShapeProto_Dimension_DimValue{DimValue: v}}
	}
	value := func(name string, dims ...*onnxpb.TensorShapeProto_Dimension) *onnxpb.ValueInfoProto {
		return &onnxpb.ValueInfoProto{Name: proto.String(name), Type: &onnxpb.TypeProto{Value: &onnxpb.TypeProto_TensorType{
			TensorType: &onnxpb.TypeProto_Tensor{ElemType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), Shape: &onnxpb.TensorShapeProto{Dim: dims}}}}}
	}
	transB := &onnxpb.AttributeProto{Name: proto.String("transB"), Type: onnxpb.AttributeProto_INT.Enum(), I: proto.Int64(1)}
	node := func(name, op string, in []string, out string, attrs ...*onnxpb.AttributeProto) *onnxpb.NodeProto {
		return &onnxpb.NodeProto{OpType: proto.String(op), Name: proto.String(name), Input: in, Output: []string{out}, Attribute: attrs}
	}
	g := &onnxpb.GraphProto{
		Name: proto.String("field_ranker"),
		Node: []*onnxpb.NodeProto{
			node("hidden", "Gemm", []string{InputName, "w1", "b1"}, "pre", transB),
			node("relu", "Relu", []string{"pre"}, "act"),
			node("logit", "Gemm", []string{"act", "w2", "b2"}, "z", transB),
			node("group", "Slice", []string{InputName, "g_start", "g_end", "g_axis"}, "g"),
			node("za", "Mul", []string{"z", "platt_a"}, "za"),
			node("zab", "Add", []string{"za", "platt_b"}, "zab"),
			node("zd", "Mul", []string{"z", "group_da"}, "zd"),
			node("zdd", "Add", []string{"zd", "group_db"}, "zdd"),
			node("gz", "Mul", []string{"g", "zdd"}, "gz"),
			node("calibrated", "Add", []string{"zab", "gz"}, "zc"),
			node("sigmoid", "Sigmoid", []string{"zc"}, OutputName),
		},
		Initializer: []*onnxpb.TensorProto{
			onnxpb.Floats("w1", w1, h, d), onnxpb.Floats("b1", b1, h),
			onnxpb.Floats("w2", w2, 1, h), onnxpb.Floats("b2", b2, 1),
			onnxpb.Int64s("g_start", group), onnxpb.Int64s("g_end", group+1), onnxpb.Int64s("g_axis", 1),
			scalar("platt_a", m.PlattA), scalar("platt_b", m.PlattB),
			scalar("group_da", dA), scalar("group_db", dB),
		},
		Input:  []*onnxpb.ValueInfoProto{value(InputName, n, dim(d))},
		Output: []*onnxpb.ValueInfoProto{value(OutputName, n, dim(1))},
	}
	mp := &onnxpb.ModelProto{
		IrVersion:       proto.Int64(8),
		OpsetImport:     []*onnxpb.OperatorSetIdProto{{Domain: proto.String(""), Version: proto.Int64(17)}},
		ProducerName:    proto.String("intake"),
		ProducerVersion: proto.String(version),
		DocString:       proto.String("field candidate ranker: probability that a candidate is its field's value, Platt-calibrated"),
		Graph:           g,
		MetadataProps: []*onnxpb.StringStringEntryProto{
			{Key: proto.String("features"), Value: proto.String(strings.Join(m.Features, ","))},
			{Key: proto.String("platt"), Value: proto.String(fmt.Sprint(m.PlattA, " ", m.PlattB))},
			{Key: proto.String("group_platt"), Value: proto.String(fmt.Sprint(m.Group, " ", m.GroupA, " ", m.GroupB))},
		},
	}
	out, err := proto.MarshalOptions{Deterministic: true}.Marshal(mp)
	if err != nil {
		return nil, fmt.Errorf("ranker: onnx: %w", err)
	}
	return out, nil
}
