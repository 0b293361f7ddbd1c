import { stat } from 'node:fs/promises';
import { ValidationErrorList } from '../core/application/validation-problems.js';
import { ValidationError } from '../core/errors.js';
import type { ResolvedProject } from '../core/project/project.js';
import { resolveProject } from '../core/project/resolve-project.js';
import { ApplicationFileError } from './application-file-error.js';
import { listYamlFiles, readDocuments } from './load-applications.js';
import { isProjectDocument } from './project-document.js';

/**
 * Reads the Projects (`kind: Project`, `tideway.dev/v1alpha1`) of apps files and directories (the
 * same paths the agent reads Applications from; directories recursively). Other documents are left to
 * the Applications loader. Problems of every document are reported together, each naming
 * `file[:line]: field`; a name defined twice is an error.
 */
export async function loadProjects(paths: readonly string[]): Promise<ResolvedProject[]> {
  const errors: ValidationError[] = [];
  const found: { project: ResolvedProject; at: string }[] = [];
  for (const p of paths) {
    const files = (await stat(p).catch(() => undefined))?.isDirectory() ? await listYamlFiles(p, true) : [p];
    for (const file of files) {
      const docs = await readDocuments(file);
      for (const doc of docs) {
        if (!isProjectDocument(doc)) continue;
        const where = { file, line: docs.length > 1 ? doc.origin?.line : undefined };
        const at = `${file}${where.line === undefined ? '' : `:${where.line}`}`;
        try {
          const project = resolveProject(doc.object);
          const earlier = found.find((f) => f.project.name === project.name);
          if (earlier)
            errors.push(
              new ApplicationFileError(
                where,
                new ValidationError('metadata.name', `project ${JSON.stringify(project.name)} is already defined at ${earlier.at}`),
              ),
            );
          else found.push({ project, at });
        } catch (error) {
          if (error instanceof ValidationErrorList) errors.push(...error.errors.map((e) => new ApplicationFileError(where, e)));
          else if (error instanceof ValidationError) errors.push(new ApplicationFileError(where, error));
          else throw error;
        }
      }
    }
  }
  if (errors.length) throw new ValidationErrorList(errors);
  return found.map((f) => f.project);
}
