/**
 * A saved scenario spec in words: selectors as nested "all of / any of / not" lists, the poison,
 * the requests and the seed. Server-safe (no hooks); the raw JSON sits in a collapsible below.
 */
import type { ReactNode } from 'react';
import type { Injection, Predicate, Requests, Selector } from '@/lib/scenarios/spec';
import { columnLabel, formatPercent, shortList } from './scenario-model';

function value(v: string | number): string {
  return typeof v === 'string' ? `“${v}”` : String(v);
}

function describePredicate(p: Predicate): ReactNode {
  switch (p.op) {
    case 'and':
    case 'or':
      return (
        <>
          {p.op === 'and' ? 'all of:' : 'any of:'}
          <ul className="ml-5 list-disc">
            {p.predicates.map((q, i) => (
              <li key={i}>{describePredicate(q)}</li>
            ))}
          </ul>
        </>
      );
    case 'not':
      return <>not ({describePredicate(p.predicate)})</>;
    case 'in':
      return (
        <>
          <code>{columnLabel(p.column)}</code> is one of {shortList(p.values.map(value), 12)}
        </>
      );
    default:
      return (
        <>
          <code>{columnLabel(p.column)}</code> {p.op} {value(p.value)}
        </>
      );
  }
}

export function describeSelector(s: Selector): ReactNode {
  switch (s.kind) {
    case 'class':
      return <>every training row of class {shortList(s.classes.map(value))}</>;
    case 'subjects':
      return (
        <>
          every training row of {s.subjectIds.length} data subject{s.subjectIds.length === 1 ? '' : 's'}: {shortList(s.subjectIds, 20)}
        </>
      );
    case 'predicate':
      return <>rows where {describePredicate(s.predicate)}</>;
    case 'randomFraction':
      return s.of ? (
        <>
          a random {formatPercent(s.fraction)} of the rows matching:
          <div className="ml-5">{describeSelector(s.of)}</div>
        </>
      ) : (
        <>a random {formatPercent(s.fraction)} of the training split</>
      );
    case 'randomSubjects':
      return <>every training row of {s.count} randomly drawn data subjects</>;
    case 'rowIds':
      return (
        <>
          {s.rowIds.length} listed row{s.rowIds.length === 1 ? '' : 's'}: {shortList(s.rowIds, 20)}
        </>
      );
    case 'all':
    case 'any':
      return (
        <>
          rows matching {s.kind === 'all' ? 'all' : 'any'} of:
          <ul className="ml-5 list-disc">
            {s.selectors.map((x, i) => (
              <li key={i}>{describeSelector(x)}</li>
            ))}
          </ul>
        </>
      );
    case 'not':
      return (
        <>
          training rows <strong>not</strong> matching:
          <div className="ml-5">{describeSelector(s.selector)}</div>
        </>
      );
  }
}

function describeInjection(i: Injection): ReactNode {
  switch (i.kind) {
    case 'labelFlip':
      return (
        <>
          Label flip: {formatPercent(i.fraction)} of the training rows of class {value(i.fromClass)} are relabelled {value(i.toClass)}.
        </>
      );
    case 'randomLabelFlip':
      return <>Random label flips: {formatPercent(i.fraction)} of the training rows get a random other class.</>;
    case 'backdoor': {
      const t = i.trigger;
      const trigger =
        t.kind === 'patch'
          ? `a ${t.size}×${t.size} patch of pixel value ${t.value} with its top-left corner at row ${t.row}, column ${t.col}`
          : t.values.map((c) => `${c.column} = ${value(c.value)}`).join(', ');
      const amount = i.poison.by === 'fraction' ? `${formatPercent(i.poison.fraction)} of the eligible rows` : `${i.poison.count} rows`;
      return (
        <>
          Backdoor: {amount} of the non-target classes get the trigger ({trigger}) and the label {value(i.targetClass)}.
        </>
      );
    }
  }
}

function describeRequests(r: Requests): string {
  if (r.kind === 'none') return 'One request: the whole forget set at once.';
  if (r.kind === 'slices') return `${r.count} cumulative requests of equal slices (seeded order); the last is the whole forget set.`;
  return `${r.fractions.length} growing requests: ${r.fractions.map((f) => formatPercent(f, 0)).join(', ')} of the forget set.`;
}

export function ScenarioSpecView({ spec }: { spec: Record<string, unknown> }) {
  // Stored specs were validated on save, so the shape is the schema's output.
  const selector = spec.selector as Selector | undefined;
  const injection = spec.injection as Injection | undefined;
  const requests = (spec.requests as Requests | undefined) ?? { kind: 'none' };
  return (
    <div className="space-y-4 text-sm">
      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[10rem_minmax(0,1fr)]">
        {injection ? (
          <>
            <dt className="font-medium">Poison</dt>
            <dd>{describeInjection(injection)}</dd>
            <dt className="font-medium">Identified</dt>
            <dd>{formatPercent(typeof spec.identifiedFraction === 'number' ? spec.identifiedFraction : 1)} of the poisoned rows are known and form the forget set; the rest stay in the training data.</dd>
          </>
        ) : null}
        <dt className="font-medium">{injection ? 'Poison only' : 'Forget'}</dt>
        <dd data-testid="spec-selector">{selector ? describeSelector(selector) : 'any training row (no restriction)'}</dd>
        <dt className="font-medium">Requests</dt>
        <dd>{describeRequests(requests)}</dd>
        <dt className="font-medium">Seed</dt>
        <dd className="tabular-nums">{String(spec.seed)}</dd>
      </dl>
      <details>
        <summary className="cursor-pointer text-xs text-zinc-600 dark:text-zinc-400">Raw JSON</summary>
        <pre className="mt-2 max-h-96 overflow-auto rounded-md bg-zinc-100 p-3 text-xs dark:bg-zinc-800">{JSON.stringify(spec, null, 2)}</pre>
      </details>
    </div>
  );
}
