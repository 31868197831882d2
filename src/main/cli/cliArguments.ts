// Every command reads its options strictly with node's parseArgs; an unknown or malformed option is
// a usage error that prints the command's usage (exit code 2), not a crash.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cliOutput';

export function parseCommandArguments<T extends ParseArgsConfig>(
  config: T,
  usage: string,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}
