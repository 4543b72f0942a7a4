import { DeadlockException } from '@mikro-orm/core';
import { DomainError, isTransient } from './errors.js';

describe('isTransient: the infrastructure failed, not the work', () => {
  const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

  it('is true for an unreachable database, a deadlock, a timeout or no free connection, however deeply wrapped', () => {
    for (const code of ['40P01', '40001', '55P03', '57014', '53300', '08006', 'ECONNREFUSED']) {
      expect([code, isTransient(pgError(code))]).toEqual([code, true]);
    }
    expect(isTransient(new DeadlockException(pgError('40P01')))).toBe(true);
    expect(isTransient(new Error('applying the batch', { cause: pgError('40P01') }))).toBe(true);
    expect(isTransient(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('is false for what the work itself got wrong: a refused rule, a bad value, a bug', () => {
    expect(isTransient(new DomainError('rule_violated', 'no'))).toBe(false);
    expect(isTransient(pgError('23502'))).toBe(false); // not-null violation
    expect(isTransient(pgError('22P02'))).toBe(false); // invalid text representation
    expect(isTransient(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
  });
});
