/**
 * Dataset services throw AppError; pages render those the page way, like page-gate does for the
 * team gate: not_found → Next's not-found (also for another team's dataset), forbidden → 403.
 */
import 'server-only';
import { forbidden, notFound } from 'next/navigation';
import { AppError } from '@/lib/errors';

export async function orPageError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof AppError) {
      if (err.code === 'not_found') notFound();
      if (err.code === 'forbidden') forbidden();
    }
    throw err;
  }
}
