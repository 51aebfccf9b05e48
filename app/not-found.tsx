import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">This page does not exist, or it belongs to a team you are not in.</p>
      <Link href="/" className="mt-6 inline-block text-sm text-brand-600 underline">
        Back to your teams
      </Link>
    </main>
  );
}
