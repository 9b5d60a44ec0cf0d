import { readFile } from 'node:fs/promises';
import type { Profiler, Runtime } from 'node:inspector';
import { selfTimeBy } from '../../bench/selfTimeBy.js';

/** What the samples of a CPU profile are grouped into, in the order they are matched. */
export const PROFILE_CATEGORIES = [
  'field-dependency runtime',
  'opossum',
  'AbortSignal and its listeners',
  'AsyncLocalStorage',
  'timers',
  'garbage collector',
  'promise jobs (microtask queue)',
  'the app (pins API, DataLoader)',
  'Fastify',
  'HTTP and sockets',
  'other (V8, Node internals, tsx)',
] as const;

/** One of {@link PROFILE_CATEGORIES}. */
export type ProfileCategory = (typeof PROFILE_CATEGORIES)[number];

const ABORT = ['abort_controller', 'event_target', 'events/abort_listener', 'streams/add-abort-signal', 'streams/end-of-stream'];
const ASYNC_CONTEXT = ['async_context_frame', 'async_local_storage', 'async_hooks'];
const HTTP_NATIVE = new Set(['writeUtf8String', 'writeLatin1String', 'writev', 'parse', 'execute', 'consume', 'onStreamRead']);

/**
 * The busy time of a `.cpuprofile` (V8's sampling profiler), in microseconds, by category: which part
 * of the process its samples were in (self time; idle samples left out). `root` is the repository,
 * whose `src/` is the runtime.
 */
export async function cpuProfileShares(file: string, root: string): Promise<Map<ProfileCategory, number>> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profiler.Profile;
  const shares = selfTimeBy(profile, (frame) => categorise(frame, `file://${root}/`));
  return new Map(PROFILE_CATEGORIES.map((category) => [category, shares.get(category) ?? 0]));
}

function categorise({ functionName, url }: Runtime.CallFrame, root: string): ProfileCategory | undefined {
  if (functionName === '(idle)') return undefined;
  if (url.startsWith(`${root}src/`) || url.includes('/node_modules/field-dependency/')) return 'field-dependency runtime';
  if (url.includes('/node_modules/opossum/')) return 'opossum';
  if (url.startsWith('node:') && ABORT.some((part) => url.includes(part))) return 'AbortSignal and its listeners';
  if (url.startsWith('node:') && ASYNC_CONTEXT.some((part) => url.includes(part))) return 'AsyncLocalStorage';
  if (url === 'node:timers' || url === 'node:internal/timers') return 'timers';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === 'runMicrotasks') return 'promise jobs (microtask queue)';
  if (url.startsWith(`${root}examples/`) || url.includes('/node_modules/dataloader/')) return 'the app (pins API, DataLoader)';
  if (/\/node_modules\/(fastify|find-my-way|light-my-request|avvio|@fastify\/[^/]+|fast-json-stringify)\//.test(url)) return 'Fastify';
  if (/^node:(_http_|http$|net$|internal\/(http|stream_base_commons|net))/.test(url) || (url === '' && HTTP_NATIVE.has(functionName))) return 'HTTP and sockets';
  return 'other (V8, Node internals, tsx)';
}
