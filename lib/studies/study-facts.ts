/**
 * What the pages say about a study's model, seeds and methods, for Lethe's own studies and for
 * external ones (models trained outside Lethe). An external study stores an empty model spec,
 * no planned seeds and no methods: its model is the group's (described in the study's
 * description), its seeds and methods are those of the runs uploaded so far. Read by the study
 * page, the share page and the deletion report, so all three say the same true thing.
 */

export interface StudyFactsInput {
  external: boolean;
  description: string;
  modelSpec: Record<string, unknown>;
  seeds: number[];
  methods: Array<{ methodId: string; sweep?: { point: number } }>;
}

export interface StudyFactsRun {
  seed: number;
  methodId: string | null;
  /** Provenance of an uploaded run; null (or absent) for runs Lethe computed. */
  external?: unknown;
}

/** "MLP, hidden 64×32, relu", "CNN, 16@3×3 → 32@3×3", "logistic regression", or the external study's model. */
export function describeStudyModel(study: Pick<StudyFactsInput, 'external' | 'description' | 'modelSpec'>): string {
  if (study.external) {
    const described = study.description.trim();
    return described ? `Trained outside Lethe: ${described}` : 'Trained outside Lethe (not described)';
  }
  const spec = study.modelSpec;
  if (spec.kind === 'mlp') return `MLP, hidden ${Array.isArray(spec.hidden) ? spec.hidden.join('×') : '?'}${typeof spec.activation === 'string' ? `, ${spec.activation}` : ''}`;
  if (spec.kind === 'cnn') {
    const blocks = Array.isArray(spec.blocks) ? (spec.blocks as Array<{ filters?: unknown; kernelSize?: unknown }>) : [];
    return blocks.length ? `CNN, ${blocks.map((b) => `${String(b.filters)}@${String(b.kernelSize)}×${String(b.kernelSize)}`).join(' → ')}` : 'CNN';
  }
  return 'logistic regression';
}

/** The study's seeds: the planned ones, or for an external study the seeds of its uploaded runs. */
export function studySeeds(study: Pick<StudyFactsInput, 'external' | 'seeds'>, runs: readonly Pick<StudyFactsRun, 'seed'>[]): number[] {
  return study.external ? [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b) : study.seeds;
}

/**
 * The methods by name: the study's own (a sweep once), then the uploaded ones (their ids are already the
 * group's label marked "(external)", lib/studies/external-runs.ts externalMethodId).
 */
export function studyMethodLabels(study: Pick<StudyFactsInput, 'methods'>, runs: readonly StudyFactsRun[], names: Record<string, string>): string[] {
  const uploaded = [...new Set(runs.filter((r) => r.external && r.methodId).map((r) => r.methodId as string))];
  // A sweep is one method entry, however many grid points it ran.
  const entries = study.methods.filter((m) => !m.sweep || m.sweep.point === 0);
  return [...entries.map((m) => `${names[m.methodId] ?? m.methodId}${m.sweep ? ' (hyperparameter sweep)' : ''}`), ...uploaded];
}
