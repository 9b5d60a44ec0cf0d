/**
 * `npm run bench:codemod`: on the enforcement benchmark's generated project of 2,000 files, side by side,
 * `tsc --noEmit -p`, `field-dependency codemod` (dry run) and `field-dependency inventory`, each in its own
 * process: wall time and peak RSS (median of BENCH_RUNS runs), and each tool's time over tsc's. Every run's
 * output is checked, so a fast wrong answer cannot pass for a fast one. Needs `npm run build` (the script
 * does it): the built CLI is measured.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSyntheticProject } from './enforcement/generateSyntheticProject.js';
import { measureProcess, type ProcessMeasurement } from './enforcement/measureProcess.js';
import { describeMachine } from './machine.js';
import { markdownTable } from './markdownTable.js';
import { sampleStats } from './sampleStats.js';
import { expectCorrectRun } from './enforcement/expectCorrectRun.js';

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILES = Number(process.env['BENCH_FILES'] ?? 2000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
/** The target: each tool within this factor of `tsc --noEmit` (TypeScript 5.9). */
const TARGET = 1.5;

interface Tool {
  readonly name: string;
  readonly command: readonly string[];
  /** Throws when the run's output is not what a correct run prints. */
  readonly verify: (run: ProcessMeasurement) => void;
  /** Whether the target applies: the tools under test, not the compilers they are compared with. */
  readonly targeted: boolean;
}

const cli = path.join(REPOSITORY, 'dist/cli/main.js');
expectCorrectRun(fs.existsSync(cli), `${cli} is missing; run \`npm run build\` first`);

const project = generateSyntheticProject(FILES, REPOSITORY);
const node = process.execPath;
const tsc = (version: string, bin: string): Tool => ({
  name: `tsc --noEmit -p (TypeScript ${version})`,
  command: [node, path.join(REPOSITORY, bin), '--noEmit', '-p', 'tsconfig.json'],
  verify: (run) => expectCorrectRun(run.status === 0, `tsc ${version} exited ${run.status}: ${run.stdout.slice(0, 500)}`),
  targeted: false,
});
const tools: readonly Tool[] = [
  tsc('5.9', 'node_modules/typescript/bin/tsc'),
  tsc('6.0, the copy ts-morph bundles', 'node_modules/typescript-6.0/bin/tsc'),
  {
    name: 'field-dependency codemod (dry run)',
    command: [node, cli, 'codemod', '--default-owner', 'platform'],
    verify: (run) => {
      // The generated loaders return `Entity[]`: no empty element fits, so each gets a TODO marker.
      const markers = run.stdout.split('\n').filter((line) => /^\+\s*\/\/ field-dependency-ignore: TODO\(field-dependency\) /.test(line)).length;
      const files = run.stdout.split('\n').filter((line) => line.startsWith('diff --git ')).length;
      expectCorrectRun(run.status === 1, `codemod exited ${run.status}`);
      expectCorrectRun(markers === project.unwrappedLoaders, `codemod marked ${markers} of ${project.unwrappedLoaders} loaders`);
      expectCorrectRun(files === project.unwrappedLoaders, `codemod changed ${files} files`);
    },
    targeted: true,
  },
  {
    name: 'field-dependency inventory',
    command: [node, cli, 'inventory', '--format', 'json'],
    verify: (run) => {
      const inventory = JSON.parse(run.stdout) as { fieldDependencies: unknown[] };
      expectCorrectRun(run.status === 0, `inventory exited ${run.status}`);
      expectCorrectRun(inventory.fieldDependencies.length === project.wrappedLoaders, `inventory listed ${inventory.fieldDependencies.length} of ${project.wrappedLoaders}`);
    },
    targeted: true,
  },
];

console.log(`Synthetic project: ${project.files} files, ${project.wrappedLoaders} wrapped and ${project.unwrappedLoaders} unwrapped loaders`);
console.log(`${describeMachine()}; median of ${RUNS} runs\n`);
const rows: string[][] = [];
let baseline = NaN;
try {
  for (const tool of tools) {
    const [command = node, ...args] = tool.command;
    const runs: ProcessMeasurement[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const measurement = measureProcess(command, args, project.directory);
      tool.verify(measurement);
      runs.push(measurement);
    }
    const wall = sampleStats(runs.map((run) => run.wallSeconds)).p50;
    if (Number.isNaN(baseline)) baseline = wall;
    const rss = runs.map((run) => run.peakRssMiB).filter((value): value is number => value !== undefined);
    const ratio = wall / baseline;
    rows.push([
      tool.name,
      `${wall.toFixed(2)} s`,
      `${ratio.toFixed(2)}×${!tool.targeted ? '' : ratio <= TARGET ? ' (target met)' : ' (over target)'}`,
      rss.length === 0 ? 'n/a' : `${sampleStats(rss).p50.toFixed(0)} MiB`,
    ]);
    console.error(`measured: ${tool.name}`);
  }
} finally {
  fs.rmSync(project.directory, { recursive: true, force: true });
}
console.log(markdownTable(['tool', 'wall time', `vs tsc 5.9 (target ≤ ${TARGET}×)`, 'peak RSS'], rows));
