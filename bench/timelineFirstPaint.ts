// Time from navigation to the first paint of a big project's timeline, in Chromium against the
// browser-mode host (in this process), with the project already open on the host.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { startBrowserHost } from '../src/main/browserHost/browserHost';
import { createStudio } from '../src/main/services/createStudio';
import { chromiumArgs, chromiumExecutable } from './chromiumLaunch';

export async function measureTimelineFirstPaint(
  projectPath: string,
  expectedClips: number,
): Promise<string | null> {
  const rendererDir = resolve('out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html')) || !existsSync(chromiumExecutable)) {
    console.log('(first paint skipped: run `npm run build` and install chromium to measure it)');
    return null;
  }
  const studio = createStudio({
    mode: 'browser',
    dataDir: mkdtempSync(join(tmpdir(), 'doppel-bench-home-')),
  });
  const host = await startBrowserHost({ studio, rendererDir, port: 0 });
  const browser = await chromium.launch({ executablePath: chromiumExecutable, args: chromiumArgs });
  try {
    const timings: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      await studio.services.project.open({ path: projectPath });
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await page.goto(host.url);
      await page.locator('[data-testid="timeline-clip"]').first().waitFor({ timeout: 60_000 });
      // Two animation frames after the clips exist: they have been laid out and painted.
      const paintedAt = await page.evaluate(
        () =>
          new Promise<number>((done) =>
            requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))),
          ),
      );
      const drawn = await page.locator('[data-testid="timeline-clip"]').count();
      timings.push(paintedAt);
      if (run === 0)
        console.log(
          `  clips in the DOM at first paint: ${drawn} of ${expectedClips} (the timeline draws only what is on screen once virtualised)`,
        );
      await page.close();
    }
    timings.sort((a, b) => a - b);
    return `median ${timings[1]!.toFixed(0)} ms (runs: ${timings.map((t) => t.toFixed(0)).join(', ')} ms)`;
  } finally {
    await browser.close();
    await host.close();
    studio.dispose();
  }
}
