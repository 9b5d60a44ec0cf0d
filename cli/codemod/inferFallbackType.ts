import type { Program, Signature, Type, TypeChecker } from 'typescript';
import type { TypeScriptApi } from '../../detection/index.js';
import type { DeclaredValueType } from '../fallbacks/declaredValueTypes.js';
import { EMPTY_VALUE_NAMES, emptyValueFits, firstFittingEmptyValue, requiredMembers } from '../fallbacks/emptyValueFits.js';
import type { FitContext } from '../fallbacks/FitContext.js';

/** The `type` argument to write, or why none can be: the codemod then writes a TODO marker instead. */
export type FallbackTypeInference = { readonly type: string } | { readonly problem: string };

/** What a loader is, for inference: `batch` results are aligned to the keys (the DataLoader contract). */
export type LoaderKind = 'batch' | 'configured';

/** What inference needs: the compiler copy that built the program, the program and its checker. */
export interface TypeContext {
  readonly ts: TypeScriptApi;
  readonly program: Program;
  readonly checker: TypeChecker;
}

/**
 * Infers `fieldDependency`'s `type` from the checker's view of a loader's signature and, for a DataLoader batch
 * function, from the value type `V` its DataLoaders declare, so that the declaration compiles (the empty value must
 * be assignable to the awaited return type; `[T]` needs the keys array as first parameter) and means what the
 * loader's callers expect. Fits are judged with `strictNullChecks` on ({@link FitContext}), so `null` fits only a
 * type that says so, even in a project that compiles without the option:
 *
 * - a DataLoader batch function → `[T]`, `T` the first of `null`, `Map`, `Set`, `Array`, `String`, `Number`,
 *   `Boolean`, `Object` whose empty value fits every declared `V` (`DataLoader<string, Estimate[]>` → `[Array]`)
 *   and the element type of the function's result; with no declared `V`, the element type alone. An `any` or
 *   `unknown` result with no declared `V` says nothing: a problem, never a guess;
 * - a configured loader taking an array first whose elements carry per-key gaps (`null`, `undefined` or `Error`)
 *   → the same `[T]`;
 * - otherwise the result's own empty value: `Map`, `Set`, `Array`, `Object` (a record, or an object whose
 *   properties are all optional), `String`, `Number`, `Boolean`; else `null` when it fits;
 * - else a problem, e.g. `(Board | Error)[]` or an object with required members, where no empty value fits.
 */
export function inferFallbackType(context: FitContext, signature: Signature, kind: LoaderKind, declared: readonly DeclaredValueType[] = []): FallbackTypeInference {
  const { checker } = context;
  const returned = checker.getReturnTypeOfSignature(signature);
  const result = checker.getAwaitedType(returned) ?? returned;
  const takesKeys = takesKeysFirst(context, signature);
  const loose = isLoose(context, result);
  if (kind === 'batch') {
    // DataLoader's contract: one value per key, whatever the function's return type says it is (a
    // `Promise<M[]>` from `.then`, a `PromiseLike<ArrayLike<M>>`): never a whole-result fallback.
    if (!takesKeys) return { problem: 'its first parameter is not the keys array that an aligned [T] type needs' };
    const element = loose ? undefined : alignedElementOf(context, result);
    if (!loose && element === undefined) {
      return { problem: `its result \`${show(context, result)}\` is not an array of one value per key, which DataLoader needs` };
    }
    return alignedType(context, result, element, declared);
  }
  const perKey = takesKeys ? alignedElementOf(context, result) : undefined;
  if (perKey !== undefined && hasPerKeyGaps(context, perKey)) return alignedType(context, result, perKey, []);
  if (loose) return { problem: `its result is \`${show(context, result)}\`, which says nothing of its shape; declare its return type` };
  const own = EMPTY_VALUE_NAMES.filter((name) => name !== 'null').find((name) => emptyValueFits(context, name, result));
  if (own !== undefined) return { type: own };
  if (emptyValueFits(context, 'null', result)) return { type: 'null' };
  return { problem: `no fallback type fits its result \`${show(context, result)}\`${objectNote(context, result)}` };
}

