import { Project, ts } from 'ts-morph';
import type { Program, Signature } from 'typescript';
import { describe, expect, it } from 'vitest';
import type { TypeScriptApi } from '../../detection/index.js';
import { inferFallbackType, type FallbackTypeInference, type LoaderKind, type TypeContext } from '../../cli/codemod/inferFallbackType.js';

/** What the signatures use: a record type, and a user class that only shares its shape with the standard Map. */
const DECLARATIONS = `
interface Board { readonly id: string; readonly name: string }
declare class LocalMap<K, V> { get(key: K): V | undefined }
`;

/** Infers the `type` of `declare function loader<signature>` in a small strict (or not) program. */
function infer(signature: string, kind: LoaderKind, strict = true): FallbackTypeInference {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], strict, noEmit: true },
  });
  const file = project.createSourceFile('loader.ts', `${DECLARATIONS}\nexport declare function loader${signature};\n`);
  const program = project.getProgram().compilerObject as unknown as Program;
  const context: TypeContext = { ts: ts as unknown as TypeScriptApi, program, checker: program.getTypeChecker() };
  const declaration = program.getSourceFile(file.getFilePath())?.statements.find((statement) => statement.kind === ts.SyntaxKind.FunctionDeclaration);
  const found = context.checker.getSignatureFromDeclaration(declaration as Parameters<typeof context.checker.getSignatureFromDeclaration>[0]);
  return inferFallbackType(context, found as Signature, kind);
}

describe('inferFallbackType: DataLoader batch functions (aligned to the keys)', () => {
  it.each([
    ['(ids: readonly string[]): Promise<(Board | null)[]>', '[null]'],
    ['(ids: string[]): Promise<ReadonlyArray<Board | null>>', '[null]'],
    ['(ids: readonly string[]): (Board | null)[]', '[null]'],
    ['(ids: readonly string[]): Promise<(Board | null)[] | undefined>', '[null]'],
    ['(ids: readonly string[]): Promise<any>', '[null]'],
    ['(ids: readonly string[]): Promise<unknown[]>', '[null]'],
    ['(ids: readonly string[]): Promise<Map<string, Board>[]>', '[Map]'],
    ['(ids: readonly string[]): Promise<ReadonlySet<string>[]>', '[Set]'],
    ['(ids: readonly string[]): Promise<string[][]>', '[Array]'],
    ['(ids: readonly string[]): Promise<Record<string, Board>[]>', '[Object]'],
    ['(ids: readonly string[]): Promise<{ readonly name?: string }[]>', '[Object]'],
    ['(ids: readonly string[]): Promise<string[]>', '[String]'],
    ['(ids: readonly string[]): Promise<number[]>', '[Number]'],
    ['(ids: readonly string[]): Promise<boolean[]>', '[Boolean]'],
  ])('%s → %s', (signature, type) => {
    expect(infer(signature, 'batch')).toEqual({ type });
  });

  it.each([
    ['(ids: readonly string[]): Promise<(Board | Error)[]>', 'no fallback type fits its result `(Board | Error)[]`: [null] needs null in the element type, and `Board | Error` has no empty value'],
    ['(ids: readonly string[]): Promise<Board[]>', 'no fallback type fits its result `Board[]`: [null] needs null in the element type, and `Board` has no empty value'],
    ['(ids: readonly string[]): Promise<("a" | "b")[]>', 'no fallback type fits its result `("a" | "b")[]`: [null] needs null in the element type, and `"a" | "b"` has no empty value'],
    ['(): Promise<(Board | null)[]>', 'its first parameter is not the keys array that an aligned [T] type needs'],
    ['(...ids: string[]): Promise<(Board | null)[]>', 'its first parameter is not the keys array that an aligned [T] type needs'],
    ['(ids?: readonly string[]): Promise<(Board | null)[]>', 'its first parameter is not the keys array that an aligned [T] type needs'],
    ['(id: string): Promise<(Board | null)[]>', 'its first parameter is not the keys array that an aligned [T] type needs'],
  ])('%s → a TODO: %s', (signature, problem) => {
    expect(infer(signature, 'batch')).toEqual({ problem });
  });

  it('takes [null] for any element when null fits everything (strictNullChecks off)', () => {
    expect(infer('(ids: readonly string[]): Promise<Board[]>', 'batch', false)).toEqual({ type: '[null]' });
  });
});

describe('inferFallbackType: configured loaders', () => {
  it.each([
    ['(ids: readonly string[]): Promise<Map<string, Board>>', 'Map'],
    ['(ids: readonly string[]): Promise<ReadonlyMap<string, Board> | null>', 'Map'],
    ['(ids: readonly string[]): Promise<Set<string>>', 'Set'],
    ['(ids: readonly string[]): Promise<Board[]>', 'Array'],
    ['(ids: readonly string[]): Promise<(Board | null)[]>', '[null]'],
    ['(id: string): Promise<(Board | null)[]>', 'Array'],
    ['(ids: readonly string[]): Promise<Record<string, Board>>', 'Object'],
    ['(id: string): Promise<{ readonly color?: string; readonly size?: number }>', 'Object'],
    ['(id: string): Promise<object>', 'Object'],
    ['(id: string): Promise<Board | null>', 'null'],
    ['(id: string): string', 'String'],
    ['(id: string): Promise<string | undefined>', 'String'],
    ['(id: string): number', 'Number'],
    ['(id: string): boolean', 'Boolean'],
  ])('%s → %s', (signature, type) => {
    expect(infer(signature, 'configured')).toEqual({ type });
  });

  it.each([
    ['(id: string): Promise<Board>', 'no fallback type fits its result `Board`'],
    ['(ids: readonly string[]): Promise<(Board | Error)[]>', 'no fallback type fits its result `(Board | Error)[]`: [null] needs null in the element type, and `Board | Error` has no empty value'],
    ['(id: string): Promise<"good" | "bad">', 'no fallback type fits its result `"good" | "bad"`'],
    ['(id: string): Promise<void>', 'no fallback type fits its result `void`'],
    ['(id: string): Promise<any>', 'its result is `any`, which says nothing of its shape; declare its return type'],
    ['(id: string): Promise<unknown>', 'its result is `unknown`, which says nothing of its shape; declare its return type'],
    ['(id: string): Promise<LocalMap<string, Board>>', 'no fallback type fits its result `LocalMap<string, Board>`'],
  ])('%s → a TODO: %s', (signature, problem) => {
    expect(infer(signature, 'configured')).toEqual({ problem });
  });
});
