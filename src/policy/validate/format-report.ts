import { formatProblem, RULE_DESCRIPTIONS, type ValidateProblem, type ValidateRule } from './validate-problem.js';
import type { ValidateReport } from './run-validate.js';

export type ReportFormat = 'text' | 'json' | 'junit' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'junit', 'sarif'];

/** True when the report holds an error (warnings alone pass). */
export function failed(report: ValidateReport): boolean {
  return report.problems.some((p) => p.severity === 'error');
}

/** The report in one of the formats; text is one `file:line: object: message` line per problem. */
export function formatReport(report: ValidateReport, format: ReportFormat, tool: { version: string }): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toJson(report), null, 2)}\n`;
    case 'junit':
      return toJunit(report);
    case 'sarif':
      return `${JSON.stringify(toSarif(report, tool), null, 2)}\n`;
    default:
      return toText(report);
  }
}

function toText(report: ValidateReport): string {
  const errors = report.problems.filter((p) => p.severity === 'error');
  const warnings = report.problems.filter((p) => p.severity === 'warning');
  const objects = report.targets.reduce((n, t) => n + t.objects.length, 0);
  const lines = [...errors.map(formatProblem), ...warnings.map((p) => `warning: ${formatProblem(p)}`)];
  const summary = `${objects} object${objects === 1 ? '' : 's'} checked against Kubernetes ${report.kubeVersion}: ${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
  return `${[...lines, summary].join('\n')}\n`;
}

function toJson(report: ValidateReport) {
  return {
    ok: !failed(report),
    kubeVersion: report.kubeVersion,
    notes: report.notes,
    targets: report.targets.map((t) => ({ name: t.name, path: t.path, objects: t.objects.length })),
    problems: report.problems,
  };
}

const xml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 cannot hold these control characters at all, escaped or not.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/**
 * JUnit XML: one test suite per target, one test case per rendered object (failing with its errors),
 * and one per file-level problem (a YAML error, a failed render, a broken policy).
 */
function toJunit(report: ValidateReport): string {
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  const claimed = new Set<ValidateProblem>();
  for (const target of report.targets) {
    const cases: string[] = [];
    let failures = 0;
    for (const o of target.objects) {
      const mine = report.problems.filter((p) => p.severity === 'error' && p.object === o.object && p.file === o.file);
      for (const p of mine) claimed.add(p);
      const name = `${o.object}`;
      const classname = o.file ?? target.name;
      if (mine.length === 0) cases.push(`    <testcase name="${xml(name)}" classname="${xml(classname)}"/>`);
      else {
        failures++;
        const body = mine.map(formatProblem).join('\n');
        cases.push(
          `    <testcase name="${xml(name)}" classname="${xml(classname)}">\n      <failure message="${xml(mine[0].message)}" type="${mine[0].rule}">${xml(body)}</failure>\n    </testcase>`,
        );
      }
    }
    totalTests += cases.length;
    totalFailures += failures;
    suites.push(
      `  <testsuite name="${xml(target.name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  const rest = report.problems.filter((p) => p.severity === 'error' && !claimed.has(p));
  if (rest.length) {
    const cases = rest.map(
      (p) =>
        `    <testcase name="${xml(p.object ?? p.file ?? p.rule)}" classname="${xml(p.file ?? p.rule)}">\n      <failure message="${xml(p.message)}" type="${p.rule}">${xml(formatProblem(p))}</failure>\n    </testcase>`,
    );
    totalTests += cases.length;
    totalFailures += cases.length;
    suites.push(
      `  <testsuite name="files and policies" tests="${cases.length}" failures="${cases.length}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="tideway validate" tests="${totalTests}" failures="${totalFailures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** SARIF 2.1.0, one run, one result per problem, located by file and line (relative to the repository root). */
function toSarif(report: ValidateReport, tool: { version: string }) {
  const rules = Object.keys(RULE_DESCRIPTIONS) as ValidateRule[];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tideway',
            version: tool.version,
            rules: rules.map((id) => ({ id, shortDescription: { text: RULE_DESCRIPTIONS[id] } })),
          },
        },
        results: report.problems.map((p) => ({
          ruleId: p.rule,
          ruleIndex: rules.indexOf(p.rule),
          level: p.severity,
          message: { text: p.object ? `${p.object}: ${p.message}` : p.message },
          ...(p.file
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: p.file, uriBaseId: '%SRCROOT%' },
                      ...(p.line === undefined ? {} : { region: { startLine: p.line } }),
                    },
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
}
