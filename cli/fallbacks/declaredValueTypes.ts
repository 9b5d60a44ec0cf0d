import type { Expression, Node, Type } from 'typescript';
import type { FitContext } from './FitContext.js';

/** A DataLoader value type the code declares, and where, for messages. */
export interface DeclaredValueType {
  readonly type: Type;
  /** `its type arguments`, `the type of what holds it`, `its class`: where the declaration was found. */
  readonly where: string;
}

/**
 * The value types `V` that the DataLoaders receiving a batch function declare, one per batch argument that has
 * one: the construction's type arguments (`new DataLoader<string, Estimate[]>(fn)`); else the declared type of
 * what it is assigned to or returned as (`const x: DataLoader<K, V> = …`, a class field typed `DataLoader<K, V>`,
 * `this.x = …` to such a field, the declared return type of a factory); else a subclass that fixes `V`
 * (`class Users extends DataLoader<string, User>`, at `new Users(fn)` or its `super(fn)`). A `V` that is `any`,
 * or still a type parameter, declares nothing. What is only inferred from the batch function is not declared.
 */
export function declaredValueTypes(context: FitContext, batchArguments: readonly Expression[]): readonly DeclaredValueType[] {
  return batchArguments.flatMap((argument) => {
    const declared = declaredAt(context, argument);
    return declared === undefined ? [] : [declared];
  });
}

function declaredAt(context: FitContext, argument: Expression): DeclaredValueType | undefined {
  const { ts, checker } = context;
  const construction = argument.parent;
  if (construction === undefined) return undefined;
  if (ts.isNewExpression(construction) && construction.arguments?.[0] === argument) {
    if (construction.typeArguments !== undefined) return valueOf(context, checker.getTypeAtLocation(construction), construction, 'its type arguments');
    const holder = checker.getContextualType(construction);
    const held = holder === undefined ? undefined : valueOf(context, holder, construction, 'the declared type of what holds it');
    if (held !== undefined) return held;
    const generic = checker.getTypeAtLocation(construction.expression).getConstructSignatures().some((signature) => (signature.getTypeParameters() ?? []).length > 0);
    return generic ? undefined : valueOf(context, checker.getTypeAtLocation(construction), construction, 'its class');
  }
  if (ts.isCallExpression(construction) && construction.expression.kind === ts.SyntaxKind.SuperKeyword && construction.arguments[0] === argument) {
    const owner = ts.findAncestor(construction, ts.isClassLike);
    const symbol = owner?.name === undefined ? undefined : checker.getSymbolAtLocation(owner.name);
    return symbol === undefined ? undefined : valueOf(context, checker.getDeclaredTypeOfSymbol(symbol), construction, 'its class');
  }
  return undefined;
}

/** `V` of a DataLoader type (the awaited result of its `load`), unless it says nothing (`any`, a type parameter or a type made of one). */
function valueOf(context: FitContext, loader: Type, at: Node, where: string): DeclaredValueType | undefined {
  const { ts, checker } = context;
  const parts = (loader.isUnion() ? loader.types : [loader]).filter((part) => (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) === 0);
  for (const part of parts) {
    const load = part.getProperty('load');
    if (load === undefined) continue;
    const [signature] = checker.getTypeOfSymbolAtLocation(load, at).getCallSignatures();
    if (signature === undefined) continue;
    const returned = checker.getReturnTypeOfSignature(signature);
    const value = checker.getAwaitedType(returned) ?? returned;
    if ((value.flags & ts.TypeFlags.Any) !== 0 || mentionsTypeParameter(context, value, 0)) return undefined;
    return { type: value, where };
  }
  return undefined;
}

function mentionsTypeParameter(context: FitContext, type: Type, depth: number): boolean {
  const { ts, checker } = context;
  if (depth > 4) return false;
  if ((type.flags & ts.TypeFlags.Instantiable) !== 0) return true;
  if (type.isUnionOrIntersection()) return type.types.some((part) => mentionsTypeParameter(context, part, depth + 1));
  if ((type.flags & ts.TypeFlags.Object) !== 0 && ((type as { objectFlags?: number }).objectFlags ?? 0) & ts.ObjectFlags.Reference) {
    return checker.getTypeArguments(type as Parameters<typeof checker.getTypeArguments>[0]).some((argument) => mentionsTypeParameter(context, argument, depth + 1));
  }
  return false;
}
