/**
 * SCRUB (Kurmanji et al. 2023): the student starts as the original and the original is kept
 * as a frozen teacher. Each epoch, while epoch < maxEpochs, a max-step pass over the forget
 * set pushes the student away from the teacher (maximise KL(teacher ‖ student) at
 * temperature T); then a min-step pass over retain data keeps it close to the teacher and
 * correct (γ·ℓ + α·KL). Defaults from the reference code: α = 0.5, γ = 1, T = 2, small lr,
 * batch size 128 (its sgda_batch_size). The min-steps run over a fresh seeded sample of the
 * retain set each epoch, to keep the cost well below retraining on large sets. The teacher is
 * frozen, so its logits are computed once per set rather than at every step.
 *
 * Deviation (maxStepSmoothing, default 0.01; 0 restores the reference objective): the
 * reference max-step (thirdparty/repdistiller/helper/loops.py train_distill, split
 * "maximize": loss = −DistillKL(T)(logit_s, logit_t), github.com/meghdadk/SCRUB) is
 * unbounded, and from a confident teacher the cheapest way up is to drive the minor-class
 * probabilities to 0, i.e. to make the student MORE confident in the class being forgotten.
 * Which way the ascent goes depends on the tie-breaking start. On the digits dataset,
 * forgetting the class 3 with class-forgetting settings as public SCRUB baselines use them
 * (msteps = 2 with the reference's `epoch <= msteps`, i.e. a max pass in each of 3 epochs;
 * kd_T = 4; α = 0.001, γ = 0.99; plus at least 30 max-steps a pass), 3 seeds out of 5
 * ended with forget accuracy 1.000 (true-class probability 0.999) and the other classes' test
 * accuracy down from 0.97 to 0.84. The max-step therefore measures the KL against the
 * student's distribution mixed with the uniform one, KL(t ‖ (1−λ)·s + λ/K): bounded, so it is
 * maximised by moving mass off the classes the teacher is sure of (see scrubMaxLoss). The
 * min-step is unchanged. Measured with the defaults on Fashion-MNIST (MLP 784-128-10,
 * bench:unlearn, retrain: forget/retain/test accuracy 86.9/87.6/85.5 for 10% random rows,
 * 0.0/90.8/79.7 for class 0):
 *   - 10% random rows: the reference objective (λ = 0) collapsed the model (test accuracy
 *     65%); λ = 0.01 ended at 88.7/88.6/86.5 (seeds 7-10: test 86.4-86.8);
 *   - class 0: λ = 0.01 ended at 0.6/88.7/78.0; λ = 0.1 (the previous default) kept 79% of
 *     the class, too bounded to forget it.
 * On a forget set of a few batches (a digits class, 146 rows) the default 10 max-steps a pass
 * are too few to forget a class: 50 forget it (5 seeds: forget accuracy 0, other classes'
 * test accuracy 0.972-0.975, retrain 0.978), while 50 on 10% random digits rows cost 21 points
 * of test accuracy. That choice depends on the request: defaultsFor makes it per scenario kind.
 */
import { z } from 'zod';
import { disposeTensorSet } from '../../ml/tensor-set';
import { defineMethod, type CurvePoint } from '../contract';
import { disposeOnError, drawSeed, sampleSet, secondsSince, trainPhase } from '../common';
import { scrubMaxLoss, scrubMinLoss } from '../losses';
import { SMALL_DATA_ROWS } from '../../studies/defaults';
import { logitsOn, requireModel } from '../predictor';
import type { RandomSource } from '../../random';

/** Adds N(0, (scale·rms(w))²) to each parameter array. */
function perturb(values: Float32Array[], scale: number, random: RandomSource): Float32Array[] {
  return values.map((w) => {
    const rms = Math.sqrt(w.reduce((a, b) => a + b * b, 0) / Math.max(w.length, 1)) || 1;
    return w.map((v) => v + scale * rms * random.normal());
  });
}

export const scrubConfigSchema = z
  .object({
    epochs: z.number().int().min(1).max(100).default(4),
    /** Epochs that start with a max-step pass over the forget set. */
    maxEpochs: z.number().int().min(0).max(100).default(2),
    alpha: z.number().min(0).max(100).default(0.5),
    gamma: z.number().min(0).max(100).default(1),
    temperature: z.number().positive().max(100).default(2),
    learningRate: z.number().positive().max(1).default(5e-4),
    /** The reference code's sgda_batch_size. */
    batchSize: z.number().int().min(1).max(4096).default(128),
    /** Relative std of the seeded perturbation of the student's start (see run). */
    initialNoise: z.number().min(0).max(1).default(1e-3),
    /** At least this many max-steps per max pass (more passes over small forget sets). */
    minForgetSteps: z.number().int().min(0).max(100000).default(10),
    /** Share of the retain set sampled for each epoch's min-steps (at least 4 batches). */
    retainFraction: z.number().gt(0).max(1).default(0.05),
    /**
     * λ of the bounded max-step objective KL(teacher ‖ (1−λ)·student + λ·uniform); 0 is the
     * reference (unbounded) objective. A deviation from the paper: see the file comment.
     */
    maxStepSmoothing: z.number().min(0).lt(1).default(0.01),
  })
  .refine((c) => c.maxEpochs <= c.epochs, { message: 'maxEpochs must not exceed epochs', path: ['maxEpochs'] });

