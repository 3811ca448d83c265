package onnxpb

import (
	"encoding/binary"
	"math"

	"google.golang.org/protobuf/proto"
)

// Floats is a float32 initializer of the given shape, little-endian raw
// data as ONNX stores it.
func Floats(name string, v []float32, dims ...int64) *TensorProto {
	raw := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(f))
	}
	return &TensorProto{Name: proto.String(name), DataType: proto.Int32(int32(TensorProto_FLOAT)), Dims: dims, RawData: raw}
}

// Int64s is a one-dimensional int64 initializer.
func Int64s(name string, v ...int64) *TensorProto {
	raw := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(raw[8*i:], uint64(x))
	}
	return &TensorProto{Name: proto.String(name), DataType: proto.Int32(int32(TensorProto_INT64)), Dims: []int64{int64(len(v))}, RawData: raw}
}
