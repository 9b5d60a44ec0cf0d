#!/usr/bin/env node
// The `field-dependency` bin. Each command loads only what it needs; a command whose tooling packages
// (TypeScript's ts-morph and the others, optional peers from the user's dev dependencies) are missing
// says which in one line and exits 2 (runCli.ts).
import { runCli } from './runCli.js';

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
