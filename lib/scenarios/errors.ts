/**
 * The one error every scenario check throws. The API turns it into
 * `{ error: { code, message, details } }`; the UI form uses `details.field` (a JSON path such
 * as `selector.predicate.column`) to put the message next to the input that caused it.
 */

export type ScenarioErrorCode =
  | 'invalid_spec'
  | 'spec_too_deep'
  | 'selector_empty'
  | 'selector_all_training'
  | 'unknown_column'
  | 'invalid_operator'
  | 'invalid_value'
  | 'unknown_subject'
  | 'unknown_class'
  | 'no_subjects'
  | 'too_many_subjects'
  | 'row_not_in_training'
  | 'trigger_kind_mismatch'
  | 'trigger_too_large'
  | 'trigger_out_of_bounds'
  | 'same_class'
  | 'too_few_classes'
  | 'no_poison_candidates'
  | 'poison_count_too_large'
  | 'requests_too_fine';

export interface ScenarioErrorDetails {
  /** JSON path of the offending spec field, e.g. `selector.selectors[1].predicate.value`. */
  field: string;
  [key: string]: unknown;
}

export class ScenarioError extends Error {
  readonly code: ScenarioErrorCode;
  readonly details: ScenarioErrorDetails;

  constructor(code: ScenarioErrorCode, message: string, details: ScenarioErrorDetails) {
    super(message);
    this.name = 'ScenarioError';
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: ScenarioErrorCode; message: string; details: ScenarioErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/**
 * Builds a ScenarioError whose message starts with the field path, so the message alone
 * (in a log, a toast, an API response) still says which input was wrong.
 */
export function scenarioError(
  code: ScenarioErrorCode,
  field: string,
  message: string,
  extra: Record<string, unknown> = {},
): ScenarioError {
  return new ScenarioError(code, `${field}: ${message}`, { ...extra, field });
}

/** `a, b, c and 12 more`: keeps messages readable when a dataset has thousands of values. */
export function formatList(values: readonly (string | number)[], max = 10): string {
  const shown = values.slice(0, max).map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v)));
  const rest = values.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/** Appends a key or an index to a JSON path: `selector` + 2 -> `selector[2]`. */
export function fieldPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}
