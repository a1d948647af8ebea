import assert from 'node:assert/strict';
import { PMap } from '../../../webview-ui/src/state/pmap';
import { PVec } from '../../../webview-ui/src/state/pvec';

describe('persistent vector (the transcript’s items)', () => {
  it('agrees with an array over random pushes, sets and pops, and never changes an old version', () => {
    let v = PVec.empty<number>();
    const a: number[] = [];
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const versions: [PVec<number>, number[]][] = [];
    for (let step = 0; step < 30_000; step++) {
      const r = random();
      if (r < 0.6 || a.length === 0) {
        v = v.push(step);
        a.push(step);
      } else if (r < 0.8) {
        const i = Math.floor(random() * a.length);
        v = v.set(i, -step);
        a[i] = -step;
      } else {
        v = v.pop();
        a.pop();
      }
      assert.equal(v.size, a.length);
      if (step % 1_000 === 0) versions.push([v, [...a]]);
    }
    assert.deepEqual(v.toArray(), a);
    for (const [old, copy] of versions) assert.deepEqual(old.toArray(), copy);
  });

  it('takes a prefix, and answers out-of-range reads with undefined', () => {
    const v = PVec.from(Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual(v.take(3).toArray(), [0, 1, 2]);
    assert.equal(v.take(200), v);
    assert.equal(v.get(100), undefined);
    assert.equal(v.get(-1), undefined);
    assert.equal(v.last(), 99);
  });
});

describe('persistent map (the transcript’s tool index)', () => {
  it('keeps every key, and old versions as they were', () => {
    let m = PMap.empty<number>();
    const old = m.set('a', 1);
    m = old;
    for (let i = 0; i < 5_000; i++) m = m.set(`call-${i}`, i);
    m = m.set('a', 2);
    assert.equal(m.size, 5_001);
    assert.equal(m.get('call-4321'), 4321);
    assert.equal(m.get('a'), 2);
    assert.equal(old.get('a'), 1);
    assert.equal(old.get('call-1'), undefined);
  });
});
