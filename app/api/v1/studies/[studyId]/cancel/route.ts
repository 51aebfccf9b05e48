import { cancelStudy } from '@/lib/studies/service';
import { apiRoute, json } from '../../../_lib/handler';

/** Cancels every run of the study that has not ended; running ones stop within a training step. */
export const POST = apiRoute<{ studyId: string }>(async ({ actor, params }) => json({ cancelled: await cancelStudy(actor, params.studyId) }));
