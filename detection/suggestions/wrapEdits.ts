import type { Expression, MethodDeclaration, SourceFile } from 'typescript';
import type { TextEdit } from '../types/Finding.js';
import type { WrapperReference } from './wrapperReference.js';

/** The placeholder arguments a suggestion writes; the user then sets the real type and owner. */
const PLACEHOLDER_ARGUMENTS = "[null], { owner: 'TODO' }";

/**
 * Edits that turn `expression` into `fieldDependency(type, options)(expression)` (the import aside); the
 * arguments default to the suggestion's placeholders, `[null], { owner: 'TODO' }`.
 */
export function wrapExpressionEdits(
  file: SourceFile,
  expression: Expression,
  wrapper: WrapperReference,
  wrapperArguments: string = PLACEHOLDER_ARGUMENTS,
): readonly TextEdit[] {
  const start = expression.getStart(file);
  return [
    { start, end: start, text: `${wrapper.expression}(${wrapperArguments})(` },
    { start: expression.end, end: expression.end, text: ')' },
  ];
}

/**
 * Edits that put `@fieldDependency(type, options)` on its own line above a class method, before its other
 * decorators (the import aside); the arguments default to the suggestion's placeholders.
 */
export function decorateMethodEdits(
  file: SourceFile,
  method: MethodDeclaration,
  wrapper: WrapperReference,
  wrapperArguments: string = PLACEHOLDER_ARGUMENTS,
): readonly TextEdit[] {
  const start = method.getStart(file);
  const lineStart = file.text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart, start))?.[0] ?? '';
  const newline = file.text.includes('\r\n') ? '\r\n' : '\n';
  return [{ start, end: start, text: `@${wrapper.expression}(${wrapperArguments})${newline}${indent}` }];
}
