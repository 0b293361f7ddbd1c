import { readdir } from 'node:fs/promises';
import { RenderError } from '../../core/errors.js';
import type { DirectoryOptions } from '../../core/application/directory-options.js';
import type { RenderedObject } from '../../core/model/manifest.js';
import { refOf, refString } from '../../core/model/object-ref.js';
import { findDuplicates } from '../../core/model/find-duplicates.js';
import { createFileFilter } from '../../render/directory/file-filter.js';
import { listManifestFiles } from '../../render/directory/list-manifest-files.js';
import { readListedFile } from '../../fs/confined-fs.js';
import { parseManifests } from '../../render/parse-manifests.js';
import { resolveRenderDir } from '../../render/resolve-render-dir.js';
import { createRenderer } from '../../render/select-renderer.js';
import { KUSTOMIZATION_FILE_NAMES } from '../../render/kustomize/kustomization-file-names.js';
import type { ValidateProblem } from './validate-problem.js';

export interface CollectInput {
  root: string;
  path: string;
  directory?: DirectoryOptions;
  allowRemoteBases?: boolean;
}

/**
 * The objects a directory renders to, with every problem found on the way rather than only the first:
 * the app renderer (so each renderer it selects, Kustomize and any later one, comes along), and when
 * it fails on a plain directory, each manifest file parsed on its own, so that every bad file and every
 * duplicated object is listed and the good files are still checked.
 */
export async function collectObjects(input: CollectInput): Promise<{ objects: RenderedObject[]; problems: ValidateProblem[] }> {
  try {
    return { objects: await createRenderer().render(input), problems: [] };
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    if (error.code === 'UnsafePath' || error.code === 'InputTooLarge' || !(await isPlainDirectory(input))) {
      const rule = error.code === 'DuplicateObject' ? 'duplicate' : 'render';
      return {
        objects: [],
        problems: [{ rule, severity: 'error', file: error.file, line: error.line, message: stripWhere(error.message, error) }],
      };
    }
    return collectFileByFile(input);
  }
}

async function isPlainDirectory(input: CollectInput): Promise<boolean> {
  try {
    const dir = await resolveRenderDir(input.root, input.path);
    const names = await readdir(dir.real);
    return !KUSTOMIZATION_FILE_NAMES.some((n) => names.includes(n));
  } catch {
    return false;
  }
}

async function collectFileByFile(input: CollectInput): Promise<{ objects: RenderedObject[]; problems: ValidateProblem[] }> {
  const dir = await resolveRenderDir(input.root, input.path);
  const files = await listManifestFiles(input.root, dir, {
    recurse: input.directory?.recurse ?? false,
    filter: createFileFilter(input.directory ?? {}),
  });
  const objects: RenderedObject[] = [];
  const problems: ValidateProblem[] = [];
  for (const file of files.files) {
    try {
      objects.push(...parseManifests(readListedFile(file.real, file.path), file.path));
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      problems.push({
        rule: 'yaml',
        severity: 'error',
        file: error.file ?? file.path,
        line: error.line,
        message: stripWhere(error.message, error),
      });
    }
  }
  for (const group of findDuplicates(objects)) {
    const first = group[0].origin;
    const firstAt = first ? `${first.file}${first.line === undefined ? '' : `:${first.line}`}` : 'another file';
    for (const dup of group.slice(1)) {
      problems.push({
        rule: 'duplicate',
        severity: 'error',
        file: dup.origin?.file,
        line: dup.origin?.line,
        object: refString(refOf(dup.object)),
        message: `defined again (first at ${firstAt})`,
      });
    }
  }
  return { objects, problems };
}

/** A parse error's message without its leading `file:line: `, which the report prints itself. */
function stripWhere(message: string, error: RenderError): string {
  for (const prefix of [`${error.file}${error.line === undefined ? '' : `:${error.line}`}: `, `${error.file}: `])
    if (error.file && message.startsWith(prefix)) return message.slice(prefix.length);
  return message;
}
