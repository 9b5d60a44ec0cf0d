import type { Type } from 'typescript';
import type { FitContext } from './FitContext.js';

/** The constructors (and `null`) whose fresh empty value `fieldDependency` can answer, in the order they are preferred. */
export const EMPTY_VALUE_NAMES = ['null', 'Map', 'Set', 'Array', 'String', 'Number', 'Boolean', 'Object'] as const;

/** One of {@link EMPTY_VALUE_NAMES}. */
export type EmptyValueName = (typeof EMPTY_VALUE_NAMES)[number];

/**
 * Whether the empty value of `name` (`null`, `new Map()`, `[]`, `''`, `0`, `false`, `{}`) is a value of `type`, judged
 * with `strictNullChecks` on so that `null` fits only where the type says so; in a project compiled without it,
 * `null` also fits a record type (an interface, a class instance) and a type that has `undefined`, that project's
 * way of saying "missing", but never an array, a collection or a primitive. An object type with required members
 * takes no `{}`; `any` and `unknown` take everything.
 */
export function emptyValueFits(context: FitContext, name: EmptyValueName, type: Type): boolean {
  const { ts, checker } = context;
  if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) return true;
  const parts = type.isUnion() ? type.types : [type];
  const values = parts.filter((part) => (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) === 0);
  // `{}` takes every value but null and undefined.
  if (name !== 'null' && values.some((part) => isEmptyObjectType(context, part))) return true;
  switch (name) {
    case 'null':
      if (checker.isTypeAssignableTo(checker.getNullType(), type)) return true;
      // Without strictNullChecks a project cannot say "or null" in its types; its convention is that a missing
      // record is null or undefined. An array, collection or primitive is another matter: its callers iterate it or
      // count with it, and its own empty value is what they expect.
      return (
        !context.projectChecksNulls &&
        (parts.some((part) => (part.flags & ts.TypeFlags.Undefined) !== 0) || (values.length > 0 && values.every((part) => isRecordType(context, part))))
      );
    case 'Map':
      return values.some((part) => isLibraryType(context, part, ['Map', 'ReadonlyMap']));
    case 'Set':
      return values.some((part) => isLibraryType(context, part, ['Set', 'ReadonlySet']));
    case 'Array':
      return values.some((part) => checker.isArrayType(part));
    case 'String':
      return checker.isTypeAssignableTo(checker.getStringType(), type);
    case 'Number':
      return checker.isTypeAssignableTo(checker.getNumberType(), type);
    case 'Boolean':
      return checker.isTypeAssignableTo(checker.getBooleanType(), type);
    case 'Object':
      return values.some((part) => acceptsEmptyObject(context, part));
  }
}

/** The first of {@link EMPTY_VALUE_NAMES} whose empty value fits every one of `types`, if one does. */
export function firstFittingEmptyValue(context: FitContext, types: readonly Type[]): EmptyValueName | undefined {
  return EMPTY_VALUE_NAMES.find((name) => types.every((type) => emptyValueFits(context, name, type)));
}

/**
 * The required members of a plain object type (one object type, no methods) that `{}` lacks, for messages:
 * empty for anything else.
 */
export function requiredMembers(context: FitContext, type: Type): readonly string[] {
  const { ts, checker } = context;
  const parts = (type.isUnion() ? type.types : [type]).filter((part) => (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) === 0);
  const [only] = parts;
  if (parts.length !== 1 || only === undefined || (only.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) === 0) return [];
  if (checker.isArrayType(only) || checker.isTupleType(only) || only.getCallSignatures().length > 0) return [];
  const properties = checker.getPropertiesOfType(only);
  if (properties.some((property) => (property.flags & ts.SymbolFlags.Method) !== 0)) return [];
  return properties.filter((property) => (property.flags & ts.SymbolFlags.Optional) === 0).map((property) => property.getName());
}

/** The type `{}`: an object type with no members, signatures or index. */
function isEmptyObjectType(context: FitContext, type: Type): boolean {
  const { ts, checker } = context;
  if ((type.flags & ts.TypeFlags.Object) === 0 || type.isClassOrInterface() || checker.getPropertiesOfType(type).length > 0) return false;
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return false;
  return checker.getIndexInfosOfType(type).length === 0;
}

/** An object type that is a record of some kind (an interface, a class instance), not an array, a collection or a function. */
function isRecordType(context: FitContext, type: Type): boolean {
  const { ts, checker } = context;
  if ((type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection | ts.TypeFlags.NonPrimitive)) === 0) return false;
  if (checker.isArrayType(type) || checker.isTupleType(type) || type.getCallSignatures().length > 0) return false;
  return !isLibraryType(context, type, ['Map', 'ReadonlyMap', 'Set', 'ReadonlySet', 'Promise', 'Date', 'RegExp']);
}

/** An object type `{}` fits: a record, an index signature, or properties that are all optional. */
function acceptsEmptyObject(context: FitContext, type: Type): boolean {
  const { ts, checker } = context;
  if ((type.flags & ts.TypeFlags.NonPrimitive) !== 0) return true;
  if ((type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) === 0) return false;
  if (checker.isArrayType(type) || checker.isTupleType(type)) return false;
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return false;
  if (isLibraryType(context, type, ['Map', 'ReadonlyMap', 'Set', 'ReadonlySet', 'Promise', 'Date', 'RegExp', 'Error'])) return false;
  return checker.getPropertiesOfType(type).every((property) => (property.flags & ts.SymbolFlags.Optional) !== 0);
}

/** Whether `type` is one of the standard library's types of these names (not a user type that shares a name). */
function isLibraryType(context: FitContext, type: Type, names: readonly string[]): boolean {
  const symbol = type.getSymbol();
  if (symbol === undefined || !names.includes(symbol.getName())) return false;
  return (symbol.getDeclarations() ?? []).some((declaration) => context.program.isSourceFileDefaultLibrary(declaration.getSourceFile()));
}
