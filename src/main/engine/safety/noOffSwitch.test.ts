// "There is no switch to turn the gate off": a guard over the source tree, so one cannot appear
// by accident. Outside tests, nothing may build a gate or a classifier set from anything but the
// three embedded models, nothing may reach the fixture classifiers, and no contract, CLI or UI
// code may carry an option to skip, disable or loosen the content safety check.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const sourceRoot = join(here, '..', '..', '..');
const safetyFolder = relative(sourceRoot, here).split(sep).join('/');

function productionFiles(): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'testSupport' && name !== 'lintFixtures' && name !== 'node_modules') walk(path);
      } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) {
        files.push({
          path: relative(sourceRoot, path).split(sep).join('/'),
          text: readFileSync(path, 'utf8'),
        });
      }
    }
  };
  walk(sourceRoot);
  return files;
}

describe('the content safety gate has no off switch', () => {
  const files = productionFiles();

  it('scans the real source tree', () => {
    expect(files.some((file) => file.path === `${safetyFolder}/contentSafetyGate.ts`)).toBe(true);
    expect(files.length).toBeGreaterThan(50);
  });

  it('builds gates and classifier sets only inside the safety engine', () => {
    const outside = files.filter((file) => !file.path.startsWith(`${safetyFolder}/`));
    for (const file of outside) {
      expect(file.text, file.path).not.toMatch(/new ContentSafetyGate\s*\(|openContentClassifierSet\s*\(/);
      expect(file.text, file.path).not.toMatch(/safety\/testSupport|flagEverything/i);
    }
  });

  it('offers no option to skip, disable or loosen the check in contracts, CLI or UI', () => {
    const surfaces = files.filter(
      (file) =>
        /^(shared\/contracts|main\/cli|main\/ipc|renderer|preload)/.test(file.path) ||
        file.path === 'main/cli.ts',
    );
    expect(surfaces.length).toBeGreaterThan(3);
    const offSwitch =
      /\b\w*(skip|disable|bypass|ignore|allow|unsafe|without)\w*(safety|nsfw|contentcheck|contentfilter)\w*|\b\w*(safety|nsfw)\w*(off|disabled?|skip|bypass|threshold)\w*|no-?(safety|nsfw|content-?check)/i;
    for (const name of [
      'skipSafetyCheck',
      'disableNsfwFilter',
      'safetyOff',
      'nsfwThreshold',
      '--no-safety',
      'bypass_safety',
    ]) {
      expect(name).toMatch(offSwitch);
    }
    for (const file of surfaces) expect(file.text, file.path).not.toMatch(offSwitch);
  });
});
