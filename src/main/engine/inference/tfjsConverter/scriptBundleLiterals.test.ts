// The script-bundle reader reads data and nothing else: minified literals in every form the
// minifier writes come back exactly, and anything that would need running code is refused.
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../../shared/errors';
import { readExportedBase64, readExportedLiteral } from './scriptBundleLiterals';

const prelude =
  '!function(e){if("object"==typeof exports&&"undefined"!=typeof module)module.exports=e();else{window.model=e()}}' +
  '(function(){return function e(a,n,i){}({1:[function(e,a,n){';
const wrap = (literal: string): string => `${prelude}a.exports=${literal}},{}]},{},[1])(1)});`;

function refusal(text: string): string {
  try {
    readExportedLiteral(text, 'bundle.js');
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('MODEL_CORRUPT');
    return (error as StudioError).message;
  }
  throw new Error('expected a refusal');
}

describe('script bundle literals', () => {
  it('reads minified object literals exactly', () => {
    const literal =
      '{format:"graph-model",n:-1.5e-3,m:.25,big:5e3,t:!0,f:!1,z:null,"quoted key":\'single\',' +
      'list:[1,[2,{a:[]}],"x\\"y\\u00e9\\n"],"__proto__":{polluted:!0}}';
    const value = readExportedLiteral(wrap(literal), 'bundle.js') as Record<string, unknown>;
    expect(JSON.parse(JSON.stringify(value))).toEqual({
      format: 'graph-model',
      n: -1.5e-3,
      m: 0.25,
      big: 5000,
      t: true,
      f: false,
      z: null,
      'quoted key': 'single',
      list: [1, [2, { a: [] }], 'x"yé\n'],
      ['__proto__']: { polluted: true },
    });
    // The "__proto__" key stayed data: nothing was polluted.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses anything that is not a plain literal', () => {
    expect(refusal(wrap('{a:require("fs")}'))).toMatch(/expected a literal value/);
    expect(refusal(wrap('{a:`template`}'))).toMatch(/expected a literal value/);
    expect(refusal(wrap('{a:1+2}'))).toMatch(/expected "," or "}"/);
    expect(refusal(wrap('{a:!2}'))).toMatch(/unsupported "!" expression/);
    expect(refusal(`${wrap('{a:1}')}b.exports={c:2};`)).toMatch(/found 2/);
    expect(refusal(prelude)).toMatch(/found 0/);
    expect(refusal(wrap('"unterminated'))).toMatch(/unterminated string/);
  });

  it('reads a base64 weight shard and refuses one with foreign characters', () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 251, 252, 253]);
    const text = wrap(`"${Buffer.from(bytes).toString('base64')}"`);
    expect([...readExportedBase64(text, 'shard.js')]).toEqual([...bytes]);
    expect(() => readExportedBase64(wrap('"AAEC+vv8!Q=="'), 'shard.js')).toThrow(/not a base64 string/);
    expect(() => readExportedBase64(wrap('{a:1}'), 'shard.js')).toThrow(/not a base64 string/);
  });
});
