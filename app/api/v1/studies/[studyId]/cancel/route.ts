import { cancelStudy } from '@/lib/studies/service';
import { apiRoute, respond } from '../../../_lib/handler';
import { studyCancelledResponseSchema } from './schema';

/** Cancels every run of the study that has not ended; running ones stop within a training step. */
export const POST = apiRoute<{ studyId: string }>(async ({ actor, params }) => respond(studyCancelledResponseSchema, { cancelled: await cancelStudy(actor, params.studyId) }));
