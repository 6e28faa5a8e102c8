/**
 * The second wall, TypeScript: every hostile value as a string literal of src/core/render/typescript.ts must
 * compile (the TypeScript compiler reports no syntax error) and evaluate to exactly the value.
 */
import * as ts from 'typescript';
import { runInNewContext } from 'node:vm';
import { tsStringLiteral } from '../../src';
import { HOSTILE_VALUES } from './corpus';

test('every hostile value compiles as one TypeScript string literal and evaluates to itself', () => {
  const source = `export const values: string[] = [\n${HOSTILE_VALUES.map(([, v]) => `  ${tsStringLiteral(v)},`).join('\n')}\n];\n`;
  const output = ts.transpileModule(source, {
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  expect(output.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  const exports: { values?: string[] } = {};
  runInNewContext(output.outputText, { exports });
  expect(exports.values).toEqual(HOSTILE_VALUES.map(([, v]) => v));
  // One literal per line: no value spans lines or closes the literal early.
  expect(source.split('\n')).toHaveLength(HOSTILE_VALUES.length + 3);
});

test('literals use the single quotes of the kit sources', () => {
  expect(tsStringLiteral("it's")).toBe("'it\\'s'");
  expect(tsStringLiteral('say "hi"')).toBe(`'say "hi"'`);
  expect(tsStringLiteral('a\\b\nc\u2028')).toBe("'a\\\\b\\nc\\u2028'");
});
