/**
 * ONNX models as plain objects, and their encoding as a ModelProto (field numbers from
 * onnx/onnx.proto). Only what Lethe's graphs use: float32 tensors, int64 shape constants,
 * node attributes of kind int, ints, float and string.
 */
import { ProtobufWriter } from './protobuf-writer';

/** ONNX TensorProto.DataType values. */
export const OnnxDataType = { float: 1, int32: 6, int64: 7 } as const;
type OnnxElementType = (typeof OnnxDataType)[keyof typeof OnnxDataType];

export type OnnxAttribute = number | number[] | string | { float: number };

export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, OnnxAttribute>;
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  /** float32 values, or int64 values (shape constants) given as plain integers. */
  values: Float32Array | { int64: number[] };
}

export interface OnnxValueInfo {
  name: string;
  elementType?: OnnxElementType;
  /** A number for a fixed size, a string for a symbolic one (the batch). */
  shape: (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

/** IR version 8 / opset 17: every operator we emit has its current semantics there, and ORT 1.30 reads both. */
const IR_VERSION = 8;
const OPSET_VERSION = 17;

// AttributeProto.AttributeType
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_STRING = 3;
const ATTRIBUTE_INTS = 7;

export function encodeOnnxModel(graph: OnnxGraph, producer = 'lethe'): Uint8Array {
  const model = new ProtobufWriter();
  model.varint(1, IR_VERSION); // ir_version
  model.string(2, producer); // producer_name
  model.message(7, (g) => writeGraph(g, graph)); // graph
  model.message(8, (opset) => opset.string(1, '').varint(2, OPSET_VERSION)); // opset_import (default domain)
  return model.finish();
}

function writeGraph(g: ProtobufWriter, graph: OnnxGraph): void {
  graph.nodes.forEach((node, i) => g.message(1, (n) => writeNode(n, node, `${graph.name}/${node.opType}${i}`)));
  g.string(2, graph.name);
  for (const init of graph.initializers) g.message(5, (t) => writeTensor(t, init));
  for (const input of graph.inputs) g.message(11, (v) => writeValueInfo(v, input));
  for (const output of graph.outputs) g.message(12, (v) => writeValueInfo(v, output));
}

function writeNode(n: ProtobufWriter, node: OnnxNode, name: string): void {
  for (const input of node.inputs) n.string(1, input);
  for (const output of node.outputs) n.string(2, output);
  n.string(3, name);
  n.string(4, node.opType);
  for (const [key, value] of Object.entries(node.attributes ?? {})) n.message(5, (a) => writeAttribute(a, key, value));
}

function writeAttribute(a: ProtobufWriter, name: string, value: OnnxAttribute): void {
  a.string(1, name);
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: ${value} is not an integer; pass { float } for floats`);
    a.varint(3, value).varint(20, ATTRIBUTE_INT);
  } else if (typeof value === 'string') {
    a.string(4, value).varint(20, ATTRIBUTE_STRING);
  } else if (Array.isArray(value)) {
    a.packedVarints(8, value).varint(20, ATTRIBUTE_INTS);
  } else {
    a.float(2, value.float).varint(20, ATTRIBUTE_FLOAT);
  }
}

function writeTensor(t: ProtobufWriter, init: OnnxInitializer): void {
  const size = init.dims.reduce((a, b) => a * b, 1);
  t.packedVarints(1, init.dims); // dims
  if (init.values instanceof Float32Array) {
    if (init.values.length !== size) throw new Error(`initializer ${init.name} has ${init.values.length} values for shape [${init.dims}]`);
    t.varint(2, OnnxDataType.float);
    t.string(8, init.name);
    t.bytes(9, ProtobufWriter.float32Bytes(init.values)); // raw_data
  } else {
    if (init.values.int64.length !== size) throw new Error(`initializer ${init.name} has ${init.values.int64.length} values for shape [${init.dims}]`);
    t.varint(2, OnnxDataType.int64);
    t.packedVarints(7, init.values.int64); // int64_data
    t.string(8, init.name);
  }
}

function writeValueInfo(v: ProtobufWriter, info: OnnxValueInfo): void {
  v.string(1, info.name);
  v.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.varint(1, info.elementType ?? OnnxDataType.float);
      tensor.message(2, (shape) => {
        for (const dim of info.shape) shape.message(1, (d) => (typeof dim === 'number' ? d.varint(1, dim) : d.string(2, dim)));
      });
    }),
  );
}
