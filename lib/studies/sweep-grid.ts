/**
 * The grid of a hyperparameter sweep (pure, no Node APIs: the study form uses it too): which
 * settings of a method can be swept, the grid points of a sweep in a fixed order, and a small
 * suggested grid around a default.
 */
import type { StudyMethod } from '@/db/schema';
import { MAX_SWEEP_POINTS, type SweepInput } from './input';

/**
 * The sweep a method configuration belongs to: `group` is the index of the method entry in the
 * study's input, `point` its index in gridOf's order, `setting` the swept values there.
 */
export type SweepTag = NonNullable<StudyMethod['sweep']>;

interface JsonSchemaProperty {
  type?: string | string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/** Settings of a method whose values are numbers, from its config's JSON schema. */
export function numericSettingsOf(configJsonSchema: Record<string, unknown>): string[] {
  const properties = (configJsonSchema.properties ?? {}) as Record<string, JsonSchemaProperty>;
  return Object.entries(properties)
    .filter(([, p]) => [p.type].flat().some((t) => t === 'number' || t === 'integer'))
    .map(([name]) => name);
}

/** Every combination of the swept values, the first setting varying slowest. */
export function gridOf(sweep: SweepInput): Array<Record<string, number>> {
  return Object.entries(sweep).reduce<Array<Record<string, number>>>((points, [name, values]) => points.flatMap((p) => values.map((v) => ({ ...p, [name]: v }))), [{}]);
}

export function sweepPointCount(sweep: SweepInput): number {
  return Object.values(sweep).reduce((n, values) => n * values.length, 1);
}

export function sweepTooLarge(sweep: SweepInput): string | null {
  const points = sweepPointCount(sweep);
  return points > MAX_SWEEP_POINTS ? `this sweep has ${points} grid points; a method's sweep has at most ${MAX_SWEEP_POINTS}.` : null;
}

/** Half, the value and double (whole numbers for integer settings, within the schema's bounds). */
export function suggestedValues(value: number, property: JsonSchemaProperty): number[] {
  const integer = [property.type].flat().includes('integer');
  const round = (x: number) => (integer ? Math.round(x) : Number(x.toPrecision(3)));
  const inBounds = (x: number) =>
    (property.minimum === undefined || x >= property.minimum) &&
    (property.maximum === undefined || x <= property.maximum) &&
    (property.exclusiveMinimum === undefined || x > property.exclusiveMinimum) &&
    (property.exclusiveMaximum === undefined || x < property.exclusiveMaximum);
  return [...new Set([value * 0.5, value, value * 2].map(round))].filter(inBounds);
}

/** The JSON schema of one setting (bounds for suggestions and the form's inputs). */
export function settingSchemaOf(configJsonSchema: Record<string, unknown>, name: string): JsonSchemaProperty {
  return ((configJsonSchema.properties ?? {}) as Record<string, JsonSchemaProperty>)[name] ?? {};
}

/** A study's stored method configurations back to the input that planned them (each sweep's grid points folded into one entry): what reproducing the study sends. */
export function methodInputsOf(methods: readonly StudyMethod[]): Array<{ methodId: string; config: Record<string, unknown>; sweep?: SweepInput }> {
  const out: Array<{ methodId: string; config: Record<string, unknown>; sweep?: SweepInput }> = [];
  const groups = new Map<number, SweepInput>();
  for (const m of methods) {
    if (!m.sweep) {
      out.push({ methodId: m.methodId, config: m.config });
      continue;
    }
    let sweep = groups.get(m.sweep.group);
    if (!sweep) {
      sweep = {};
      groups.set(m.sweep.group, sweep);
      out.push({ methodId: m.methodId, config: m.config, sweep });
    }
    for (const [name, value] of Object.entries(m.sweep.setting)) {
      const values = (sweep[name] ??= []);
      if (!values.includes(value)) values.push(value);
    }
  }
  return out;
}
