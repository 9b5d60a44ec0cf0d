/** A fixture project and what both front ends must report on it: `file:line:col rule/messageId`, in order. */
export interface FixtureProject {
  readonly name: string;
  /** Also run from a copy outside the repository, where no package resolves. */
  readonly alsoWithoutNodeModules: boolean;
  readonly expected: readonly string[];
}

const unwrapped = 'require-field-dependency/unwrappedLoader';
const untraceable = 'require-field-dependency/untraceableLoader';

/** The corpus: every loader shape, positive and negative, aliases, re-exports, fakes, configuration, suppressions. */
export const FIXTURE_CORPUS: readonly FixtureProject[] = [
  {
    name: 'dataloader-shapes',
    alsoWithoutNodeModules: true,
    expected: [
      `src/classMethods.ts:10:9 ${unwrapped}`, // ids => this.batchPins(ids)
      `src/classMethods.ts:14:9 ${unwrapped}`, // this.batchBoards.bind(this)
      `src/crossFile.ts:4:37 ${unwrapped}`, // const arrow imported from batches.ts
      `src/crossFile.ts:5:36 ${unwrapped}`, // forwarding arrow to a function declaration in batches.ts
      `src/factories.ts:7:27 ${unwrapped}`, // inside a factory's object literal
      `src/factories.ts:13:34 ${unwrapped}`, // class field
      `src/factories.ts:17:9 ${unwrapped}`, // object literal method
      `src/factories.ts:20:3 ${unwrapped}`, // object literal property arrow
      `src/inline.ts:5:37 ${unwrapped}`, // inline arrow
      `src/inline.ts:8:3 ${unwrapped}`, // function expression with options
      `src/namespace.ts:4:52 ${unwrapped}`, // import * as dataloader
      `src/reexported.ts:4:39 ${unwrapped}`, // DataLoader re-exported by a local module
      `src/references.ts:5:16 ${unwrapped}`, // function declaration, two DataLoaders, one report
      `src/references.ts:11:7 ${unwrapped}`, // const arrow
      `src/renamed.ts:4:31 ${unwrapped}`, // import DL from 'dataloader'
      `src/required.cts:6:42 ${unwrapped}`, // require('dataloader')
      `src/required.cts:7:51 ${unwrapped}`, // const { default: X } = require('dataloader')
      `src/required.cts:8:43 ${unwrapped}`, // import X = require('dataloader')
      `src/subclasses.ts:11:11 ${unwrapped}`, // super(fn) in a subclass constructor
      `src/subclasses.ts:25:38 ${unwrapped}`, // new Subclass(fn), no own constructor
      `src/subclasses.ts:26:44 ${unwrapped}`, // subclass of a subclass
      `src/untraceable.ts:5:25 ${untraceable}`, // a loader factory's parameter, and nothing calls the factory
      `src/untraceable.ts:8:40 ${untraceable}`, // imported from an unresolvable package
    ],
  },
  {
    name: 'loader-factories',
    alsoWithoutNodeModules: true,
    expected: [
      `src/helperBuilt.ts:15:40 ${unwrapped}`, // batchMany(fetchComments): a call that builds the batch function, wrapped whole
      `src/loaders.ts:10:37 ${unwrapped}`, // fetchUsers, passed to makeByIdLoader → new NullableDataLoader → super → super: at the call
      `src/loaders.ts:12:68 ${unwrapped}`, // through a second factory layer (makeByForeignKeyLoader → makeByIdLoader)
      `src/loaders.ts:13:43 ${unwrapped}`, // primaryKeyLoaderMaker: its batch function calls the parameter
      `src/loaders.ts:14:47 ${unwrapped}`, // a function declared in another file, at the factory's call
      `src/loaders.ts:18:46 ${unwrapped}`, // new NullableDataLoader(fn): a subclass with its own constructor
      `src/loaders.ts:21:34 ${unwrapped}`, // this.labels = makeByIdLoader(…) in a constructor
      `src/loaders.ts:26:29 ${unwrapped}`, // reactions: makeByIdLoader(…) in an object literal
      `src/unfollowed.ts:6:25 ${untraceable}`, // the factory is also passed on (registry): reported at the factory
      `src/unfollowed.ts:9:36 ${unwrapped}`, // ... and at the call that can be followed
    ],
  },
  {
    name: 'wrapped-aliases',
    alsoWithoutNodeModules: false,
    expected: [
      `src/adapters.ts:33:44 ${unwrapped}`, // evictDegradedKeys(unwrapped arrow): the arrow is the loader
      `src/adapters.ts:34:37 ${unwrapped}`, // a local function named like batchFromMap: a call that builds the batch function
      `src/fake.ts:10:37 ${unwrapped}`, // a local function called fieldDependency: the whole call is the loader
      `src/fake.ts:11:37 ${unwrapped}`, // fieldDependency imported from a local module
      `src/fake.ts:12:36 ${unwrapped}`, // fieldDependency imported from another package
      `src/fake.ts:18:9 ${unwrapped}`, // decorated with the local fake
    ],
  },
  {
    name: 'configured-package-json',
    alsoWithoutNodeModules: false,
    expected: [
      `src/fields.ts:12:9 ${unwrapped}`, // loaderClasses: method
      `src/fields.ts:16:3 ${unwrapped}`, // loaderClasses: arrow field
      `src/loaders/boards.ts:4:23 ${unwrapped}`, // loaderFiles: exported function
      `src/loaders/boards.ts:13:9 ${unwrapped}`, // loaderFiles: method of an exported object
      `src/loaders/boards.ts:20:9 ${unwrapped}`, // loaderFiles: method of an exported class
      `src/loaders/boards.ts:34:7 ${unwrapped}`, // loaderFiles: exported under another name
      `src/names.ts:4:23 ${unwrapped}`, // loaderNamePatterns: function declaration
      `src/names.ts:15:14 ${unwrapped}`, // loaderNamePatterns: const arrow
      `src/names.ts:22:9 ${unwrapped}`, // loaderNamePatterns: method
      `src/names.ts:32:20 ${unwrapped}`, // loaderNamePatterns: nested function
    ],
  },
  {
    name: 'config-file',
    alsoWithoutNodeModules: false,
    expected: [
      `src/legacy/fields.ts:4:9 ${unwrapped}`, // the nested package's own configuration
      `src/search.ts:4:23 ${unwrapped}`, // field-dependency.config.json
    ],
  },
  {
    name: 'suppressions',
    alsoWithoutNodeModules: false,
    expected: [
      'src/loaders.ts:12:1 valid-field-dependency/missingSuppressionReason',
      `src/loaders.ts:13:40 ${unwrapped}`,
      'src/loaders.ts:15:1 valid-field-dependency/missingSuppressionReason',
      `src/loaders.ts:16:43 ${unwrapped}`,
      'src/loaders.ts:18:1 valid-field-dependency/missingSuppressionReason',
      `src/loaders.ts:19:39 ${unwrapped}`,
      `src/loaders.ts:26:38 ${unwrapped}`, // a blank line between comment and loader
    ],
  },
  {
    name: 'invalid-options',
    alsoWithoutNodeModules: false,
    expected: [
      'src/options.ts:10:58 valid-field-dependency/invalidOwner',
      'src/options.ts:11:60 valid-field-dependency/invalidOwner',
      'src/options.ts:12:74 valid-field-dependency/invalidOwner',
      'src/options.ts:13:45 valid-field-dependency/missingOwner',
      'src/options.ts:14:26 valid-field-dependency/missingOwner',
      'src/options.ts:15:43 valid-field-dependency/invalidType',
      'src/options.ts:16:44 valid-field-dependency/invalidType',
      'src/options.ts:17:43 valid-field-dependency/invalidType',
      'src/options.ts:18:42 valid-field-dependency/invalidType',
      'src/options.ts:19:46 valid-field-dependency/invalidType',
      'src/options.ts:20:44 valid-field-dependency/invalidType',
      'src/options.ts:21:28 valid-field-dependency/invalidType',
      'src/options.ts:21:28 valid-field-dependency/missingOwner',
    ],
  },
  {
    name: 'no-dependencies',
    alsoWithoutNodeModules: true,
    expected: [
      `src/legacy.cts:6:38 ${unwrapped}`, // require() of packages that are not installed
      `src/loaders.ts:5:36 ${unwrapped}`, // DataLoader re-exported from an uninstalled package
      `src/loaders.ts:16:9 ${unwrapped}`, // method; its sibling is wrapped through `export * from 'field-dependency'`
      'src/namespaces.ts:17:24 valid-field-dependency/invalidOwner', // checked through an alias of an uninstalled package
    ],
  },
  {
    name: 'clean',
    alsoWithoutNodeModules: false,
    expected: [],
  },
];
