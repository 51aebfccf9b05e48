'use server';
/**
 * Dataset server actions of the pages (team and admin). Each one calls lib/datasets/service,
 * which runs the gate again: a reviewer's crafted form post is refused there, not here.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedActionWithUser } from '@/lib/auth/validated-action';
import { datasetFor, removeDataset, updateDatasetDetails } from '@/lib/datasets/service';
import { datasetDescriptionSchema, datasetNameSchema } from '@/lib/datasets/upload-options';

const datasetIdSchema = z.object({ datasetId: z.string().min(1) });

function revalidateDataset(teamId: string) {
  // The team's overview, list and dataset pages all show these fields, and so does /admin/datasets.
  revalidatePath(`/teams/${teamId}`, 'layout');
  revalidatePath('/admin/datasets');
}

export const updateDatasetDetailsAction = validatedActionWithUser(
  datasetIdSchema.extend({ name: datasetNameSchema.optional(), description: datasetDescriptionSchema.optional() }),
  async (data, actor) => {
    const updated = await updateDatasetDetails(actor, data.datasetId, {
      ...(data.name !== undefined ? { name: data.name } : {}),
      ...(data.description !== undefined ? { description: data.description } : {}),
    });
    revalidateDataset(updated.teamId);
    return { success: data.name !== undefined && data.description === undefined ? `Renamed to "${updated.name}".` : 'Saved.' };
  },
);

export const setDatasetArchivedAction = validatedActionWithUser(datasetIdSchema.extend({ archived: z.enum(['true', 'false']) }), async (data, actor) => {
  const archived = data.archived === 'true';
  const updated = await updateDatasetDetails(actor, data.datasetId, { archived });
  revalidateDataset(updated.teamId);
  return {
    success: archived ? 'Archived: hidden from the list and from new scenarios; existing work keeps using it.' : 'Unarchived: the dataset is listed again.',
  };
});

export const deleteDatasetAction = validatedActionWithUser(
  datasetIdSchema.extend({ confirm: z.string(), returnTo: z.enum(['team', 'admin']).default('team') }),
  async (data, actor) => {
    const { dataset } = await datasetFor(actor, data.datasetId, 'team.write');
    await removeDataset(actor, data.datasetId, data.confirm);
    revalidateDataset(dataset.teamId);
    redirect(data.returnTo === 'admin' ? '/admin/datasets' : `/teams/${dataset.teamId}/datasets?deleted=${encodeURIComponent(dataset.name)}`);
  },
);
