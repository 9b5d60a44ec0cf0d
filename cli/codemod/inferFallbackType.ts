import type { Program, Signature, Type, TypeChecker } from 'typescript';
import type { TypeScriptApi } from '../../detection/index.js';

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
 * Infers `fieldDependency`'s `type` from the checker's view of a loader's signature, so that the
 * declaration compiles (the empty value must be assignable to the awaited return type; `[T]` needs the
 * keys array as first parameter) and means what the loader returns:
 *
 * - an array aligned to the keys → `[null]` when `null` fits the element type, else the element's own
 *   empty value (`[Map]`, `[Object]`, …). A DataLoader batch function is always aligned; a configured loader
 *   is when it takes an array first and its elements carry per-key gaps (`null`, `undefined` or `Error`);
 * - otherwise the result's own empty value: `Map`, `Set`, `Array`, `Object` (a record, or an object whose
 *   properties are all optional), `String`, `Number`, `Boolean`; else `null` when it fits;
 * - else a problem, e.g. `(Board | Error)[]`, where no empty value fits, or an `any` result.
 */
export function inferFallbackType(context: TypeContext, signature: Signature, kind: LoaderKind): FallbackTypeInference {
  const { ts, checker } = context;
  const returned = checker.getReturnTypeOfSignature(signature);
  const result = checker.getAwaitedType(returned) ?? returned;
  const takesKeys = takesKeysFirst(context, signature);
  const loose = (result.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
  if (kind === 'batch') {
    // DataLoader's contract: one value per key, whatever the function's return type says it is (a
    // `Promise<M[]>` from `.then`, a `PromiseLike<ArrayLike<M>>`): never a whole-result fallback.
    if (!takesKeys) return { problem: 'its first parameter is not the keys array that an aligned [T] type needs' };
    if (loose) return { type: '[null]' };
    const element = alignedElementOf(context, result);
    if (element === undefined) {
      return { problem: `its result \`${show(context, result)}\` is not an array of one value per key, which DataLoader needs` };
    }
    return alignedType(context, result, element);
  }
  const perKey = takesKeys ? alignedElementOf(context, result) : undefined;
  if (perKey !== undefined && hasPerKeyGaps(context, perKey)) return alignedType(context, result, perKey);
  if (loose) return { problem: `its result is \`${show(context, result)}\`, which says nothing of its shape; declare its return type` };
  const own = ownEmptyValue(context, result);
  if (own !== undefined) return { type: own };
  if (checker.isTypeAssignableTo(checker.getNullType(), result)) return { type: 'null' };
  return { problem: `no fallback type fits its result \`${show(context, result)}\`` };
}

/** `[T]` for a result aligned to the keys (`array`, whose values are `element`): `[null]` when `null` fits, else the element's own empty value. */
function alignedType(context: TypeContext, array: Type, element: Type): FallbackTypeInference {
  const { ts, checker } = context;
  if ((element.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) return { type: '[null]' };
  if (checker.isTypeAssignableTo(checker.getNullType(), element)) return { type: '[null]' };
  const own = ownEmptyValue(context, element);
  if (own !== undefined) return { type: `[${own}]` };
  return {
    problem: `no fallback type fits its result \`${show(context, array)}\`: [null] needs null in the element type, and \`${show(context, element)}\` has no empty value`,
  };
}

/** The constructor whose empty value fits `type`, if one does. */
function ownEmptyValue(context: TypeContext, type: Type): string | undefined {
  const { ts, checker } = context;
  const parts = (type.isUnion() ? type.types : [type]).filter(
    (part) => (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) === 0,
  );
  if (parts.some((part) => isLibraryType(context, part, ['Map', 'ReadonlyMap']))) return 'Map';
  if (parts.some((part) => isLibraryType(context, part, ['Set', 'ReadonlySet']))) return 'Set';
  if (parts.some((part) => checker.isArrayType(part))) return 'Array';
  if (checker.isTypeAssignableTo(checker.getStringType(), type)) return 'String';
  if (checker.isTypeAssignableTo(checker.getNumberType(), type)) return 'Number';
  if (checker.isTypeAssignableTo(checker.getBooleanType(), type)) return 'Boolean';
  if (parts.some((part) => acceptsEmptyObject(context, part))) return 'Object';
  return undefined;
}

/** An object type `{}` fits: a record, an index signature, or properties that are all optional. */
function acceptsEmptyObject(context: TypeContext, type: Type): boolean {
  const { ts, checker } = context;
  if ((type.flags & ts.TypeFlags.NonPrimitive) !== 0) return true;
  if ((type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) === 0) return false;
  if (checker.isArrayType(type) || checker.isTupleType(type)) return false;
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return false;
  if (isLibraryType(context, type, ['Map', 'ReadonlyMap', 'Set', 'ReadonlySet', 'Promise', 'Date', 'RegExp', 'Error'])) return false;
  return checker.getPropertiesOfType(type).every((property) => (property.flags & ts.SymbolFlags.Optional) !== 0);
}

/** Whether `type` is one of the standard library's types of these names (not a user type that shares a name). */
function isLibraryType(context: TypeContext, type: Type, names: readonly string[]): boolean {
  const symbol = type.getSymbol();
  if (symbol === undefined || !names.includes(symbol.getName())) return false;
  return (symbol.getDeclarations() ?? []).some((declaration) => context.program.isSourceFileDefaultLibrary(declaration.getSourceFile()));
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
