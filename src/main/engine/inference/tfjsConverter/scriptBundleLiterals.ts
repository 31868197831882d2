// Some npm packages (nsfwjs) ship their TF.js model.json and weight shards not as files but as
// browserify bundles: model.min.js assigns the model JSON as a minified object literal to
// `module.exports`, and each group1-shardXofY.min.js assigns the shard's bytes as one base64
// string. Importing those files would run the package's code in the main process just to read
// data, so this module reads them as text instead: it finds the single `<name>.exports=` followed
// by a literal and parses that literal with a parser that only knows data (objects, arrays,
// strings, numbers, true/false/null and the minifier's !0/!1). Anything else is refused.
import { StudioError } from '../../../../shared/errors';

class LiteralParser {
  position: number;

  constructor(
    private readonly text: string,
    start: number,
    private readonly label: string,
  ) {
    this.position = start;
  }

  fail(what: string): never {
    const excerpt = this.text.slice(this.position, this.position + 40).replace(/\s+/g, ' ');
    throw new StudioError(
      'MODEL_CORRUPT',
      `${this.label}: ${what} at character ${this.position} ("${excerpt}"); the bundle is not the data-only script it should be.`,
    );
  }

  skipSpace(): void {
    while (this.position < this.text.length && /\s/.test(this.text[this.position] ?? '')) this.position++;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.position] ?? '';
  }

  expect(character: string): void {
    if (this.peek() !== character) this.fail(`expected "${character}"`);
    this.position++;
  }

  value(depth: number): unknown {
    if (depth > 64) this.fail('nesting deeper than 64 levels');
    const next = this.peek();
    if (next === '{') return this.object(depth);
    if (next === '[') return this.array(depth);
    if (next === '"' || next === "'") return this.string();
    if (next === '!') {
      // Minifiers write true as !0 and false as !1.
      const word = this.text.slice(this.position, this.position + 2);
      if (word !== '!0' && word !== '!1') this.fail('unsupported "!" expression');
      this.position += 2;
      return word === '!0';
    }
    if (/[-+.\d]/.test(next)) return this.number();
    for (const [word, result] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (
        this.text.startsWith(word, this.position) &&
        !/[\w$]/.test(this.text[this.position + word.length] ?? '')
      ) {
        this.position += word.length;
        return result;
      }
    }
    return this.fail('expected a literal value');
  }

  object(depth: number): Record<string, unknown> {
    this.expect('{');
    // A null-prototype object, so a "__proto__" key in the data stays an ordinary key.
    const result = Object.create(null) as Record<string, unknown>;
    while (this.peek() !== '}') {
      const key = this.key();
      this.expect(':');
      result[key] = this.value(depth + 1);
      if (this.peek() === ',') this.position++;
      else if (this.peek() !== '}') this.fail('expected "," or "}"');
    }
    this.position++;
    return result;
  }

  key(): string {
    const next = this.peek();
    if (next === '"' || next === "'") return this.string();
    const match = /^[A-Za-z_$][\w$]*|^\d+(\.\d+)?/.exec(this.text.slice(this.position, this.position + 256));
    if (match === null) this.fail('expected a property name');
    this.position += match[0].length;
    return match[0];
  }

  array(depth: number): unknown[] {
    this.expect('[');
    const result: unknown[] = [];
    while (this.peek() !== ']') {
      result.push(this.value(depth + 1));
      if (this.peek() === ',') this.position++;
      else if (this.peek() !== ']') this.fail('expected "," or "]"');
    }
    this.position++;
    return result;
  }

  number(): number {
    const match = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(
      this.text.slice(this.position, this.position + 64),
    );
    if (match === null) this.fail('malformed number');
    this.position += match[0].length;
    return Number(match[0]);
  }

  string(): string {
    const quote = this.text[this.position] ?? '"';
    const start = this.position + 1;
    // Fast path: weight shards are megabytes of base64 without a single escape.
    const end = this.text.indexOf(quote, start);
    if (end < 0) this.fail('unterminated string');
    const plain = this.text.slice(start, end);
    if (!plain.includes('\\') && !plain.includes('\n')) {
      this.position = end + 1;
      return plain;
    }
    let result = '';
    let index = start;
    for (;;) {
      const character = this.text[index];
      if (character === undefined || character === '\n') {
        this.position = index;
        this.fail('unterminated string');
      }
      if (character === quote) break;
      if (character !== '\\') {
        result += character;
        index++;
        continue;
      }
      const escaped = this.text[index + 1] ?? '';
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        b: '\b',
        f: '\f',
        v: '\v',
        0: '\0',
      };
      if (escaped === 'u' || escaped === 'x') {
        const length = escaped === 'u' ? 4 : 2;
        const hex = this.text.slice(index + 2, index + 2 + length);
        if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) {
          this.position = index;
          this.fail('malformed escape');
        }
        result += String.fromCharCode(parseInt(hex, 16));
        index += 2 + length;
      } else {
        result += simple[escaped] ?? escaped;
        index += 2;
      }
    }
    this.position = index + 1;
    return result;
  }
}

/**
 * The literal assigned to `<name>.exports=` in a browserify bundle (exactly one such assignment
 * of a literal must exist; the UMD prelude's `module.exports=e()` is a call and does not count).
 */
export function readExportedLiteral(sourceText: string, label: string): unknown {
  // indexOf rather than one regular expression over the whole text: shard bundles are megabytes
  // of base64, where an identifier pattern would backtrack over every run of letters.
  const starts: number[] = [];
  for (
    let found = sourceText.indexOf('.exports');
    found >= 0;
    found = sourceText.indexOf('.exports', found + 1)
  ) {
    const before = sourceText[found - 1] ?? '';
    const after = /^\.exports\s*=\s*(?=[{["'])/.exec(sourceText.slice(found, found + 32));
    if (after !== null && /[\w$]/.test(before)) starts.push(found + after[0].length);
  }
  if (starts.length !== 1) {
    throw new StudioError(
      'MODEL_CORRUPT',
      `${label}: expected one "exports=" assignment of a literal, found ${starts.length}.`,
    );
  }
  const parser = new LiteralParser(sourceText, starts[0] ?? 0, label);
  const value = parser.value(0);
  // The literal must be a whole expression: what follows can only end the statement or function.
  if (!/^[\s;,})]/.test(sourceText.slice(parser.position, parser.position + 1))) {
    parser.fail('the literal is followed by more code');
  }
  return value;
}

/** A weight-shard bundle: its exported literal must be one base64 string. */
export function readExportedBase64(sourceText: string, label: string): Uint8Array {
  const value = readExportedLiteral(sourceText, label);
  const notBase64 = (): never => {
    throw new StudioError('MODEL_CORRUPT', `${label}: the exported value is not a base64 string.`);
  };
  if (typeof value !== 'string' || value.length % 4 !== 0) return notBase64();
  const bytes = Buffer.from(value, 'base64');
  // Node skips characters outside the alphabet, so a clean string is the one whose decoded length
  // is exactly what its length and padding promise (cheaper than a pattern test on megabytes).
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  if (bytes.byteLength !== (value.length / 4) * 3 - padding) return notBase64();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
