import { z } from 'zod';
import { shareLinkViewSchema } from '@/lib/reviews/review-schemas';

/** The revoked link (status "revoked"). */
export const shareLinkRevokedResponseSchema = z.object({ shareLink: shareLinkViewSchema });
