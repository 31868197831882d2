import { describe, expect, it } from 'vitest';
import { parseCommandArguments } from './cliArguments';
import { UsageError } from './cliOutput';

const USAGE = 'usage: doppel thing FILE [--json]';
const config = (args: string[]) => ({
  args,
  allowPositionals: true,
  strict: true,
  options: { json: { type: 'boolean' as const }, every: { type: 'string' as const } },
});

describe('parseCommandArguments', () => {
  it('returns the typed values and positionals', () => {
    const parsed = parseCommandArguments(config(['a.doppel', '--json', '--every', '3']), USAGE);
    expect(parsed.positionals).toEqual(['a.doppel']);
    expect(parsed.values).toEqual({ json: true, every: '3' });
  });

  it('turns an unknown option into a usage error that names it and prints the usage', () => {
    let thrown: unknown;
    try {
      parseCommandArguments(config(['--jsno']), USAGE);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as Error).message).toContain('--jsno');
    expect((thrown as Error).message.endsWith(`\n${USAGE}`)).toBe(true);
  });

  it('turns a missing option value into a usage error', () => {
    expect(() => parseCommandArguments(config(['--every']), USAGE)).toThrow(UsageError);
  });
});
