/** The page frame of a shared view: no navigation into the application. */
export function Frame({ children }: { children: React.ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-3">
          {/* Not a link: a shared page leads nowhere else in the application. */}
          <span className="text-lg font-semibold tracking-tight">Lethe</span>
          <span className="text-sm text-zinc-500">read-only shared view</span>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8" data-testid="shared-page">
        {children}
      </main>
    </div>
  );
}
