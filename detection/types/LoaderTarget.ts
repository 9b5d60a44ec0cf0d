import type { Expression } from 'typescript';
import type { LoaderDeclaration } from './LoaderDeclaration.js';

/**
 * What an unwrapped-loader finding is about, for tools that wrap it (the codemod): the loader detection
 * found, and the places that hand it to DataLoader.
 */
export interface LoaderTarget {
  /**
   * Why it is a loader: `batch` when it is handed to DataLoader (its result is then aligned to its keys,
   * the DataLoader contract), `called` when a loader factory's batch function calls it (it answers what it
   * fetches, not one value per key), `configured` when a configured name pattern, file or class makes it one.
   */
  readonly kind: 'batch' | 'called' | 'configured';
  /**
   * The loader's declaration, possibly in another file than the finding; `undefined` when the batch
   * argument cannot be traced to one (a parameter, an import from outside the project).
   */
  readonly declaration: LoaderDeclaration | undefined;
  /** The arguments that hand it to DataLoader in the analysed file, as written; empty for a configured loader. */
  readonly batchArguments: readonly Expression[];
  /**
   * The loader factory its arguments are handed to (`makeByIdLoader(fetchFn)`): each call site is a loader of
   * its own, wrapped there and named after what holds the factory's result. Absent for a DataLoader's own.
   */
  readonly factory?: string;
  /**
   * Set when this is a loader factory's own parameter and some uses of the factory cannot be followed: wrapping
   * it here would make every loader the factory makes one dependency, so the loaders must be wrapped where the
   * factory is called.
   */
  readonly unfollowedFactory?: string;
}
