'use client';
/**
 * The "New study" form: model spec, training recipe, seeds and the methods to compare (their
 * hyperparameter fields generated from each method's JSON schema). As inputs change, a debounced
 * dry run (`POST …/studies/plan`) shows what the study will create and how long it should take,
 * or the server's validation error next to the field it names. Launch posts the same body.
 *
 * Numeric inputs are kept as the typed strings (so "0." or an empty box can be edited) and turned
 * into numbers only when the body is built; anything unparsable is sent as null so the server's
 * schema names the field, rather than the form guessing a value.
 */
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { Field } from '@/app/_components/ui/form-field';
import type { ModelSpec } from '@/lib/ml/model-spec';
import type { StudyRecipe } from '@/lib/studies/defaults';
import type { StudyPlanSummary } from '@/lib/studies/service';
import type { MethodCatalogueEntry } from '@/lib/unlearning/registry';
import type { ApiErrorBody } from '@/app/_components/ui/progress-request';
import { CATEGORY_TONES, formatCount } from '@/app/_components/scenarios/scenario-model';
import { Badge, buttonClass, Card } from '@/app/_components/ui/ui';
import type { ScenarioCategory } from '@/lib/scenarios/spec';
import { type SpecKind, type ConfigValue, type PlanState, type LaunchError, numberOrNull, initialSpec, initialRecipe, buildSpec, buildRecipe, initialConfig, buildConfig, errorsByKey } from './study-form-state';
import { inputClass, StudyNameField, TextInput } from './study-form-inputs';
import { SPEC_NAMES, ModelSpecEditor, RecipeEditor } from './model-spec-editor';
import { MethodCard } from './method-card';
import { initialSweep, sweepBody, sweepErrors, ValidationFractionField, type SweepState } from './method-sweep';
import { VALIDATION_FRACTION } from '@/lib/studies/input';
import { friendlyMessage, PlanSummary } from './plan-summary';

export interface StudyFormScenario {
  id: string;
  name: string;
  category: ScenarioCategory;
  datasetId: string;
  datasetName: string;
  datasetVersion: number;
  forgetCount: number;
  trainCount: number;
}

export interface StudyFormDataset {
  kind: string;
  rows: number;
  trainRows: number;
  testRows: number;
  numClasses: number;
  inputShape: number[];
}

