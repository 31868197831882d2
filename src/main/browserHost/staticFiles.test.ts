import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexHtmlWithBridge, resolveStaticPath } from './staticFiles';

function makeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'doppel-static-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><html><head><title>x</title></head><body></body></html>',
  );
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, '..', 'secret-outside.txt'), 'secret');
  return root;
}

describe('resolveStaticPath', () => {
  const root = makeRoot();

  it('finds files under the root and index.html for /', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
  });

  it('refuses traversal in every spelling', () => {
    for (const attempt of [
      '/../secret-outside.txt',
      '/assets/../../secret-outside.txt',
      '/%2e%2e/secret-outside.txt',
      '/..%2fsecret-outside.txt',
      '/assets/%00app.js',
      '/%E0%A4%A',
    ]) {
      expect(resolveStaticPath(root, attempt), attempt).toBeNull();
    }
  });

  it('loads the browser bridge before the app scripts', () => {
    const html = indexHtmlWithBridge(root);
    expect(html.indexOf('browser-bridge.js')).toBeGreaterThan(html.indexOf('<head>'));
    expect(html.indexOf('browser-bridge.js')).toBeLessThan(html.indexOf('<title>'));
  });
});
