package onnxpb

import (
	"testing"

	"google.golang.org/protobuf/proto"
)

// A model survives the wire format: the generated types are usable.
func TestRoundTrip(t *testing.T) {
	m := &ModelProto{
		IrVersion:   proto.Int64(8),
		OpsetImport: []*OperatorSetIdProto{{Domain: proto.String(""), Version: proto.Int64(17)}},
		Graph:       &GraphProto{Name: proto.String("g"), Node: []*NodeProto{{OpType: proto.String("Softmax")}}},
	}
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back ModelProto
	if err := proto.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.GetIrVersion() != 8 || back.GetGraph().GetNode()[0].GetOpType() != "Softmax" {
		t.Fatalf("round trip lost data: %v", &back)
	}
}
