import type { Log, ReportingDescriptor, Result } from 'sarif';
import { RULE_DESCRIPTIONS, RULE_NAMES, ruleDocsUrl } from '../../../detection/index.js';
import type { CheckResult } from '../CheckResult.js';
import { packageVersion } from '../../../detection/packageVersion.js';

/** The SARIF 2.1.0 JSON schema the log declares. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The URI base every artifact location is relative to: the directory the check ran in. */
const SOURCE_ROOT = '%SRCROOT%';

/**
 * A SARIF 2.1.0 log, as GitHub code scanning accepts it: both rules declared (so a clean run closes old
 * alerts), one `error` result per problem with a location relative to the working directory.
 * Suppressions are listed in the run's property bag rather than as suppressed results, which code
 * scanning would show as open alerts.
 */
export function formatSarif(checked: CheckResult): string {
  const rules: ReportingDescriptor[] = RULE_NAMES.map((rule) => ({
    id: rule,
    name: rule,
    shortDescription: { text: RULE_DESCRIPTIONS[rule] },
    helpUri: ruleDocsUrl(rule),
    defaultConfiguration: { level: 'error' },
  }));
  const results: Result[] = checked.findings.map((finding) => ({
    ruleId: finding.rule,
    ruleIndex: RULE_NAMES.indexOf(finding.rule),
    level: 'error',
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(finding.file), uriBaseId: SOURCE_ROOT },
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
          },
        },
      },
    ],
  }));
  const log: Log = {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: {
          driver: {
            name: 'field-dependency',
            version: packageVersion(),
            informationUri: 'https://www.npmjs.com/package/field-dependency',
            rules,
          },
        },
        results,
        properties: {
          suppressions: checked.suppressions.map((suppression) => ({
            file: suppression.file,
            line: suppression.line,
            column: suppression.column,
            reason: suppression.reason,
            suppresses: suppression.suppresses.map((finding) => `${finding.file}:${finding.line}:${finding.column}`),
          })),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
