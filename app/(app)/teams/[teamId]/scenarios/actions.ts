'use server';
/**
 * Scenario actions for the list and detail pages (duplicate, delete). Saving a spec goes
 * through /api/v1 from the builder instead: it needs the live preview's error paths anyway.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { duplicateScenario, removeScenario } from '@/lib/datasets/scenarios';
import { validatedActionWithUser } from '@/lib/auth/validated-action';

const ids = z.object({ teamId: z.string().uuid(), scenarioId: z.string().uuid() });

export const duplicateScenarioAction = validatedActionWithUser(ids, async (data, actor) => {
  const copy = await duplicateScenario(actor, data.scenarioId);
  redirect(`/teams/${data.teamId}/scenarios/${copy.id}?notice=duplicated&from=${data.scenarioId}`);
});

export const deleteScenarioAction = validatedActionWithUser(
  ids.extend({
    datasetId: z.string().uuid(),
    /** From the scenario's own page there is nothing left to show: go to the dataset's list. */
    leave: z.enum(['yes', 'no']).default('no'),
  }),
  async (data, actor) => {
    await removeScenario(actor, data.scenarioId);
    revalidatePath(`/teams/${data.teamId}/datasets/${data.datasetId}/scenarios`);
    revalidatePath(`/teams/${data.teamId}/scenarios`);
    if (data.leave === 'yes') redirect(`/teams/${data.teamId}/datasets/${data.datasetId}/scenarios?notice=deleted`);
    return { success: 'Scenario deleted.' };
  },
);
