'use client';
/** The run's manifest, pretty-printed, with a copy button (the manifest is how a run is reproduced elsewhere). */
import { useState } from 'react';
import { buttonClass } from '@/app/_components/ui/ui';

export function RunManifest({ manifest }: { manifest: Record<string, unknown> }) {
  const text = JSON.stringify(manifest, null, 2);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <div>
      <div className="flex items-center justify-end gap-2">
        <span role="status" className="text-xs text-zinc-500">
          {copied === 'copied' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Copying failed; select the text instead.' : ''}
        </span>
        <button
          type="button"
          className={buttonClass('secondary', 'sm')}
          onClick={() => {
            // The clipboard API needs a secure context; on plain http it may be missing.
            if (!navigator.clipboard) {
              setCopied('failed');
              return;
            }
            navigator.clipboard.writeText(text).then(
              () => setCopied('copied'),
              () => setCopied('failed'),
            );
          }}
        >
          Copy manifest
        </button>
      </div>
      <pre tabIndex={0} aria-label="Manifest (JSON)" data-testid="run-manifest" className="mt-2 max-h-[32rem] overflow-auto rounded-md bg-zinc-100 p-3 text-xs leading-relaxed dark:bg-zinc-950">
        {text}
      </pre>
    </div>
  );
}
