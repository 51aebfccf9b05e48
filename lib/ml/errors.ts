/** Thrown by the training loop when its AbortSignal fires; name 'AbortError' like fetch's. */
export class TrainingAbortedError extends Error {
  constructor(message = 'training was cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
