import { describe, expect, it } from 'vitest';
import { parseRangeHeader } from './httpRange';

describe('parseRangeHeader', () => {
  it('serves the whole file without a header or with a malformed one', () => {
    expect(parseRangeHeader(undefined, 100)).toEqual({ kind: 'full' });
    expect(parseRangeHeader('items=0-5', 100)).toEqual({ kind: 'full' });
    expect(parseRangeHeader('bytes=0-5,10-20', 100)).toEqual({ kind: 'full' });
  });

  it('parses open, closed and suffix ranges', () => {
    expect(parseRangeHeader('bytes=0-', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRangeHeader('bytes=10-19', 100)).toEqual({ kind: 'partial', start: 10, end: 19 });
    expect(parseRangeHeader('bytes=90-500', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseRangeHeader('bytes=-30', 100)).toEqual({ kind: 'partial', start: 70, end: 99 });
    expect(parseRangeHeader('bytes=-300', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
  });

  it('refuses ranges that start past the end', () => {
    expect(parseRangeHeader('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader('bytes=20-10', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});
