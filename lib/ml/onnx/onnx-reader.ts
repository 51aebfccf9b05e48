/**
 * Reads the parts of an ONNX ModelProto that describe a graph's structure: nodes (op type,
 * inputs, outputs, attributes), initializers (name, dims, element type, float32 values),
 * graph inputs and outputs with their shapes. Enough to recognise an architecture from the
 * graph (same-spec.ts) and to take its float32 weights; nothing here runs the model.
 *
 * Field numbers are onnx/onnx.proto's, as protobuf-writer.ts writes them. Repeated numeric
 * fields are read packed or unpacked (both are valid protobuf). Tensors stored outside the file
 * (data_location EXTERNAL) have no values here: an uploaded .onnx is one file.
 */

export class OnnxReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxReadError';
  }
}

/** A tensor from an initializer or a Constant node; values only for float32 data. */
export interface ReadTensor {
  name: string;
  dims: number[];
  /** ONNX TensorProto.DataType (1 float, 6 int32, 7 int64, 11 double, ...). */
  dataType: number;
  /** float32 values (row-major), when dataType is float and the data is in the file. */
  floats: Float32Array | null;
}

export type ReadAttribute =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: number[] }
  | { kind: 'floats'; value: number[] }
  | { kind: 'tensor'; value: ReadTensor }
  | { kind: 'other' };

export interface ReadNode {
  opType: string;
  domain: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, ReadAttribute>;
}

export interface ReadValueInfo {
  name: string;
  elementType: number | null;
  /** A number for a fixed size, a string for a symbolic one, null for an unknown one; null when no shape is declared. */
  shape: (number | string | null)[] | null;
}

export interface ReadGraph {
  nodes: ReadNode[];
  initializers: ReadTensor[];
  inputs: ReadValueInfo[];
  outputs: ReadValueInfo[];
}

const FLOAT = 1;
const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** One protobuf message's fields, read lazily in order. */
class Reader {
  private pos: number;
  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  /** Calls `visit(field, wireType, reader)` for every field; the visitor reads the value or the field is skipped. */
  fields(visit: (field: number, wire: number) => boolean | void): void {
    while (this.pos < this.end) {
      const key = this.varint();
      const field = Number(key >> 3n);
      const wire = Number(key & 7n);
      const before = this.pos;
      const consumed = visit(field, wire);
      if (!consumed || this.pos === before) this.skip(wire);
    }
    if (this.pos !== this.end) throw new OnnxReadError('model.onnx is not a valid ONNX file: a message runs past its end.');
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw new OnnxReadError('model.onnx is not a valid ONNX file: it ends inside a number.');
      const byte = this.bytes[this.pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new OnnxReadError('model.onnx is not a valid ONNX file: a number is longer than 10 bytes.');
    }
  }

  /** An int64 varint as a JavaScript number (two's complement for negative values). */
  int(): number {
    return Number(BigInt.asIntN(64, this.varint()));
  }

  /** A length-delimited field's bounds; the reader moves past it. */
  span(): { start: number; end: number } {
    const length = Number(this.varint());
    const start = this.pos;
    const end = start + length;
    if (end > this.end) throw new OnnxReadError('model.onnx is not a valid ONNX file: a field is longer than the file.');
    this.pos = end;
    return { start, end };
  }

  sub(): Reader {
    const { start, end } = this.span();
    return new Reader(this.bytes, start, end);
  }

  bytesField(): Uint8Array {
    const { start, end } = this.span();
    return this.bytes.subarray(start, end);
  }

  string(): string {
    return utf8.decode(this.bytesField());
  }

  float32(): number {
    if (this.pos + 4 > this.end) throw new OnnxReadError('model.onnx is not a valid ONNX file: it ends inside a float.');
    const value = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return value;
  }

  /** Repeated varints: packed (one length-delimited field) or one value. */
  ints(wire: number, into: number[]): void {
    if (wire === WIRE_LENGTH_DELIMITED) {
      const inner = this.sub();
      while (!inner.done()) into.push(inner.int());
    } else {
      into.push(this.int());
    }
  }

  /** Repeated float32: packed or one value. */
  floats(wire: number, into: number[]): void {
    if (wire === WIRE_LENGTH_DELIMITED) {
      const inner = this.sub();
      while (!inner.done()) into.push(inner.float32());
    } else {
      into.push(this.float32());
    }
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  private skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_FIXED64) this.advance(8);
    else if (wire === WIRE_LENGTH_DELIMITED) this.span();
    else if (wire === WIRE_FIXED32) this.advance(4);
    else throw new OnnxReadError(`model.onnx is not a valid ONNX file: unknown protobuf wire type ${wire}.`);
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new OnnxReadError('model.onnx is not a valid ONNX file: it ends inside a field.');
    this.pos += n;
  }
}

