import { describe, expect, it } from 'vitest';
import { boundedCache } from '../../src/domain/bounded-cache';
import { addWorkingDays, nextWorkingDayOnOrAfter } from '../../src/domain/working-days';

describe('boundedCache', () => {
  it('computes a key once and answers it from memory after that', () => {
    const computed: string[] = [];
    const upper = boundedCache(10, (key) => {
      computed.push(key);
      return key.toUpperCase();
    });
    expect([upper('a'), upper('b'), upper('a'), upper('a')]).toEqual(['A', 'B', 'A', 'A']);
    expect(computed).toEqual(['a', 'b']);
  });

  it('forgets everything when it holds its bound, so odd inputs cannot grow it without end', () => {
    const computed: string[] = [];
    const same = boundedCache(2, (key) => {
      computed.push(key);
      return key;
    });
    same('a');
    same('b');
    same('c'); // full: forgets a and b, keeps c
    same('c');
    same('a');
    expect(computed).toEqual(['a', 'b', 'c', 'a']);
  });

  it('keeps an undefined answer as an answer', () => {
    let calls = 0;
    const nothing = boundedCache(5, () => {
      calls++;
      return undefined;
    });
    nothing('x');
    nothing('x');
    expect(calls).toBe(1);
  });
});

describe('working days answered from memory', () => {
  it('give the same dates the second time, across a holiday and both ways', () => {
    // Christmas 2026: julafton, juldagen, annandag jul fall Thursday to Saturday.
    for (let round = 0; round < 2; round++) {
      expect(addWorkingDays('2026-12-23', 1)).toBe('2026-12-28');
      expect(addWorkingDays('2026-12-28', -1)).toBe('2026-12-23');
      expect(addWorkingDays('2026-12-23', 0)).toBe('2026-12-23');
      expect(nextWorkingDayOnOrAfter('2026-12-24')).toBe('2026-12-28');
    }
  });
});
