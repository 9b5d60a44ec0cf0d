#!/usr/bin/env node
// The `field-dependency` bin. The commands load TypeScript, ts-morph and the other tooling packages from
// the user's dev dependencies (optional peers): when one is missing, say which in one line and exit 2,
// before importing anything that needs them.
import { ExitCode } from './ExitCode.js';
import { missingPackages, missingPackagesMessage } from '../tooling/missingPackages.js';
import { CLI_PACKAGES } from '../tooling/toolingPackages.js';

const missing = missingPackages(CLI_PACKAGES);
if (missing.length > 0) {
  process.stderr.write(`field-dependency: ${missingPackagesMessage('the field-dependency CLI', missing)}\n`);
  process.exitCode = ExitCode.usageOrConfiguration;
} else {
  const { runCli } = await import('./runCli.js');
  process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
}
