'use client';
/** The live dry run of the new-study form: runs it will create, reuse, estimate, and the server's errors in words. */
import type { ApiErrorBody } from '@/app/_components/ui/progress-request';
import { formatEstimate } from './study-format';
import type { PlanState } from './study-form-state';

/** Names of the form's boxes for the summary's message ("Epochs: …" rather than "recipe.epochs: …"). */
export const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  seeds: 'Number of seeds',
  firstSeed: 'First seed',
  modelSpec: 'Model',
  'modelSpec.hidden': 'Hidden layer sizes',
  'modelSpec.dense': 'Dense head sizes',
  'modelSpec.dropout': 'Dropout',
  'recipe.epochs': 'Epochs',
  'recipe.batchSize': 'Batch size',
  'recipe.optimizer.learningRate': 'Learning rate',
  'recipe.optimizer.momentum': 'Momentum',
  'recipe.weightDecay': 'Weight decay',
  'recipe.schedule.everyEpochs': 'Decay every (epochs)',
  'recipe.schedule.gamma': 'Decay factor',
  'recipe.schedule.minLearningRate': 'Final learning rate',
  memory: 'Memory',
  methods: 'Methods',
  validationFraction: 'Validation fraction',
};

export function friendlyMessage(error: ApiErrorBody): string {
  const field = typeof error.details?.field === 'string' ? error.details.field : '';
  if (!field || !error.message.startsWith(`${field}: `)) return error.message;
  const rest = error.message.slice(field.length + 2);
  // Method config messages start with the method's name: "SCRUB: Too small…" → "SCRUB alpha: Too small…".
  const methodKey = /^methods\.\d+\.config\.(.+)$/.exec(field)?.[1];
  if (methodKey) {
    const [method, ...more] = rest.split(': ');
    return more.length ? `${method} ${methodKey}: ${more.join(': ')}` : `${methodKey}: ${rest}`;
  }
  // "methods.1.sweep.learningRate.2" → "Sweep of learningRate (value 3): …".
  const sweep = /^methods\.\d+\.sweep(?:\.([^.]+))?(?:\.(\d+))?$/.exec(field);
  if (sweep) return `Sweep${sweep[1] ? ` of ${sweep[1]}` : ''}${sweep[2] ? ` (value ${Number(sweep[2]) + 1})` : ''}: ${rest}`;
  const label = FIELD_LABELS[field];
  return label ? `${label}: ${rest}` : error.message;
}

export function PlanSummary({ plan, seeds }: { plan: PlanState; seeds: number }) {
  const summary = plan.status === 'ok' ? plan.plan : plan.status === 'loading' ? plan.last : undefined;
  return (
    <div data-testid="plan-summary" aria-live="polite" aria-busy={plan.status === 'loading'} className={plan.status === 'loading' ? 'opacity-70' : ''}>
      {plan.status === 'error' ? (
        <p role="alert" data-testid="plan-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {friendlyMessage(plan.error)}
        </p>
      ) : summary ? (
        <>
          <dl className="space-y-2 text-sm">
            <div className="flex items-baseline justify-between">
              <dt className="font-medium">Runs</dt>
              <dd className="text-lg font-semibold tabular-nums" data-testid="plan-total">
                {summary.runs.total}
              </dd>
            </div>
            <div className="flex justify-between text-zinc-600 dark:text-zinc-400">
              <dt>Originals</dt>
              <dd className="tabular-nums" data-testid="plan-original">
                {summary.runs.original}
              </dd>
            </div>
            <div className="flex justify-between text-zinc-600 dark:text-zinc-400">
              <dt>Retrains (reference)</dt>
              <dd className="tabular-nums" data-testid="plan-retrain">
                {summary.runs.retrain}
              </dd>
            </div>
            <div className="flex justify-between text-zinc-600 dark:text-zinc-400">
              <dt>Unlearned</dt>
              <dd className="tabular-nums" data-testid="plan-unlearned">
                {summary.runs.unlearned}
              </dd>
            </div>
            {summary.validation ? (
              <>
                <div className="flex justify-between text-zinc-600 dark:text-zinc-400">
                  <dt>Method configurations (sweeps expanded)</dt>
                  <dd className="tabular-nums" data-testid="plan-configurations">
                    {summary.methodConfigurations}
                  </dd>
                </div>
                <div className="flex justify-between text-zinc-600 dark:text-zinc-400">
                  <dt>Validation rows (from training data)</dt>
                  <dd className="tabular-nums" data-testid="plan-validation">
                    {summary.validation.rows}
                  </dd>
                </div>
              </>
            ) : null}
            <div className="flex justify-between text-zinc-600 dark:text-zinc-400">
              <dt>Reused from earlier studies</dt>
              <dd className="tabular-nums" data-testid="plan-reused">
                {summary.runs.reused}
              </dd>
            </div>
            <div className="border-t border-zinc-200 pt-2 dark:border-zinc-800">
              <dt className="sr-only">Estimated time</dt>
              <dd data-testid="plan-estimate">
                {formatEstimate(summary.estimateSeconds)} on {summary.workers.count || 1} worker{(summary.workers.count || 1) === 1 ? '' : 's'}
                <span className="text-zinc-500"> ({summary.workers.concurrency} at a time)</span>
              </dd>
            </div>
            {summary.memory ? (
              <div className="flex justify-between text-zinc-600 dark:text-zinc-400">
                <dt>Peak memory per run</dt>
                <dd className="tabular-nums" data-testid="plan-memory" title={`Largest run: ${summary.memory.peakRun}`}>
                  ~{summary.memory.peakMb} MB <span className="text-zinc-500">of {summary.memory.limitMb} MB</span>
                </dd>
              </div>
            ) : null}
          </dl>
          <div className="mt-2 space-y-1">
            {summary.memory?.peakRun ? <p className="text-xs text-zinc-500">Largest: {summary.memory.peakRun}</p> : null}
            {summary.warnings.map((w) => (
              <p key={w} role="status" className="text-xs text-amber-700 dark:text-amber-400" data-testid="plan-recipe-warning">
                {w}
              </p>
            ))}
            {seeds < 3 ? (
              <p className="text-xs text-amber-700 dark:text-amber-400">
                {seeds < 2 ? 'With 1 seed there is no spread over seeds and no distinguishability score.' : 'With 2 seeds forget quality is not computable (its ε ceiling is 0) and U-LiRA needs 3; use 3 or more.'}
              </p>
            ) : null}
          </div>
        </>
      ) : (
        <p className="text-sm text-zinc-500">Working out what the study will create…</p>
      )}
    </div>
  );
}
