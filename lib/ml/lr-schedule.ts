/** Learning rate at a step under a schedule. */
import type { ScheduleConfig } from './training-recipe';

export function learningRateAt(
  base: number,
  schedule: ScheduleConfig,
  position: { step: number; epoch: number; totalSteps: number },
): number {
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * Math.pow(schedule.gamma, Math.floor(position.epoch / schedule.everyEpochs));
    case 'cosine': {
      const progress = position.totalSteps <= 1 ? 0 : position.step / (position.totalSteps - 1);
      return schedule.minLearningRate + 0.5 * (base - schedule.minLearningRate) * (1 + Math.cos(Math.PI * progress));
    }
  }
}
