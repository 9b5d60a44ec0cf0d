import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { markdownSection } from '../support/markdownSection.js';
import { ROOT } from './readmeBlocks.js';

/**
 * No arrow runs back up inside `detection/`: docs/project-layout.md lists its folders from the bottom up, and a
 * file of one folder imports only from the folders listed before it (and from the root). No import loop either,
 * root files included.
 */
const PAGE = 'docs/project-layout.md';
const DETECTION = 'detection/';

/** The folders below `detection/`, bottom first, as the page's table lists them. */
function layersOf(markdown: string): string[] {
  const table = markdownSection(markdown, '## The detection core: `detection/`');
  return [...table.matchAll(/^\| `(detection\/[^`]+\/)` \|/gm)].map((match) => match[1] as string);
}

/** Every `.ts` file of `detection/`, repository-relative. */
function detectionFiles(): string[] {
  return readdirSync(path.join(ROOT, DETECTION), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** The repository files `file` imports or re-exports (type-only too), by relative specifier. */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.flatMap((statement) => {
    const specifier = ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) ? statement.moduleSpecifier : undefined;
    if (specifier === undefined || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return [];
    return [path.posix.join(path.posix.dirname(file), specifier.text).replace(/\.js$/, '.ts')];
  });
}

/** The folder of `file` below `detection/` (`detection/loaders/`), or `undefined` for a root file or one outside. */
function layerOf(file: string, layers: readonly string[]): string | undefined {
  return layers.find((layer) => file.startsWith(layer) && !file.slice(layer.length).includes('/'));
}

/** `from -> to` for every import of `graph` from a folder to one listed after it (higher up), or to a folder the page does not list. */
function upwardImports(graph: ReadonlyMap<string, readonly string[]>, layers: readonly string[]): string[] {
  return [...graph].flatMap(([from, targets]) => {
    const fromLayer = layerOf(from, layers);
    if (fromLayer === undefined) return [];
    return targets
      .filter((to) => to.startsWith(DETECTION) && to.slice(DETECTION.length).includes('/'))
      .filter((to) => {
        const toLayer = layerOf(to, layers);
        return toLayer === undefined || layers.indexOf(toLayer) > layers.indexOf(fromLayer);
      })
      .map((to) => `${from} -> ${to}`);
  });
}

/** One import loop of `graph` (`a -> b -> a`), or `undefined`. */
function importLoop(graph: ReadonlyMap<string, readonly string[]>): string | undefined {
  const done = new Set<string>();
  const trail: string[] = [];
  const visit = (file: string): string | undefined => {
    const at = trail.indexOf(file);
    if (at >= 0) return [...trail.slice(at), file].join(' -> ');
    if (done.has(file)) return undefined;
    trail.push(file);
    for (const next of graph.get(file) ?? []) {
      const loop = visit(next);
      if (loop !== undefined) return loop;
    }
    trail.pop();
    done.add(file);
    return undefined;
  };
  for (const file of graph.keys()) {
    const loop = visit(file);
    if (loop !== undefined) return loop;
  }
  return undefined;
}

const layers = layersOf(readFileSync(path.join(ROOT, PAGE), 'utf8'));
const graph = new Map(detectionFiles().map((file) => [file, importsOf(file)]));

describe('imports inside detection/', () => {
  it('reads the layers from the page, bottom first, and every import of detection/', () => {
    expect(layers[0]).toBe('detection/types/');
    expect(layers.at(-1)).toBe('detection/findings/');
    expect(graph.get('detection/findings/collectCandidates.ts')).toEqual(expect.arrayContaining(['detection/types/FindingCandidate.ts']));
  });

  it('runs only down: no folder imports from a folder listed after it', () => {
    expect(upwardImports(graph, layers)).toEqual([]);
  });

  it('has no import loop', () => {
    expect(importLoop(graph)).toBeUndefined();
  });

  it('reports an import that runs back up, one into an unlisted folder, and a loop', () => {
    const upward = new Map([
      ['detection/wrapped/bad.ts', ['detection/findings/collectCandidates.ts', 'detection/types/Finding.ts', 'detection/syntax.ts']],
      ['detection/types/bad.ts', ['detection/newFolder/thing.ts', 'src/contract/ownerPattern.ts']],
    ]);
    expect(upwardImports(upward, layers)).toEqual([
      'detection/wrapped/bad.ts -> detection/findings/collectCandidates.ts',
      'detection/types/bad.ts -> detection/newFolder/thing.ts',
    ]);
    expect(importLoop(new Map([['a', ['b']], ['b', ['c']], ['c', ['b']]]))).toBe('b -> c -> b');
    expect(importLoop(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toBeUndefined();
  });
});
