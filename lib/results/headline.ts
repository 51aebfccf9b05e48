/**
 * The headline of a results table: the study verdict (lib/results/verdict, the one rule every
 * page uses) put into sentences and mapped onto the table's rows. A comparison that holds runs of
 * several studies gets one verdict per study (each judged against its own retrain of the same
 * seed); a pinned comparison baseline changes the gaps the table shows, never the verdict.
 */
import type { ResultRow, ResultRunInput, ResultsTable, StudyInput } from './aggregate';
import { studyVerdict, VERDICT_RULE, methodKey, type StudyVerdict, type VerdictCriterion } from './verdict';

export interface CriterionResult {
  criterion: Pick<VerdictCriterion, 'id' | 'statement' | 'metricKey' | 'useGap' | 'sense'>;
  /** Best first; the best and those tied with it (overlapping intervals). */
  winners: Array<{ rowKey: string; label: string }>;
  sentence: string;
}

export interface Headline {
  criteria: CriterionResult[];
  /** The rule in words, shown on the page. */
  rule: string;
  /** Study-wide statements (near-chance original, no retrain yet). */
  warnings: string[];
  /** The verdict of each study in the table. */
  verdicts: StudyVerdict[];
}

function nameOf(row: ResultRow): string {
  return row.detail ? `${row.label} (${row.detail})` : row.label;
}

function rowOf(rows: readonly ResultRow[], studyId: string, key: string): ResultRow | undefined {
  return rows.find((r) => r.kind === 'unlearned' && r.studyId === studyId && methodKey(r.methodId, r.methodConfig, r.requestIndex) === key);
}

/** The verdicts of every study with runs in the table, built from the same runs the table aggregates. */
export function verdictsOf(table: Pick<ResultsTable, 'rows'>, studies: readonly StudyInput[], runs: readonly ResultRunInput[], numClasses?: number): StudyVerdict[] {
  const withRuns = studies.filter((s) => runs.some((r) => r.studyId === s.id));
  return withRuns.map((s) =>
    studyVerdict(
      { id: s.id, category: s.category, numClasses, summary: s.summary as Parameters<typeof studyVerdict>[0]['summary'] },
      runs.map((r) => ({ ...r, scalars: r.metrics?.scalars ?? null })),
      (m) => {
        const row = rowOf(table.rows, s.id, m.key);
        return row ? nameOf(row) : m.methodId;
      },
    ),
  );
}

/**
 * The verdict as the page needs it: each method's per-metric statistics are already in the
 * table, so only those of the criteria and of the forget/test accuracy stay (a smaller payload).
 */
function slim(v: StudyVerdict): StudyVerdict {
  const keep = new Set([...v.criteria.map((c) => c.metricKey), 'accuracy.forget', 'accuracy.test']);
  const pick = <T,>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([k]) => keep.has(k)));
  return { ...v, methods: v.methods.map((m) => ({ ...m, gaps: pick(m.gaps), values: pick(m.values) })) };
}

export function headline(table: Pick<ResultsTable, 'rows'>, verdicts: readonly StudyVerdict[], studyNames: Record<string, string> = {}): Headline {
  const many = verdicts.length > 1;
  const criteria: CriterionResult[] = verdicts.flatMap((v) =>
    v.criteria.map((c) => ({
      criterion: { id: many ? `${v.studyId}:${c.id}` : c.id, statement: c.statement, metricKey: c.metricKey, useGap: c.useGap, sense: c.sense },
      winners: c.winners.map((k) => rowOf(table.rows, v.studyId, k)).filter((r): r is ResultRow => r !== undefined).map((r) => ({ rowKey: r.key, label: nameOf(r) })),
      sentence: many ? `${studyNames[v.studyId] ?? 'Study'}: ${c.sentence}` : c.sentence,
    })),
  );
  const warnings = verdicts.flatMap((v) => v.warnings.map((w) => (many ? `${studyNames[v.studyId] ?? 'Study'}: ${w}` : w)));
  return { criteria, rule: VERDICT_RULE, warnings, verdicts: verdicts.map(slim) };
}
