import { SHARE_LINK_GONE } from '@/lib/reviews/service';
import { Frame } from './share-frame';

/** Unknown, revoked and expired share links: status 404, one explanation for all three. */
export default function ShareLinkGone() {
  return (
    <Frame>
      <div className="mx-auto max-w-lg rounded-lg border border-zinc-200 bg-white p-8 text-center shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="share-gone">
        <h1 className="text-xl font-semibold">This link no longer works</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{SHARE_LINK_GONE}</p>
      </div>
    </Frame>
  );
}
