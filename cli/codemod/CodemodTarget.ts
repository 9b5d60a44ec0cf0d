import type { Expression, Node } from 'typescript';
import type { LoaderDeclaration, SuppressionComment } from '../../detection/index.js';
import type { LoaderKind } from './inferFallbackType.js';

/** One loader to wrap, gathered from every finding about it. */
export interface CodemodTarget {
  readonly kind: LoaderKind;
  /** Where it is declared; `undefined` when detection could not trace the batch argument. */
  readonly declaration: LoaderDeclaration | undefined;
  /** Where DataLoader receives it, in the files that were analysed. */
  readonly batchArguments: readonly Expression[];
  /** The TODO marker an earlier run left on it, if any. */
  readonly marker: SuppressionComment | undefined;
  /** The loader factory whose call hands it (`makeByIdLoader`): then it is wrapped at that call, named after what holds the result. */
  readonly factory: string | undefined;
  /** Set for a loader factory's own parameter when some uses of the factory cannot be followed: never wrapped there. */
  readonly unfollowedFactory: string | undefined;
  /** What identifies it: the declaration, or the batch argument. */
  readonly key: Node;
}
