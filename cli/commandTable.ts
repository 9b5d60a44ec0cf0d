import type { Command } from './Command.js';

/** A subcommand as the top-level CLI knows it before loading it. */
export interface CommandEntry {
  /** `field-dependency <name>`. */
  readonly name: string;
  /** One line for the top-level usage. */
  readonly summary: string;
  /**
   * The optional peer dependencies the command imports (from the user's dev dependencies): checked
   * before {@link CommandEntry.load}, so a missing one is named in one line instead of a stack trace.
   */
  readonly packages: readonly string[];
  /** Imports the command's module: only the command that runs is loaded. */
  load(): Promise<Command>;
}

/** The packages the commands that read a TypeScript project import. ts-morph brings its own TypeScript. */
const PROJECT_PACKAGES = ['ts-morph', 'minimatch'] as const;

/**
 * The CLI's subcommands, in usage order. `rules`, `report` and `canary` need no tooling package, so an
 * SRE can run them from a production image; test/package/toolingPackages.test.ts checks each `packages`
 * list against what the command's modules really import.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'check',
    summary: 'fail on loaders not wrapped with fieldDependency',
    packages: PROJECT_PACKAGES,
    load: async () => (await import('./commands/check.js')).checkCommand,
  },
  {
    name: 'codemod',
    summary: 'wrap every unwrapped loader (dry run by default: prints a diff)',
    packages: [...PROJECT_PACKAGES, 'diff'],
    load: async () => (await import('./commands/codemod.js')).codemodCommand,
  },
  {
    name: 'inventory',
    summary: 'list every field dependency with owner, critical, type, flag key and location',
    packages: PROJECT_PACKAGES,
    load: async () => (await import('./commands/inventory.js')).inventoryCommand,
  },
  {
    name: 'deciders',
    summary: 'print flagd flag definitions with a decider per field dependency',
    packages: PROJECT_PACKAGES,
    load: async () => (await import('./commands/deciders.js')).decidersCommand,
  },
  {
    name: 'rules',
    summary: 'print Prometheus rules (or a Sloth/Pyrra spec) for a degradation objective; canary templates for Argo/Flagger',
    packages: [],
    load: async () => (await import('./commands/rules.js')).rulesCommand,
  },
  {
    name: 'report',
    summary: 'print per-owner degradation from a /metrics URL or a Prometheus server',
    packages: [],
    load: async () => (await import('./commands/report.js')).reportCommand,
  },
  {
    name: 'canary',
    summary: 'judge a canary against its baseline on per-owner degradation (Prometheus)',
    packages: [],
    load: async () => (await import('./commands/canary.js')).canaryCommand,
  },
];
