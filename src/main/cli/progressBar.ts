// Progress bars on stderr for long commands (cli-progress); silent with --json or without a TTY.
import cliProgress from 'cli-progress';
import type { CliContext } from './cliOutput';

export interface ProgressReporter {
  update(completed: number, total: number, label: string): void;
  stop(): void;
}

export function createProgressReporter(context: CliContext, title: string): ProgressReporter {
  if (context.json || !context.interactive) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {value}/{total} {label}`, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(completed, total, label) {
      if (!started) {
        bar.start(total, completed, { label });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(completed, { label });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
