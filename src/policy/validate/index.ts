export { collectObjects } from './collect-objects.js';
export { failed, formatReport, REPORT_FORMATS, type ReportFormat } from './format-report.js';
export { runValidate, type ValidateOptions, type ValidateReport, type ValidateTarget } from './run-validate.js';
export { formatProblem, type ValidateProblem, type ValidateRule } from './validate-problem.js';