export function StudyForm({
  teamId,
  scenario,
  dataset,
  methods,
  defaults,
  maxSeeds,
}: {
  teamId: string;
  scenario: StudyFormScenario;
  dataset: StudyFormDataset;
  methods: MethodCatalogueEntry[];
  defaults: { modelSpec: ModelSpec; recipe: StudyRecipe };
  maxSeeds: number;
}) {
  const router = useRouter();
  const image = dataset.inputShape.length === 3;
  const [name, setName] = useState(`${scenario.name} study`);
  const [description, setDescription] = useState('');
  const [spec, setSpec] = useState(() => initialSpec(defaults.modelSpec, image, dataset.inputShape));
  const [recipe, setRecipe] = useState(() => initialRecipe(defaults.recipe));
  const [seeds, setSeeds] = useState('3');
  const [firstSeed, setFirstSeed] = useState('0');
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [configs, setConfigs] = useState<Record<string, Record<string, ConfigValue>>>(() => Object.fromEntries(methods.map((m) => [m.id, initialConfig(m)])));
  const [sweeps, setSweeps] = useState<Record<string, SweepState>>(() => Object.fromEntries(methods.map((m) => [m.id, initialSweep(m)])));
  const [validationFraction, setValidationFraction] = useState(String(VALIDATION_FRACTION.default));
  const [plan, setPlan] = useState<PlanState>({ status: 'idle' });
  const [launchError, setLaunchError] = useState<LaunchError | null>(null);
  const [launching, setLaunching] = useState(false);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const unavailable = (m: MethodCatalogueEntry): string | undefined =>
    m.modelKinds && !m.modelKinds.includes(spec.kind) ? `Works only with ${m.modelKinds.map((k) => SPEC_NAMES[k as SpecKind] ?? k).join(', ')} models; this study uses ${SPEC_NAMES[spec.kind]}.` : undefined;

  // Methods in catalogue order, without the fixed retrain and without the ones the spec excludes.
  const sentKey = methods
    .filter((m) => m.id !== 'retrain' && selected.has(m.id) && !unavailable(m))
    .map((m) => m.id)
    .join(',');
  const sweeping = (sentKey ? sentKey.split(',') : []).some((id) => sweeps[id]?.on);
  const body = useMemo(
    () => ({
      name: name.trim(),
      description,
      scenarioId: scenario.id,
      modelSpec: buildSpec(spec),
      recipe: buildRecipe(recipe),
      seeds: numberOrNull(seeds),
      firstSeed: numberOrNull(firstSeed),
      methods: (sentKey ? sentKey.split(',') : []).map((id) => {
        const sweep = sweepBody(sweeps[id]);
        return { methodId: id, config: buildConfig(methods.find((m) => m.id === id) as MethodCatalogueEntry, configs[id] ?? {}), ...(sweep ? { sweep } : {}) };
      }),
      ...(sweeping ? { validationFraction: numberOrNull(validationFraction) } : {}),
    }),
    [name, description, scenario.id, spec, recipe, seeds, firstSeed, sentKey, configs, methods, sweeps, sweeping, validationFraction],
  );
  const bodyJson = JSON.stringify(body);

  // Debounced dry run: typing in a box sends one request after a pause, and a newer request
  // aborts the one in flight so an old answer never overwrites a newer one.
  useEffect(() => {
    const controller = new AbortController();
    const sent = JSON.parse(bodyJson) as { name: string; methods: Array<{ methodId: string }> };
    const methodsAtSend = sent.methods.map((m) => m.methodId);
    const timer = setTimeout(async () => {
      // A launch error described the previous inputs; the new plan answers for these.
      setLaunchError(null);
      setPlan((p) => ({ status: 'loading', last: p.status === 'ok' ? p.plan : p.status === 'loading' ? p.last : undefined }));
      // The name is not part of the plan; an empty one is reported at launch, not as a plan error.
      const planBody = { ...sent, name: sent.name || 'Untitled study' };
      try {
        const res = await fetch(`/api/v1/teams/${teamId}/studies/plan`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(planBody),
          signal: controller.signal,
        });
        const json: unknown = await res.json().catch(() => null);
        if (res.ok) setPlan({ status: 'ok', plan: json as StudyPlanSummary });
        else setPlan({ status: 'error', error: (json as { error?: ApiErrorBody } | null)?.error ?? { code: 'http', message: `The server answered ${res.status}.` }, methods: methodsAtSend });
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
        setPlan({ status: 'error', error: { code: 'network', message: 'Could not reach the server to plan the study.' }, methods: methodsAtSend });
      }
    }, 400);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [bodyJson, teamId]);

  const serverErrors = useMemo(() => {
    if (launchError) return errorsByKey(launchError.error, launchError.methods);
    return plan.status === 'error' ? errorsByKey(plan.error, plan.methods) : {};
  }, [launchError, plan]);
  const sweepLocalErrors = Object.assign({}, ...(sentKey ? sentKey.split(',') : []).map((id) => sweepErrors(id, sweeps[id]))) as Record<string, string>;
  const errors = { ...serverErrors, ...sweepLocalErrors, ...localErrors };

  const launch = async () => {
    if (!body.name) {
      setLocalErrors({ name: 'Name the study.' });
      document.getElementById('study-name')?.focus();
      return;
    }
    setLocalErrors({});
    setLaunching(true);
    setLaunchError(null);
    try {
      const res = await fetch(`/api/v1/teams/${teamId}/studies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodyJson });
      const json: unknown = await res.json().catch(() => null);
      if (res.status === 201) {
        router.push(`/teams/${teamId}/studies/${(json as { id: string }).id}`);
        return;
      }
      setLaunchError({ error: (json as { error?: ApiErrorBody } | null)?.error ?? { code: 'http', message: `The server answered ${res.status}.` }, methods: body.methods.map((m) => m.methodId) });
      setLaunching(false);
    } catch {
      setLaunchError({ error: { code: 'network', message: 'Could not reach the server. Try again.' }, methods: [] });
      setLaunching(false);
    }
  };

  const seedCount = numberOrNull(seeds) ?? 0;
  const groups: Array<{ kind: 'exact' | 'approximate'; title: string; hint: string }> = [
    { kind: 'exact', title: 'Exact', hint: 'Give the same model as retraining (by construction), at some cost.' },
    { kind: 'approximate', title: 'Approximate', hint: 'Start from the original model and try to remove the forget set’s influence quickly.' },
  ];

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void launch();
      }}
      className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]"
    >
      <div className="space-y-6">
        <Card title="Scenario and data">
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3" data-testid="study-dataset-summary">
            <div>
              <dt className="text-zinc-500">Scenario</dt>
              <dd className="flex flex-wrap items-center gap-1.5">
                {scenario.name} <Badge tone={CATEGORY_TONES[scenario.category]}>{scenario.category}</Badge>
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">Dataset</dt>
              <dd>
                {scenario.datasetName} v{scenario.datasetVersion} <span className="text-zinc-500">({dataset.kind})</span>
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">Forget set</dt>
              <dd className="tabular-nums">
                {formatCount(scenario.forgetCount)} of {formatCount(scenario.trainCount)} training rows
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">Rows</dt>
              <dd className="tabular-nums">
                {formatCount(dataset.trainRows)} train, {formatCount(dataset.testRows)} test
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">Classes</dt>
              <dd className="tabular-nums">{dataset.numClasses}</dd>
            </div>
            <div>
              <dt className="text-zinc-500">Model input</dt>
              <dd className="tabular-nums">{image ? `${dataset.inputShape.join(' × ')} image` : `${dataset.inputShape[0]} features (encoded)`}</dd>
            </div>
          </dl>
        </Card>

        <Card title="Study">
          <div className="space-y-3">
            <StudyNameField id="study-name" value={name} onChange={setName} error={errors.name} />
            <Field id="study-description" label="Description (optional)" error={errors.description}>
              <textarea id="study-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} className={inputClass(errors.description)} />
            </Field>
          </div>
        </Card>

        <Card title="Model" description={`Prefilled with the default for ${dataset.kind} data. Every model of the study (originals, retrains, unlearned) uses it.`}>
          <ModelSpecEditor spec={spec} setSpec={setSpec} errors={errors} image={image} />
        </Card>

        <Card title="Training recipe" description="How originals and retrained references are trained. Methods that fine-tune have their own epochs and rates below.">
          <RecipeEditor recipe={recipe} setRecipe={setRecipe} errors={errors} />
        </Card>

        <Card title="Seeds">
          <div className="grid gap-3 sm:grid-cols-2">
            <TextInput
              label="Number of seeds"
              type="number"
              min={1}
              max={maxSeeds}
              value={seeds}
              onChange={setSeeds}
              error={errors.seeds}
              testId="seed-count"
              hint={`1 to ${maxSeeds}. Each seed trains its own original and retrain and runs every method once. More seeds give confidence intervals, and a meaningful distinguishability score: with N seeds its ε ceiling is ⌈ln(N − 1)⌉, so with 2 seeds it is not computable; use 3 or more (8 seeds give a ceiling of 2).`}
            />
            <TextInput label="First seed" type="number" min={0} value={firstSeed} onChange={setFirstSeed} error={errors.firstSeed} hint="Seeds are consecutive from here; the same seeds give the same results." />
          </div>
        </Card>

        <Card title="Methods to compare" description="Retraining is always part of a study. Choose the methods to judge against it and adjust their hyperparameters.">
          <div className="space-y-5">
            {groups.map((g) => (
              <fieldset key={g.kind}>
                <legend className="text-sm font-semibold">{g.title}</legend>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">{g.hint}</p>
                <ul className="mt-2 space-y-2">
                  {methods
                    .filter((m) => m.kind === g.kind)
                    .map((m) => (
                      <MethodCard
                        key={m.id}
                        method={m}
                        selected={selected.has(m.id)}
                        disabledReason={unavailable(m)}
                        onToggle={(on) =>
                          setSelected((prev) => {
                            const next = new Set(prev);
                            if (on) next.add(m.id);
                            else next.delete(m.id);
                            return next;
                          })
                        }
                        values={configs[m.id] ?? {}}
                        onChange={(key, v) => setConfigs((prev) => ({ ...prev, [m.id]: { ...prev[m.id], [key]: v } }))}
                        errors={errors}
                        sweep={sweeps[m.id] ?? initialSweep(m)}
                        onSweep={(next) => setSweeps((prev) => ({ ...prev, [m.id]: next }))}
                      />
                    ))}
                </ul>
              </fieldset>
            ))}
            {sweeping ? <ValidationFractionField value={validationFraction} onChange={setValidationFraction} error={errors.validationFraction} /> : null}
          </div>
        </Card>
      </div>

      <aside className="lg:sticky lg:top-4" aria-label="Study summary">
        <Card title="What this creates">
          <PlanSummary plan={plan} seeds={seedCount} />
          {launchError ? (
            <p role="alert" data-testid="launch-error" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
              {friendlyMessage(launchError.error)}
            </p>
          ) : null}
          <button type="submit" disabled={launching || body.methods.length === 0} aria-describedby={body.methods.length === 0 ? 'launch-needs-method' : undefined} className={`${buttonClass('primary')} mt-4 w-full`}>
            {launching ? 'Launching…' : 'Launch study'}
          </button>
          {body.methods.length === 0 ? (
            <p id="launch-needs-method" className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
              Choose at least one method to compare with retraining.
            </p>
          ) : null}
        </Card>
      </aside>
    </form>
  );
}
