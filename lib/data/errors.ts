/**
 * The one error every data-layer failure is reported with. `code` is stable (the API and UI
 * switch on it); `message` is a sentence for people that names the line, column or entry and
 * the rule broken; `details` carries the same facts in machine-readable form.
 */

export type DataErrorCode =
  | 'empty_file'
  | 'no_rows'
  | 'duplicate_column'
  | 'empty_column_name'
  | 'ragged_row'
  | 'unterminated_quote'
  | 'invalid_quote'
  | 'invalid_utf8'
  | 'single_class'
  | 'singleton_class'
  | 'not_numeric'
  | 'missing_value'
  | 'file_too_large'
  | 'too_many_rows'
  | 'too_many_columns'
  | 'invalid_option'
  | 'unknown_column'
  | 'bad_magic'
  | 'count_mismatch'
  | 'truncated_file'
  | 'trailing_bytes'
  | 'corrupt_gzip'
  | 'label_out_of_range'
  | 'shape_mismatch'
  | 'corrupt_zip'
  | 'unsafe_path'
  | 'not_an_image'
  | 'outside_class_folder'
  | 'undecodable_image'
  | 'image_too_large'
  | 'mixed_image_sizes'
  | 'corrupt_storage'
  | 'unsupported_dtype'
  | 'not_finite';

export interface DataErrorDetails {
  /** 1-based physical line of the source file. */
  line?: number;
  /** Column name (or `#n`, 1-based position, when the name is empty). */
  column?: string;
  /** File name: a ZIP entry or one of the IDX files. */
  entry?: string;
  /** The configured limit that was exceeded. */
  limit?: number;
  expected?: number | string;
  found?: number | string;
  value?: string;
  className?: string;
  /** 0-based row of an array (NumPy's index). */
  row?: number;
}

export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly details: DataErrorDetails;

  constructor(code: DataErrorCode, message: string, details: DataErrorDetails = {}) {
    super(message);
    this.name = 'DataError';
    this.code = code;
    this.details = details;
  }

  /** The project's one error shape, `{ code, message, details }`, for API responses. */
  toJSON(): { code: DataErrorCode; message: string; details: DataErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** Cell values quoted in messages are cut so one huge cell cannot flood a log or a page. */
export function quoteValue(value: string, max = 60): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(cut);
}