/**
 * `[T]` for a result aligned to the keys (`array`, whose values are `element`, `undefined` when they are `any` or
 * `unknown`): the first empty value that fits the element type and every declared value type.
 */
function alignedType(context: FitContext, array: Type, element: Type | undefined, declared: readonly DeclaredValueType[]): FallbackTypeInference {
  const values = element === undefined || isLoose(context, element) ? [] : [element];
  const [firstDeclared] = declared;
  if (values.length === 0 && firstDeclared === undefined) {
    return {
      problem: `its result is \`${show(context, element ?? array)}\` and its DataLoader declares no value type (\`any\`, \`unknown\` or a type parameter count as none), so no fallback can be chosen; declare one (new DataLoader<K, V>(…), a typed holder, or the batch function's return type)`,
    };
  }
  const fitting = firstFittingEmptyValue(context, [...values, ...declared.map((value) => value.type)]);
  if (fitting !== undefined) return { type: `[${fitting}]` };
  if (firstDeclared !== undefined) {
    const value = firstDeclared.type;
    const againstResult = values.length === 0 ? '' : ` and the element type \`${show(context, values[0] as Type)}\` of its result`;
    return {
      problem: `no fallback type fits the value type \`${show(context, value)}\` its DataLoader declares (${firstDeclared.where})${againstResult}${objectNote(context, value)}`,
    };
  }
  return {
    problem: `no fallback type fits its result \`${show(context, array)}\`: [null] needs null in the element type, and \`${show(context, values[0] as Type)}\` has no empty value${objectNote(context, values[0] as Type)}`,
  };
}

/** `; {} lacks its required members a, b`, for an object type that has some. */
function objectNote(context: FitContext, type: Type): string {
  const members = requiredMembers(context, type);
  if (members.length === 0) return '';
  const named = members.slice(0, 5).join(', ') + (members.length > 5 ? ', …' : '');
  return ` ({} lacks its required members ${named})`;
}

function isLoose(context: TypeContext, type: Type): boolean {
  return (type.flags & (context.ts.TypeFlags.Any | context.ts.TypeFlags.Unknown)) !== 0;
}

/**
 * The value type of an array-like result (an array, a tuple, an `ArrayLike<T>`, or a union of them; `null` and
 * `undefined` beside it ignored): its number-index type; `undefined` when it is not array-like (no `length`, a string).
 */
function alignedElementOf(context: TypeContext, result: Type): Type | undefined {
  const { ts, checker } = context;
  const values = checker.getNonNullableType(result);
  const length = values.getProperty('length');
  if (length === undefined || (values.flags & ts.TypeFlags.StringLike) !== 0) return undefined;
  return checker.getIndexTypeOfType(values, ts.IndexKind.Number);
}

/** Whether the elements can be empty per key: `null`, `undefined` or an `Error` among them. */
function hasPerKeyGaps(context: TypeContext, element: Type): boolean {
  const { ts, checker } = context;
  const parts = element.isUnion() ? element.types : [element];
  const errorSymbol = checker.resolveName('Error', undefined, ts.SymbolFlags.Type, false);
  const errorType = errorSymbol === undefined ? undefined : checker.getDeclaredTypeOfSymbol(errorSymbol);
  return parts.some(
    (part) =>
      (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0 ||
      (errorType !== undefined && (part.flags & ts.TypeFlags.Object) !== 0 && checker.isTypeAssignableTo(part, errorType)),
  );
}

/** Whether the first parameter is a required array (not optional, defaulted or rest): the keys an aligned `[T]` type needs. */
function takesKeysFirst(context: TypeContext, signature: Signature): boolean {
  const { ts, checker } = context;
  const [first] = signature.getParameters();
  if (first === undefined) return false;
  const declaration = first.valueDeclaration;
  if (declaration !== undefined && ts.isParameter(declaration) && (declaration.dotDotDotToken !== undefined || declaration.questionToken !== undefined || declaration.initializer !== undefined)) {
    return false;
  }
  return checker.isArrayLikeType(checker.getTypeOfSymbol(first));
}

/** A type as a short one-line string, for messages. */
function show(context: TypeContext, type: Type): string {
  const text = context.checker.typeToString(type, undefined, context.ts.TypeFormatFlags.NoTruncation).replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
