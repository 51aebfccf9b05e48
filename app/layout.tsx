import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Lethe', template: '%s · Lethe' },
  description: 'Collaborative machine-unlearning studies',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: a prerendered page would carry no CSP nonce on its scripts.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm dark:focus:bg-zinc-900">
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
