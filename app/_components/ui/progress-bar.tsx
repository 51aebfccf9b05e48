/**
 * A determinate progress bar with a visible label and an accessible value (role=progressbar
 * with aria-valuenow in percent), so screen readers and tests read the same number people see.
 */
export function ProgressBar({ label, value, detail, testId }: { label: string; value: number; detail?: string; testId?: string }) {
  const percent = Math.max(0, Math.min(100, Math.round(value * 100)));
  return (
    <div>
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{label}</span>
        <span className="tabular-nums text-zinc-600 dark:text-zinc-400">
          {detail ? `${detail} · ` : ''}
          {percent}%
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-testid={testId}
        className="mt-1 h-2.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width] duration-200 dark:bg-blue-500" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
