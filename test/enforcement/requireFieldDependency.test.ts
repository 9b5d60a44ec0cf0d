import { requireFieldDependency } from '../../lint-rules/rules/requireFieldDependency.js';
import { CONFIGURED_FILE, runRuleTests } from './support/ruleTester.js';


runRuleTests('require-field-dependency', requireFieldDependency, {
  valid: [
    {
      name: 'a loader factory called with a wrapped function, and its own parameter, are clean',
      code: `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
function makeByIdLoader(fetchFn: (ids: readonly string[]) => Promise<string[]>) {
  return new DataLoader(fetchFn);
}
export const users = makeByIdLoader(fieldDependency([null], { owner: 'accounts', name: 'users' })(async (ids) => [...ids]));`,
    },
    {
      name: 'inline batch function wrapped where it is passed',
      code: `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
export const users = new DataLoader(fieldDependency([null], { owner: 'accounts' })(async (ids: readonly string[]) => ids));`,
    },
    {
      name: 'method decorated with fieldDependency, reached through a forwarding arrow',
      code: `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
export class Loaders {
  readonly pins = new DataLoader((ids: readonly string[]) => this.batchPins(ids));
  @fieldDependency([null], { owner: 'pins' })
  async batchPins(ids: readonly string[]) { return ids; }
}`,
    },
    {
      name: 'wrapped batch function imported from another file',
      code: `import DataLoader from 'dataloader';
import { batchTeams } from './batches.js';
export const teams = new DataLoader(batchTeams);`,
    },
    {
      name: 'a class that only shares the name DataLoader',
      code: `class DataLoader { constructor(readonly batch: (ids: readonly string[]) => Promise<string[]>) {} }
export const local = new DataLoader(async (ids) => [...ids]);`,
    },
    {
      name: 'suppressed with a reason on the line before',
      code: `import DataLoader from 'dataloader';
// field-dependency-ignore: in-process cache, cannot fail
export const cache = new DataLoader(async (ids: readonly string[]) => ids);`,
    },
    {
      name: 'configured name pattern, wrapped by reference in the same file',
      filename: CONFIGURED_FILE,
      code: `import { fieldDependency } from 'field-dependency';
async function fetchUsers(ids: readonly string[]) { return ids; }
export const users = fieldDependency([null], { owner: 'accounts' })(fetchUsers);`,
    },
    {
      name: 'configured name pattern does not apply outside the configured package',
      code: `export async function fetchUsers(ids: readonly string[]) { return ids; }`,
    },
  ],
  invalid: [
    {
      name: 'a loader factory: the loader is reported and wrapped where the factory is called',
      code: `import DataLoader from 'dataloader';
function makeByIdLoader(fetchFn: (ids: readonly string[]) => Promise<string[]>) {
  return new DataLoader(fetchFn);
}
const fetchUsers = async (ids: readonly string[]) => [...ids];
export const users = makeByIdLoader(fetchUsers);`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 6,
          column: 37,
          data: { loader: '`fetchUsers` (defined in ./file.ts:5)', why: 'passed to the loader factory `makeByIdLoader`, which makes a DataLoader of it' },
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
function makeByIdLoader(fetchFn: (ids: readonly string[]) => Promise<string[]>) {
  return new DataLoader(fetchFn);
}
const fetchUsers = async (ids: readonly string[]) => [...ids];
export const users = makeByIdLoader(fieldDependency([null], { owner: 'TODO' })(fetchUsers));`,
            },
          ],
        },
      ],
    },
    {
      name: 'a call that builds the batch function: the suggestion wraps the whole call',
      code: `import DataLoader from 'dataloader';
const batchMany = (fetchMany: (ids: readonly string[]) => Promise<string[]>) => async (ids: readonly string[]) => fetchMany(ids);
export const users = new DataLoader(batchMany(async (ids) => [...ids]));`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 3,
          column: 37,
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
const batchMany = (fetchMany: (ids: readonly string[]) => Promise<string[]>) => async (ids: readonly string[]) => fetchMany(ids);
export const users = new DataLoader(fieldDependency([null], { owner: 'TODO' })(batchMany(async (ids) => [...ids])));`,
            },
          ],
        },
      ],
    },
    {
      name: 'inline arrow: wraps it and adds the import after the last import',
      code: `import DataLoader from 'dataloader';
export const users = new DataLoader(async (ids: readonly string[]) => ids);`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 2,
          column: 37,
          endLine: 2,
          endColumn: 70,
          data: { loader: 'This inline function', why: 'the batch function of a DataLoader' },
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
export const users = new DataLoader(fieldDependency([null], { owner: 'TODO' })(async (ids: readonly string[]) => ids));`,
            },
          ],
        },
      ],
    },
    {
      name: 'function declaration used by two DataLoaders: one report at its name, the suggestion wraps both sites',
      code: `import DataLoader from 'dataloader';
async function batchBoards(ids: readonly string[]) { return ids; }
export const boards = new DataLoader(batchBoards);
export const uncached = new DataLoader(batchBoards, { cache: false });`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 2,
          column: 16,
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
async function batchBoards(ids: readonly string[]) { return ids; }
export const boards = new DataLoader(fieldDependency([null], { owner: 'TODO' })(batchBoards));
export const uncached = new DataLoader(fieldDependency([null], { owner: 'TODO' })(batchBoards), { cache: false });`,
            },
          ],
        },
      ],
    },
    {
      name: 'class method reached through ids => this.batchPins(ids): decorates the method',
      code: `import DataLoader from 'dataloader';
export class Loaders {
  readonly pins = new DataLoader((ids: readonly string[]) => this.batchPins(ids));

  async batchPins(ids: readonly string[]) { return ids; }
}`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 5,
          column: 9,
          data: { loader: '`batchPins`', why: 'the batch function of a DataLoader' },
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
export class Loaders {
  readonly pins = new DataLoader((ids: readonly string[]) => this.batchPins(ids));

  @fieldDependency([null], { owner: 'TODO' })
  async batchPins(ids: readonly string[]) { return ids; }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'unwrapped batch function from another file: reported and wrapped where it is passed',
      code: `import DataLoader from 'dataloader';
import { batchUsers } from './batches.js';
export const users = new DataLoader(batchUsers);`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 3,
          column: 37,
          data: { loader: '`batchUsers` (defined in ./batches.ts:3)', why: 'the batch function of a DataLoader' },
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import DataLoader from 'dataloader';
import { batchUsers } from './batches.js';
import { fieldDependency } from 'field-dependency';
export const users = new DataLoader(fieldDependency([null], { owner: 'TODO' })(batchUsers));`,
            },
          ],
        },
      ],
    },
    {
      name: 'a loader factory nothing calls: reported at the factory, where its parameter is passed',
      code: `import DataLoader from 'dataloader';
export function makeLoader(batch: (ids: readonly string[]) => Promise<string[]>) {
  return new DataLoader(batch);
}`,
      errors: [
        {
          messageId: 'untraceableLoader',
          line: 3,
          column: 25,
          data: {
            argument: 'batch',
            reason: 'it is a parameter of the loader factory `makeLoader`, and nothing in the project calls it, so the loaders its callers make are not checked here',
          },
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
export function makeLoader(batch: (ids: readonly string[]) => Promise<string[]>) {
  return new DataLoader(fieldDependency([null], { owner: 'TODO' })(batch));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'reuses an existing aliased import',
      code: `import DL from 'dataloader';
import { fieldDependency as fd } from 'field-dependency';
export const teams = new DL(fd([null], { owner: 'teams' })(async (ids: readonly string[]) => ids));
export const users = new DL(async (ids: readonly string[]) => ids);`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 4,
          column: 29,
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import DL from 'dataloader';
import { fieldDependency as fd } from 'field-dependency';
export const teams = new DL(fd([null], { owner: 'teams' })(async (ids: readonly string[]) => ids));
export const users = new DL(fd([null], { owner: 'TODO' })(async (ids: readonly string[]) => ids));`,
            },
          ],
        },
      ],
    },
    {
      name: 'reuses a namespace import',
      code: `import * as dataloader from 'dataloader';
import * as resilience from 'field-dependency';
export const users = new dataloader.default(async (ids: readonly string[]) => ids);`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 3,
          column: 45,
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import * as dataloader from 'dataloader';
import * as resilience from 'field-dependency';
export const users = new dataloader.default(resilience.fieldDependency([null], { owner: 'TODO' })(async (ids: readonly string[]) => ids));`,
            },
          ],
        },
      ],
    },
    {
      name: 'a local function called fieldDependency does not count, and the import is aliased around it',
      code: `import DataLoader from 'dataloader';
function fieldDependency(_type: unknown, _options: { owner: string }) { return <F>(fn: F): F => fn; }
export const users = new DataLoader(fieldDependency([null], { owner: 'accounts' })(async (ids: readonly string[]) => ids));`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 3,
          column: 37,
          data: {
            loader:
              "`fieldDependency([null], { owner: 'accou…` (a call that builds the batch function; `fieldDependency` is not fieldDependency from 'field-dependency')",
            why: 'the batch function of a DataLoader',
          },
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import DataLoader from 'dataloader';
import { fieldDependency as packageFieldDependency } from 'field-dependency';
function fieldDependency(_type: unknown, _options: { owner: string }) { return <F>(fn: F): F => fn; }
export const users = new DataLoader(packageFieldDependency([null], { owner: 'TODO' })(fieldDependency([null], { owner: 'accounts' })(async (ids: readonly string[]) => ids)));`,
            },
          ],
        },
      ],
    },
    {
      name: 'DataLoader from require() in a file without imports: the import goes first',
      code: `const DataLoader = require('dataloader');
export const users = new DataLoader(async (ids: readonly string[]) => ids);`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 2,
          column: 37,
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import { fieldDependency } from 'field-dependency';
const DataLoader = require('dataloader');
export const users = new DataLoader(fieldDependency([null], { owner: 'TODO' })(async (ids: readonly string[]) => ids));`,
            },
          ],
        },
      ],
    },
    {
      name: 'subclass constructor passing an inline batch function to super()',
      code: `import DataLoader from 'dataloader';
export class UserLoader extends DataLoader<string, string> {
  constructor() {
    super(async (ids) => ids);
  }
}`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 4,
          column: 11,
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
export class UserLoader extends DataLoader<string, string> {
  constructor() {
    super(fieldDependency([null], { owner: 'TODO' })(async (ids) => ids));
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a suppression without a reason suppresses nothing',
      code: `import DataLoader from 'dataloader';
// field-dependency-ignore
export const users = new DataLoader(async (ids: readonly string[]) => ids);`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 3,
          column: 37,
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
// field-dependency-ignore
export const users = new DataLoader(fieldDependency([null], { owner: 'TODO' })(async (ids: readonly string[]) => ids));`,
            },
          ],
        },
      ],
    },
    {
      name: 'configured name pattern on a function declaration: no suggestion without a DataLoader site',
      filename: CONFIGURED_FILE,
      code: `export async function fetchUsers(ids: readonly string[]) { return ids; }`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 1,
          column: 23,
          data: { loader: '`fetchUsers`', why: 'its name matches /^fetch[A-Z]/ from loaderNamePatterns' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'configured name pattern on a const arrow: wraps the arrow',
      filename: CONFIGURED_FILE,
      code: `export const fetchTeams = async (ids: readonly string[]) => ids;`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 1,
          column: 14,
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import { fieldDependency } from 'field-dependency';
export const fetchTeams = fieldDependency([null], { owner: 'TODO' })(async (ids: readonly string[]) => ids);`,
            },
          ],
        },
      ],
    },
    {
      name: 'configured class: every public method, decorated by the suggestion',
      filename: CONFIGURED_FILE,
      code: `import { fieldDependency } from 'field-dependency';
export class PinFields {
  @fieldDependency(Map, { owner: 'shopping' })
  async shopping(ids: readonly string[]) { return new Map(ids.map((id) => [id, id])); }
  async comments(ids: readonly string[]) { return ids; }
  private helper() { return 1; }
}`,
      errors: [
        {
          messageId: 'unwrappedLoader',
          line: 5,
          column: 9,
          data: { loader: '`comments`', why: 'it is a method of `PinFields`, listed in loaderClasses' },
          suggestions: [
            {
              messageId: 'wrapWithFieldDependency',
              output: `import { fieldDependency } from 'field-dependency';
export class PinFields {
  @fieldDependency(Map, { owner: 'shopping' })
  async shopping(ids: readonly string[]) { return new Map(ids.map((id) => [id, id])); }
  @fieldDependency([null], { owner: 'TODO' })
  async comments(ids: readonly string[]) { return ids; }
  private helper() { return 1; }
}`,
            },
          ],
        },
      ],
    },
  ],
});
