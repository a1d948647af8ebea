import assert from 'node:assert/strict';
import { TurnText } from '../../../src/core/agent/conversation';

describe('the model’s output, turn after turn', () => {
  it('puts a line break between turns that would run together, and nothing where one side has space', () => {
    const out = new TurnText();
    for (const turn of ['Reading the files.', '', 'Found it', ' and fixed it.\n', 'Done.']) out.add(turn);
    assert.equal(out.value, 'Reading the files.\nFound it and fixed it.\nDone.');
  });
});
