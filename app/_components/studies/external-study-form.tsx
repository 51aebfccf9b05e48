'use client';
/**
 * The "New study" form for models trained outside Lethe: a name and a description of the
 * group's model, posted as an external study (`POST …/studies` with `"external": true`). Nothing
 * is trained; the study page then takes the uploads. Server errors show next to the field they name.
 */
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Field } from '@/app/_components/ui/form-field';
import { fieldErrorsOf, type ApiErrorBody } from '@/app/_components/ui/progress-request';
import { buttonClass, Card } from '@/app/_components/ui/ui';
import { inputClass, StudyNameField } from './study-form-inputs';

export function ExternalStudyForm({ teamId, scenarioId, scenarioName }: { teamId: string; scenarioId: string; scenarioName: string }) {
  const router = useRouter();
  const [name, setName] = useState(`${scenarioName} (external)`);
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const create = async () => {
    setCreating(true);
    setFormError(null);
    try {
      const res = await fetch(`/api/v1/teams/${teamId}/studies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ external: true, name: name.trim(), description: description.trim(), scenarioId }),
      });
      const json: unknown = await res.json().catch(() => null);
      if (res.status === 201) {
        router.push(`/teams/${teamId}/studies/${(json as { id: string }).id}`);
        return;
      }
      const error = (json as { error?: ApiErrorBody } | null)?.error ?? { code: 'http', message: `The server answered ${res.status}.` };
      const byField = fieldErrorsOf(error);
      // The service prefixes a message with its field; the box already says which field it is.
      const clean = Object.fromEntries(Object.entries(byField).map(([f, m]) => [f, m.startsWith(`${f}: `) ? m.slice(f.length + 2) : m]));
      setErrors(clean);
      if (!clean.name && !clean.description) setFormError(error.message);
    } catch {
      setFormError('Could not reach the server. Try again.');
    }
    setCreating(false);
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
      className="max-w-2xl"
      data-testid="external-study-form"
    >
      <Card
        title="Models trained outside Lethe"
        description="An external study trains nothing here: you upload what your models output on the scenario package (or the models as ONNX), and Lethe scores them with the same metrics as its own runs."
      >
        <div className="space-y-3">
          <StudyNameField id="external-study-name" value={name} onChange={setName} error={errors.name} />
          <Field id="external-study-description" label="Your models" hint="Architecture and training recipe. Shown wherever Lethe shows the model of a study." error={errors.description}>
            <textarea
              id="external-study-description"
              rows={3}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              maxLength={5000}
              aria-invalid={!!errors.description}
              aria-describedby={['external-study-description-hint', errors.description ? 'external-study-description-error' : ''].filter(Boolean).join(' ')}
              aria-required
              className={inputClass(errors.description)}
            />
          </Field>
          {formError ? (
            <p role="alert" data-testid="external-study-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
              {formError}
            </p>
          ) : null}
          <button type="submit" disabled={creating} className={buttonClass('primary')}>
            {creating ? 'Creating…' : 'Create external study'}
          </button>
        </div>
      </Card>
    </form>
  );
}