export const scrub = defineMethod({
  id: 'scrub',
  name: 'SCRUB',
  kind: 'approximate',
  description: 'Student-teacher unlearning: the model is pushed away from the original on the forget set and kept close to it (and correct) on the retain set, alternating max and min steps.',
  citation: {
    authors: 'M. Kurmanji, P. Triantafillou, J. Hayes, E. Triantafillou',
    year: 2023,
    title: 'Towards Unbounded Machine Unlearning',
    venue: 'NeurIPS',
  },
  configSchema: scrubConfigSchema,
  /**
   * Measured (bench:defaults, 3 seeds). Small data (digits, the small-data recipe's confident
   * model): on a class the schema's 10 max-steps a pass keep 100% of it; 20 at 1e-3 keep 42%
   * (53% on a seed); 40 and 50 at 1e-3 forget it (0% on every seed) with 99.0% on the other
   * classes (retrain 99.0%); 50 at 1e-3 is the default, a margin for classes that take longer.
   * Larger data (a 10,000-row Fashion-MNIST sample, MLP): the same setting collapses the model
   * (12% test accuracy) and even the schema's 10 cost 11 points on the other classes, while a
   * single pass over the class (at least 5 steps, 8 here) forgets it (2.8%, at most 6.3% on a
   * seed) within 0.3 points of retrain on the other classes. Random rows, subjects and
   * subgroups, any size: a single max pass (3 epochs, the first with a max pass of at least 5
   * steps) stays within 1.2 points of retrain's test accuracy on 2% of either dataset (the
   * schema's setting lost 4.7 on Fashion-MNIST) and within 0.7 (Fashion-MNIST; forget accuracy
   * 88.1%, retrain 84.6%) and 0.9 (digits) on a subgroup, where two max passes lost 20.7
   * points on Fashion-MNIST.
   * The whole of Fashion-MNIST (60,000 rows, class 0, 8 seeds) broke the larger-data class
   * setting: it kept 0-77% of the class (mean 53%). After the max pass, the min-steps' KL to the
   * teacher on the retain set teaches the class back: the teacher gives T-shirts mass on shirt
   * and pullover images, and 21 min-steps an epoch (5% of 54,000 rows) are enough to relearn it.
   * The reference code's class-forgetting weights, α = 0.001 and γ = 0.99 (min-steps nearly pure
   * cross-entropy on the retain set, which never rewards the class), with one max pass in 3
   * epochs, forgot it on all 8 seeds (at most 0.1% kept) within 0.7 points of retrain on the
   * other classes (the setting above lost about 1).
   */
  defaultsFor: ({ scenarioKind, trainRows }) => {
    if (scenarioKind !== 'class') return { epochs: 3, maxEpochs: 1, minForgetSteps: 5 };
    return trainRows <= SMALL_DATA_ROWS ? { minForgetSteps: 50, learningRate: 1e-3 } : { epochs: 3, maxEpochs: 1, minForgetSteps: 5, alpha: 0.001, gamma: 0.99 };
  },
  async run({ original, retain, forget, config, context }) {
    const started = performance.now();
    const teacher = requireModel(original, 'SCRUB');
    const student = teacher.clone();
    // KL(teacher ‖ student) has a minimum, hence zero gradient, where student = teacher: a
    // max-step from there cannot move (dropout or batch-norm noise break the tie in the
    // reference code). A tiny seeded perturbation starts the ascent.
    student.setValues(perturb(student.values(), config.initialNoise, context.random.fork('start')));
    const curve: CurvePoint[] = [];
    const passes = config.epochs + config.maxEpochs;
    let pass = 0;
    const range = (): [number, number] => [pass / passes, ++pass / passes];
    // the teacher is frozen: its logits on the forget set serve every max pass
    const forgetLogits = config.maxEpochs > 0 ? logitsOn(teacher, forget) : null;
    await disposeOnError(student, async () => {
      for (let epoch = 0; epoch < config.epochs; epoch++) {
        if (forgetLogits && epoch < config.maxEpochs) {
          await trainPhase({
            model: student,
            set: forget,
            epochs: 1,
            batchSize: config.batchSize,
            learningRate: config.learningRate,
            seed: drawSeed(context.random),
            loss: scrubMaxLoss(forgetLogits, config.temperature, config.maxStepSmoothing),
            minSteps: config.minForgetSteps,
            context,
            phase: 'max-step',
            progressRange: range(),
            curve,
          });
        }
        const sample = sampleSet(retain, config.retainFraction, context.random.fork(`retain:${epoch}`), 4 * config.batchSize);
        const retainLogits = logitsOn(teacher, sample.set);
        try {
          await trainPhase({
            model: student,
            set: sample.set,
            epochs: 1,
            batchSize: config.batchSize,
            learningRate: config.learningRate,
            seed: drawSeed(context.random),
            loss: scrubMinLoss(retainLogits, config.temperature, config.alpha, config.gamma),
            context,
            phase: 'min-step',
            progressRange: range(),
            curve,
          });
        } finally {
          retainLogits.dispose();
          if (sample.owned) disposeTensorSet(sample.set);
        }
      }
    }).finally(() => forgetLogits?.dispose());
    return { model: student, curve, stats: { retrained: false, seconds: secondsSince(started), maxSteps: config.maxEpochs } };
  },
});
