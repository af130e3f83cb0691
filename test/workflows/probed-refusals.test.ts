/**
 * `allowedActions` probes every action's check, and the refusals it catches are not ApplicationFailures (whose
 * stack traces were half of what the probes cost, in the workflow and in the API): outside a probe, and for
 * an error that is not a refusal, nothing changes.
 */
import { ApplicationFailure } from '@temporalio/common';
import { allowedActions } from '../../workflows/action-handlers';
import { CaseEngine } from '../../workflows/case-engine';
import { openCase } from '../../workflows/case-opening';
import { caseTypeModule } from '../../workflows/case-types';
import { RecordMeter } from '../../workflows/record-budget';
import { forbidden, isRefusal, PROBED_REFUSAL, probingRefusals } from '../../workflows/rejection';
import { actors, openInput } from '../support/cases';

const thrownBy = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('nothing thrown');
};

describe('probingRefusals', () => {
  it('makes a refusal inside a probe the bare marker, and a refusal outside an ApplicationFailure', () => {
    expect(probingRefusals(() => thrownBy(() => forbidden('no')))).toBe(PROBED_REFUSAL);
    const outside = thrownBy(() => forbidden('no'));
    expect(outside).toBeInstanceOf(ApplicationFailure);
    expect((outside as ApplicationFailure).type).toBe('forbidden');
    expect(isRefusal(PROBED_REFUSAL)).toBe(true);
    expect(isRefusal(outside)).toBe(true);
    expect(isRefusal(new TypeError('a bug'))).toBe(false);
  });

  it('ends with its probe, also when the probe throws', () => {
    expect(thrownBy(() => probingRefusals(() => forbidden('no')))).toBe(PROBED_REFUSAL);
    expect(thrownBy(() => forbidden('no'))).toBeInstanceOf(ApplicationFailure);
  });
});

describe('allowedActions', () => {
  function freshCase() {
    const state = openCase(openInput({}), Date.now());
    return { engine: new CaseEngine(state, caseTypeModule(state.view.type)), meter: new RecordMeter(state) };
  }

  it('refuses without building a single ApplicationFailure', () => {
    const { engine, meter } = freshCase();
    const create = jest.spyOn(ApplicationFailure, 'create');
    try {
      expect(allowedActions(engine, meter, actors.lin)).toEqual([]);
      expect(allowedActions(engine, meter, actors.xinyao).sort()).toEqual(['callback', 'escalate', 'notes']);
      expect(create).not.toHaveBeenCalled();
    } finally {
      create.mockRestore();
    }
  });

  it('lets an error that is not a refusal out', () => {
    const { engine, meter } = freshCase();
    jest.spyOn(meter, 'require').mockImplementationOnce(() => {
      throw new TypeError('a bug');
    });
    expect(thrownBy(() => allowedActions(engine, meter, actors.xinyao))).toBeInstanceOf(TypeError);
  });
});
