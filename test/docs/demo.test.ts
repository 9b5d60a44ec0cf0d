import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './readmeBlocks.js';

const run = promisify(execFile);

/** The demo's output, split into its phases (`== 2. title ===`). */
let phases: Map<string, string[]>;
let stdout = '';

describe('npm run demo', () => {
  beforeAll(async () => {
    // Rejects, with the output, if the demo exits with anything but 0.
    ({ stdout } = await run('npx', ['tsx', 'examples/demo/main.ts'], { cwd: ROOT, timeout: 60_000 }));
    phases = new Map();
    let current: string[] = [];
    for (const line of stdout.split('\n')) {
      const title = /^== \d+\. (.+?) =+$/.exec(line);
      if (title !== null) phases.set(title[1] as string, (current = []));
      else current.push(line);
    }
  }, 60_000);

  it('runs every phase and ends cleanly', () => {
    expect([...phases.keys()]).toEqual([
      'healthy',
      'shopping upstream fails every call',
      'comments upstream hangs',
      'images upstream fails (critical)',
      'recovery',
    ]);
    expect(stdout).toContain('done: every breaker stopped, every upstream closed');
  });

  it('renders pages without shopping while shopping fails, then opens its breaker', () => {
    const lines = phases.get('shopping upstream fails every call') ?? [];
    const pages = lines.filter((line) => line.includes('GET /v3/pins/'));
    expect(pages).toHaveLength(6);
    for (const page of pages) {
      expect(page).toMatch(/ 200 {2}shopping 0\/4 {2}comments 4\/4 {2}boards 4\/4 {2}x-degraded-fields: shopping {2}degraded: shopping \(owner shopping, (error|breaker_open)\)$/);
    }
    expect(pages.at(-1)).toContain('breaker_open');
    expect(lines.find((line) => line.trim().startsWith('shopping '))).toMatch(/shopping +6 +100% +0 +error \d+, breaker_open \d+ +open$/);
  });

  it('cancels the hanging comments requests on timeout', () => {
    const lines = phases.get('comments upstream hangs') ?? [];
    expect(lines.filter((line) => line.includes('x-degraded-fields: commentCounts '))).toHaveLength(3);
    expect(lines.join('\n')).toContain('comments 3 (3 cancelled by timeoutMs)');
  });

  it('answers 503 when the critical images dependency fails', () => {
    const pages = (phases.get('images upstream fails (critical)') ?? []).filter((line) => line.includes('GET /v3/pins/'));
    expect(pages).toHaveLength(2);
    for (const page of pages) {
      expect(page).toMatch(/ 503 {2}FieldDependencyError ERR_FIELD_DEPENDENCY_ERROR \(field images, owner images, reason error\): images upstream answered HTTP 500$/);
    }
  });

  it('recovers with nothing degraded and every breaker closed', () => {
    const lines = phases.get('recovery') ?? [];
    const pages = lines.filter((line) => line.includes('GET /v3/pins/'));
    expect(pages).toHaveLength(3);
    for (const page of pages) expect(page).toMatch(/ 200 {2}shopping 4\/4 {2}comments 4\/4 {2}boards 4\/4 {2}nothing degraded$/);
    const owners = lines.filter((line) => /^ {4}(shopping|comments|images|boards) /.test(line));
    expect(owners).toHaveLength(4);
    for (const owner of owners) expect(owner).toMatch(/ 0% +0 +- +(closed|-)$/);
  });
});