function readTensor(r: Reader): ReadTensor {
  const dims: number[] = [];
  const floatData: number[] = [];
  const t: { dataType: number; name: string; raw: Uint8Array | null } = { dataType: 0, name: '', raw: null };
  r.fields((field, wire) => {
    if (field === 1) r.ints(wire, dims);
    else if (field === 2) t.dataType = r.int();
    else if (field === 4) r.floats(wire, floatData);
    else if (field === 8) t.name = r.string();
    else if (field === 9) t.raw = r.bytesField();
    else return false;
    return true;
  });
  const { name, dataType } = t;
  let floats: Float32Array | null = null;
  if (t.dataType === FLOAT) {
    const size = dims.reduce((a, b) => a * b, 1);
    const rawBytes = t.raw;
    if (rawBytes) {
      if (rawBytes.length !== size * 4) throw new OnnxReadError(`model.onnx: tensor "${name}" has ${rawBytes.length} bytes of data for shape [${dims.join(', ')}] (${size * 4} expected).`);
      floats = new Float32Array(size);
      const view = new DataView(rawBytes.buffer, rawBytes.byteOffset, rawBytes.byteLength);
      for (let i = 0; i < size; i++) floats[i] = view.getFloat32(i * 4, true);
    } else if (floatData.length === size) {
      floats = Float32Array.from(floatData);
    }
  }
  return { name, dims, dataType, floats };
}

function readAttribute(r: Reader): [string, ReadAttribute] {
  // a holder, not locals: assignments inside the visitor are invisible to TypeScript's narrowing
  const a: { name: string; type: number; i: number | null; f: number | null; s: Uint8Array | null; t: ReadTensor | null; ints: number[]; floats: number[] } = {
    name: '',
    type: 0,
    i: null,
    f: null,
    s: null,
    t: null,
    ints: [],
    floats: [],
  };
  r.fields((field, wire) => {
    if (field === 1) a.name = r.string();
    else if (field === 2) a.f = r.float32();
    else if (field === 3) a.i = r.int();
    else if (field === 4) a.s = r.bytesField();
    else if (field === 5) a.t = readTensor(r.sub());
    else if (field === 7) r.floats(wire, a.floats);
    else if (field === 8) r.ints(wire, a.ints);
    else if (field === 20) a.type = r.int();
    else return false;
    return true;
  });
  // AttributeProto.AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7 (0: an old file without the type)
  const { type } = a;
  let value: ReadAttribute = { kind: 'other' };
  if (type === 1 || (type === 0 && a.f !== null)) value = { kind: 'float', value: a.f ?? 0 };
  else if (type === 2 || (type === 0 && a.i !== null)) value = { kind: 'int', value: a.i ?? 0 };
  else if (type === 3) value = { kind: 'string', value: utf8.decode(a.s ?? new Uint8Array()) };
  else if (type === 4 && a.t) value = { kind: 'tensor', value: a.t };
  else if (type === 6) value = { kind: 'floats', value: a.floats };
  else if (type === 7) value = { kind: 'ints', value: a.ints };
  return [a.name, value];
}

function readNode(r: Reader): ReadNode {
  const node: ReadNode = { opType: '', domain: '', name: '', inputs: [], outputs: [], attributes: {} };
  r.fields((field) => {
    if (field === 1) node.inputs.push(r.string());
    else if (field === 2) node.outputs.push(r.string());
    else if (field === 3) node.name = r.string();
    else if (field === 4) node.opType = r.string();
    else if (field === 5) {
      const [name, value] = readAttribute(r.sub());
      node.attributes[name] = value;
    } else if (field === 7) node.domain = r.string();
    else return false;
    return true;
  });
  return node;
}

function readShape(r: Reader): (number | string | null)[] {
  const dims: (number | string | null)[] = [];
  r.fields((field) => {
    if (field !== 1) return false;
    const dim: { value: number | string | null } = { value: null };
    const d = r.sub();
    d.fields((f) => {
      if (f === 1) dim.value = d.int();
      else if (f === 2) dim.value = d.string();
      else return false;
      return true;
    });
    dims.push(dim.value);
    return true;
  });
  return dims;
}

function readValueInfo(r: Reader): ReadValueInfo {
  const info: ReadValueInfo = { name: '', elementType: null, shape: null };
  r.fields((field) => {
    if (field === 1) info.name = r.string();
    else if (field === 2) {
      const type = r.sub();
      type.fields((tf) => {
        if (tf !== 1) return false; // tensor_type
        const tensor = type.sub();
        tensor.fields((f) => {
          if (f === 1) info.elementType = tensor.int();
          else if (f === 2) info.shape = readShape(tensor.sub());
          else return false;
          return true;
        });
        return true;
      });
    } else return false;
    return true;
  });
  return info;
}

function readGraph(r: Reader): ReadGraph {
  const graph: ReadGraph = { nodes: [], initializers: [], inputs: [], outputs: [] };
  r.fields((field) => {
    if (field === 1) graph.nodes.push(readNode(r.sub()));
    else if (field === 5) graph.initializers.push(readTensor(r.sub()));
    else if (field === 11) graph.inputs.push(readValueInfo(r.sub()));
    else if (field === 12) graph.outputs.push(readValueInfo(r.sub()));
    else return false;
    return true;
  });
  return graph;
}

/** The main graph of an ONNX model (ModelProto.graph). Throws OnnxReadError on bytes that are not one. */
export function readOnnxGraph(model: Uint8Array): ReadGraph {
  const found: { graph: ReadGraph | null } = { graph: null };
  const r = new Reader(model);
  r.fields((field) => {
    if (field !== 7) return false;
    found.graph = readGraph(r.sub());
    return true;
  });
  if (!found.graph) throw new OnnxReadError('model.onnx is not a valid ONNX file: it has no graph.');
  return found.graph;
}
