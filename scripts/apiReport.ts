import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from '@microsoft/api-extractor';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** An entry point of the package: the name of its report, and its built declarations (repository-relative, or absolute). */
export interface ApiEntryPoint {
  readonly report: string;
  readonly types: string;
}

/** The package's entry points (package.json `exports`): the name of each one's report in `etc/`, and its built declarations. */
export const ENTRY_POINTS: readonly ApiEntryPoint[] = [
  { report: 'field-dependency', types: 'dist/src/index.d.ts' },
  { report: 'field-dependency-testing', types: 'dist/src/testing/index.d.ts' },
  { report: 'field-dependency-graphql', types: 'dist/src/graphql/index.d.ts' },
  { report: 'field-dependency-opentelemetry', types: 'dist/src/opentelemetry/index.d.ts' },
  { report: 'field-dependency-eslint-plugin', types: 'dist/lint-rules/packageEntry.d.ts' },
];

/** Options of {@link runApiReport}. */
export interface ApiReportOptions {
  /**
   * `true`: write the new reports into `reportFolder` (`npm run api`); `false`: fail when a report differs
   * from the public surface (the check of `npm test`).
   */
  readonly local: boolean;
  /** @default `etc/` of this repository */
  readonly reportFolder?: string;
  /** Where API Extractor writes the reports it compares (outside `dist/`, which is packed). @default a folder in the OS's temporary directory */
  readonly tempFolder?: string;
  /** @default {@link ENTRY_POINTS} */
  readonly entryPoints?: readonly ApiEntryPoint[];
}

/** What one entry point's run found. */
export interface ApiReportResult {
  readonly report: string;
  /** Whether its report matches the public surface (or, with `local`, was written). */
  readonly succeeded: boolean;
  /** Whether its report in `reportFolder` differs from the public surface. */
  readonly changed: boolean;
  /** Errors and warnings, `file:line: text (ae-id)`: every one fails the run (an undocumented export is one). */
  readonly problems: readonly string[];
}

/**
 * Runs API Extractor over the built declarations (`npm run build` first) of every entry point: the API
 * report of each (`etc/<report>.api.md`), and every export without TSDoc (`ae-undocumented`) as a problem.
 */
export function runApiReport(options: ApiReportOptions): ApiReportResult[] {
  const reportFolder = options.reportFolder ?? path.join(ROOT, 'etc');
  const tempFolder = options.tempFolder ?? path.join(tmpdir(), 'field-dependency-api-report');
  return (options.entryPoints ?? ENTRY_POINTS).map(({ report, types }) => {
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: ROOT,
        mainEntryPointFilePath: path.resolve(ROOT, types),
        compiler: { tsconfigFilePath: path.join(ROOT, 'tsconfig.build.json') },
        apiReport: { enabled: true, reportFileName: report, reportFolder, reportTempFolder: tempFolder },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
          extractorMessageReporting: {
            default: { logLevel: ExtractorLogLevel.Warning },
            // One release level: everything exported is public.
            'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
            'ae-undocumented': { logLevel: ExtractorLogLevel.Warning, addToApiReportFile: false },
            // A type the surface uses without exporting it (`ExpressLikeRequest`): recorded in the report, where a
            // review sees it, rather than a failure.
            'ae-forgotten-export': { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
          },
          // The TSDoc is written for editors' hovers (Markdown, `@default`), not for a TSDoc site: its syntax is not checked.
          tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
        },
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: path.join(ROOT, 'package.json'),
    });
    const problems: string[] = [];
    const result = Extractor.invoke(config, {
      localBuild: options.local,
      messageCallback(message: ExtractorMessage) {
        message.handled = true;
        if (message.logLevel !== ExtractorLogLevel.Error && message.logLevel !== ExtractorLogLevel.Warning) return;
        // Writing a changed report is what a local run is for.
        if (options.local && message.messageId.startsWith('console-api-report-')) return;
        const where = message.sourceFilePath === undefined ? '' : `${path.relative(ROOT, message.sourceFilePath)}:${message.sourceFileLine ?? 0}: `;
        problems.push(`${where}${message.text} (${message.messageId})`);
      },
    });
    return { report, succeeded: result.succeeded && problems.length === 0, changed: result.apiReportChanged, problems };
  });
}

/** `npm run api`: writes the reports; exits 1 when an export is undocumented or API Extractor reports a problem. */
function main(): void {
  let failed = false;
  for (const { report, changed, problems, succeeded } of runApiReport({ local: true })) {
    console.log(`etc/${report}.api.md: ${changed ? 'updated' : 'unchanged'}`);
    for (const problem of problems) console.error(`  ${problem}`);
    failed ||= !succeeded;
  }
  if (failed) process.exitCode = 1;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
