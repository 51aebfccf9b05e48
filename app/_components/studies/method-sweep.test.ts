import { describe, expect, it } from 'vitest';
import { methodCatalogue } from '@/lib/unlearning/registry';
import { friendlyMessage } from './plan-summary';
import { initialSweep, sweepBody, sweepErrors } from './method-sweep';
import { errorsByKey } from './study-form-state';

const finetune = methodCatalogue({ scenarioKind: 'class', trainRows: 1000, forgetRows: 100 }).find((m) => m.id === 'finetune');

describe('the study form’s sweep', () => {
  it('starts off, with the learning rate at half, the default and double ready', () => {
    if (!finetune) throw new Error('finetune expected');
    const state = initialSweep(finetune);
    const rate = Number(finetune.defaults.learningRate);
    expect(state.on).toBe(false);
    expect(state.rows).toEqual([{ setting: 'learningRate', values: [rate / 2, rate, rate * 2].map((x) => Number(x.toPrecision(3))).join(', ') }]);
    expect(sweepBody(state)).toBeUndefined();
    expect(sweepBody({ ...state, on: true })).toEqual({ learningRate: [rate / 2, rate, rate * 2].map((x) => Number(x.toPrecision(3))) });
  });

  it('says what is wrong before asking the server: too few values, too many grid points', () => {
    expect(sweepErrors('finetune', { on: true, rows: [{ setting: 'learningRate', values: '0.1' }] })).toEqual({ 'method:finetune:sweep:learningRate': 'Give 2 to 4 values (1 now).' });
    const big = { on: true, rows: [{ setting: 'learningRate', values: '1, 2, 3' }, { setting: 'epochs', values: '1, 2, 3' }] };
    expect(sweepErrors('finetune', big)).toEqual({ 'method:finetune:sweep': '9 grid points; a sweep has at most 8.' });
    expect(sweepErrors('finetune', { ...big, on: false })).toEqual({});
  });

  it('puts the server’s sweep errors next to the values box they name, in words', () => {
    const error = { code: 'validation', message: 'methods.1.sweep.learningRate.2: Fine-tune (FT): Too big: expected number to be <=1', details: { field: 'methods.1.sweep.learningRate.2' } };
    expect(errorsByKey(error, ['scrub', 'finetune'])).toEqual({ 'method:finetune:sweep:learningRate': 'Fine-tune (FT): Too big: expected number to be <=1' });
    expect(friendlyMessage(error)).toBe('Sweep of learningRate (value 3): Fine-tune (FT): Too big: expected number to be <=1');
    expect(errorsByKey({ code: 'validation', message: 'methods.0.sweep: too many', details: { field: 'methods.0.sweep' } }, ['finetune'])).toEqual({ 'method:finetune:sweep': 'too many' });
  });
});
