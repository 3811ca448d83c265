package classifier

import (
	"fmt"
	"strings"

	"google.golang.org/protobuf/proto"

	"intake/models/onnxpb"
)

// ONNX names of the graph's input and output.
const (
	InputName  = "ids"   // int64 [tokens]: Input(ids)
	OutputName = "probs" // float32 [1, labels], calibrated
)

// ONNX encodes m as an ONNX model (IR 8, opset 17): ids → Gather →
// ReduceMean → Gemm → Softmax. The temperature is folded into the last
// layer's weights, so the graph's output is the calibrated distribution.
// The encoding is deterministic.
func (m *Model) ONNX(version string) ([]byte, error) {
	k, d := int64(len(m.Labels)), int64(m.Dim)
	t := m.Temperature
	if t <= 0 {
		t = 1
	}
	w := make([]float32, len(m.W))
	for i, v := range m.W {
		w[i] = float32(float64(v) / t)
	}
	b := make([]float32, len(m.B))
	for i, v := range m.B {
		b[i] = float32(float64(v) / t)
	}
	tokens := &onnxpb.TensorShapeProto_Dimension{Value: &onnxpb.TensorShapeProto_Dimension_DimParam{DimParam: "tokens"}}
	dim := func(n int64) *onnxpb.TensorShapeProto_Dimension {
		return &onnxpb.TensorShapeProto_Dimension{Value: &onnxpb.TensorShapeProto_Dimension_DimValue{DimValue: n}}
	}
	value := func(name string, elem onnxpb.TensorProto_DataType, dims ...*onnxpb.TensorShapeProto_Dimension) *onnxpb.ValueInfoProto {
		return &onnxpb.ValueInfoProto{Name: proto.String(name), Type: &onnxpb.TypeProto{Value: &onnxpb.TypeProto_TensorType{
			TensorType: &onnxpb.TypeProto_Tensor{ElemType: proto.Int32(int32(elem)), Shape: &onnxpb.TensorShapeProto{Dim: dims}}}}}
	}
	ints := func(name string, v ...int64) *onnxpb.AttributeProto {
		if len(v) == 1 && name != "axes" {
			return &onnxpb.AttributeProto{Name: proto.String(name), Type: onnxpb.AttributeProto_INT.Enum(), I: proto.Int64(v[0])}
		}
		return &onnxpb.AttributeProto{Name: proto.String(name), Type: onnxpb.AttributeProto_INTS.Enum(), Ints: v}
	}
	node := func(op string, in []string, out string, attrs ...*onnxpb.AttributeProto) *onnxpb.NodeProto {
		return &onnxpb.NodeProto{OpType: proto.String(op), Name: proto.String(strings.ToLower(op)), Input: in, Output: []string{out}, Attribute: attrs}
	}
	g := &onnxpb.GraphProto{
		Name: proto.String("doctype"),
		Node: []*onnxpb.NodeProto{
			node("Gather", []string{"emb", InputName}, "rows", ints("axis", 0)),
			node("ReduceMean", []string{"rows"}, "hidden", ints("axes", 0), ints("keepdims", 1)),
			node("Gemm", []string{"hidden", "w", "b"}, "logits", ints("transB", 1)),
			node("Softmax", []string{"logits"}, OutputName, ints("axis", 1)),
		},
		Initializer: []*onnxpb.TensorProto{
			onnxpb.Floats("emb", m.Emb, int64(m.Vocab+1), d),
			onnxpb.Floats("w", w, k, d),
			onnxpb.Floats("b", b, k),
		},
		Input:  []*onnxpb.ValueInfoProto{value(InputName, onnxpb.TensorProto_INT64, tokens)},
		Output: []*onnxpb.ValueInfoProto{value(OutputName, onnxpb.TensorProto_FLOAT, dim(1), dim(k))},
	}
	mp := &onnxpb.ModelProto{
		IrVersion:       proto.Int64(8),
		OpsetImport:     []*onnxpb.OperatorSetIdProto{{Domain: proto.String(""), Version: proto.Int64(17)}},
		ProducerName:    proto.String("intake"),
		ProducerVersion: proto.String(version),
		DocString:       proto.String("document type from a bag of BPE token ids; output calibrated by temperature"),
		Graph:           g,
		MetadataProps: []*onnxpb.StringStringEntryProto{
			{Key: proto.String("labels"), Value: proto.String(strings.Join(m.Labels, ","))},
			{Key: proto.String("temperature"), Value: proto.String(fmt.Sprint(t))},
		},
	}
	out, err := proto.MarshalOptions{Deterministic: true}.Marshal(mp)
	if err != nil {
		return nil, fmt.Errorf("classifier: onnx: %w", err)
	}
	return out, nil
}
