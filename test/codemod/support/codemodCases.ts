/** One codemod run of a case: its arguments, the `src` tree it must leave, and the TODO markers it must list. */
export interface CodemodStep {
  readonly args: readonly string[];
  /** Directory of the expected `src` tree, relative to the case. */
  readonly expected: string;
  /** `file:line` of every TODO marker after the run, in the listed order. */
  readonly todos: readonly string[];
  /** `file:line` of every loader the run kept critical for review (writes, authorization checks); none when absent. */
  readonly reviews?: readonly string[];
}

/** A fixture project and the runs made on one copy of it, in order. */
export interface CodemodCase {
  readonly name: string;
  /** `owner/field` of loaders wrapped at several use sites (one function, one dependency): listed once per site. */
  readonly sharedFields?: readonly string[];
  readonly steps: readonly CodemodStep[];
}

/**
 * The corpus: every loader shape the detection core knows (DataLoader batch functions inline, by
 * reference, across files, through forwarding arrows and `.bind`, in subclasses and factories, untraceable;
 * configured names, files and classes), both decorator modes, with CODEOWNERS (at the root and in
 * `.github/`) and without (a default owner, or none).
 */
export const CODEMOD_CASES: readonly CodemodCase[] = [
  {
    name: 'dataloader-tc39',
    sharedFields: ['platform/batchEarly'],
    steps: [
      {
        args: ['--owners', '.github/CODEOWNERS'],
        expected: 'expected',
        todos: ['src/boards/legacy.ts:5', 'src/boards/loaders.ts:9', 'src/pins/batches.ts:7', 'src/pins/consumers.ts:38', 'src/pins/consumers.ts:43'],
      },
    ],
  },
  {
    name: 'legacy-decorators',
    steps: [{ args: ['--default-owner', '@acme/Search'], expected: 'expected', todos: [] }],
  },
  {
    name: 'configured',
    steps: [
      {
        args: ['--owners', 'CODEOWNERS'],
        expected: 'expected',
        todos: ['src/fields.ts:60', 'src/fields.ts:65', 'src/loaders/defaults.ts:3', 'src/names.ts:17'],
        reviews: ['src/loaders/boards.ts:16'],
      },
    ],
  },
  {
    // A real-shaped codebase: strict: false, experimentalDecorators, non-async batch functions through
    // `.then`, a PromiseLike<ArrayLike<T>> one, factory loaders in object literals, writes and permission
    // checks, a process-wide service whose DataLoader has a cacheMap.
    name: 'loose-project',
    steps: [{ args: ['--owners', 'CODEOWNERS'], expected: 'expected', todos: [], reviews: ['src/db.ts:31', 'src/loaders.ts:25'] }],
  },
  {
    name: 'no-owner',
    steps: [
      { args: [], expected: 'expected-todo', todos: ['src/loaders.ts:7', 'src/loaders.ts:13'] },
      { args: ['--default-owner', 'pins'], expected: 'expected', todos: [] },
    ],
  },
];
