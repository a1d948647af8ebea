import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const TYPINGS = path.resolve(__dirname, '../../../src/api/baton-api.d.ts');

/**
 * The typings other extensions copy must stand alone: no imports, and free of errors when
 * checked strictly, declaration file included (the project's own check skips .d.ts files).
 */
describe('api: the shipped typings (src/api/baton-api.d.ts)', () => {
  it('import nothing', () => {
    const source = ts.createSourceFile(TYPINGS, readFileSync(TYPINGS, 'utf8'), ts.ScriptTarget.ES2022, true);
    const imports = source.statements.filter((s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s));
    assert.deepEqual(imports.map((s) => s.getText()), []);
  });

  it('type-check on their own, strictly, and describe what a caller uses', () => {
    const usage = path.join(path.dirname(TYPINGS), '__usage__.ts');
    const usageText = `
      import type { BatonApi, BatonTaskOutcome } from './baton-api';
      export async function use(api: BatonApi): Promise<string> {
        const task = await api.delegate({ goal: 'g', context: 'c', model: { provider: 'demo' }, stopOnClose: false });
        for await (const e of task.events) if (e.type === 'text') return e.delta;
        const outcome: BatonTaskOutcome = await task.stop();
        return outcome.status === 'completed' ? outcome.result.summary : outcome.status;
      }`;
    const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: false, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [] };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (file) => (file === usage ? usageText : readFile(file));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (file) => file === usage || fileExists(file);
    const program = ts.createProgram([TYPINGS, usage], options, host);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(problems, []);
  });
});
