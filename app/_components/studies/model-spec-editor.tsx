'use client';
/** The model spec and training recipe sections of the new-study form. */
import { buttonClass } from '@/app/_components/ui/ui';
import { ACTIVATIONS, type SpecKind, type BlockState, type SpecState, type RecipeState } from './study-form-state';
import { TextInput, SelectInput, Segmented } from './study-form-inputs';

export const SPEC_NAMES: Record<SpecKind, string> = { logistic: 'logistic regression', mlp: 'MLP', cnn: 'CNN' };

export function ModelSpecEditor({ spec, setSpec, errors, image }: { spec: SpecState; setSpec: (s: SpecState) => void; errors: Record<string, string>; image: boolean }) {
  const activationOptions = ACTIVATIONS.map((a) => ({ value: a, label: a }));
  const setBlock = (i: number, patch: Partial<BlockState>) => setSpec({ ...spec, blocks: spec.blocks.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  return (
    <div className="space-y-4">
      <Segmented
        legend="Model"
        name="model-kind"
        value={spec.kind}
        onChange={(kind) => setSpec({ ...spec, kind })}
        options={[
          { value: 'logistic', label: 'Logistic' },
          { value: 'mlp', label: 'MLP' },
          { value: 'cnn', label: 'CNN', disabled: image ? undefined : 'needs image data.' },
        ]}
      />
      {errors.modelSpec ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {errors.modelSpec}
        </p>
      ) : null}
      {spec.kind === 'logistic' ? <p className="text-sm text-zinc-600 dark:text-zinc-400">One linear layer and a softmax: fast, convex, and the only model certified removal supports.</p> : null}
      {spec.kind === 'mlp' ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <TextInput label="Hidden layer sizes" value={spec.hidden} onChange={(hidden) => setSpec({ ...spec, hidden })} error={errors['modelSpec.hidden']} hint="Comma-separated, e.g. 64, 32 (1 to 8 layers)." />
          <SelectInput label="Activation" value={spec.activation} options={activationOptions} onChange={(activation) => setSpec({ ...spec, activation })} error={errors['modelSpec.activation']} />
          <TextInput label="Dropout" type="number" step="0.05" min={0} max={0.9} value={spec.dropout} onChange={(dropout) => setSpec({ ...spec, dropout })} error={errors['modelSpec.dropout']} hint="0 to 0.9, after each hidden layer." />
        </div>
      ) : null}
      {spec.kind === 'cnn' ? (
        <div className="space-y-3">
          {spec.blocks.map((b, i) => (
            <fieldset key={i} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <legend className="px-1 text-sm font-medium">Conv block {i + 1}</legend>
              <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
                <TextInput label="Filters" type="number" min={1} max={512} value={b.filters} onChange={(filters) => setBlock(i, { filters })} error={errors[`modelSpec.blocks.${i}.filters`]} />
                <TextInput label="Kernel" type="number" min={1} max={11} value={b.kernelSize} onChange={(kernelSize) => setBlock(i, { kernelSize })} error={errors[`modelSpec.blocks.${i}.kernelSize`]} />
                <SelectInput label="Activation" value={b.activation} options={activationOptions} onChange={(activation) => setBlock(i, { activation })} />
                <SelectInput
                  label="Padding"
                  value={b.padding}
                  options={[
                    { value: 'valid', label: 'valid' },
                    { value: 'same', label: 'same' },
                  ]}
                  onChange={(padding) => setBlock(i, { padding })}
                />
                <SelectInput
                  label="Pooling"
                  value={b.pooling}
                  options={[
                    { value: 'max', label: 'max' },
                    { value: 'avg', label: 'average' },
                    { value: 'none', label: 'none' },
                  ]}
                  onChange={(pooling) => setBlock(i, { pooling })}
                />
                <TextInput label="Pool size" type="number" min={2} max={4} value={b.poolSize} disabled={b.pooling === 'none'} onChange={(poolSize) => setBlock(i, { poolSize })} error={errors[`modelSpec.blocks.${i}.poolSize`]} />
              </div>
              {spec.blocks.length > 1 ? (
                <button type="button" className={`${buttonClass('secondary', 'sm')} mt-2`} onClick={() => setSpec({ ...spec, blocks: spec.blocks.filter((_, j) => j !== i) })}>
                  Remove block {i + 1}
                </button>
              ) : null}
            </fieldset>
          ))}
          {spec.blocks.length < 6 ? (
            <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => setSpec({ ...spec, blocks: [...spec.blocks, { ...spec.blocks[spec.blocks.length - 1] }] })}>
              Add conv block
            </button>
          ) : null}
          <div className="grid gap-3 sm:grid-cols-3">
            <TextInput label="Dense head sizes" value={spec.dense} onChange={(dense) => setSpec({ ...spec, dense })} error={errors['modelSpec.dense']} hint="Hidden dense layers after the conv blocks, comma-separated; empty for none." />
            <SelectInput label="Dense activation" value={spec.denseActivation} options={activationOptions} onChange={(denseActivation) => setSpec({ ...spec, denseActivation })} />
            <TextInput label="Dropout" type="number" step="0.05" min={0} max={0.9} value={spec.cnnDropout} onChange={(cnnDropout) => setSpec({ ...spec, cnnDropout })} error={errors['modelSpec.dropout']} />
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function RecipeEditor({ recipe, setRecipe, errors }: { recipe: RecipeState; setRecipe: (r: RecipeState) => void; errors: Record<string, string> }) {
  const set = (patch: Partial<RecipeState>) => setRecipe({ ...recipe, ...patch });
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <TextInput label="Epochs" type="number" min={1} max={1000} value={recipe.epochs} onChange={(epochs) => set({ epochs })} error={errors['recipe.epochs']} testId="recipe-epochs" />
      <TextInput label="Batch size" type="number" min={1} max={65536} value={recipe.batchSize} onChange={(batchSize) => set({ batchSize })} error={errors['recipe.batchSize']} />
      <SelectInput
        label="Optimizer"
        value={recipe.optimizer}
        options={[
          { value: 'sgd', label: 'SGD' },
          { value: 'momentum', label: 'SGD with momentum' },
          { value: 'adam', label: 'Adam' },
        ]}
        onChange={(optimizer) => set({ optimizer })}
        error={errors['recipe.optimizer.kind']}
      />
      <TextInput label="Learning rate" type="number" step="any" min={0} value={recipe.learningRate} onChange={(learningRate) => set({ learningRate })} error={errors['recipe.optimizer.learningRate'] ?? errors['recipe.optimizer']} />
      {recipe.optimizer === 'momentum' ? (
        <TextInput label="Momentum" type="number" step="0.01" min={0} max={0.999} value={recipe.momentum} onChange={(momentum) => set({ momentum })} error={errors['recipe.optimizer.momentum']} />
      ) : null}
      <TextInput label="Weight decay" type="number" step="any" min={0} value={recipe.weightDecay} onChange={(weightDecay) => set({ weightDecay })} error={errors['recipe.weightDecay']} hint="L2 penalty added to each gradient." />
      <SelectInput
        label="Learning-rate schedule"
        value={recipe.schedule}
        options={[
          { value: 'constant', label: 'constant' },
          { value: 'step', label: 'step decay' },
          { value: 'cosine', label: 'cosine decay' },
        ]}
        onChange={(schedule) => set({ schedule })}
        error={errors['recipe.schedule.kind'] ?? errors['recipe.schedule']}
      />
      {recipe.schedule === 'step' ? (
        <>
          <TextInput label="Decay every (epochs)" type="number" min={1} value={recipe.everyEpochs} onChange={(everyEpochs) => set({ everyEpochs })} error={errors['recipe.schedule.everyEpochs']} />
          <TextInput label="Decay factor" type="number" step="any" min={0} max={1} value={recipe.gamma} onChange={(gamma) => set({ gamma })} error={errors['recipe.schedule.gamma']} hint="Multiplies the rate, > 0 and ≤ 1." />
        </>
      ) : null}
      {recipe.schedule === 'cosine' ? (
        <TextInput label="Final learning rate" type="number" step="any" min={0} value={recipe.minLearningRate} onChange={(minLearningRate) => set({ minLearningRate })} error={errors['recipe.schedule.minLearningRate']} />
      ) : null}
    </div>
  );
}
