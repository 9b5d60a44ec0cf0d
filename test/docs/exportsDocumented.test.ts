import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as graphql from '../../src/graphql/index.js';
import * as runtime from '../../src/index.js';
import * as testing from '../../src/testing/index.js';
import { documentationPages } from '../support/markdownSection.js';
import { ROOT } from './readmeBlocks.js';

/**
 * Every value an entry point exports is named somewhere in the README or docs/, so a user reading the docs
 * meets all of it (the types are recorded, with their TSDoc, in the API reports of etc/).
 */
const pages = [...documentationPages(), ...readdirSync(path.join(ROOT, 'docs/rules')).map((name) => `docs/rules/${name}`)];
const docs = pages.map((page) => readFileSync(path.join(ROOT, page), 'utf8')).join('\n');

/** The names of `names` that no page mentions as a word. */
function undocumented(names: readonly string[], text: string): string[] {
  return names.filter((name) => !new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text));
}

describe('exports named in the docs', () => {
  it.each([
    ['field-dependency', runtime],
    ['field-dependency/testing', testing],
    ['field-dependency/graphql', graphql],
  ])('every value %s exports', (_entry, module) => {
    const names = Object.keys(module);
    expect(names.length).toBeGreaterThan(0);
    expect(undocumented(names, docs)).toEqual([]);
  });

  it('finds a name no page mentions', () => {
    expect(undocumented(['configure', 'isBreakerOpenErrorr'], 'call `configure()`; isBreakerOpenError')).toEqual(['isBreakerOpenErrorr']);
  });
});
