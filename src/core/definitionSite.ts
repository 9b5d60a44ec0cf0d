import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Holder } from './fieldNameRule.js';
import { holderFromSource } from './holderFromSource.js';

/** Where a loader is declared: the call of `fieldDependency` in the user's code. */
export interface DefinitionSite {
  /** The position as the engine runs it (`file:line:column`): the same site always gives the same key. */
  readonly key: string;
  /** The position in the source, for messages: `path:line:column`, the path relative to the working directory. */
  readonly location: string;
  /** `file:line`, short and stable across machines: suffixed to a field name when two sites clash. */
  readonly shortLocation: string;
  /** What holds the loader (variable, property, class field, `this.x =` assignment), read from the source line, if any. */
  readonly holder: Holder | undefined;
}

const sites = new Map<string, DefinitionSite>();
const sourceLines = new Map<string, readonly string[] | undefined>();
const captureFrames = (_error: Error, frames: NodeJS.CallSite[]): NodeJS.CallSite[] => frames;

/**
 * The site of the code that called `below` (a function on the current stack), or `undefined` when the
 * engine gives none. Cheap after the first time a site is seen (one stack frame, as structured data);
 * the first time, the source position (source maps applied) is read and the source line parsed for what
 * holds the loader. Called when a loader is declared, never per call.
 */
export function definitionSiteOf(below: (...args: never[]) => unknown): DefinitionSite | undefined {
  const key = engineKey(below);
  if (key === undefined) return undefined;
  let site = sites.get(key);
  if (site === undefined) {
    site = resolveSite(key, below);
    sites.set(key, site);
  }
  return site;
}

/** The caller's position as structured stack data (no formatting, no source maps): about one stack frame's cost. */
function engineKey(below: (...args: never[]) => unknown): string | undefined {
  const { prepareStackTrace, stackTraceLimit } = Error;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  try {
    Error.prepareStackTrace = captureFrames;
    Error.stackTraceLimit = 1;
    Error.captureStackTrace(holder, below);
    const frame = holder.stack?.[0];
    if (frame === undefined) return undefined;
    return `${frame.getScriptNameOrSourceURL() ?? frame.getFileName() ?? '?'}:${frame.getLineNumber() ?? 0}:${frame.getColumnNumber() ?? 0}`;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** The source position of the caller of `below` (as the stack trace shows it, source maps applied) and the name at it. */
function resolveSite(key: string, below: (...args: never[]) => unknown): DefinitionSite {
  const position = sourcePosition(below);
  if (position === undefined) return { key, location: key, shortLocation: key, holder: undefined };
  const { file, line, column } = position;
  const path = file.startsWith('file:') ? safely(() => fileURLToPath(file)) ?? file : file;
  return {
    key,
    location: `${relative(process.cwd(), path) || path}:${line}:${column}`,
    shortLocation: `${basename(path)}:${line}`,
    holder: holderFromSource(sourcePrefix(path, line, column)),
  };
}

function sourcePosition(below: (...args: never[]) => unknown): { file: string; line: number; column: number } | undefined {
  const { stackTraceLimit } = Error;
  const holder: { stack?: unknown } = {};
  try {
    Error.stackTraceLimit = 1;
    Error.captureStackTrace(holder, below);
    const frame = String(holder.stack).split('\n')[1] ?? '';
    const match = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?\s*$/.exec(frame);
    if (match === null) return undefined;
    return { file: match[1] as string, line: Number(match[2]), column: Number(match[3]) };
  } catch {
    return undefined;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** The source text before the call, on its line and, when that holds no name, up to two lines above. */
function sourcePrefix(path: string, line: number, column: number): string {
  let lines = sourceLines.get(path);
  if (!sourceLines.has(path)) {
    lines = safely(() => readFileSync(path, 'utf8').split(/\r?\n/));
    sourceLines.set(path, lines);
  }
  if (lines === undefined) return '';
  const current = (lines[line - 1] ?? '').slice(0, Math.max(0, column - 1));
  return [lines[line - 3] ?? '', lines[line - 2] ?? '', current].join('\n');
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
