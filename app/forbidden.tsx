import Link from 'next/link';

export default function Forbidden() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Not allowed</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Your role does not allow this. Ask a team owner if you need more access.</p>
      <Link href="/" className="mt-6 inline-block text-sm text-brand-600 underline">
        Back to your teams
      </Link>
    </main>
  );
}
